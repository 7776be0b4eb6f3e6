package org.gevent4j.http;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * An {@link HttpServer} as the JDK's {@code com.sun.net.httpserver.HttpServer} (R-S1).
 * {@link #start()} runs the server's hub on a platform thread of its own (not a daemon, like the
 * JDK's dispatcher thread), since the caller of a JDK server expects it to serve in the background.
 */
final class JdkServer extends com.sun.net.httpserver.HttpServer {
    final Face face;

    JdkServer(HttpServer server) {
        this.face = new Face(server);
    }

    @Override public void bind(InetSocketAddress addr, int backlog) throws IOException { face.bind(addr, backlog); }
    @Override public void start() { face.start(); }
    @Override public void setExecutor(Executor executor) { face.setExecutor(executor); }
    @Override public Executor getExecutor() { return face.server.executor; }
    @Override public void stop(int delay) { face.stop(delay); }
    @Override public HttpContext createContext(String path, HttpHandler handler) { return face.server.createContext(path, handler); }
    @Override public HttpContext createContext(String path) { return face.server.createContext(path, null); }
    @Override public void removeContext(String path) { face.server.removeContext(path); }
    @Override public void removeContext(HttpContext context) { face.server.removeContext(context); }
    @Override public InetSocketAddress getAddress() { return face.server.address(); }

    /** What the HTTP and HTTPS faces share. */
    static final class Face {
        final HttpServer server;
        private Thread thread;

        Face(HttpServer server) {
            this.server = server;
        }

        void bind(InetSocketAddress addr, int backlog) throws IOException {
            server.bind(java.util.Objects.requireNonNull(addr, "addr"), backlog);
        }

        synchronized void setExecutor(Executor executor) {
            if (thread != null) throw new IllegalStateException("server already started");
            server.executor = executor;
        }

        synchronized void start() {
            if (server.address() == null) throw new IllegalStateException("server not bound");
            if (thread != null) throw new IllegalStateException("server already started");
            java.util.concurrent.CountDownLatch listening = new java.util.concurrent.CountDownLatch(1);
            Throwable[] failure = new Throwable[1];
            thread = Thread.ofPlatform().name("gevent4j-http " + server.address()).start(() -> {
                try {
                    org.gevent4j.Gevent.run(() -> {
                        server.start();
                        listening.countDown();
                        server.serveForever();
                    });
                } catch (Throwable t) {
                    failure[0] = t;
                } finally {
                    listening.countDown();
                }
            });
            try {
                listening.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (failure[0] != null) throw new IllegalStateException("server failed to start", failure[0]);
        }

        void stop(int delay) {
            if (delay < 0) throw new IllegalArgumentException("negative delay parameter");
            server.stop(Duration.ofSeconds(delay));
            Thread t;
            synchronized (this) {
                t = thread;
            }
            if (t != null && t != Thread.currentThread()) {
                try {
                    t.join(Duration.ofSeconds(delay + 5));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
