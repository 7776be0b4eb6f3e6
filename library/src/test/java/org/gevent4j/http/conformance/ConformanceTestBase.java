package org.gevent4j.http.conformance;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;

/**
 * What every group's test class does with one case. By default the cases run against gevent4j's
 * provider ({@value ConformanceServer#OURS}), and are skipped when that class is not on the class
 * path. With {@code -Dgevent4j.http.conformance.provider=jdk} they run against the JDK's default
 * provider instead: that mode validates the harness, so a case fails only when the JDK follows the
 * RFC there and the harness still disagrees; the JDK's known divergences ({@link JdkDivergences})
 * are printed in a table instead of failing. With the property set to another provider's class name
 * (gate C2: Jetty-SPI, robaho, … on the test class path) every outcome is reported and none fails.
 */
abstract class ConformanceTestBase {

    static void check(ConfCase c) throws Exception {
        boolean jdk = ConformanceServer.jdkMode();
        boolean peer = ConformanceServer.peerMode();
        if (peer) {
            Assumptions.assumeTrue(ConformanceServer.peerOrNull() != null, ConformanceServer.mode()
                    + " (-D" + ConformanceServer.MODE_PROPERTY + ") is not on the class path");
        } else if (!jdk) {
            Assumptions.assumeTrue(ConformanceServer.oursOrNull() != null, ConformanceServer.OURS
                    + " is not on the class path (gevent4j's HTTP server is not on this branch yet); run with -D"
                    + ConformanceServer.MODE_PROPERTY + "=jdk to validate the harness against the JDK's server");
        }
        Assumptions.assumeTrue(!c.slow() || ConformanceRuns.slowEnabled(),
                "waits for a server timeout (15-30 s); run with -D" + ConformanceRuns.SLOW_PROPERTY + "=true");
        ConformanceRuns.Row row = ConformanceRuns.row(c);
        if (row.failure() == null) {
            if (jdk && JdkDivergences.reason(c.id()) != null) {
                System.out.println("note: the JDK now gives the expected outcome for " + c.id()
                        + ", listed as a known divergence");
            }
            return;
        }
        String got = row.outcome() == null ? "" : row.outcome().summary() + ": ";
        String message = c.id() + " [" + c.level() + " " + c.notes() + "] expected " + c.expect().describe()
                + "; got " + got + row.failure();
        if (peer) {
            Assumptions.abort("peer divergence (reported, not failed): " + message);
        }
        if (jdk) {
            String reason = JdkDivergences.reason(c.id());
            Assumptions.assumeTrue(reason == null, "JDK divergence (" + reason + "): " + message);
            fail("harness: the JDK's server follows the RFC here, yet the case fails: " + message);
        }
        fail(message);
    }
}
