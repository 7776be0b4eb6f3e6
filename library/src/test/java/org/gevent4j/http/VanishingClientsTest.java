package org.gevent4j.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** BENCHMARKS.md L7 in small: clients that vanish mid-request leave no descriptor and no CLOSE_WAIT behind. */
@Timeout(60)
class VanishingClientsTest {
    static int openFds() {
        String[] fds = new File("/proc/self/fd").list();
        return fds == null ? -1 : fds.length;
    }

    /** Sockets in CLOSE_WAIT whose local port is {@code port} (the server's side of a connection the client closed), from /proc/net/tcp{,6}. */
    static long closeWait(int port) throws java.io.IOException {
        String local = String.format(":%04X", port);
        long n = 0;
        for (String table : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
            java.nio.file.Path p = java.nio.file.Path.of(table);
            if (!java.nio.file.Files.exists(p)) continue;
            for (String line : java.nio.file.Files.readAllLines(p)) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 3 && f[1].endsWith(local) && f[3].equals("08")) n++;
            }
        }
        return n;
    }

    @Test
    void descriptorsReturnToTheBaselineAfterClientsVanishMidHeadMidBodyAndIdle() throws Exception {
        try (Running r = Running.serve(HttpServer.builder().context("/", x -> {
            x.getRequestBody().readAllBytes();
            HttpServerTest.respond(x, 200, "ok");
        }))) {
            try (RawClient warm = new RawClient(r.port())) {
                warm.send("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n").read();
            }
            Thread.sleep(200);
            int baseline = openFds();
            String[] partial = {
                "GET / HTTP/1.1\r\nHost: a\r\n",                                   // mid-head
                "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\nabc",   // mid-body
                "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab", // mid-chunk
                "GET / HTTP/1.1\r\nHost: a\r\n\r\n",                                // idle after a response
            };
            for (int i = 0; i < 200; i++) {
                RawClient c = new RawClient(r.port());
                c.send(partial[i % partial.length]);
                if (i % 2 == 0) c.socket.setSoLinger(true, 0); // half of them vanish with a reset
                c.close();
            }
            long deadline = System.nanoTime() + 20_000_000_000L;
            while ((openFds() > baseline || closeWait(r.port()) > 0) && System.nanoTime() < deadline) Thread.sleep(50);
            assertThat(openFds()).isLessThanOrEqualTo(baseline);
            assertThat(closeWait(r.port())).as("connections the server left in CLOSE_WAIT").isZero();
        }
    }
}
