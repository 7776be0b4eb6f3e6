package org.gevent4j.http.conformance;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.spi.HttpServerProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A server started through a given {@link HttpServerProvider} on 127.0.0.1:0 with the standard
 * handlers of the suite:
 * <ul>
 * <li>{@code /} (and every path not below): echo of method, target, protocol, headers and body as text;
 * <li>{@code /noread}: 401 without reading the body; {@code /417}: 417 without reading the body;
 * <li>{@code /204}, {@code /304}: no body (the handler still tries to write one, which must not
 *     reach the wire); {@code /headwrite}: 200 with a 5-byte body written even for HEAD;
 * <li>{@code /chunked}: a streamed chunked response of three writes;
 * <li>{@code /sleep}: 200 after 300 ms; {@code /close}: 200 with {@code Connection: close};
 * <li>{@code /split/value}, {@code /split/name}: try to set a header with CRLF in it and answer
 *     {@code rejected} or {@code accepted}.
 * </ul>
 * Every handler records {@code METHOD target} first, keyed by the client's port, so a case can
 * see what the server parsed as requests on its connection (cases run concurrently).
 */
final class ConformanceServer implements AutoCloseable {
    static final String OURS = "org.gevent4j.http.spi.GeventHttpServerProvider";
    static final String MODE_PROPERTY = "gevent4j.http.conformance.provider";

    private final HttpServer server;
    private final ExecutorService executor;
    /** "port METHOD target" for every request a handler ran; the port is the client's. */
    private final ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();
    final String name;

    /** {@code ownExecutor}: give the server a virtual-thread executor (every provider but ours). */
    private ConformanceServer(HttpServerProvider provider, String name, boolean ownExecutor) throws IOException {
        this.name = name;
        server = provider.createHttpServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.createContext("/", this::echo);
        server.createContext("/noread", ex -> fixed(ex, 401, "denied"));
        server.createContext("/417", ex -> fixed(ex, 417, "failure"));
        server.createContext("/204", ex -> noBody(ex, 204));
        server.createContext("/304", ex -> noBody(ex, 304));
        server.createContext("/headwrite", ex -> fixed(ex, 200, "hello"));
        server.createContext("/chunked", this::chunked);
        server.createContext("/sleep", ex -> {
            record(ex);
            sleep(300);
            answer(ex, 200, "slept");
        });
        server.createContext("/close", ex -> {
            record(ex);
            ex.getResponseHeaders().set("Connection", "close");
            answer(ex, 200, "bye");
        });
        server.createContext("/split", this::split);
        // The JDK's default runs handlers on its dispatcher thread; give it virtual threads so a
        // sleeping handler does not stall other connections. Ours gets no executor: a greenlet per
        // connection, as the SPI promises.
        executor = ownExecutor ? Executors.newVirtualThreadPerTaskExecutor() : null;
        if (executor != null) {
            server.setExecutor(executor);
        }
        server.start();
    }

    /** The provider this run targets: ours by default, the JDK's with -Dgevent4j.http.conformance.provider=jdk. */
    static boolean jdkMode() {
        return "jdk".equalsIgnoreCase(mode());
    }

    /**
     * A peer run (gate C2): the property names another provider class on the class path (Jetty's
     * {@code org.eclipse.jetty.http.spi.JettyHttpServerProvider}, robaho's
     * {@code robaho.net.httpserver.DefaultHttpServerProvider}, …); its outcomes are reported, never failed.
     */
    static boolean peerMode() {
        String m = mode();
        return !m.equalsIgnoreCase("jdk") && !m.equalsIgnoreCase("gevent4j") && !m.equals(OURS);
    }

    static String mode() {
        return System.getProperty(MODE_PROPERTY, "gevent4j");
    }

    /** The peer provider named by the property, or null when its class is not on the class path. */
    static HttpServerProvider peerOrNull() {
        try {
            return (HttpServerProvider) Class.forName(mode()).getDeclaredConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            return null;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot instantiate " + mode(), e);
        }
    }

    /** Ours, or null when its class is not on the class path. */
    static HttpServerProvider oursOrNull() {
        try {
            Class<?> c = Class.forName(OURS);
            return (HttpServerProvider) c.getDeclaredConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            return null;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot instantiate " + OURS, e);
        }
    }

    /**
     * The JDK's default provider, {@code sun.net.httpserver.DefaultHttpServerProvider}, created
     * reflectively whatever the property or service files name (its package is not exported: the
     * tests' JVM opens java.lang, which lets us export it to ourselves).
     */
    static HttpServerProvider jdkDefault() {
        String cn = "sun.net.httpserver.DefaultHttpServerProvider";
        try {
            Module httpServer = HttpServerProvider.class.getModule();
            Module me = ConformanceServer.class.getModule();
            if (!httpServer.isExported("sun.net.httpserver", me)) {
                Method add = Module.class.getDeclaredMethod("implAddExports", String.class, Module.class);
                add.setAccessible(true);
                add.invoke(httpServer, "sun.net.httpserver", me);
            }
            Class<?> c = Class.forName(cn);
            return (HttpServerProvider) c.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot obtain the JDK default HttpServerProvider", e);
        }
    }

    /** A server on the provider this run targets (see {@link #jdkMode()}, {@link #peerMode()}), or null if absent. */
    static ConformanceServer start() throws IOException {
        if (peerMode()) {
            HttpServerProvider p = peerOrNull();
            return p == null ? null : new ConformanceServer(p, mode(), true);
        }
        boolean jdk = jdkMode();
        HttpServerProvider p = jdk ? jdkDefault() : oursOrNull();
        if (p == null) {
            return null;
        }
        return new ConformanceServer(p, jdk ? "jdk" : "gevent4j", jdk);
    }

    InetSocketAddress address() {
        InetSocketAddress a = server.getAddress();
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), a.getPort());
    }

    /** The requests ("METHOD target") handlers ran for the connection from this client port, in order. */
    List<String> seen(int clientPort) {
        String prefix = clientPort + " ";
        List<String> out = new ArrayList<>();
        for (String s : seen) {
            if (s.startsWith(prefix)) {
                out.add(s.substring(prefix.length()));
            }
        }
        return out;
    }

    /** True when a fresh connection still gets {@code 200} for a plain GET (the server survived). */
    boolean alive() {
        try (Socket s = new Socket()) {
            s.connect(address(), 2000);
            s.setSoTimeout(2000);
            s.getOutputStream().write(Req.bytes("GET /__alive HTTP/1.1\r\nHost: conformance\r\nConnection: close\r\n\r\n"));
            byte[] head = s.getInputStream().readNBytes(12);
            return new String(head, StandardCharsets.ISO_8859_1).matches("HTTP/1\\.[01] 200");
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        server.stop(0);
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    // ---- handlers ----

    private void record(HttpExchange ex) {
        seen.add(ex.getRemoteAddress().getPort() + " " + ex.getRequestMethod() + " " + ex.getRequestURI().toString());
    }

    private void echo(HttpExchange ex) throws IOException {
        String target = ex.getRequestURI().toString();
        if (target.equals("/__alive")) {
            answer(ex, 200, "alive");
            return;
        }
        record(ex);
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readAllBytes();
        }
        StringBuilder sb = new StringBuilder("echo\n");
        sb.append("method=").append(ex.getRequestMethod()).append('\n');
        sb.append("target=").append(target).append('\n');
        sb.append("proto=").append(ex.getProtocol()).append('\n');
        Map<String, List<String>> sorted = new TreeMap<>();
        for (Map.Entry<String, List<String>> e : ex.getRequestHeaders().entrySet()) {
            sorted.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue());
        }
        for (Map.Entry<String, List<String>> e : sorted.entrySet()) {
            sb.append("h:").append(e.getKey()).append('=').append(String.join(",", e.getValue())).append('\n');
        }
        sb.append("body-length=").append(body.length).append('\n');
        sb.append("body=").append(new String(body, StandardCharsets.ISO_8859_1));
        byte[] out = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=iso-8859-1");
        if (ex.getRequestMethod().equals("HEAD")) {
            ex.sendResponseHeaders(200, -1);
            ex.close();
            return;
        }
        ex.sendResponseHeaders(200, out.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(out);
        }
    }

    private void fixed(HttpExchange ex, int code, String text) throws IOException {
        record(ex);
        byte[] out = text.getBytes(StandardCharsets.ISO_8859_1);
        ex.getResponseHeaders().set("Content-Type", "text/plain");
        ex.sendResponseHeaders(code, out.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(out);
        } catch (IOException ignored) {
            // HEAD: the body must not be sent; a server may refuse the write
        }
    }

    private void noBody(HttpExchange ex, int code) throws IOException {
        record(ex);
        if (code == 304) {
            ex.getResponseHeaders().set("ETag", "\"v1\"");
        }
        ex.sendResponseHeaders(code, -1);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(Req.bytes("must-not-be-sent"));
        } catch (IOException ignored) {
            // the server refuses a body for this status: fine
        }
    }

    private void chunked(HttpExchange ex) throws IOException {
        record(ex);
        ex.getResponseHeaders().set("Content-Type", "text/plain");
        ex.sendResponseHeaders(200, 0);
        try (OutputStream os = ex.getResponseBody()) {
            for (String part : new String[] {"one,", "two,", "three"}) {
                os.write(Req.bytes(part));
                os.flush();
            }
        }
    }

    private void split(HttpExchange ex) throws IOException {
        record(ex);
        String which = ex.getRequestURI().getPath();
        String result;
        try {
            Headers h = ex.getResponseHeaders();
            switch (which) {
                case "/split/value" -> h.set("X-Split", "Hi\r\nX-Injected: y");
                case "/split/value-lf" -> h.set("X-Split", "Hi\nX-Injected: y");
                case "/split/value-fold" -> h.set("X-Split", "Hi\r\n X-Injected: y");
                case "/split/name" -> h.set("X-Split\r\nX-Injected", "y");
                default -> h.set("X-Split", "plain");
            }
            result = "accepted";
        } catch (IllegalArgumentException e) {
            result = "rejected";
        }
        try {
            answer(ex, 200, result);
        } catch (IllegalArgumentException e) {
            // a server that validates at send time instead: the headers must be dropped whole
            // (Headers.remove would itself refuse the CRLF name: drop the keys through the key set)
            ex.getResponseHeaders().keySet().removeIf(k -> k.startsWith("X-split") || k.startsWith("X-Split"));
            answer(ex, 200, "rejected");
        }
    }

    private static void answer(HttpExchange ex, int code, String text) throws IOException {
        byte[] out = text.getBytes(StandardCharsets.ISO_8859_1);
        ex.sendResponseHeaders(code, out.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(out);
        }
    }

    private static void sleep(int ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
