package org.gevent4j.http;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The handlers the differential test runs on both providers, written against the JDK API only.
 * {@link #main} serves them on whatever provider {@code HttpServer.create} picks (the forked JVM
 * has no gevent4j on its path, so the JDK's) and prints the port.
 */
public final class DiffHandlers {
    private DiffHandlers() {}

    static void install(HttpServer server) {
        server.createContext("/fixed", x -> {
            byte[] b = ("fixed " + x.getRequestMethod() + " " + x.getRequestURI()).getBytes(UTF_8);
            x.getResponseHeaders().set("Content-Type", "text/plain");
            x.getResponseHeaders().add("X-Multi", "a");
            x.getResponseHeaders().add("X-Multi", "b");
            x.sendResponseHeaders(200, b.length);
            try (OutputStream o = x.getResponseBody()) {
                o.write(b);
            }
        });
        server.createContext("/chunked", x -> {
            x.sendResponseHeaders(200, 0);
            try (OutputStream o = x.getResponseBody()) {
                o.write("one ".getBytes(UTF_8));
                o.flush();
                o.write("two".getBytes(UTF_8));
            }
        });
        server.createContext("/echo", x -> {
            byte[] body = x.getRequestBody().readAllBytes();
            x.getResponseHeaders().set("X-Got", x.getRequestHeaders().getFirst("X-Send") == null ? "-" : x.getRequestHeaders().getFirst("X-Send"));
            x.sendResponseHeaders(201, body.length == 0 ? -1 : body.length);
            try (OutputStream o = x.getResponseBody()) {
                o.write(body);
            }
        });
        server.createContext("/empty", x -> {
            x.sendResponseHeaders(204, -1);
            x.close();
        });
        server.createContext("/nobody", x -> {
            x.sendResponseHeaders(403, -1);
            x.close();
        });
        server.createContext("/path", x -> {
            byte[] b = (x.getHttpContext().getPath() + " " + x.getRequestURI().getPath() + " " + x.getRequestURI().getQuery()).getBytes(UTF_8);
            x.sendResponseHeaders(200, b.length);
            try (OutputStream o = x.getResponseBody()) {
                o.write(b);
            }
        });
    }

    public static void main(String[] args) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        install(server);
        server.start();
        System.out.println(server.getClass().getName() + " " + server.getAddress().getPort());
        System.out.flush();
        // Ends when the test closes our stdin.
        while (System.in.read() >= 0) { }
        server.stop(0);
    }
}
