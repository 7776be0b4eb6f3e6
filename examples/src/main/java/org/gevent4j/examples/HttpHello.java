package org.gevent4j.examples;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import org.gevent4j.HubGroup;
import org.gevent4j.http.HttpServer;

/**
 * The benchmark's hello server: {@code ./gevent4j run HttpHello PORT [HUBS] [--log]} serves on 127.0.0.1:PORT
 * {@code GET /} → 200 {@code text/plain} "Hello, World!" (13 bytes), and echoes a POST body at
 * {@code /echo}, with the server's default limits and timeouts. One hub, one greenlet per
 * connection. The access log is off (pass {@code --log} to turn it on): a benchmark measures
 * the server, not the terminal. With {@code HUBS}, the server runs on a {@link HubGroup} of that
 * many hubs, a listener per hub on the same port ({@code SO_REUSEPORT}): each connection is
 * served on the hub whose listener the kernel gave it to.
 */
public final class HttpHello {
    private HttpHello() {}

    static final byte[] HELLO = "Hello, World!".getBytes(UTF_8);

    public static void main(String[] args) throws Exception {
        if (args.length >= 1 && args[0].equals("--demo")) {
            demo();
            return;
        }
        int port = (int) Args.integer(args, 0, 8080);
        boolean log = java.util.Arrays.asList(args).subList(Math.min(1, args.length), args.length).contains("--log");
        int hubs = args.length > 1 && !args[1].equals("--log") ? EchoServer.hubsArgument(args, 1) : 0;
        HubGroup group = hubs > 0 ? HubGroup.start("http", hubs) : null;
        try (HttpServer server = server(new InetSocketAddress("127.0.0.1", port), log, group)) {
            System.out.println("serving on http://" + server.address().getHostString() + ":" + server.address().getPort() + "/");
            server.serveForever();
        } finally {
            if (group != null) group.close();
        }
    }

    /** The server on a free port, asked once for each page by the JDK's HttpClient in a greenlet, then stopped. */
    static void demo() throws Exception {
        try (HttpServer server = server(new InetSocketAddress("127.0.0.1", 0), false);
             java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build()) {
            server.start();
            String base = "http://127.0.0.1:" + server.address().getPort();
            var hello = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            System.out.println("GET / -> " + hello.statusCode() + " " + hello.headers().firstValue("Content-Type").orElse("") + " " + hello.body());
            var echo = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/echo"))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("echo me")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            System.out.println("POST /echo -> " + echo.statusCode() + " " + echo.body());
        }
    }

    /** The server, bound and not yet started. */
    static HttpServer server(InetSocketAddress address, boolean log) throws IOException {
        return server(address, log, null);
    }

    /** The server on the hubs of {@code group} (null: on the hub that starts it), bound and not yet started. */
    static HttpServer server(InetSocketAddress address, boolean log, HubGroup group) throws IOException {
        return HttpServer.builder()
                .address(address)
                .hubs(group)
                .context("/", HttpHello::hello)
                .context("/echo", HttpHello::echo)
                .accessLog(log ? System.err::println : null)
                .build();
    }

    /** {@code GET /}: 200 {@code text/plain} "Hello, World!"; any other path 404. */
    public static void hello(HttpExchange x) throws IOException {
        if (!x.getRequestURI().getPath().equals("/")) {
            x.sendResponseHeaders(404, -1);
            x.close();
            return;
        }
        x.getResponseHeaders().set("Content-Type", "text/plain");
        x.sendResponseHeaders(200, HELLO.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(HELLO);
        }
    }

    /** {@code POST /echo}: the request body back; other methods 405. */
    public static void echo(HttpExchange x) throws IOException {
        if (!x.getRequestMethod().equals("POST")) {
            x.getResponseHeaders().set("Allow", "POST");
            x.sendResponseHeaders(405, -1);
            x.close();
            return;
        }
        byte[] body = x.getRequestBody().readAllBytes();
        x.getResponseHeaders().set("Content-Type", "application/octet-stream");
        x.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(body);
        }
    }
}
