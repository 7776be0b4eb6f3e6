package org.gevent4j.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.gevent4j.Timeout;
import org.gevent4j.internal.Sneaky;
import org.gevent4j.socket.Socket;
import org.gevent4j.socket.StreamSocket;
import org.gevent4j.ssl.SslSocket;

/**
 * A TCP server: gevent's {@code gevent.server.StreamServer}. It accepts connections on a
 * listening socket and runs a handler for each in a greenlet of its own, with the connection's
 * socket and the client's address; the connection is closed when the handler returns (or
 * throws).
 *
 * {@snippet lang=java :
 * StreamServer.ConnectionHandler echo = (conn, addr) -> {
 *     byte[] data;
 *     while ((data = conn.recv(8192)).length > 0) conn.sendAll(data);
 * };
 * try (StreamServer server = StreamServer.serving(new InetSocketAddress("127.0.0.1", 0), echo)) {
 *     // .tls(sslContext) here would serve the same handler over TLS
 *     server.start();
 *     int port = server.address().getPort();
 *     // ... clients connect ...
 * } // stop(): close the listener, let handlers finish for 1 s, then kill them
 * }
 *
 * <h2>Two ways to make one</h2>
 * {@link #serving(InetSocketAddress, ConnectionHandler) StreamServer.serving(address, handler)}
 * (or a listening socket) gives the handler a {@link StreamSocket}: a {@link Socket}, or an
 * {@link SslSocket} once {@link #tls} is set, so one handler serves both. The constructors
 * {@link #StreamServer(InetSocketAddress, Handler) new StreamServer(address, handler)} keep
 * gevent's form, a {@link Handler} of plain {@link Socket}s, and serve plain TCP only. (The new
 * form is a factory, not a third constructor, so that existing
 * {@code new StreamServer(addr, (conn, a) -> ...)} lambdas stay unambiguous.)
 *
 * <h2>Handlers</h2>
 * A handler may block cooperatively (it is a greenlet); an exception it throws is reported through
 * {@link org.gevent4j.Hub#handleError} (printed, as gevent prints it), its connection is closed,
 * and the server goes on serving. By default each connection gets a new greenlet with no bound
 * (gevent's {@code spawn='default'}); {@link #spawn(int)} or {@link #spawn(org.gevent4j.pool.Group)}
 * runs them in a pool instead, and while a {@link org.gevent4j.pool.Pool} is full no connection
 * is accepted.
 *
 * <h2>Accepting</h2>
 * Accepting runs in one greenlet of the hub that called {@link #start} (of each hub, on a
 * {@link #hubs(org.gevent4j.HubGroup) group of hubs}). Up to
 * {@link #maxAccept max_accept} (100) pending connections are accepted in a row before their
 * handlers run. An accept error other than a closed listener, such as running out of file
 * descriptors ({@code EMFILE}), is reported through {@link org.gevent4j.Hub#handleError}; the
 * server then pauses accepting for 10 ms, doubling while errors go on up to 1 s
 * ({@link #acceptBackoff}), and serves on.
 *
 * <h2>TLS</h2>
 * With {@link #tls(SSLContext)}, the server wraps each connection in a server-side
 * {@link SslSocket} and does the handshake in the connection's greenlet before the handler runs
 * (so a slow or garbage client delays only itself), within the {@link #handshakeTimeout
 * handshake timeout} (10 s) in all. A failed or timed-out handshake is reported like a handler's
 * exception ({@code SSLException}, {@link SocketTimeoutException}) and the connection is closed;
 * the handler never sees it. When the handler returns, the server sends {@code close_notify}
 * (if the socket takes it at once) and closes.
 *
 * <h2>Differences from gevent</h2>
 * <ul>
 * <li>The accept loop runs in a greenlet, not in the hub's callback.</li>
 * <li>{@link #stop(java.time.Duration)} drains and kills handlers even without a pool.</li>
 * <li>No {@code spawn=None} (handle in the hub) and no {@code spawn_raw}.</li>
 * </ul>
 */
public final class StreamServer extends BaseServer<StreamServer> {
    /**
     * gevent's default listen backlog for a server given an address ({@code StreamServer.backlog}
     * in gevent's {@code server.py}). The kernel caps it at {@code net.core.somaxconn} (4096 on
     * Linux since 5.4, 128 before).
     */
    public static final int DEFAULT_BACKLOG = 256;

    /** gevent's form: handles one plain TCP connection; the server closes {@code conn} when this returns. */
    @FunctionalInterface
    public interface Handler {
        /**
         * Serves {@code conn}, from the peer at {@code address}, in a greenlet of its own; what it throws is reported.
         *
         * @param conn the accepted connection, blocking without a timeout; closed by the server afterwards
         * @param address the peer's address
         * @throws Exception anything: it is reported through the hub, the connection closed, and the server goes on
         */
        void handle(Socket conn, InetSocketAddress address) throws Exception;
    }

    /**
     * Handles one connection, plain or TLS (handshake done): a {@link Socket}, or an
     * {@link SslSocket} when the server has {@link #tls}. The server closes {@code conn} when
     * this returns or throws.
     */
    @FunctionalInterface
    public interface ConnectionHandler {
        /**
         * Serves {@code conn}, from the peer at {@code address}, in a greenlet of its own; what it throws is reported.
         *
         * @param conn the accepted connection: a {@link Socket}, or an {@link SslSocket} with the
         *     handshake done; closed by the server afterwards
         * @param address the peer's address
         * @throws Exception anything: it is reported through the hub, the connection closed, and the server goes on
         */
        void handle(StreamSocket conn, InetSocketAddress address) throws Exception;
    }

    /**
     * Handles one TLS connection (handshake done); the server closes {@code conn} when this returns.
     *
     * @deprecated a {@link ConnectionHandler} serves TLS and plain connections alike: use
     *     {@link #serving(InetSocketAddress, ConnectionHandler)} with {@link #tls(SSLContext)}
     */
    @Deprecated(since = "0.1.0")
    @FunctionalInterface
    public interface TlsHandler {
        /**
         * Serves {@code conn} (handshake done), from the peer at {@code address}, in a greenlet of its own.
         *
         * @param conn the TLS connection, handshake done; closed by the server afterwards
         * @param address the peer's address
         * @throws Exception anything: it is reported through the hub, the connection closed, and the server goes on
         */
        void handle(SslSocket conn, InetSocketAddress address) throws Exception;
    }

    /** The TLS handshake's default bound, from accept to done: {@link #handshakeTimeout}. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    private final ConnectionHandler handler;
    /** Made with a {@link Handler}: it takes plain sockets, so TLS is refused. */
    private final boolean plainOnly;
    private SSLContext sslContext;
    private Consumer<SSLParameters> tlsParameters;
    private Duration handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT;
    private int backlog = DEFAULT_BACKLOG;

    /**
     * A server that will listen on {@code address} (port 0: any free port) once
     * {@link #start started}, with {@code SO_REUSEADDR} set as gevent sets it on POSIX. Plain TCP
     * only; {@link #serving(InetSocketAddress, ConnectionHandler)} makes one that can serve TLS.
     *
     * @param address the local address to listen on; not null
     * @param handler called in a new greenlet for each connection; not null
     */
    public StreamServer(InetSocketAddress address, Handler handler) {
        this(Sneaky.checkNotNull("address", address), null, plain(handler), true);
    }

    /**
     * A server accepting on {@code listener}, a socket that is already listening (gevent's
     * listener given as a socket). The server owns it from now on and closes it on stop. Plain
     * TCP only; see {@link #serving(Socket, ConnectionHandler)}.
     *
     * @param listener a listening TCP socket; not null
     * @param handler called in a new greenlet for each connection; not null
     * @throws IllegalArgumentException if {@code listener} is not a listening TCP socket
     */
    public StreamServer(Socket listener, Handler handler) {
        this(null, checkListening(listener), plain(handler), true);
    }

    /**
     * A TLS server on {@code address}: each connection is wrapped with {@code context}, server side.
     *
     * @param address the local address to listen on; not null
     * @param context the server's TLS configuration (key and certificate); not null
     * @param handler called in a new greenlet for each connection, after its handshake; not null
     * @deprecated use {@code StreamServer.serving(address, handler).tls(context)}, whose handler
     *     serves plain and TLS connections alike
     */
    @Deprecated(since = "0.1.0")
    public StreamServer(InetSocketAddress address, SSLContext context, TlsHandler handler) {
        this(Sneaky.checkNotNull("address", address), null, tlsOnly(handler), false);
        tls(context);
    }

    /**
     * A TLS server accepting on {@code listener}, a listening socket; see {@link #StreamServer(Socket, Handler)}.
     *
     * @param listener a listening TCP socket; not null
     * @param context the server's TLS configuration (key and certificate); not null
     * @param handler called in a new greenlet for each connection, after its handshake; not null
     * @deprecated use {@code StreamServer.serving(listener, handler).tls(context)}
     */
    @Deprecated(since = "0.1.0")
    public StreamServer(Socket listener, SSLContext context, TlsHandler handler) {
        this(null, checkListening(listener), tlsOnly(handler), false);
        tls(context);
    }

    private StreamServer(InetSocketAddress address, Socket listener, ConnectionHandler handler, boolean plainOnly) {
        super(address, listener);
        this.handler = handler;
        this.plainOnly = plainOnly;
        if (listener != null) this.address = localAddressOf(listener);
    }

    /**
     * A server that will listen on {@code address} (port 0: any free port) once
     * {@link #start started}, with {@code SO_REUSEADDR}, giving each connection to
     * {@code handler}: plain, or TLS after {@link #tls}. Never blocks.
     *
     * @param address the local address to listen on; not null
     * @param handler called in a new greenlet for each connection; not null
     * @return a new server, not started
     */
    public static StreamServer serving(InetSocketAddress address, ConnectionHandler handler) {
        return new StreamServer(Sneaky.checkNotNull("address", address), null, Sneaky.checkNotNull("handler", handler), false);
    }

    /**
     * A server accepting on {@code listener}, a listening socket it owns from now on (closed on
     * stop), giving each connection to {@code handler}: plain, or TLS after {@link #tls}.
     *
     * @param listener a listening TCP socket; not null
     * @param handler called in a new greenlet for each connection; not null
     * @return a new server, not started
     * @throws IllegalArgumentException if {@code listener} is not a listening TCP socket
     */
    public static StreamServer serving(Socket listener, ConnectionHandler handler) {
        return new StreamServer(null, checkListening(listener), Sneaky.checkNotNull("handler", handler), false);
    }

    private static ConnectionHandler plain(Handler h) {
        Sneaky.checkNotNull("handler", h);
        return (conn, address) -> h.handle((Socket) conn, address);
    }

    @SuppressWarnings("deprecation")
    private static ConnectionHandler tlsOnly(TlsHandler h) {
        Sneaky.checkNotNull("handler", h);
        return (conn, address) -> h.handle((SslSocket) conn, address);
    }

    /**
     * Serves TLS: each connection is wrapped in a server-side {@link SslSocket} with
     * {@code context} and handshaken before the handler runs (gevent's {@code ssl_context}).
     * Before {@link #start}. Never blocks.
     *
     * @param context the server's TLS configuration (key and certificate); not null
     * @return this server
     * @throws IllegalStateException if the server has started, or was made with a {@link Handler}
     *     (which takes plain sockets: make it with {@link #serving(InetSocketAddress, ConnectionHandler)})
     */
    public StreamServer tls(SSLContext context) {
        Sneaky.checkNotNull("context", context);
        if (plainOnly) {
            throw new IllegalStateException("a StreamServer.Handler takes plain Sockets: serve TLS with "
                    + "StreamServer.serving(address, handler).tls(context), whose handler takes a StreamSocket");
        }
        checkNotStarted();
        this.sslContext = context;
        return this;
    }

    /**
     * Adjusts each TLS connection's parameters (protocols, cipher suites, ALPN, client
     * authentication, SNI matchers) before its handshake; {@code null}: the context's defaults.
     * Before {@link #start}.
     *
     * @param configure called with each connection's parameters, which it changes in place; or {@code null}
     * @return this server
     * @throws IllegalStateException if the server has started
     */
    public StreamServer tlsParameters(Consumer<SSLParameters> configure) {
        checkNotStarted();
        this.tlsParameters = configure;
        return this;
    }

    /**
     * How long a TLS handshake may take in all, from the start of the connection's greenlet
     * (10 s by default): a client that trickles its handshake is cut off at that bound, not at
     * each wait. Before {@link #start}.
     *
     * @param timeout the bound on the whole handshake; positive
     * @return this server
     * @throws IllegalArgumentException if {@code timeout} is not positive
     * @throws IllegalStateException if the server has started
     */
    public StreamServer handshakeTimeout(Duration timeout) {
        Sneaky.checkNotNull("timeout", timeout);
        if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("handshake timeout must be positive: " + timeout);
        checkNotStarted();
        this.handshakeTimeout = timeout;
        return this;
    }

    /**
     * The listen backlog ({@link #DEFAULT_BACKLOG}, 256, by default, as in gevent): connections the
     * kernel completes while the server is not accepting (a full pool, a burst); on Linux a connect
     * beyond it has its SYN dropped and retries a second later. Before {@link #start}; not for a
     * server given a socket. Never blocks.
     *
     * @param backlog how many completed connections the kernel may hold; at least 1
     * @return this server
     * @throws IllegalArgumentException if {@code backlog} is less than 1
     * @throws IllegalStateException if the server has started or was given a listening socket
     */
    public StreamServer backlog(int backlog) {
        if (backlog < 1) throw new IllegalArgumentException("backlog must be positive: " + backlog);
        if (socket != null) throw new IllegalStateException("backlog must be set on the listening socket given: " + this);
        checkNotStarted();
        this.backlog = backlog;
        return this;
    }

    /**
     * Whether the server wraps connections in TLS (gevent's {@code ssl_enabled}).
     *
     * @return {@code true} once {@link #tls(SSLContext)} was given a context
     */
    public boolean sslEnabled() {
        return sslContext != null;
    }

    @Override
    Socket openListener(InetSocketAddress address) throws IOException {
        return openBound(address, Socket.Type.STREAM, backlog, reusePort());
    }

    @Override
    Object read(Socket listener) throws IOException {
        return listener.accept();
    }

    @Override
    BaseServer<?> shard(InetSocketAddress address) {
        StreamServer s = new StreamServer(address, null, handler, plainOnly);
        s.sslContext = sslContext;
        s.tlsParameters = tlsParameters;
        s.handshakeTimeout = handshakeTimeout;
        s.backlog = backlog;
        return s;
    }

    @Override
    HandlerGreenlet handlerFor(Object item) {
        Socket.Accepted a = (Socket.Accepted) item;
        return new Connection(this, a.socket(), a.address());
    }

    private static Socket checkListening(Socket listener) {
        Sneaky.checkNotNull("listener", listener);
        if (!(listener.channel() instanceof ServerSocketChannel) || listener.isClosed()) {
            throw new IllegalArgumentException("the listener must be a listening TCP socket: " + listener);
        }
        return listener;
    }

    private static InetSocketAddress localAddressOf(Socket s) {
        try {
            return s.localAddress();
        } catch (IOException e) {
            throw new IllegalArgumentException("the listener must be open: " + s, e);
        }
    }

    /**
     * One connection's greenlet: the TLS handshake if any, then the handler; it closes the
     * connection however that ends. Its server is the shard of the hub it runs on.
     */
    private static final class Connection extends HandlerGreenlet {
        private final StreamServer server;
        private final Socket conn;
        private final InetSocketAddress address;

        Connection(StreamServer server, Socket conn, InetSocketAddress address) {
            this.server = server;
            this.conn = conn;
            this.address = address;
        }

        @Override
        protected Void run() throws Exception {
            try {
                server.runHandler(this::serve);
            } finally {
                conn.close();
            }
            return null;
        }

        private void serve() throws Exception {
            SSLContext context = server.sslContext;
            if (context == null) {
                server.handler.handle(conn, address);
                return;
            }
            try (SslSocket s = SslSocket.wrap(conn, context, false, null)) {
                Consumer<SSLParameters> parameters = server.tlsParameters;
                if (parameters != null) {
                    SSLEngine engine = s.engine();
                    SSLParameters p = engine.getSSLParameters();
                    parameters.accept(p);
                    engine.setSSLParameters(p);
                }
                handshake(s);
                server.handler.handle(s, address);
            }
        }

        /** The handshake within its timeout in all (a trickling client is one slowloris), as a socket timeout. */
        private void handshake(SslSocket s) throws IOException {
            Duration handshakeTimeout = server.handshakeTimeout;
            Timeout bound = Timeout.start(handshakeTimeout);
            try {
                s.doHandshake();
            } catch (Timeout t) {
                if (t != bound) throw t;
                throw new SocketTimeoutException("TLS handshake not done within " + handshakeTimeout + " (from " + address + ")");
            } finally {
                bound.close();
            }
        }

        /** Never started (the server stopped first): the connection is closed all the same. */
        @Override
        void discard() {
            try {
                conn.close();
            } catch (IOException ignored) {
                // closing a socket does not fail on Linux; nothing to do if it did
            }
        }

        @Override
        protected String formatInfo() {
            return (server.sslContext == null ? "connection from " : "TLS connection from ") + address;
        }
    }
}
