package org.gevent4j.websocket;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import com.sun.net.httpserver.Headers;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import org.gevent4j.Timeout;
import org.gevent4j.socket.Socket;
import org.gevent4j.socket.Sockets;
import org.gevent4j.socket.StreamSocket;
import org.gevent4j.ssl.SslSocket;

/**
 * The client side: connects to {@code ws://} and {@code wss://} URIs from a greenlet and returns
 * a {@link WebSocket} with the same API as the server's (its frames masked, RFC 6455 §5.3).
 * Immutable once built: one client may connect many times, from any greenlet.
 *
 * {@snippet lang=java :
 * WebSocketClient client = WebSocketClient.builder().subprotocols("chat").deflate(true).build();
 * try (WebSocket ws = client.connect(URI.create("ws://127.0.0.1:8080/chat"))) {
 *     ws.send("hello");
 *     System.out.println(ws.receive().text());
 * }
 * }
 */
public final class WebSocketClient {
    /** The longest 101 head accepted. */
    private static final int MAX_HEAD = 64 * 1024;

    private final List<String> subprotocols;
    private final String origin;
    private final List<String[]> headers;
    private final boolean deflate;
    private final Duration timeout;
    private final SSLContext ssl;
    private final WebSocket.Settings settings;

    private WebSocketClient(Builder b) {
        this.subprotocols = List.copyOf(b.subprotocols);
        this.origin = b.origin;
        this.headers = List.copyOf(b.headers);
        this.deflate = b.deflate;
        this.timeout = b.timeout;
        this.ssl = b.ssl;
        this.settings = new WebSocket.Settings(b.maxMessage, b.closeTimeout, b.idlePing, WebSocket.Settings.DEFAULT.bufferSize());
        Handshake.warmUp();
        FrameWriter.Keys.RANDOM.nextInt();
    }

    /**
     * A builder with the defaults.
     *
     * @return a new builder: no subprotocol, no Origin, no deflate, 10 s connect timeout, 16 MiB messages
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Connects with the default options: {@code builder().build().connect(uri)}. Blocks and throws
     * as {@link #connect(URI)}.
     *
     * @param uri a {@code ws://} or {@code wss://} URI, as {@link URI#create} parses it
     * @return the open WebSocket, belonging to the current hub
     * @throws IOException if the connection, the TLS handshake or the WebSocket handshake failed
     *         (a {@link WebSocketHandshakeException} if the server refused)
     */
    public static WebSocket connect(String uri) throws IOException {
        return builder().build().connect(URI.create(uri));
    }

    /** Options of a {@link WebSocketClient}. */
    public static final class Builder {
        private List<String> subprotocols = List.of();
        private String origin;
        private final List<String[]> headers = new ArrayList<>();
        private boolean deflate;
        private Duration timeout = Duration.ofSeconds(10);
        private SSLContext ssl;
        private long maxMessage = WebSocket.DEFAULT_MAX_MESSAGE;
        private Duration closeTimeout = WebSocket.Settings.DEFAULT.closeTimeout();
        private Duration idlePing;

        private Builder() {}

        /**
         * The subprotocols offered, in order of preference ({@code Sec-WebSocket-Protocol}).
         *
         * @param protocols HTTP tokens, most preferred first; none to offer none
         * @return this builder
         * @throws IllegalArgumentException if one is not an HTTP token
         */
        public Builder subprotocols(String... protocols) {
            for (String p : protocols) if (!Handshake.isToken(p)) throw new IllegalArgumentException("not a token: " + p);
            this.subprotocols = List.of(protocols);
            return this;
        }

        /**
         * The {@code Origin} header to send (none by default, as for non-browser clients).
         *
         * @param origin the header's value, such as {@code https://example.com}; null to send none
         * @return this builder
         */
        public Builder origin(String origin) {
            this.origin = origin;
            return this;
        }

        /**
         * An extra request header (a cookie, an authorization). Each call adds one; a name
         * given twice is sent twice.
         *
         * @param name the header's name; an HTTP token, not null
         * @param value the header's value; not null
         * @return this builder
         *
         * @throws IllegalArgumentException for CR, LF or NUL in either, or a header the handshake sets itself
         */
        public Builder header(String name, String value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            if (!Handshake.isToken(name) || (value + name).matches("(?s).*[\r\n\0].*")) {
                throw new IllegalArgumentException("bad header: " + name);
            }
            String n = name.toLowerCase(Locale.ROOT);
            if (n.equals("host") || n.equals("upgrade") || n.equals("connection") || n.startsWith("sec-websocket-")) {
                throw new IllegalArgumentException("the handshake sets " + name + " itself");
            }
            headers.add(new String[] {name, value});
            return this;
        }

        /**
         * Offers permessage-deflate (RFC 7692). Default off.
         *
         * @param on true to offer it; the server decides ({@link WebSocket#extensions()})
         * @return this builder
         */
        public Builder deflate(boolean on) {
            this.deflate = on;
            return this;
        }

        /**
         * The limit of connecting plus the TLS and WebSocket handshakes. Default 10 s.
         *
         * @param timeout the longest {@link WebSocketClient#connect(URI)} may take; positive
         * @return this builder
         * @throws IllegalArgumentException if {@code timeout} is zero or negative
         */
        public Builder timeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be positive: " + timeout);
            this.timeout = timeout;
            return this;
        }

        /**
         * The TLS context for {@code wss}; default the JDK's default context (the system's trusted CAs).
         *
         * @param context the context whose trust managers check the server; not null
         * @return this builder
         */
        public Builder sslContext(SSLContext context) {
            this.ssl = Objects.requireNonNull(context, "context");
            return this;
        }

        /**
         * As {@link WebSocketHandler.Builder#maxMessage}.
         *
         * @param bytes the largest message received, after inflation; 1 to 2 GiB - 16
         * @return this builder
         * @throws IllegalArgumentException if out of that range
         */
        public Builder maxMessage(long bytes) {
            this.maxMessage = WebSocket.Settings.checkMaxMessage(bytes);
            return this;
        }

        /**
         * As {@link WebSocketHandler.Builder#closeTimeout}.
         *
         * @param timeout how long {@link WebSocket#close} waits for the peer's close frame; not negative
         * @return this builder
         * @throws IllegalArgumentException if {@code timeout} is negative
         */
        public Builder closeTimeout(Duration timeout) {
            this.closeTimeout = WebSocket.Settings.checkCloseTimeout(timeout);
            return this;
        }

        /**
         * As {@link WebSocketHandler.Builder#idlePing}.
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
         * The client.
         *
         * @return a new immutable client with these options; the builder may be used again
         */
        public WebSocketClient build() {
            return new WebSocketClient(this);
        }
    }

    /**
     * Opens a connection: TCP (and TLS for {@code wss}, checking the server's certificate for the
     * URI's host), then the opening handshake. Blocks the calling greenlet for at most the
     * {@linkplain Builder#timeout timeout}; a kill or {@link org.gevent4j.Timeout} meanwhile
     * leaves no socket open. The connection then belongs to the current hub.
     *
     * @param uri the absolute {@code ws://} or {@code wss://} URI to connect to
     * @return the open WebSocket, its subprotocol and extensions as the server agreed
     *
     * @throws IllegalArgumentException if the URI is not an absolute {@code ws}/{@code wss} URI
     *         with a host and without a fragment
     * @throws WebSocketHandshakeException if the server refused (its status and headers are
     *         kept) or answered a 101 that does not match the request
     * @throws java.net.SocketTimeoutException if the timeout passed
     * @throws IOException if the connection or the TLS handshake failed
     */
    public WebSocket connect(URI uri) throws IOException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean tls = scheme.equals("wss");
        if (!tls && !scheme.equals("ws")) throw new IllegalArgumentException("not a ws:// or wss:// URI: " + uri);
        if (uri.getHost() == null) throw new IllegalArgumentException("no host in " + uri);
        if (uri.getRawFragment() != null) throw new IllegalArgumentException("a WebSocket URI has no fragment: " + uri);
        String host = uri.getHost();
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        int port = uri.getPort() < 0 ? (tls ? 443 : 80) : uri.getPort();
        String target = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        Timeout deadline = Timeout.start(timeout);
        try {
            return open(uri, host, bare, port, target, tls);
        } catch (Timeout e) {
            if (e != deadline) throw e;
            throw new SocketTimeoutException("WebSocket connection to " + uri + " not open within " + timeout);
        } finally {
            deadline.cancel();
        }
    }

    private WebSocket open(URI uri, String host, String bare, int port, String target, boolean tls) throws IOException {
        Socket s = Sockets.createConnection(bare, port, timeout, null);
        boolean ok = false;
        try {
            s.setOption(StandardSocketOptions.TCP_NODELAY, true);
            InetSocketAddress remote = s.remoteAddress();
            StreamSocket conn = s;
            if (tls) {
                SslSocket ss = SslSocket.wrap(s, context(), true, bare);
                ss.doHandshake();
                conn = ss;
            }
            Wire wire = new StreamWire(conn, remote, new ReadBudget());
            WebSocket ws = handshake(wire, uri, target, host + (uri.getPort() < 0 ? "" : ":" + port));
            s.setTimeout(null);
            ws.startIdlePings();
            ok = true;
            return ws;
        } finally {
            if (!ok) s.close();
        }
    }

    private SSLContext context() throws IOException {
        if (ssl != null) return ssl;
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IOException("no default TLS context", e);
        }
    }

    private WebSocket handshake(Wire wire, URI uri, String target, String hostHeader) throws IOException {
        byte[] nonce = new byte[16];
        FrameWriter.Keys.RANDOM.nextBytes(nonce);
        String key = Base64.getEncoder().encodeToString(nonce);
        StringBuilder req = new StringBuilder(256)
                .append("GET ").append(target).append(" HTTP/1.1\r\n")
                .append("Host: ").append(hostHeader).append("\r\n")
                .append("Upgrade: websocket\r\nConnection: Upgrade\r\n")
                .append("Sec-WebSocket-Key: ").append(key).append("\r\n")
                .append("Sec-WebSocket-Version: 13\r\n");
        if (origin != null) req.append("Origin: ").append(origin).append("\r\n");
        if (!subprotocols.isEmpty()) req.append("Sec-WebSocket-Protocol: ").append(String.join(", ", subprotocols)).append("\r\n");
        if (deflate) req.append("Sec-WebSocket-Extensions: ").append(PerMessageDeflate.clientOffer()).append("\r\n");
        for (String[] h : headers) req.append(h[0]).append(": ").append(h[1]).append("\r\n");
        req.append("\r\n");
        byte[] r = req.toString().getBytes(ISO_8859_1);
        wire.write(r, 0, r.length);

        // The head, read in small steps so that what follows it is at most one step.
        byte[] head = new byte[1024];
        int n = 0;
        int end;
        while ((end = headEnd(head, n)) < 0) {
            if (n == head.length) {
                if (n >= MAX_HEAD) throw new WebSocketHandshakeException("the server's response head is over " + MAX_HEAD + " bytes", 0, new Headers());
                head = java.util.Arrays.copyOf(head, n * 2);
            }
            int got = wire.read(head, n, Math.min(head.length - n, 4096));
            if (got < 0) throw new WebSocketHandshakeException("the server closed the connection during the handshake", 0, new Headers());
            n += got;
        }
        String[] lines = new String(head, 0, end, ISO_8859_1).split("\r\n");
        String[] status = lines[0].split(" ", 3);
        int code;
        try {
            code = status.length >= 2 && status[0].startsWith("HTTP/1.") ? Integer.parseInt(status[1]) : -1;
        } catch (NumberFormatException e) {
            code = -1;
        }
        if (code < 0) throw new WebSocketHandshakeException("not an HTTP/1.1 response: " + lines[0], 0, new Headers());
        Headers h = new Headers();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) throw new WebSocketHandshakeException("malformed header line: " + lines[i], code, Headers.of(h));
            h.add(lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim());
        }
        Headers ro = Headers.of(h);
        if (code != 101) throw new WebSocketHandshakeException("the server answered " + lines[0], code, ro);
        if (!Handshake.tokens(h.get("Upgrade")).stream().anyMatch(t -> t.equalsIgnoreCase("websocket"))) {
            throw new WebSocketHandshakeException("the 101 has no Upgrade: websocket", code, ro);
        }
        if (!Handshake.tokens(h.get("Connection")).stream().anyMatch(t -> t.equalsIgnoreCase("upgrade"))) {
            throw new WebSocketHandshakeException("the 101 has no Connection: Upgrade", code, ro);
        }
        if (!Handshake.accept(key).equals(h.getFirst("Sec-WebSocket-Accept"))) {
            throw new WebSocketHandshakeException("wrong Sec-WebSocket-Accept", code, ro);
        }
        List<String> protocols = Handshake.tokens(h.get("Sec-WebSocket-Protocol"));
        String protocol = protocols.isEmpty() ? null : protocols.get(0);
        if (protocols.size() > 1 || (protocol != null && !subprotocols.contains(protocol))) {
            throw new WebSocketHandshakeException("the server chose a subprotocol that was not offered: " + protocols, code, ro);
        }
        PerMessageDeflate pmd;
        List<String> ext = h.get("Sec-WebSocket-Extensions");
        if (ext != null && !deflate) throw new WebSocketHandshakeException("the server answered extensions that were not offered: " + ext, code, ro);
        try {
            pmd = PerMessageDeflate.clientAccept(ext);
        } catch (IllegalArgumentException e) {
            throw new WebSocketHandshakeException(e.getMessage(), code, ro);
        }
        WebSocket ws = new WebSocket(wire, true, settings, pmd, protocol, uri, ro);
        ws.reader().preload(head, end + 4, n - end - 4);
        return ws;
    }

    /** The index of the CR LF CR LF ending the head in {@code b[0..n)}, or -1. */
    private static int headEnd(byte[] b, int n) {
        for (int i = 0; i + 3 < n; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n') return i;
        }
        return -1;
    }

    /** The client's connection, plain or TLS: one {@link StreamSocket} either way. */
    private record StreamWire(StreamSocket s, InetSocketAddress remote, ReadBudget budget) implements Wire {
        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            budget.before();
            int n = budget.after(s.recvInto(b, off, len));
            return n == 0 ? -1 : n;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            s.sendAll(b, off, len);
        }

        @Override
        public void close() {
            try {
                s.close();
            } catch (IOException e) {
                // closing is best effort
            }
        }

        @Override
        public boolean secure() {
            return s instanceof SslSocket;
        }
    }
}
