package org.gevent4j.examples;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;

/**
 * {@link WebApp}'s handlers written against the JDK's own {@code com.sun.net.httpserver} API,
 * unchanged: {@code HttpServer.create(...)} finds gevent4j's provider through the service file
 * (or {@code -Dcom.sun.net.httpserver.HttpServerProvider=org.gevent4j.http.spi.GeventHttpServerProvider}),
 * so each connection is a greenlet of the server's hub. {@code setExecutor} is left unset: with
 * none, the exchange runs in its connection's greenlet.
 *
 * <p>{@code ./gevent4j run WebAppSpi PORT}, or {@code --demo} as {@link WebApp}'s.
 */
public final class WebAppSpi {
    private WebAppSpi() {}

    public static void main(String[] args) throws Exception {
        boolean demo = args.length >= 1 && args[0].equals("--demo");
        int port = demo ? 0 : (int) Args.integer(args, 0, 8080);
        Path file = !demo && args.length > 1 ? Path.of(args[1]) : WebApp.demoFile();
        com.sun.net.httpserver.HttpServer server =
                com.sun.net.httpserver.HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        new WebApp.Handlers(file).routes().forEach(server::createContext);
        server.start();
        System.out.println("provider: " + server.getClass().getName().startsWith("org.gevent4j.http"));
        if (demo) {
            try {
                WebApp.ask(URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
            } finally {
                server.stop(0);
            }
            return;
        }
        System.out.println("serving on http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }
}
