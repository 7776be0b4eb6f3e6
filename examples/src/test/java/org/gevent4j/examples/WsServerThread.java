package org.gevent4j.examples;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.gevent4j.Gevent;
import org.gevent4j.http.HttpServer;

/** An example's server on a hub of its own (a platform thread), as {@code ./gevent4j run} runs it. */
final class WsServerThread implements AutoCloseable {
    final HttpServer server;
    private final Thread hub;
    private final AtomicReference<Throwable> error = new AtomicReference<>();

    WsServerThread(HttpServer server) throws InterruptedException {
        this.server = server;
        CountDownLatch started = new CountDownLatch(1);
        hub = Thread.ofPlatform().name("ws-example-hub").start(() -> {
            try {
                Gevent.run(() -> {
                    server.start();
                    started.countDown();
                    server.serveForever();
                });
            } catch (Throwable t) {
                error.set(t);
            } finally {
                started.countDown();
            }
        });
        started.await();
    }

    int port() {
        return server.address().getPort();
    }

    /** Runs {@code body} as the main greenlet of a fresh platform thread's hub (the clients' side). */
    static void clients(org.gevent4j.ThrowingRunnable body) throws Throwable {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = Thread.ofPlatform().name("ws-clients").start(() -> {
            try {
                Gevent.run(body);
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        t.join();
        if (failure.get() != null) throw failure.get();
    }

    @Override
    public void close() {
        server.stop(Duration.ofSeconds(2));
        try {
            hub.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // kept for the caller; close() declares none (-Xlint:try)
            throw new AssertionError("interrupted while waiting for the server's hub", e);
        }
        if (hub.isAlive()) throw new AssertionError("the server's hub did not end");
        if (error.get() != null) throw new AssertionError("the server failed", error.get());
    }
}
