package org.gevent4j.http;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.gevent4j.Gevent;

/**
 * A server serving on a hub of its own (a platform thread running serveForever as its main
 * greenlet), so that a test's clients, on the test's thread, block only themselves.
 */
public final class Running implements AutoCloseable {
    static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);

    public final HttpServer server;
    final Thread hub;
    final AtomicReference<Throwable> failure = new AtomicReference<>();

    private Running(HttpServer server) throws InterruptedException {
        this.server = server;
        CountDownLatch started = new CountDownLatch(1);
        hub = Thread.ofPlatform().name("http-test-hub").start(() -> {
            try {
                Gevent.run(() -> {
                    server.start();
                    started.countDown();
                    server.serveForever();
                });
            } catch (Throwable t) {
                failure.set(t);
            } finally {
                started.countDown();
            }
        });
        started.await();
    }

    public static Running serve(HttpServer.Builder builder) throws Exception {
        return new Running(builder.address(LOOPBACK).accessLog(null).build());
    }

    static Running serveWithLog(HttpServer.Builder builder, java.util.function.Consumer<String> log) throws Exception {
        return new Running(builder.address(LOOPBACK).accessLog(log).build());
    }

    public int port() {
        return server.address().getPort();
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    @Override
    public void close() { // throws no InterruptedException: try-with-resources would bury it (-Xlint:try)
        server.stop(Duration.ofSeconds(1));
        try {
            hub.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the server's hub", e);
        }
        if (hub.isAlive()) throw new AssertionError("the server's hub did not end");
        if (failure.get() != null) throw new AssertionError("the server failed", failure.get());
    }
}
