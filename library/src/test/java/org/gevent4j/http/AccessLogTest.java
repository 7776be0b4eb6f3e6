package org.gevent4j.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The access log: NCSA combined plus microseconds, escaped, written off the hub, dropping rather than blocking. */
@Timeout(60)
class AccessLogTest {
    @Test
    void eachRequestIsOneCombinedLineWithItsDurationAndHostileBytesEscaped() throws Exception {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        try (Running r = new RunningWithLog(lines).running; RawClient c = new RawClient(r.port())) {
            c.send("GET /a?b=1 HTTP/1.1\r\nHost: x\r\nReferer: http://ref/\r\nUser-Agent: agent \"q\" caf\u00e9\r\n\r\n").read();
            String line = lines.poll(10, TimeUnit.SECONDS);
            assertThat(line).matches("127\\.0\\.0\\.1 - - \\[\\d\\d/\\w{3}/\\d{4}:\\d\\d:\\d\\d:\\d\\d [+-]\\d{4}] "
                    + "\"GET /a\\?b=1 HTTP/1\\.1\" 200 13 \"http://ref/\" \"agent \\\\x22q\\\\x22 caf\\\\xe9\" \\d+");
            c.send("GET / HTTP/1.1\r\nX: \u0001\r\n\r\n").read();
            assertThat(lines.poll(10, TimeUnit.SECONDS)).as("a refused request (a control byte) is logged too").contains(" 400 ");
        }
    }

    @Test
    void aStuckSinkDropsAndCountsLinesInsteadOfBlockingTheServer() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AccessLog log = new AccessLog(line -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, 4);
        for (int i = 0; i < 20; i++) log.log(null, null, "GET / HTTP/1.1", 200, 13, null, null, 5);
        // One line is in the stuck sink, four wait in the queue, the other fifteen were dropped.
        assertThat(log.dropped()).isBetween(15L, 16L);
        release.countDown();
    }

    /** A server whose access log goes to {@code lines}. */
    private static final class RunningWithLog {
        final Running running;

        RunningWithLog(BlockingQueue<String> lines) throws Exception {
            running = Running.serveWithLog(HttpServer.builder().context("/", HttpServerTest.HELLO), lines::add);
        }
    }
}
