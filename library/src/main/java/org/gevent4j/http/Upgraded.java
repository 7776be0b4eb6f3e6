package org.gevent4j.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A connection handed over by an HTTP/1.1 {@code Upgrade} (RFC 9110 §7.8): after
 * {@link #upgrade} has sent {@code 101 Switching Protocols}, the handler owns the raw byte
 * stream (WebSocket, a custom protocol) and speaks it in plain blocking code, in the
 * connection's greenlet. The connection never goes back to HTTP: when the handler returns (or
 * throws), the server closes it.
 *
 * {@snippet lang=java :
 * server.createContext("/echo", x -> {
 *     if (!Upgraded.requested(x, "echo")) {  // Connection: upgrade and Upgrade: echo
 *         x.sendResponseHeaders(426, -1);
 *         return;
 *     }
 *     try (Upgraded u = Upgraded.upgrade(x, "echo")) {
 *         u.input().transferTo(u.output());  // until the client closes
 *     }
 * });
 * }
 *
 * <h2>Blocking, timeouts, kills</h2>
 * The HTTP head, body-read and idle timeouts stop applying at the upgrade: a read of
 * {@link #input()} blocks until data arrives, the client closes (-1), or a gevent4j
 * {@link org.gevent4j.Timeout} or kill lands in the reading greenlet. A Timeout (or a kill the
 * handler catches) leaves the connection open and usable, with no byte lost (the socket is a
 * gevent4j socket: nothing was read); a kill that ends the handler ends the connection. Writes to
 * {@link #output()} go straight to the socket (no HTTP framing, no buffering), block while the
 * client's window is full, and fail with {@link java.net.SocketTimeoutException} after the
 * server's write timeout (30 s) without progress; after a failed write an unknown prefix has
 * been sent. The streams, like a socket's, take one reader and one writer at a time.
 *
 * <h2>With an executor</h2>
 * When the server runs exchanges on an {@linkplain HttpServer.Builder#executor executor} (the
 * SPI's {@code setExecutor}), the handler upgrades and speaks the protocol on the executor's
 * thread; the streams hand each read and write to the connection's greenlet, which performs it
 * on the socket's hub while the thread waits (one greenlet per operation, so one thread may read
 * while another writes). The rules above hold, with the thread's {@link Thread#interrupt
 * interrupt} in place of a Timeout: a read or write waiting on the hub is withdrawn and throws
 * {@link java.io.InterruptedIOException}, the connection usable: a withdrawn read took no byte,
 * a withdrawn write may have sent a prefix (unless it completed meanwhile: then it returns, with
 * the interrupt status set again). A
 * virtual-thread executor whose threads are started from the connection's greenlet (such as
 * {@code Executors.newVirtualThreadPerTaskExecutor()}) runs them on the server's hub itself:
 * they use the socket directly, Timeouts and kills included. When the exchange ends (the
 * handler returns) or the server's stop kills the connection at its deadline, a read or write
 * still waiting throws a {@link java.net.SocketException}. {@link #onStop} callbacks run on the
 * server's hub as always.
 *
 * <h2>Server stop</h2>
 * {@link HttpServer#stop} does not wait for an upgraded connection to end by itself: it first
 * runs the {@link #onStop} callbacks (so that a WebSocket can send its 1001 close), then, at the
 * stop's deadline, kills the handler's greenlet and closes the connection like any other.
 * The access log gets one line per upgraded connection, status 101, when it ends.
 *
 * <p>The JDK's own upgrade API ({@code HttpExchange.upgrade(int, HttpUpgradeHandler)}, announced
 * for JDK 26) is absent from JDK 25; {@link #upgrade(HttpExchange, String, Handler)} has its
 * shape (a {@link Handler} given the raw input and output streams), and the returned-object form
 * {@link #upgrade(HttpExchange, String)} adds what a WebSocket needs besides (the remote
 * address, TLS, {@link #onStop}).
 */
public final class Upgraded implements Closeable {
    private final ExchangeImpl x;
    private final String protocol;
    private final InputStream in;
    private final OutputStream out;
    private final List<Runnable> onStop = new ArrayList<>();
    private boolean stopNotified;
    private volatile boolean closed;

    private Upgraded(ExchangeImpl x, String protocol) {
        this.x = x;
        this.protocol = protocol;
        Connection c = x.conn;
        this.in = new InputStream() {
            @Override
            public int read() throws IOException {
                if (closed) throw new IOException("upgraded connection is closed");
                return c.in.read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (closed) throw new IOException("upgraded connection is closed");
                return c.in.read(b, off, len);
            }

            @Override
            public int available() {
                return closed ? 0 : c.in.buffered();
            }

            @Override
            public void close() {
                Upgraded.this.close();
            }
        };
        this.out = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                Objects.checkFromIndexSize(off, len, b.length);
                if (closed) throw new IOException("upgraded connection is closed");
                c.transport.write(b, off, len, c.limits.write());
            }

            @Override
            public void close() {
                Upgraded.this.close();
            }
        };
    }

    /**
     * Whether the request asks to upgrade to {@code protocol}: HTTP/1.1, a {@code Connection}
     * header with the {@code upgrade} token and an {@code Upgrade} header listing
     * {@code protocol} (case-insensitively, any version suffix ignored: {@code h2c} matches
     * {@code h2c}, {@code websocket} matches {@code WebSocket}). Never blocks.
     *
     * @param exchange an exchange of a gevent4j server, as its handler received it
     * @param protocol the protocol name, such as {@code websocket}; not null
     * @return true if the request asks for {@code protocol}; false for HTTP/1.0
     * @throws IllegalArgumentException if {@code exchange} is not one of a gevent4j server
     */
    public static boolean requested(HttpExchange exchange, String protocol) {
        Objects.requireNonNull(protocol, "protocol");
        ExchangeImpl x = impl(exchange);
        if (x.head.minor == 0) return false;
        Headers h = x.head.headers;
        if (!ExchangeImpl.hasToken(h.get("Connection"), "upgrade")) return false;
        List<String> ups = h.get("Upgrade");
        if (ups == null) return false;
        for (String v : ups) {
            for (String p : v.split(",")) {
                String name = p.trim();
                int slash = name.indexOf('/');
                if (slash >= 0 && protocol.indexOf('/') < 0) name = name.substring(0, slash);
                if (name.equalsIgnoreCase(protocol)) return true;
            }
        }
        return false;
    }

    /**
     * Switches the exchange's connection to {@code protocol}: sends {@code 101 Switching
     * Protocols} with {@code Connection: Upgrade}, {@code Upgrade: protocol}, a {@code Date} and
     * the response headers the handler set (say {@code Sec-WebSocket-Accept}), and returns the raw
     * connection. Bytes the client sent after the request head (pipelined with it) are the first
     * ones {@link #input()} yields. It does not check that the request asked for
     * {@code protocol}: see {@link #requested}.
     *
     * <p>Blocks until the 101 is written (at most the write timeout without progress). A Timeout
     * or kill meanwhile leaves an unknown prefix of the 101 sent; the server then closes the
     * connection when the handler ends.
     *
     * @param exchange an exchange of a gevent4j server, as its handler received it
     * @param protocol the one protocol to switch to, sent in the {@code Upgrade} header
     * @return the raw connection; the handler owns it until it returns or closes it
     * @throws IllegalStateException if the response headers were sent already; if the request is
     *         HTTP/1.0 (which has no Upgrade: answer it normally); if its body (Content-Length or
     *         chunked) has not been read to its end (read it first, or refuse the upgrade)
     * @throws IllegalArgumentException if {@code exchange} is not one of a gevent4j server (a
     *         filter's wrapper, say), or {@code protocol} is empty or contains CR, LF or a comma
     * @throws IOException if the server is stopping (the handler's exception then answers 503),
     *         or the 101 could not be written
     */
    public static Upgraded upgrade(HttpExchange exchange, String protocol) throws IOException {
        Objects.requireNonNull(protocol, "protocol");
        ExchangeImpl x = impl(exchange);
        if (protocol.isBlank() || protocol.indexOf(',') >= 0) throw new IllegalArgumentException("not one protocol: " + protocol);
        if (x.headersSent) throw new IllegalStateException("response headers already sent: cannot upgrade");
        if (x.head.minor == 0) throw new IllegalStateException("HTTP/1.0 has no Upgrade");
        if (!x.body.consumed()) throw new IllegalStateException("the request body must be read to its end before an upgrade");
        if (x.conn.server.draining()) throw new HttpException(503, "Service Unavailable: the server is stopping");
        Headers h = x.responseHeaders;
        h.remove("Content-Length");
        h.remove("Transfer-Encoding");
        h.set("Connection", "Upgrade");
        h.set("Upgrade", protocol);
        if (!h.containsKey("Date")) h.set("Date", ResponseWriter.date());
        ExchangeImpl.check(h);
        Upgraded u = new Upgraded(x, protocol);
        x.code = 101;
        x.headersSent = true;
        x.close = true;
        x.upgraded = u;
        x.conn.upgraded = u;
        x.conn.out.head(101, h);
        x.conn.out.flush();
        x.conn.out.release(); // the upgraded protocol writes straight to the socket: 8 KiB less per connection
        return u;
    }

    /**
     * The upgraded protocol's code, with the shape of the JDK 26 {@code HttpUpgradeHandler}
     * ({@code void handle(InputStream, OutputStream) throws IOException}), so that a lambda
     * written for one compiles as the other.
     */
    @FunctionalInterface
    public interface Handler {
        /**
         * Speaks the upgraded protocol on the connection's raw streams; blocks as the class javadoc says.
         *
         * @param input the client's bytes, as {@link Upgraded#input()}
         * @param output to the client, unbuffered, as {@link Upgraded#output()}
         * @throws IOException if the connection fails; the connection is closed either way when this returns
         */
        void handle(InputStream input, OutputStream output) throws IOException;
    }

    /**
     * The JDK 26 form ({@code HttpExchange.upgrade(code, handler)}) with gevent4j's rules:
     * {@link #upgrade(HttpExchange, String)}, then {@code handler} on the raw streams in the
     * calling greenlet, then the connection is closed. Returns when the handler does.
     *
     * @param exchange an exchange of a gevent4j server, as its handler received it
     * @param protocol the one protocol to switch to, sent in the {@code Upgrade} header
     * @param handler speaks the protocol on the raw streams; not null
     *
     * @throws IllegalStateException as {@link #upgrade(HttpExchange, String)}
     * @throws IllegalArgumentException as {@link #upgrade(HttpExchange, String)}
     * @throws IOException as {@link #upgrade(HttpExchange, String)}, or what the handler threw
     */
    public static void upgrade(HttpExchange exchange, String protocol, Handler handler) throws IOException {
        Objects.requireNonNull(handler, "handler");
        try (Upgraded u = upgrade(exchange, protocol)) {
            handler.handle(u.input(), u.output());
        }
    }

    private static ExchangeImpl impl(HttpExchange exchange) {
        Objects.requireNonNull(exchange, "exchange");
        if (exchange instanceof PlainExchange p) return p.x;
        if (exchange instanceof SecureExchange s) return s.x;
        throw new IllegalArgumentException("not an exchange of a gevent4j HttpServer: " + exchange.getClass().getName());
    }

    /**
     * The protocol switched to, as sent in the 101's {@code Upgrade} header.
     *
     * @return the protocol given to {@link #upgrade(HttpExchange, String)}
     */
    public String protocol() {
        return protocol;
    }

    /**
     * The client's bytes: first those already buffered after the request head, then the socket's.
     * Reads block as the class javadoc says; -1 once the client has closed its side. Closing it
     * closes the connection.
     *
     * @return the same stream on every call
     */
    public InputStream input() {
        return in;
    }

    /**
     * Writes straight to the socket (TLS records for HTTPS), unbuffered. Closing it closes the connection.
     *
     * @return the same stream on every call; writes block until the bytes are handed to the socket
     */
    public OutputStream output() {
        return out;
    }

    /**
     * The client's address.
     *
     * @return the remote end of the connection's socket
     */
    public InetSocketAddress remoteAddress() {
        return x.conn.transport.remote;
    }

    /**
     * The server's address for this connection.
     *
     * @return the local end of the connection's socket
     */
    public InetSocketAddress localAddress() {
        return x.conn.transport.local;
    }

    /**
     * Whether the connection is TLS (the upgrade came over HTTPS).
     *
     * @return true over HTTPS, false over plain HTTP
     */
    public boolean secure() {
        return x.conn.transport.secure();
    }

    /**
     * The TLS session, or null for a plain connection.
     *
     * @return the handshake's session (peer certificates, cipher suite); null without TLS
     */
    public javax.net.ssl.SSLSession sslSession() {
        return x.conn.transport.session();
    }

    /**
     * Runs {@code callback} when the server starts to stop ({@link HttpServer#stop}), before it
     * waits for this connection: the place to tell the peer (a WebSocket's 1001 close). It runs
     * once, in the server's stop greenlet on the server's hub, while the handler's greenlet may
     * be blocked in a read; it may write to {@link #output()} (if no other greenlet is writing)
     * or {@link #close()} the connection, and should not block for long. Its exceptions go to the
     * server's error log. Registered once the stop has begun, it runs at once, in the caller.
     * The connection is killed at the stop's deadline whatever the callback does.
     *
     * @param callback what to run when the stop begins; not null
     */
    public void onStop(Runnable callback) {
        Objects.requireNonNull(callback, "callback");
        synchronized (onStop) { // an executor's thread registers, the server's hub notifies
            if (!stopNotified) {
                onStop.add(callback);
                return;
            }
        }
        run(callback);
    }

    /**
     * Whether the server has begun to stop.
     *
     * @return true once {@link HttpServer#stop} was called; the connection is killed at its deadline
     */
    public boolean stopping() {
        return x.conn.server.draining();
    }

    /** The server is stopping: runs the callbacks (on the server's hub). */
    void notifyStop() {
        List<Runnable> callbacks;
        synchronized (onStop) {
            if (stopNotified) return;
            stopNotified = true;
            callbacks = List.copyOf(onStop);
            onStop.clear();
        }
        for (Runnable r : callbacks) run(r);
    }

    private void run(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            x.conn.server.error("upgraded connection's onStop callback failed", e);
        }
    }

    /**
     * Closes the connection, from the handler's greenlet or another of the server's hub: a
     * greenlet blocked reading it then fails with an {@code IOException}. Idempotent; never
     * blocks. The handler may go on running; the connection is closed anyway when it returns.
     */
    @Override
    public void close() {
        closed = true;
        x.conn.transport.close();
    }

    /**
     * Whether {@link #close()} was called (or the server closed the connection).
     *
     * @return true once the connection is closed on the server's side
     */
    public boolean isClosed() {
        return closed || x.conn.transport.isClosed();
    }

    @Override
    public String toString() {
        return "Upgraded[" + protocol + " " + remoteAddress() + (secure() ? ", TLS" : "") + "]";
    }
}
