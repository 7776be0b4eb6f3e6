package org.gevent4j.websocket;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import org.gevent4j.Gevent;
import org.gevent4j.http.Upgraded;

/**
 * The server side: an {@link HttpHandler} that upgrades its requests to WebSocket connections
 * (RFC 6455 §4.2) and runs a {@link Session} on each, in the connection's greenlet.
 *
 * {@snippet lang=java :
 * HttpServer server = HttpServer.builder()
 *         .address(new InetSocketAddress("127.0.0.1", 8080))
 *         .context("/echo", WebSocketHandler.builder().deflate(true).build(ws -> {
 *             WebSocket.Message m;
 *             while ((m = ws.receive()) != null) ws.send(m);
 *         }))
 *         .build();
 * }
 *
 * <h2>Handshake</h2>
 * A {@code GET} with {@code Connection: Upgrade}, {@code Upgrade: websocket} and a valid
 * {@code Sec-WebSocket-Key} is answered {@code 101}; a {@code Sec-WebSocket-Version} other than
 * 13 (or none) gets {@code 426} with {@code Sec-WebSocket-Version: 13}; any other request 400
 * (a plain {@code GET}, another method, a bad key, a request body); an {@link Builder#origin}
 * policy that refuses the {@code Origin} gets 403 (the defence against cross-site WebSocket
 * hijacking: browsers send the page's origin, and a server that authenticates by cookie must
 * check it). The subprotocol is the first one in the client's list that the server supports
 * (none if none: the client then decides); permessage-deflate is accepted when enabled and
 * offered.
 *
 * <h2>Servers</h2>
 * It runs on gevent4j's {@link org.gevent4j.http.HttpServer}, created directly or through the
 * JDK's {@code HttpServer.create} with gevent4j's provider, over HTTP or HTTPS ({@code wss}).
 * On another provider's server (whose exchange cannot be upgraded) it answers 501. Not with an
 * {@linkplain org.gevent4j.http.HttpServer.Builder#executor executor}: the upgrade needs the
 * connection's own greenlet.
 *
 * <h2>The session's end</h2>
 * When the session returns, a connection still open is closed with 1000 (the close handshake,
 * bounded by the close timeout); when it throws an exception, with 1011, and the exception goes
 * on to the server's error log; when it is killed (or a Timeout escapes it), the connection is
 * dropped without a handshake. On a graceful server stop every open connection gets a close 1001 (from
 * a greenlet of its own, so that a session blocked in {@link WebSocket#receive()} sees the
 * handshake complete and gets null); at the stop's deadline the server kills what is left.
 */
public final class WebSocketHandler implements HttpHandler {
    /** The code run on each connection, in its greenlet. */
    @FunctionalInterface
    public interface Session {
        /**
         * Talks on {@code ws} until done; may block (cooperatively) as long as it likes.
         *
         * @param ws the upgraded connection, open; closed (1000) after this returns if still open
         * @throws Exception anything: the connection is then closed with 1011 and the exception
         *         goes to the server's error log
         */
        void run(WebSocket ws) throws Exception;
    }

    private static final int SERVER_BUFFER = 2048;

    private final Session session;
    private final List<String> subprotocols;
    private final Predicate<String> origin;
    private final boolean deflate;
    private final WebSocket.Settings settings;

    private WebSocketHandler(Builder b, Session session) {
        this.session = session;
        this.subprotocols = List.copyOf(b.subprotocols);
        this.origin = b.origin;
        this.deflate = b.deflate;
        // The upgraded connection already reads the socket through the HTTP connection's 4 KiB
        // buffer: a small read-ahead here suffices (many idle connections hold one each).
        this.settings = new WebSocket.Settings(b.maxMessage, b.closeTimeout, b.idlePing, SERVER_BUFFER);
        Handshake.warmUp();
    }

    /**
     * A handler with the defaults (no subprotocol, any origin, no deflate, 16 MiB messages).
     *
     * @param session the code run on each connection; not null
     * @return a new handler, to register as an {@link HttpHandler} on a context
     */
    public static WebSocketHandler of(Session session) {
        return builder().build(session);
    }

    /**
     * A builder with the defaults.
     *
     * @return a new builder: no subprotocol, any origin, no deflate, 16 MiB messages, 5 s close timeout
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Options of a {@link WebSocketHandler}. Not thread-safe; {@link #build} may be called more than once. */
    public static final class Builder {
        private List<String> subprotocols = List.of();
        private Predicate<String> origin = o -> true;
        private boolean deflate;
        private long maxMessage = WebSocket.DEFAULT_MAX_MESSAGE;
        private Duration closeTimeout = WebSocket.Settings.DEFAULT.closeTimeout();
        private Duration idlePing;

        private Builder() {}

        /**
         * The subprotocols this endpoint speaks; the first one in the client's list that is here
         * is chosen ({@link WebSocket#subprotocol()}). Default none.
         *
         * @param protocols HTTP tokens; none to agree to no subprotocol
         * @return this builder
         *
         * @throws IllegalArgumentException if one is not an HTTP token
         */
        public Builder subprotocols(String... protocols) {
            for (String p : protocols) if (!Handshake.isToken(p)) throw new IllegalArgumentException("not a token: " + p);
            this.subprotocols = List.of(protocols);
            return this;
        }

        /**
         * The Origin check: given the request's {@code Origin} (null if it has none, as for
         * non-browser clients), true to accept; a refusal is answered 403. Default: any origin.
         * It runs in the connection's greenlet before the upgrade.
         *
         * @param policy given the Origin or null, true to accept; not null
         * @return this builder
         */
        public Builder origin(Predicate<String> policy) {
            this.origin = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Accepts permessage-deflate (RFC 7692) when the client offers it. Default off (it costs about 300 KiB of native memory per connection that compresses).
         *
         * @param on true to accept the client's offer
         * @return this builder
         */
        public Builder deflate(boolean on) {
            this.deflate = on;
            return this;
        }

        /**
         * The largest message accepted, in bytes after inflation; a bigger one fails the
         * connection with 1009. Default {@link WebSocket#DEFAULT_MAX_MESSAGE} (16 MiB).
         *
         * @param bytes the largest message received, after inflation; 1 to 2 GiB - 16
         * @return this builder
         *
         * @throws IllegalArgumentException if not positive or over 2 GiB - 16
         */
        public Builder maxMessage(long bytes) {
            this.maxMessage = WebSocket.Settings.checkMaxMessage(bytes);
            return this;
        }

        /**
         * How long {@link WebSocket#close} waits for the peer's close frame. Default 5 s.
         *
         * @param timeout the longest wait; not negative
         * @return this builder
         * @throws IllegalArgumentException if {@code timeout} is negative
         */
        public Builder closeTimeout(Duration timeout) {
            this.closeTimeout = WebSocket.Settings.checkCloseTimeout(timeout);
            return this;
        }

        /**
         * Pings a connection silent for {@code every}, and drops it (1006) when it stays silent
         * another {@code every}; null (the default) never pings. Pongs are read by
         * {@link WebSocket#receive()}, so a session must be receiving for the check to work.
         *
         * @param every the silence after which to ping; positive, or null never to ping
         * @return this builder
         * @throws IllegalArgumentException if {@code every} is zero or negative
         */
        public Builder idlePing(Duration every) {
            this.idlePing = WebSocket.Settings.checkIdlePing(every);
            return this;
        }

        /**
         * The handler, running {@code session} on each connection.
         *
         * @param session the code run on each connection; not null
         * @return a new handler with this builder's options at this moment
         */
        public WebSocketHandler build(Session session) {
            return new WebSocketHandler(this, Objects.requireNonNull(session, "session"));
        }
    }

    /**
     * Answers the handshake and, once upgraded, runs the session in this greenlet until it
     * returns and the connection is closed (see the class javadoc).
     *
     * @throws IOException if the 101 could not be written, or the session threw one
     */
    @Override
    public void handle(HttpExchange x) throws IOException {
        handshakeAndRun(x);
    }

    private void handshakeAndRun(HttpExchange x) throws IOException {
        boolean upgradable;
        try {
            upgradable = Upgraded.requested(x, "websocket");
        } catch (IllegalArgumentException e) {
            refuse(x, 501, "WebSocket needs gevent4j's HttpServer (this exchange cannot be upgraded)", null);
            return;
        }
        Headers h = x.getRequestHeaders();
        if (!upgradable) {
            refuse(x, 400, "a WebSocket handshake needs Connection: Upgrade and Upgrade: websocket", null);
            return;
        }
        if (!x.getRequestMethod().equals("GET")) {
            refuse(x, 400, "a WebSocket handshake is a GET", null);
            return;
        }
        List<String> versions = h.get("Sec-WebSocket-Version");
        if (versions == null || versions.size() != 1 || !versions.get(0).trim().equals("13")) {
            refuse(x, 426, "this server speaks WebSocket version 13", "13");
            return;
        }
        List<String> keys = h.get("Sec-WebSocket-Key");
        if (keys == null || keys.size() != 1 || !Handshake.validKey(keys.get(0).trim())) {
            refuse(x, 400, "Sec-WebSocket-Key must be the base64 of 16 bytes", null);
            return;
        }
        try (InputStream body = x.getRequestBody()) {
            if (body.read() != -1) {
                refuse(x, 400, "a WebSocket handshake has no body", null);
                return;
            }
        }
        if (!origin.test(h.getFirst("Origin"))) {
            refuse(x, 403, "origin not allowed", null);
            return;
        }
        String protocol = null;
        for (String p : Handshake.tokens(h.get("Sec-WebSocket-Protocol"))) {
            if (subprotocols.contains(p)) {
                protocol = p;
                break;
            }
        }
        PerMessageDeflate pmd = deflate ? PerMessageDeflate.accept(h.get("Sec-WebSocket-Extensions")) : null;
        Headers rh = x.getResponseHeaders();
        rh.set("Sec-WebSocket-Accept", Handshake.accept(keys.get(0).trim()));
        if (protocol != null) rh.set("Sec-WebSocket-Protocol", protocol);
        if (pmd != null) rh.set("Sec-WebSocket-Extensions", pmd.header);
        Upgraded u = Upgraded.upgrade(x, "websocket");
        try (u) {
            WebSocket ws = new WebSocket(new UpgradedWire(u), false, settings, pmd, protocol, x.getRequestURI(), Headers.of(h));
            u.onStop(() -> Gevent.spawn(() -> ws.close(WebSocket.GOING_AWAY, "server stopping")));
            ws.startIdlePings();
            run(ws);
        }
    }

    private void run(WebSocket ws) throws IOException {
        // 0: returned; 1: failed with an exception (close 1011); 2: killed or timed out (an Error:
        // no handshake, which could block a greenlet that is being stopped).
        int end = 2;
        try {
            session.run(ws);
            end = 0;
        } catch (IOException e) {
            // A send on a connection the peer ended is how a session usually learns of the end.
            end = ws.closeCode() == -1 ? 1 : 0;
            if (end == 1) throw e;
        } catch (RuntimeException e) {
            end = 1;
            throw e;
        } catch (Exception e) {
            end = 1;
            throw new IOException("WebSocket session failed", e);
        } finally {
            if (end == 0) ws.close();
            else if (end == 1 && !ws.isClosed()) ws.close(WebSocket.INTERNAL_ERROR, "");
            else ws.abort(WebSocket.ABNORMAL_CLOSURE, "the session ended");
        }
    }

    private static void refuse(HttpExchange x, int status, String why, String version) throws IOException {
        byte[] body = (why + "\n").getBytes(UTF_8);
        Headers rh = x.getResponseHeaders();
        rh.set("Content-Type", "text/plain; charset=utf-8");
        if (version != null) {
            rh.set("Sec-WebSocket-Version", version);
            rh.set("Upgrade", "websocket");
        }
        x.sendResponseHeaders(status, body.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(body);
        }
    }

    /** An upgraded server connection as a {@link Wire}. */
    private static final class UpgradedWire implements Wire {
        private final Upgraded u;
        private final InputStream in;
        private final OutputStream out;
        private final ReadBudget budget = new ReadBudget();

        UpgradedWire(Upgraded u) {
            this.u = u;
            this.in = u.input();
            this.out = u.output();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            budget.before();
            return budget.after(in.read(b, off, len));
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() {
            u.close();
        }

        @Override
        public InetSocketAddress remote() {
            return u.remoteAddress();
        }

        @Override
        public boolean secure() {
            return u.secure();
        }
    }
}
