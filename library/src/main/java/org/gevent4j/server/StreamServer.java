package org.gevent4j.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import javax.net.ssl.SSLContext;
import org.gevent4j.internal.Sneaky;
import org.gevent4j.socket.Socket;
import org.gevent4j.ssl.SslSocket;

/**
 * A TCP server: gevent's {@code gevent.server.StreamServer}. It accepts connections on a
 * listening socket and runs a handler for each in a greenlet of its own, with the connection's
 * {@link Socket} and the client's address; the connection is closed when the handler returns
 * (or throws).
 *
 * {@snippet lang=java :
 * try (StreamServer server = new StreamServer(new InetSocketAddress("127.0.0.1", 0), (conn, addr) -> {
 *     byte[] data;
 *     while ((data = conn.recv(8192)).length > 0) conn.sendAll(data); // echo
 * })) {
 *     server.start();
 *     int port = server.address().getPort();
 *     // ... clients connect ...
 * } // stop(): close the listener, let handlers finish for 1 s, then kill them
 * }
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
 * Given an {@link SSLContext}, the server wraps each connection in a server-side
 * {@link SslSocket}, does the handshake in the handler's greenlet (so a slow or garbage client
 * delays only itself; a failed handshake is reported like a handler's exception) and passes the
 * {@link SslSocket} to a {@link TlsHandler}.
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

    /** Handles one connection; the server closes {@code conn} when this returns. */
    @FunctionalInterface
    public interface Handler {
        void handle(Socket conn, InetSocketAddress address) throws Exception;
    }

    /** Handles one TLS connection (handshake done); the server closes {@code conn} when this returns. */
    @FunctionalInterface
    public interface TlsHandler {
        void handle(SslSocket conn, InetSocketAddress address) throws Exception;
    }

    private final Handler handler;
    private final TlsHandler tlsHandler;
    private final SSLContext sslContext;
    private int backlog = DEFAULT_BACKLOG;

    /**
     * A server that will listen on {@code address} (port 0: any free port) once
     * {@link #start started}, with {@code SO_REUSEADDR} set as gevent sets it on POSIX.
     */
    public StreamServer(InetSocketAddress address, Handler handler) {
        super(Sneaky.checkNotNull("address", address), null);
        this.handler = Sneaky.checkNotNull("handler", handler);
        this.tlsHandler = null;
        this.sslContext = null;
    }

    /**
     * A server accepting on {@code listener}, a socket that is already listening (gevent's
     * listener given as a socket). The server owns it from now on and closes it on stop.
     *
     * @throws IllegalArgumentException if {@code listener} is not a listening TCP socket
     */
    public StreamServer(Socket listener, Handler handler) {
        super(null, checkListening(listener));
        this.handler = Sneaky.checkNotNull("handler", handler);
        this.tlsHandler = null;
        this.sslContext = null;
        this.address = localAddressOf(listener);
    }

    /** A TLS server on {@code address}: each connection is wrapped with {@code context}, server side. */
    public StreamServer(InetSocketAddress address, SSLContext context, TlsHandler handler) {
        super(Sneaky.checkNotNull("address", address), null);
        this.handler = null;
        this.sslContext = Sneaky.checkNotNull("context", context);
        this.tlsHandler = Sneaky.checkNotNull("handler", handler);
    }

    /** A TLS server accepting on {@code listener}, a listening socket; see {@link #StreamServer(Socket, Handler)}. */
    public StreamServer(Socket listener, SSLContext context, TlsHandler handler) {
        super(null, checkListening(listener));
        this.handler = null;
        this.sslContext = Sneaky.checkNotNull("context", context);
        this.tlsHandler = Sneaky.checkNotNull("handler", handler);
        this.address = localAddressOf(listener);
    }

    /**
     * The listen backlog ({@link #DEFAULT_BACKLOG}, 256, by default, as in gevent): connections the
     * kernel completes while the server is not accepting (a full pool, a burst); on Linux a connect
     * beyond it has its SYN dropped and retries a second later. Before {@link #start}; not for a
     * server given a socket. Never blocks.
     *
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

    /** Whether the server wraps connections in TLS (gevent's {@code ssl_enabled}). */
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
        StreamServer s = sslContext == null ? new StreamServer(address, handler) : new StreamServer(address, sslContext, tlsHandler);
        s.backlog = backlog;
        return s;
    }

    @Override
    HandlerGreenlet handlerFor(Object item) {
        Socket.Accepted a = (Socket.Accepted) item;
        return sslContext == null ? new Plain(this, a.socket(), a.address(), handler) : new Tls(this, a.socket(), a.address(), sslContext, tlsHandler);
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

    /** One connection's greenlet: it serves the connection and closes it however serving ends. */
    private abstract static class Connection extends HandlerGreenlet {
        final StreamServer server;
        final Socket conn;
        final InetSocketAddress address;

        Connection(StreamServer server, Socket conn, InetSocketAddress address) {
            this.server = server;
            this.conn = conn;
            this.address = address;
        }

        abstract void serve() throws Exception;

        @Override
        protected final Void run() throws Exception {
            try {
                serve();
            } finally {
                conn.close();
            }
            return null;
        }

        /** Never started (the server stopped first): the connection is closed all the same. */
        @Override
        final void discard() {
            try {
                conn.close();
            } catch (IOException ignored) {
                // closing a socket does not fail on Linux; nothing to do if it did
            }
        }
    }

    private static final class Plain extends Connection {
        private final Handler handler;

        Plain(StreamServer server, Socket conn, InetSocketAddress address, Handler handler) {
            super(server, conn, address);
            this.handler = handler;
        }

        @Override
        void serve() throws Exception {
            server.runHandler(() -> handler.handle(conn, address));
        }

        @Override
        protected String formatInfo() {
            return "connection from " + address;
        }
    }

    /** A TLS connection: the handshake happens in its own greenlet, not in the accept loop. */
    private static final class Tls extends Connection {
        private final SSLContext context;
        private final TlsHandler handler;

        Tls(StreamServer server, Socket conn, InetSocketAddress address, SSLContext context, TlsHandler handler) {
            super(server, conn, address);
            this.context = context;
            this.handler = handler;
        }

        @Override
        void serve() throws Exception {
            server.runHandler(() -> {
                try (SslSocket s = SslSocket.wrap(conn, context, false, null)) {
                    s.doHandshake();
                    handler.handle(s, address);
                }
            });
        }

        @Override
        protected String formatInfo() {
            return "TLS connection from " + address;
        }
    }
}
