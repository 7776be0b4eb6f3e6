package org.gevent4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The web app answers each of its pages as its javadoc says, on gevent4j's own API and,
 * unchanged, through the JDK's {@code HttpServer.create} (gevent4j's provider found by the
 * service file). The long poll is answered 204 when nothing happens and 200 with the news when
 * another greenlet posts it; the stream arrives whole.
 */
@Timeout(60)
class WebAppTest {
    static final List<String> PAGES = List.of(
            "GET / -> 200 text/plain Hello from a greenlet",
            "GET /json -> 200 application/json {\"library\":\"gevent4j\",\"inGreenlet\":true,\"items\":[1,2,3]}",
            "GET /stream -> 200 text/plain line 1 | line 2 | line 3 | line 4 | line 5",
            "GET /poll?timeout=0.1 -> 204 - (no body)",
            "GET /poll?timeout=5 -> 200 text/plain news!",
            "GET /file -> 200 application/octet-stream first line | second line | third line");

    @Test
    void everyPageOnGevent4jsOwnApi() {
        ExampleRun.Output run = ExampleRun.realTime(WebApp::main, "--demo");

        assertThat(run.lines()).containsExactlyElementsOf(PAGES);
        assertThat(run.wall()).as("the 5 × 50 ms stream and two 0.1 s waits, not the 5 s poll")
                .isBetween(Duration.ofMillis(400), Duration.ofSeconds(4));
    }

    @Test
    void theSameHandlersThroughTheJdksHttpServerCreate() {
        ExampleRun.Output run = ExampleRun.realTime(WebAppSpi::main, "--demo");

        assertThat(run.lines().get(0)).as("HttpServer.create returned gevent4j's server").isEqualTo("provider: true");
        assertThat(run.lines().subList(1, run.lines().size())).containsExactlyElementsOf(PAGES);
    }
}
