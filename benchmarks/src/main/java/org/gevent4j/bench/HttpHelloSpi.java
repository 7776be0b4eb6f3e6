package org.gevent4j.bench;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.spi.HttpServerProvider;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.gevent4j.examples.HttpHello;

/**
 * The benchmark's hello server written only against the JDK's {@code com.sun.net.httpserver} API,
 * so that the same handler runs on any provider: {@code GET /} → 200 {@code text/plain}
 * "Hello, World!" (13 bytes), {@code POST /echo} echoes the body ({@code org.gevent4j.examples.HttpHello}'s own
 * handlers). The provider is whatever
 * {@link HttpServerProvider#provider()} picks, chosen with
 * {@code -Dcom.sun.net.httpserver.HttpServerProvider=...}:
 * <ul>
 * <li>{@code sun.net.httpserver.DefaultHttpServerProvider}: the JDK's own server;</li>
 * <li>{@code robaho.net.httpserver.DefaultHttpServerProvider}: {@code io.github.robaho:httpserver};</li>
 * <li>{@code org.gevent4j.http.spi.GeventHttpServerProvider}: gevent4j's server through the SPI.</li>
 * </ul>
 * The property is required (the class path holds several providers' service files).
 *
 * <pre>GEVENT4J_JAVA_OPTS=-Dcom.sun.net.httpserver.HttpServerProvider=sun.net.httpserver.DefaultHttpServerProvider \
 *     ./gevent4j run HttpHelloSpi PORT [--vt]</pre>
 *
 * {@code --vt} sets {@code Executors.newVirtualThreadPerTaskExecutor()} as the executor; without
 * it no executor is set and the provider's default applies (the JDK: its dispatcher thread;
 * robaho: a virtual thread per exchange; gevent4j: a greenlet per connection on the server's hub).
 * Backlog 1024, like the harness's peers.
 */
public final class HttpHelloSpi {
    private HttpHelloSpi() {}

    static final String PROPERTY = "com.sun.net.httpserver.HttpServerProvider";

    public static void main(String[] args) throws Exception {
        if (System.getProperty(PROPERTY) == null) {
            System.err.println("HttpHelloSpi: set -D" + PROPERTY + "=<provider class> (GEVENT4J_JAVA_OPTS with ./gevent4j run)");
            System.exit(2);
        }
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
        boolean vt = args.length > 1 && args[1].equals("--vt");
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
        server.createContext("/", HttpHello::hello);
        server.createContext("/echo", HttpHello::echo);
        if (vt) server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        System.out.println("serving on http://127.0.0.1:" + server.getAddress().getPort() + "/ with "
                + HttpServerProvider.provider().getClass().getName() + (vt ? " (virtual-thread executor)" : ""));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0)));
        new CountDownLatch(1).await();
    }
}
