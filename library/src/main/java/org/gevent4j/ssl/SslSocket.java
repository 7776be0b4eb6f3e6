package org.gevent4j.ssl;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import org.gevent4j.internal.Sneaky;
import org.gevent4j.lock.Lock;
import org.gevent4j.socket.Socket;
import org.gevent4j.socket.Sockets;

/*
 * Implementation overview
 *
 * JSSE's SSLEngine does the TLS work on buffers; this class moves bytes between it and a
 * cooperative Socket. Three heap buffers, all kept in "fill" mode (data in [0, position)):
 * netIn holds ciphertext read from the socket and not yet unwrapped, appIn plaintext unwrapped and
 * not yet returned, netOut ciphertext wrapped and not yet sent. A send that is killed mid-write
 * leaves the unsent rest in netOut, sent before anything else, so the TLS stream stays whole.
 *
 * Concurrency: one reader and one writer greenlet at a time, as for Socket. The handshake takes a
 * cooperative lock (a reader and a writer may both start it on first I/O); wrapping and flushing
 * take a second one, since the reader too may have to wrap (a TLS 1.3 KeyUpdate reply, a
 * renegotiation). Delegated tasks (certificate checks, key agreement) run inline in the calling
 * greenlet: they are CPU work, as OpenSSL's are under gevent.
 */

/**
 * A TLS connection over a cooperative {@link Socket}, client or server side: gevent's
 * {@code gevent.ssl.SSLSocket}, on JSSE's {@link SSLEngine}. It has the socket's I/O methods
 * ({@code recv}, {@code recvInto}, {@code send}, {@code sendAll}, streams, timeouts) and blocks the
 * same way: only the calling greenlet waits.
 *
 * {@snippet lang=java :
 * try (SslSocket tls = SslSocket.connect("localhost", port, sslContext)) { // handshake done
 *     tls.sendAll("GET / HTTP/1.0\r\n\r\n".getBytes());
 *     byte[] reply = tls.recv(8192);
 * }
 * }
 *
 * <h2>Handshake</h2>
 * The handshake happens on the first {@code recv}/{@code send}, or explicitly with
 * {@link #doHandshake()} (gevent's {@code do_handshake}). A client given a peer host name checks
 * the server's certificate against it (HTTPS rules: a DNS or IP subject alternative name) and
 * sends it as SNI, as Python's default context does.
 *
 * <h2>Blocking</h2>
 * Each call blocks like the {@link Socket} call it makes, with the socket's own timeout applying
 * to each wait ({@link java.net.SocketTimeoutException}); a kill or {@code Timeout} is raised from
 * the wait. After a kill during a handshake the connection is unusable: close it.
 *
 * <h2>End of stream</h2>
 * {@code recv} returns an empty array (0 for {@code recvInto}) after the peer's
 * {@code close_notify}, and also when the peer just closes the TCP connection (gevent's
 * {@code suppress_ragged_eofs=True}). {@link #close()} sends {@code close_notify} if the socket
 * can take it at once, then closes the socket.
 *
 * <p>Differs from gevent: no {@code unwrap()} to return to plain TCP, and the socket's timeout
 * bounds each wait of {@code sendAll}, not the whole call.
 */
public final class SslSocket implements Closeable {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final Socket socket;
    private final SSLEngine engine;
    private ByteBuffer netIn, appIn, netOut;
    private final Lock handshakeLock = new Lock();
    private final Lock writeLock = new Lock();
    private volatile boolean handshaken;
    private boolean handshakeBegun;
    /** The peer's close_notify, or its end of stream, was read. */
    private boolean inboundDone;
    private volatile boolean closed;
    private InputStream in;
    private OutputStream out;

    private SslSocket(Socket socket, SSLEngine engine) {
        this.socket = socket;
        this.engine = engine;
        SSLSession s = engine.getSession();
        netIn = ByteBuffer.allocate(s.getPacketBufferSize());
        appIn = ByteBuffer.allocate(s.getApplicationBufferSize());
        netOut = ByteBuffer.allocate(s.getPacketBufferSize());
    }

    /**
     * Wraps a connected {@code socket} in TLS with {@code context}, as the client or the server
     * side (gevent's {@code SSLContext.wrap_socket}). A client given {@code peerHost} (a host
     * name or literal address; {@code null}: none) sends it as SNI and checks the server's
     * certificate against it. The TLS socket owns {@code socket} from now on. Does not block: the
     * handshake happens at first I/O or {@link #doHandshake()}.
     *
     * @throws IllegalArgumentException if {@code socket} is not a connected TCP socket
     */
    public static SslSocket wrap(Socket socket, SSLContext context, boolean client, String peerHost) {
        Sneaky.checkNotNull("socket", socket);
        Sneaky.checkNotNull("context", context);
        if (socket.type() != Socket.Type.STREAM) throw new IllegalArgumentException("TLS needs a TCP socket: " + socket);
        InetSocketAddress remote;
        try {
            remote = socket.remoteAddress();
        } catch (IOException e) {
            throw new IllegalArgumentException("the socket must be open and connected: " + socket, e);
        }
        if (remote == null) throw new IllegalArgumentException("the socket must be connected: " + socket);
        SSLEngine engine = client && peerHost != null
                ? context.createSSLEngine(peerHost, remote.getPort())
                : context.createSSLEngine();
        engine.setUseClientMode(client);
        if (client && peerHost != null) {
            SSLParameters p = engine.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS");
            if (!isAddress(peerHost)) p.setServerNames(List.of(new SNIHostName(peerHost)));
            engine.setSSLParameters(p);
        }
        return new SslSocket(socket, engine);
    }

    /**
     * Connects to {@code host}:{@code port} ({@link Sockets#createConnection}), wraps the socket as
     * a TLS client checking the server's certificate for {@code host}, and does the handshake.
     *
     * <p>Blocks while connecting and handshaking; a kill or {@code Timeout} leaves no socket open.
     *
     * @throws SSLHandshakeException if the handshake fails (untrusted or mismatched certificate...)
     * @throws IOException if the connection fails
     */
    public static SslSocket connect(String host, int port, SSLContext context) throws IOException {
        Socket s = Sockets.createConnection(host, port);
        boolean ok = false;
        try {
            SslSocket tls = wrap(s, context, true, host);
            tls.doHandshake();
            ok = true;
            return tls;
        } finally {
            if (!ok) s.close();
        }
    }

    /** The TCP socket underneath. Reading or writing it directly breaks the TLS stream. */
    public Socket socket() {
        return socket;
    }

    /** The TLS session: protocol, cipher suite, peer certificates (complete after the handshake). */
    public SSLSession session() {
        return engine.getSession();
    }

    /** The engine underneath, for its parameters (protocols, cipher suites, ALPN) before the handshake. */
    public SSLEngine engine() {
        return engine;
    }

    /** Whether the handshake has completed. */
    public boolean handshakeDone() {
        return handshaken;
    }

    /** The socket's timeout: see {@link Socket#setTimeout}. */
    public void setTimeout(Duration timeout) {
        socket.setTimeout(timeout);
    }

    /** The socket's timeout: see {@link Socket#timeout}. */
    public Duration timeout() {
        return socket.timeout();
    }

    /** The socket's own address. */
    public InetSocketAddress localAddress() throws IOException {
        return socket.localAddress();
    }

    /** The peer's address. */
    public InetSocketAddress remoteAddress() throws IOException {
        return socket.remoteAddress();
    }

    // ---- handshake -------------------------------------------------------------------------

    /**
     * Does the TLS handshake now, if it has not been done: gevent's {@code do_handshake}. Another
     * greenlet that starts I/O meanwhile waits for it.
     *
     * <p>Blocks while messages go back and forth; a kill, {@code Timeout} or the socket's own
     * timeout ends it (close the socket then).
     *
     * @throws SSLHandshakeException if the peer is not speaking TLS, its certificate is not
     *     trusted, or it closed the connection during the handshake
     * @throws SSLException for other TLS errors
     * @throws SocketException if the socket is closed
     */
    public void doHandshake() throws IOException {
        if (handshaken) return;
        handshakeLock.acquire();
        try {
            if (handshaken) return;
            ensureOpen();
            if (!handshakeBegun) {
                handshakeBegun = true;
                engine.beginHandshake();
            }
            SSLEngineResult.HandshakeStatus hs = engine.getHandshakeStatus();
            while (true) {
                switch (hs) {
                    case NEED_WRAP -> {
                        writeLock.acquire();
                        try {
                            SSLEngineResult r = wrapInto(EMPTY);
                            flush();
                            if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                                throw new SSLHandshakeException("the TLS engine closed during the handshake");
                            }
                            hs = r.getHandshakeStatus();
                        } finally {
                            writeLock.release();
                        }
                    }
                    case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                        SSLEngineResult r = unwrapOnce(true);
                        if (r == null) continue; // read more ciphertext
                        if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                            throw new SSLHandshakeException("the peer closed the TLS connection during the handshake");
                        }
                        hs = r.getHandshakeStatus();
                    }
                    case NEED_TASK -> {
                        runTasks();
                        hs = engine.getHandshakeStatus();
                    }
                    case FINISHED, NOT_HANDSHAKING -> {
                        handshaken = true;
                        return;
                    }
                }
            }
        } catch (SSLException e) {
            sendAlertQuietly();
            throw e;
        } finally {
            handshakeLock.release();
        }
    }

    /**
     * Unwraps one record from netIn into appIn and returns the result, reading from the socket
     * while the record is incomplete. After the handshake, returns null once it has read (the
     * caller loops) or at end of stream (inboundDone set); during it, end of stream is an
     * {@link SSLHandshakeException}.
     */
    private SSLEngineResult unwrapOnce(boolean handshaking) throws IOException {
        while (true) {
            SSLEngineResult r;
            if (netIn.position() > 0) {
                netIn.flip();
                try {
                    r = engine.unwrap(netIn, appIn);
                } finally {
                    netIn.compact();
                }
                switch (r.getStatus()) {
                    case BUFFER_OVERFLOW -> {
                        appIn = grow(appIn, engine.getSession().getApplicationBufferSize());
                        continue;
                    }
                    case BUFFER_UNDERFLOW -> {
                        if (!netIn.hasRemaining()) netIn = grow(netIn, engine.getSession().getPacketBufferSize());
                    }
                    default -> {
                        return r;
                    }
                }
            }
            if (!netIn.hasRemaining()) netIn = grow(netIn, engine.getSession().getPacketBufferSize());
            int n = socket.recvInto(netIn);
            if (n == 0) {
                if (handshaking) {
                    throw new SSLHandshakeException("the peer closed the connection during the TLS handshake");
                }
                inboundDone = true;
                try {
                    engine.closeInbound();
                } catch (SSLException ragged) {
                    // No close_notify: gevent's suppress_ragged_eofs treats it as end of stream.
                }
                return null;
            }
            if (!handshaking) return null;
        }
    }

    private static ByteBuffer grow(ByteBuffer b, int atLeast) {
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(b.capacity() * 2, b.position() + atLeast));
        b.flip();
        bigger.put(b);
        return bigger;
    }

    private void runTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) task.run();
    }

    /** Wraps from {@code src} into netOut, growing it as needed. Holding writeLock. */
    private SSLEngineResult wrapInto(ByteBuffer src) throws SSLException {
        while (true) {
            SSLEngineResult r = engine.wrap(src, netOut);
            if (r.getStatus() != SSLEngineResult.Status.BUFFER_OVERFLOW) {
                if (r.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_TASK) runTasks();
                return r;
            }
            netOut = grow(netOut, engine.getSession().getPacketBufferSize());
        }
    }

    /** Wraps application data; an engine that makes no progress wants a renegotiation we do not do. Holding writeLock. */
    private SSLEngineResult wrapData(ByteBuffer src) throws SSLException, SocketException {
        SSLEngineResult r = wrapInto(src);
        if (r.getStatus() == SSLEngineResult.Status.CLOSED) throw closedForWriting();
        if (r.bytesConsumed() == 0 && r.bytesProduced() == 0 && src.hasRemaining()) {
            r = wrapInto(src); // once more, after any delegated task
            if (r.bytesConsumed() == 0 && r.bytesProduced() == 0) {
                throw new SSLException("TLS renegotiation is not supported: the engine wants to "
                        + r.getHandshakeStatus() + " before it sends data");
            }
        }
        return r;
    }

    /** Sends all of netOut; what a kill leaves unsent stays in it, to go first next time. Holding writeLock. */
    private void flush() throws IOException {
        if (netOut.position() == 0) return;
        netOut.flip();
        try {
            socket.sendAll(netOut);
        } finally {
            netOut.compact();
        }
    }

    /** After a TLS error: the engine's alert, if the socket takes it at once. */
    private void sendAlertQuietly() {
        try {
            engine.closeOutbound();
            if (writeLock.acquire(false, null)) {
                try {
                    wrapInto(EMPTY);
                    flushNow();
                } finally {
                    writeLock.release();
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // Best effort: the connection is failing anyway.
        }
    }

    /** Sends what netOut holds if the socket takes it without waiting. Holding writeLock. */
    private void flushNow() throws IOException {
        Duration t = socket.timeout();
        socket.setTimeout(Duration.ZERO);
        try {
            flush();
        } finally {
            socket.setTimeout(t);
        }
    }

    // ---- receiving -------------------------------------------------------------------------

    /**
     * Receives up to {@code max} bytes of plaintext: at least one, or an empty array at end of
     * stream. Blocks until data or end of stream arrives (handshaking first if needed); see the
     * class comment for what ends the wait.
     *
     * @throws SSLException if the peer sends something that is not valid TLS
     */
    public byte[] recv(int max) throws IOException {
        if (max < 0) throw new IllegalArgumentException("negative buffersize in recv: " + max);
        byte[] b = new byte[max];
        int n = recvInto(ByteBuffer.wrap(b));
        return n == max ? b : Arrays.copyOf(b, n);
    }

    /** {@link #recvInto(ByteBuffer)} into {@code b}. */
    public int recvInto(byte[] b) throws IOException {
        return recvInto(ByteBuffer.wrap(b));
    }

    /** {@link #recvInto(ByteBuffer)} into {@code b[off..off+len)}. */
    public int recvInto(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        return recvInto(ByteBuffer.wrap(b, off, len));
    }

    /**
     * Receives plaintext into {@code dst}'s remaining space (advancing its position); returns the
     * count: at least one, or 0 at end of stream or when {@code dst} is full. Blocks like
     * {@link #recv}.
     */
    public int recvInto(ByteBuffer dst) throws IOException {
        Sneaky.checkNotNull("buffer", dst);
        ensureOpen();
        doHandshake();
        if (!dst.hasRemaining()) return 0;
        while (true) {
            if (appIn.position() > 0) {
                appIn.flip();
                int n = Math.min(appIn.remaining(), dst.remaining());
                int limit = appIn.limit();
                appIn.limit(appIn.position() + n);
                dst.put(appIn);
                appIn.limit(limit);
                appIn.compact();
                return n;
            }
            if (inboundDone) return 0;
            SSLEngineResult r;
            try {
                r = unwrapOnce(false);
            } catch (SSLException e) {
                sendAlertQuietly();
                throw e;
            }
            if (r == null) continue;
            if (r.getStatus() == SSLEngineResult.Status.CLOSED) inboundDone = true;
            afterUnwrap(r.getHandshakeStatus());
        }
    }

    /** Post-handshake messages (session tickets, key updates, renegotiation) the reader must answer. */
    private void afterUnwrap(SSLEngineResult.HandshakeStatus hs) throws IOException {
        while (true) {
            switch (hs) {
                case NEED_TASK -> {
                    runTasks();
                    hs = engine.getHandshakeStatus();
                }
                case NEED_WRAP -> {
                    if (engine.isOutboundDone()) return;
                    writeLock.acquire();
                    try {
                        SSLEngineResult r = wrapInto(EMPTY);
                        flush();
                        if (r.getStatus() == SSLEngineResult.Status.CLOSED) return;
                        hs = r.getHandshakeStatus();
                    } finally {
                        writeLock.release();
                    }
                }
                default -> {
                    return; // NEED_UNWRAP: the read loop goes on unwrapping
                }
            }
        }
    }

    // ---- sending ---------------------------------------------------------------------------

    /**
     * Encrypts and sends as much of {@code src} as one TLS record holds (up to 16 KiB), advancing
     * its position; returns how many plaintext bytes that was. Blocks until the record is sent
     * (handshaking first if needed).
     *
     * @throws SocketException if this side has closed the TLS connection
     */
    public int send(ByteBuffer src) throws IOException {
        Sneaky.checkNotNull("data", src);
        ensureOpen();
        doHandshake();
        if (!src.hasRemaining()) return 0;
        writeLock.acquire();
        try {
            SSLEngineResult r = wrapData(src);
            flush();
            return r.bytesConsumed();
        } finally {
            writeLock.release();
        }
    }

    /** {@link #send(ByteBuffer)} of {@code data}. */
    public int send(byte[] data) throws IOException {
        return send(ByteBuffer.wrap(data));
    }

    /**
     * Encrypts and sends all of {@code src}, advancing its position: gevent's {@code sendall}.
     * Blocks until all is sent; if a kill or timeout ends it early, an unknown prefix was sent.
     */
    public void sendAll(ByteBuffer src) throws IOException {
        Sneaky.checkNotNull("data", src);
        ensureOpen();
        doHandshake();
        writeLock.acquire();
        try {
            int packet = engine.getSession().getPacketBufferSize();
            while (src.hasRemaining()) {
                // Several records per write when there is room: fewer system calls.
                do {
                    if (netOut.remaining() < packet) netOut = grow(netOut, packet);
                    wrapData(src);
                } while (src.hasRemaining() && netOut.position() < 4 * packet);
                flush();
            }
        } finally {
            writeLock.release();
        }
    }

    /** {@link #sendAll(ByteBuffer)} of {@code data}. */
    public void sendAll(byte[] data) throws IOException {
        sendAll(ByteBuffer.wrap(data));
    }

    /** {@link #sendAll(ByteBuffer)} of {@code data[off..off+len)}. */
    public void sendAll(byte[] data, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, data.length);
        sendAll(ByteBuffer.wrap(data, off, len));
    }

    // ---- closing ---------------------------------------------------------------------------

    /**
     * Sends {@code close_notify} if the handshake was done and the socket takes it at once, then
     * closes the socket. A second close does nothing. Never blocks.
     */
    @Override
    public void close() throws IOException {
        if (closed) return;
        closed = true;
        try {
            if (handshaken && !engine.isOutboundDone() && !socket.isClosed()) {
                engine.closeOutbound();
                if (writeLock.acquire(false, null)) {
                    try {
                        wrapInto(EMPTY);
                        flushNow();
                    } catch (IOException ignored) {
                        // The peer is gone or not reading: close_notify is a courtesy.
                    } finally {
                        writeLock.release();
                    }
                }
            }
        } finally {
            socket.close();
        }
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    // ---- streams ---------------------------------------------------------------------------

    /** An {@link InputStream} of the plaintext: reads block like {@link #recvInto}, -1 at end of stream. Closing it closes this socket. */
    public synchronized InputStream getInputStream() throws IOException {
        ensureOpen();
        if (in == null) {
            in = new InputStream() {
                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    Objects.checkFromIndexSize(off, len, b.length);
                    if (len == 0) return 0;
                    int n = recvInto(b, off, len);
                    return n == 0 ? -1 : n;
                }

                @Override
                public void close() throws IOException {
                    SslSocket.this.close();
                }
            };
        }
        return in;
    }

    /** An {@link OutputStream} of the plaintext: writes send everything like {@link #sendAll}. Unbuffered. Closing it closes this socket. */
    public synchronized OutputStream getOutputStream() throws IOException {
        ensureOpen();
        if (out == null) {
            out = new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    sendAll(new byte[] {(byte) b});
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    sendAll(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    SslSocket.this.close();
                }
            };
        }
        return out;
    }

    private void ensureOpen() throws SocketException {
        if (closed) throw new SocketException("Socket is closed");
    }

    private static SocketException closedForWriting() {
        return new SocketException("the TLS connection is closed for writing (close_notify sent)");
    }

    @Override
    public String toString() {
        return "<gevent4j.ssl.SslSocket " + (engine.getUseClientMode() ? "client" : "server")
                + (handshaken ? " " + engine.getSession().getProtocol() : "") + " over " + socket + ">";
    }

    private static boolean isAddress(String host) {
        try {
            return InetAddress.ofLiteral(host) != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
