package org.gevent4j.ssl;

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
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import org.gevent4j.internal.Sneaky;
import org.gevent4j.internal.SocketStreams;
import org.gevent4j.socket.Socket;
import org.gevent4j.socket.Sockets;
import org.gevent4j.socket.StreamSocket;

/**
 * A TLS connection over a cooperative {@link Socket}, client or server side: gevent's
 * {@code gevent.ssl.SSLSocket}, on JSSE's {@link SSLEngine}. It has the socket's I/O methods
 * ({@code recv}, {@code recvInto}, {@code send}, {@code sendAll}, streams, timeouts) and blocks the
 * same way: only the calling greenlet waits. Like a {@link Socket}, it is a {@link StreamSocket}.
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
 * <p>Differs from gevent: no {@code unwrap()} to return to plain TCP; the socket's timeout
 * bounds each wait of {@code sendAll}, not the whole call; {@link #shutdown} with
 * {@code SHUT_WR} sends {@code close_notify} (Python's drops the TLS layer and shuts the TCP
 * socket down, which a TLS peer sees as a truncation).
 */
public final class SslSocket implements StreamSocket {
    private final Socket socket;
    private final SSLEngine engine;
    private final TlsDriver tls;
    private InputStream in;
    private OutputStream out;

    private SslSocket(Socket socket, SSLEngine engine) {
        this.socket = socket;
        this.engine = engine;
        this.tls = new TlsDriver(socket, engine);
    }

    /**
     * Wraps a connected {@code socket} in TLS with {@code context}, as the client or the server
     * side (gevent's {@code SSLContext.wrap_socket}). A client given {@code peerHost} (a host
     * name or literal address; {@code null}: none) sends it as SNI and checks the server's
     * certificate against it. The TLS socket owns {@code socket} from now on. Does not block: the
     * handshake happens at first I/O or {@link #doHandshake()}.
     *
     * @param socket a connected TCP socket; not null
     * @param context the TLS configuration (protocols, key material, trust); not null
     * @param client {@code true} for the client side of the handshake, {@code false} for the server side
     * @param peerHost for a client, the server's name for SNI and certificate checking; {@code null}
     *     for no check (and for a server)
     * @return the TLS socket over {@code socket}, handshake not yet done
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
     * @param host the server's host name (or literal address), also checked against its certificate
     * @param port the server's port, 0 to 65535
     * @param context the TLS configuration (protocols, trust); not null
     * @return a TLS socket with the handshake done, blocking without a timeout, owned by the caller
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

    /**
     * The TCP socket underneath. Reading or writing it directly breaks the TLS stream.
     *
     * @return the wrapped socket, never null
     */
    public Socket socket() {
        return socket;
    }

    /**
     * The TLS session: protocol, cipher suite, peer certificates (complete after the handshake).
     *
     * @return the engine's current session; never null (a placeholder before the handshake)
     */
    public SSLSession session() {
        return engine.getSession();
    }

    /** {@link #session()}: never {@code null} for a TLS socket. */
    @Override
    public SSLSession sslSession() {
        return engine.getSession();
    }

    /**
     * The engine underneath, for its parameters (protocols, cipher suites, ALPN) before the handshake.
     *
     * @return the engine, never null
     */
    public SSLEngine engine() {
        return engine;
    }

    /**
     * Whether the handshake has completed.
     *
     * @return {@code true} once the first handshake has finished successfully
     */
    public boolean handshakeDone() {
        return tls.handshaken();
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
     * @throws javax.net.ssl.SSLException for other TLS errors
     * @throws SocketException if the socket is closed
     */
    public void doHandshake() throws IOException {
        tls.handshake();
    }

    // ---- receiving -------------------------------------------------------------------------

    /**
     * Receives up to {@code max} bytes of plaintext: at least one, or an empty array at end of
     * stream. Blocks until data or end of stream arrives (handshaking first if needed); see the
     * class comment for what ends the wait.
     *
     * @throws javax.net.ssl.SSLException if the peer sends something that is not valid TLS
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
        return tls.read(dst);
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
        return tls.writeRecord(src);
    }

    /** {@link #send(ByteBuffer)} of {@code data}. */
    public int send(byte[] data) throws IOException {
        return send(ByteBuffer.wrap(data));
    }

    /** {@link #send(ByteBuffer)} of {@code data[off..off+len)}. */
    public int send(byte[] data, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, data.length);
        return send(ByteBuffer.wrap(data, off, len));
    }

    /**
     * Encrypts and sends all of {@code src}, advancing its position: gevent's {@code sendall}.
     * Blocks until all is sent; if a kill or timeout ends it early, an unknown prefix was sent.
     */
    public void sendAll(ByteBuffer src) throws IOException {
        Sneaky.checkNotNull("data", src);
        ensureOpen();
        doHandshake();
        tls.writeAll(src);
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
     * Shuts down one or both directions of the TLS connection ({@link Socket#SHUT_RD},
     * {@link Socket#SHUT_WR}, {@link Socket#SHUT_RDWR}); the socket stays open until
     * {@link #close()}.
     * <ul>
     * <li>{@code SHUT_WR} sends {@code close_notify} (after the handshake; before it, nothing),
     *     then shuts down the TCP sending side. The peer reads end of stream; sends fail with a
     *     {@link SocketException}; receiving goes on. TLS 1.3 has half-closes: the peer may go
     *     on sending. TLS 1.2 has none: its peer answers with its own {@code close_notify}
     *     (JSSE's does, and refuses to send more), which reads here as end of stream.</li>
     * <li>{@code SHUT_RD} stops receiving: the TCP receiving side is shut down and receives
     *     return end of stream at once, dropping plaintext already decrypted and not yet read.
     *     Nothing is sent to the peer (TLS has no message for it), and sending goes on.</li>
     * </ul>
     * Blocks while {@code close_notify} is sent, like {@link #sendAll}; a kill or timeout
     * meanwhile leaves the connection unusable for sending: close it.
     *
     * @throws IllegalArgumentException if {@code how} is none of the three
     * @throws SocketException if the socket is closed or not connected
     */
    @Override
    public void shutdown(int how) throws IOException {
        if (how < Socket.SHUT_RD || how > Socket.SHUT_RDWR) {
            throw new IllegalArgumentException("shutdown: how must be SHUT_RD, SHUT_WR or SHUT_RDWR: " + how);
        }
        ensureOpen();
        if (how != Socket.SHUT_RD) tls.shutdownOutput();
        if (how != Socket.SHUT_WR) tls.shutdownInput();
    }

    /**
     * Sends {@code close_notify} if the handshake was done and the socket takes it at once, then
     * closes the socket. A second close does nothing. Never blocks.
     */
    @Override
    public void close() throws IOException {
        tls.close();
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return tls.closed();
    }

    // ---- streams ---------------------------------------------------------------------------

    /** An {@link InputStream} of the plaintext: reads block like {@link #recvInto}, -1 at end of stream. Closing it closes this socket. */
    public synchronized InputStream getInputStream() throws IOException {
        ensureOpen();
        if (in == null) in = SocketStreams.input(this, this::recvInto);
        return in;
    }

    /** An {@link OutputStream} of the plaintext: writes send everything like {@link #sendAll}. Unbuffered. Closing it closes this socket. */
    public synchronized OutputStream getOutputStream() throws IOException {
        ensureOpen();
        if (out == null) out = SocketStreams.output(this, this::sendAll);
        return out;
    }

    private void ensureOpen() throws SocketException {
        tls.ensureOpen();
    }

    @Override
    public String toString() {
        return "<gevent4j.ssl.SslSocket " + (engine.getUseClientMode() ? "client" : "server")
                + (tls.handshaken() ? " " + engine.getSession().getProtocol() : "") + " over " + socket + ">";
    }

    private static boolean isAddress(String host) {
        try {
            return InetAddress.ofLiteral(host) != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
