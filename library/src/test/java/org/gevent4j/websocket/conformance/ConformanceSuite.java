package org.gevent4j.websocket.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * The Autobahn-mirrored suite as one JUnit test per case against the server a subclass starts. The
 * report (every case's verdict and why) goes to {@code target/ws-conformance-NAME.txt}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ConformanceSuite {
    private final List<Session.Result> results = Collections.synchronizedList(new ArrayList<>());

    /** The server's ws:// URL; started by the subclass before the cases run. */
    abstract URI target() throws Exception;

    abstract String name();

    /** True: NON-STRICT fails the case too (our own server must be 100 % OK). */
    abstract boolean strict();

    @TestFactory
    Stream<DynamicTest> autobahnCases() throws Exception {
        URI target = target();
        String only = System.getProperty("ws.conformance.cases", "");
        return Cases.all().stream()
                .filter(c -> only.isEmpty() || Stream.of(only.split(",")).anyMatch(p -> (c.id() + ".").startsWith(p.trim() + ".")))
                .map(c -> DynamicTest.dynamicTest(c.toString(), () -> {
                    Session.Result r = Conformance.run(target, c);
                    results.add(r);
                    assertThat(r.passed()).as("%s against %s: %s", c, name(), r).isTrue();
                    if (strict()) assertThat(r.strictlyOk()).as("%s against %s is not OK: %s", c, name(), r).isTrue();
                }));
    }

    @AfterAll
    void writeReport() throws Exception {
        if (!results.isEmpty()) {
            System.out.println(Conformance.summary(results) + " -> " + Conformance.report(name(), target(), results).toAbsolutePath());
        }
    }
}
