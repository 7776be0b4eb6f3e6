package org.gevent4j.integration;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The JDK's HTTP server on a random loopback port, its handlers on platform threads (so it truly
 * waits server-side, outside any hub): {@code GET /slow?ms=N} sleeps N ms, then answers
 * {@code slept N}. {@link #close()} stops it and its threads.
 */
final class SlowHttpServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "slow-http");
        t.setDaemon(true);
        return t;
    });
    final AtomicInteger started = new AtomicInteger();
    /** Requests whose handler is still waiting or answering. */
    final AtomicInteger inFlight = new AtomicInteger();

    SlowHttpServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
        server.setExecutor(threads);
        server.createContext("/slow", exchange -> {
            started.incrementAndGet();
            inFlight.incrementAndGet();
            try {
                answer(exchange);
            } finally {
                inFlight.decrementAndGet();
            }
        });
        server.start();
    }

    private static void answer(HttpExchange exchange) {
        String q = exchange.getRequestURI().getQuery();
        long ms = Long.parseLong(q.substring(q.indexOf("ms=") + 3));
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            exchange.close();
            return;
        }
        byte[] body = ("slept " + ms).getBytes(UTF_8);
        try (exchange; OutputStream out = exchange.getResponseBody()) {
            exchange.sendResponseHeaders(200, body.length);
            out.write(body);
        } catch (IOException e) {
            // the client went away (a timed-out or killed call)
        }
    }

    /** The URI of a request the server holds for {@code ms} milliseconds. */
    URI slow(long ms) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/slow?ms=" + ms);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
