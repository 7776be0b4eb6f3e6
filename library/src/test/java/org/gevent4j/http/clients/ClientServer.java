package org.gevent4j.http.clients;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;
import org.gevent4j.http.HttpServer;
import org.gevent4j.http.Running;

/**
 * The server the real-client tests talk to: gevent4j's {@link HttpServer} on 127.0.0.1 (a free
 * port), serving on a hub of its own (a platform thread whose main greenlet runs
 * {@code serveForever}), with the default limits and timeouts and these handlers:
 * <ul>
 * <li>{@code GET /} → 200 {@code text/plain} "Hello, World!" (the benchmark's hello);</li>
 * <li>{@code /echo} (any method) → 200 with the request body, and headers telling what the handler
 *     saw: {@code X-Method}, {@code X-Request-TE} (Transfer-Encoding), {@code X-Request-CL}
 *     (Content-Length), {@code X-Expect}, {@code X-Upgrade}, {@code X-Protocol};</li>
 * <li>{@code GET /chunked} → 200, a chunked body written in three flushed pieces
 *     ("Hello, ", 5,000 × 'x', "World!");</li>
 * <li>{@code GET /nocontent} → 204; anything else under {@code /} → 404.</li>
 * </ul>
 */
final class ClientServer implements AutoCloseable {
    static final byte[] HELLO = "Hello, World!".getBytes(UTF_8);
    static final String BIG = "x".repeat(5_000);
    static final String CHUNKED_BODY = "Hello, " + BIG + "World!";

    final HttpServer server;
    private final Running running;

    ClientServer() throws Exception {
        running = Running.serve(HttpServer.builder()
                .context("/", ClientServer::root)
                .context("/echo", ClientServer::echo));
        server = running.server;
    }

    int port() {
        return server.address().getPort();
    }

    String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    static void root(HttpExchange x) throws IOException {
        String path = x.getRequestURI().getPath();
        switch (path) {
            case "/" -> {
                x.getResponseHeaders().set("Content-Type", "text/plain");
                x.sendResponseHeaders(200, HELLO.length);
                try (OutputStream out = x.getResponseBody()) {
                    out.write(HELLO);
                }
            }
            case "/chunked" -> {
                x.getResponseHeaders().set("Content-Type", "text/plain");
                x.sendResponseHeaders(200, 0);
                try (OutputStream out = x.getResponseBody()) {
                    for (String piece : new String[] {"Hello, ", BIG, "World!"}) {
                        out.write(piece.getBytes(UTF_8));
                        out.flush();
                    }
                }
            }
            case "/nocontent" -> {
                x.sendResponseHeaders(204, -1);
                x.close();
            }
            default -> {
                x.sendResponseHeaders(404, -1);
                x.close();
            }
        }
    }

    static void echo(HttpExchange x) throws IOException {
        byte[] body = x.getRequestBody().readAllBytes();
        var h = x.getResponseHeaders();
        h.set("Content-Type", "application/octet-stream");
        h.set("X-Method", x.getRequestMethod());
        h.set("X-Protocol", x.getProtocol());
        h.set("X-Request-TE", String.valueOf(x.getRequestHeaders().getFirst("Transfer-Encoding")).toLowerCase(Locale.ROOT));
        h.set("X-Request-CL", String.valueOf(x.getRequestHeaders().getFirst("Content-Length")));
        h.set("X-Expect", String.valueOf(x.getRequestHeaders().getFirst("Expect")));
        h.set("X-Upgrade", String.valueOf(x.getRequestHeaders().getFirst("Upgrade")));
        x.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        running.close();
    }
}
