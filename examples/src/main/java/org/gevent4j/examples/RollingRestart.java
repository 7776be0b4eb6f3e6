package org.gevent4j.examples;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.gevent4j.Gevent;
import org.gevent4j.SignalHandler;
import org.gevent4j.http.HttpServer;

/**
 * A server that can be replaced without losing a request: the rolling-restart step of
 * docs/scaling.md. It serves {@link HttpHello}'s hello page on 127.0.0.1:PORT with
 * {@code SO_REUSEPORT}, so that a second copy started on the same port shares it; on
 * {@code SIGTERM} it stops accepting (its listener closes, new connections go to the copy), tells
 * each keep-alive client to reconnect by answering its next request with
 * {@code Connection: close}, and exits once its last connection has closed (at most
 * {@value #DRAIN_SECONDS} s later).
 *
 * <pre>
 * $ ./gevent4j run RollingRestart 8080 &amp;     # the old process
 * serving on http://127.0.0.1:8080/ (pid 4242)
 * $ ./gevent4j run RollingRestart 8080 &amp;     # the new one, same port: wait for its "serving" line
 * serving on http://127.0.0.1:8080/ (pid 4300)
 * $ kill -TERM 4242                          # the old one drains and exits
 * draining (pid 4242)
 * drained (pid 4242)
 * </pre>
 *
 * <p>Each response carries {@code X-Served-By: <pid>}, so a client (or a test) sees which process
 * answered. The access log is off.
 */
public final class RollingRestart {
    private RollingRestart() {}

    /** How long the drain lets in-flight requests finish before closing what is left. */
    static final int DRAIN_SECONDS = 10;
    /** How long an idle keep-alive connection is left open for one more request during the drain. */
    static final Duration IDLE_DRAIN = Duration.ofSeconds(2);

    public static void main(String[] args) throws Exception {
        int port = (int) Args.integer(args, 0, 8080);
        long pid = ProcessHandle.current().pid();
        String by = Long.toString(pid);
        try (HttpServer server = HttpServer.builder()
                .address(new InetSocketAddress("127.0.0.1", port))
                .reusePort(true)
                .idleDrain(IDLE_DRAIN)
                .context("/", x -> hello(x, by))
                .accessLog(null)
                .build()) {
            SignalHandler term = Gevent.signal("TERM", () -> {
                System.out.println("draining (pid " + pid + ")");
                server.stop(Duration.ofSeconds(DRAIN_SECONDS));
            });
            try {
                server.start();
                System.out.println("serving on http://127.0.0.1:" + server.address().getPort() + "/ (pid " + pid + ")");
                server.serveForever();
            } finally {
                term.cancel();
            }
        }
        System.out.println("drained (pid " + pid + ")");
    }

    /** {@link HttpHello#hello}, with the process id in {@code X-Served-By}. */
    static void hello(HttpExchange x, String by) throws IOException {
        x.getResponseHeaders().set("X-Served-By", by);
        if (!x.getRequestURI().getPath().equals("/")) {
            x.sendResponseHeaders(404, -1);
            x.close();
            return;
        }
        byte[] body = "Hello, World!".getBytes(UTF_8);
        x.getResponseHeaders().set("Content-Type", "text/plain");
        x.sendResponseHeaders(200, body.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(body);
        }
    }
}
