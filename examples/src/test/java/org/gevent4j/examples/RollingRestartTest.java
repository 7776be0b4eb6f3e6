package org.gevent4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.gevent4j.server.StreamServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The rolling restart of docs/scaling.md with real processes on loopback: a {@link RollingRestart}
 * serves under continuous load (this JVM's keep-alive and one-request-per-connection clients, and
 * wrk where it is installed), a second one binds the same port, the first gets SIGTERM, drains and
 * exits, and the second serves on. Not one keep-alive request or connection fails; a
 * one-request-per-connection client can lose a connection that sat in the old listener's accept
 * queue as it closed, unless the kernel migrates it ({@code net.ipv4.tcp_migrate_req=1}), which
 * is why that count must be zero only then.
 */
@Timeout(180)
class RollingRestartTest {
    @Test
    void aSecondProcessTakesThePortAndTheFirstDrainsWithoutLosingARequest() throws Exception {
        Assumptions.assumeTrue(StreamServer.reusePortSupported(), "no SO_REUSEPORT here");
        int port = Restarts.freePort();
        try (Restarts.Server old = Restarts.start(port)) {
            Process wrk = Restarts.wrk(port, 20, 10);
            Restarts.Load load = new Restarts.Load(port, 16, 4);
            Restarts.Server fresh = null;
            try {
                Thread.sleep(2000);
                fresh = Restarts.start(port);
                Thread.sleep(1000);
                old.term();
                assertThat(old.awaitExit(Duration.ofSeconds(30))).as("the old process drains and exits 0").isZero();
                assertThat(old.rest()).containsExactly("draining (pid " + old.pid() + ")", "drained (pid " + old.pid() + ")");
                long servedByNewBefore = load.servedBy.get(Long.toString(fresh.pid())).sum();
                Thread.sleep(2000);
                load.close();
                String wrkOut = wrk == null ? null : Restarts.wrkOutput(wrk);
                System.out.println("RollingRestartTest: load " + load + "; tcp_migrate_req=" + (Restarts.migrateReq() ? 1 : 0));
                if (wrkOut != null) System.out.println("RollingRestartTest: wrk across the restart:\n" + wrkOut);

                assertThat(load.servedBy).containsKeys(Long.toString(old.pid()), Long.toString(fresh.pid()));
                assertThat(load.servedBy.get(Long.toString(fresh.pid())).sum()).as("the new process serves on").isGreaterThan(servedByNewBefore);
                assertThat(load.failures.keySet().stream().filter(k -> k.startsWith("keep-alive")))
                        .as("keep-alive requests and connections lost").isEmpty();
                if (Restarts.migrateReq()) {
                    assertThat(load.failures).as("with tcp_migrate_req=1 nothing at all is lost").isEmpty();
                }
                if (wrkOut != null) {
                    assertThat(wrkOut).contains("Requests/sec").doesNotContain("Socket errors").doesNotContain("Non-2xx");
                }
                assertThat(fresh.process().isAlive()).isTrue();
            } finally {
                load.close();
                if (wrk != null) wrk.destroy();
                if (fresh != null) fresh.close();
            }
        }
    }

    @Test
    void theDemoShowsTheDrainInOneProgram() {
        Assumptions.assumeTrue(StreamServer.reusePortSupported(), "no SO_REUSEPORT here");
        ExampleRun.Output out = ExampleRun.realTime(RollingRestart::main, "--demo");
        assertThat(out.lines()).containsExactly(
                "old and new listen on the same port",
                "keep-alive client: old",
                "old stopping; keep-alive client: old (Connection: close)",
                "old stopped; 20 new connections, answered by new: 20");
    }
}
