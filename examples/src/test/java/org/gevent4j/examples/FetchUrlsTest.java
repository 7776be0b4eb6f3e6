package org.gevent4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FetchUrlsTest {
    /**
     * The first HTTP fetch of a JVM loads and initializes the JDK's HTTP client classes; the other
     * greenlets would wait for that class initialization on the hub's carrier thread (a class
     * initializer is not a park point), which would serialize the first fetches of a test.
     */
    @BeforeAll
    static void warmUpTheJdkHttpClient() throws Exception {
        try (FetchUrls.LocalServer server = FetchUrls.LocalServer.start(Map.of("/warm", Duration.ZERO))) {
            ExampleRun.realTime(FetchUrls::main, "http://127.0.0.1:" + server.port() + "/warm");
        }
    }

    /** The tutorial's point: the three fetches overlap, so the fastest server's page is printed first. */
    @Test
    void threeFetchesInGreenletsOverlapAndFinishInTheOrderOfTheirServersDelays() throws Exception {
        try (FetchUrls.LocalServer server = FetchUrls.LocalServer.start(Map.of(
                "/gevent", Duration.ofMillis(600), "/baidu", Duration.ofMillis(200), "/python", Duration.ofMillis(400)))) {
            String base = "http://127.0.0.1:" + server.port();

            ExampleRun.Output run = ExampleRun.realTime(FetchUrls::main, base + "/gevent", base + "/baidu", base + "/python");

            assertThat(run.lines()).containsExactly(
                    "Starting " + base + "/gevent",
                    "Starting " + base + "/baidu",
                    "Starting " + base + "/python",
                    base + "/baidu: 93 bytes: b'<!DOCTYPE html>\\n<html><head><title>baidu</title></'",
                    base + "/python: 95 bytes: b'<!DOCTYPE html>\\n<html><head><title>python</title><'",
                    base + "/gevent: 95 bytes: b'<!DOCTYPE html>\\n<html><head><title>gevent</title><'");
            assertThat(server.maxInFlight()).as("the server was answering all three at once").isEqualTo(3);
            assertThat(run.wall()).as("about the slowest page's 0.6 s, not the sum, 1.2 s").isLessThan(Duration.ofMillis(1100));
            assertThat(run.err()).isEmpty();
        }
    }

    @Test
    void aFailedFetchIsReportedByItsGreenletAndTheOthersStillFinish() throws Exception {
        try (FetchUrls.LocalServer server = FetchUrls.LocalServer.start(Map.of("/ok", Duration.ofMillis(100)))) {
            String base = "http://127.0.0.1:" + server.port();

            ExampleRun.Output run = ExampleRun.realTime(FetchUrls::main, base + "/missing", base + "/ok");

            assertThat(run.lines()).containsExactly(
                    "Starting " + base + "/missing",
                    "Starting " + base + "/ok",
                    base + "/ok: 87 bytes: b'<!DOCTYPE html>\\n<html><head><title>ok</title></hea'");
            assertThat(run.err()).contains("FileNotFoundException").contains(base + "/missing");
        }
    }

    @Test
    void printsTheFirstFiftyBytesAsPythonsReprDoes() {
        assertThat(FetchUrls.pyRepr("it's".getBytes())).isEqualTo("b\"it's\"");
        assertThat(FetchUrls.pyRepr("say \"hi\" it's".getBytes())).isEqualTo("b'say \"hi\" it\\'s'");
        assertThat(FetchUrls.pyRepr(new byte[] {'a', '\t', '\r', '\n', '\\', 0, (byte) 0xe9, 0x7f}))
                .isEqualTo("b'a\\t\\r\\n\\\\\\x00\\xe9\\x7f'");
        assertThat(FetchUrls.pyRepr(new byte[0])).isEqualTo("b''");
    }

    @Test
    void theDemoFetchesItsThreeLocalPagesConcurrently() {
        ExampleRun.Output run = ExampleRun.realTime(FetchUrls::main, "--demo");

        List<String> lines = run.lines();
        assertThat(lines).hasSize(7);
        assertThat(lines.subList(0, 3)).allMatch(l -> l.startsWith("Starting http://127.0.0.1:"));
        assertThat(lines.get(3)).contains("/baidu: ");
        assertThat(lines.get(4)).contains("/python: ");
        assertThat(lines.get(5)).contains("/gevent: ");
        assertThat(lines.get(6)).matches("all three in 0\\.[3-9] s");
    }
}
