package org.gevent4j.examples;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;
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
 * <p>{@code ./gevent4j run RollingRestart --demo} shows the same in one program, two servers on one
 * hub sharing a free port:
 * <pre>
 * old and new listen on the same port
 * keep-alive client: old
 * old stopping; keep-alive client: old (Connection: close)
 * old stopped; 20 new connections, answered by new: 20
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
        if (args.length >= 1 && args[0].equals("--demo")) {
            demo();
            return;
        }
        int port = (int) Args.integer(args, 0, 8080);
        long pid = ProcessHandle.current().pid();
        try (HttpServer server = server(port, Long.toString(pid))) {
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

    /** The server on 127.0.0.1:{@code port} with SO_REUSEPORT and the idle drain, answering as {@code by}; bound, not started. */
    static HttpServer server(int port, String by) throws IOException {
        return HttpServer.builder()
                .address(new InetSocketAddress("127.0.0.1", port))
                .reusePort(true)
                .idleDrain(IDLE_DRAIN)
                .context("/", x -> hello(x, by))
                .accessLog(null)
                .build();
    }

    /**
     * The restart in one program: "old" and "new" share a free port, a keep-alive client asks
     * "old" (a connection the kernel gave to it), "old" stops, the client's next request on the
     * same connection is answered by "old" with {@code Connection: close}, and every request after
     * that, on new connections, by "new".
     */
    static void demo() throws Exception {
        try (HttpServer old = server(0, "old")) {
            old.start();
            int port = old.address().getPort();
            try (HttpServer fresh = server(port, "new")) {
                fresh.start();
                System.out.println("old and new listen on the same port");
                org.gevent4j.socket.Socket client = null;
                String first;
                do { // the kernel picks the listener of each connection: keep one that reached old
                    if (client != null) client.close();
                    client = org.gevent4j.socket.Sockets.createConnection("127.0.0.1", port);
                    first = ask(client);
                } while (!first.startsWith("old"));
                System.out.println("keep-alive client: " + first);
                Greenlet<Void> stopping = Gevent.spawn(() -> old.stop(Duration.ofSeconds(DRAIN_SECONDS)));
                Gevent.sleep(Duration.ofMillis(100)); // the old listener is closed; the client's connection is idle
                System.out.println("old stopping; keep-alive client: " + ask(client));
                client.close();
                stopping.join();
                int byNew = 0;
                for (int i = 0; i < 20; i++) {
                    try (org.gevent4j.socket.Socket c = org.gevent4j.socket.Sockets.createConnection("127.0.0.1", port)) {
                        if (ask(c).startsWith("new")) byNew++;
                    }
                }
                System.out.println("old stopped; 20 new connections, answered by new: " + byNew);
            }
        }
    }

    /** One GET / on {@code c}: who answered, and {@code (Connection: close)} if the response said so. */
    private static String ask(org.gevent4j.socket.Socket c) throws IOException {
        c.sendAll("GET / HTTP/1.1\r\nHost: demo\r\n\r\n".getBytes(UTF_8));
        StringBuilder head = new StringBuilder();
        byte[] one = new byte[1];
        while (!head.toString().endsWith("\r\n\r\n")) {
            if (c.recvInto(one) == 0) throw new IOException("closed before a response");
            head.append((char) one[0]);
        }
        String h = head.toString();
        int length = Integer.parseInt(field(h, "Content-Length"));
        byte[] body = new byte[length];
        for (int got = 0; got < length; ) got += c.recvInto(body, got, length - got);
        return field(h, "X-Served-By") + ("close".equals(field(h, "Connection")) ? " (Connection: close)" : "");
    }

    private static String field(String head, String name) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) return line.substring(colon + 1).strip();
        }
        return null;
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
