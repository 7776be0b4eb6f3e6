package org.gevent4j.socket;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import javax.net.ssl.SSLSession;
import org.gevent4j.ssl.SslSocket;

/**
 * A cooperative byte-stream connection, plain TCP ({@link Socket}) or TLS ({@link SslSocket}):
 * what code that serves or speaks a protocol needs, whichever it runs over. A
 * {@link org.gevent4j.server.StreamServer} made with
 * {@link org.gevent4j.server.StreamServer#serving StreamServer.serving} hands one to its handler,
 * so the same handler serves plain and TLS connections.
 *
 * {@snippet lang=java :
 * StreamServer.ConnectionHandler echo = (conn, addr) -> {
 *     byte[] data;
 *     while ((data = conn.recv(8192)).length > 0) conn.sendAll(data);
 * };
 * StreamServer plain = StreamServer.serving(new InetSocketAddress("127.0.0.1", 0), echo);
 * StreamServer tls = StreamServer.serving(new InetSocketAddress("127.0.0.1", 0), echo).tls(sslContext);
 * }
 *
 * <h2>Blocking</h2>
 * Receiving, sending and the streams block only the calling greenlet (a platform thread runs its
 * hub meanwhile), as each implementation's class comment details. What ends a wait:
 * <ul>
 * <li>readiness: the call completes;</li>
 * <li>the socket's own timeout ({@link #setTimeout}): {@link SocketTimeoutException};
 *     {@link Duration#ZERO} makes a call that would wait throw {@link BlockingIOException};</li>
 * <li>a {@code Timeout} or kill of the waiting greenlet: raised there, and the socket stays open
 *     and usable with no byte lost (a TLS socket killed during its handshake is not usable: close
 *     it);</li>
 * <li>{@link #close()} from another greenlet or thread: {@link SocketException}.</li>
 * </ul>
 * One greenlet may receive and one may send at a time.
 *
 * <h2>Sealed</h2>
 * Only {@link Socket} and {@link SslSocket} implement this interface, so a {@code switch} over a
 * {@code StreamSocket} needs no default branch. The two live in different packages, which a
 * sealed type allows only inside one named module; gevent4j is compiled as one
 * ({@code org.gevent4j}), and that holds on the class path too: there all of it is in the
 * unnamed module, HotSpot checks that a permitted subclass is in the sealed type's run-time
 * module (and, unless it is public, its package), and both classes are public. Checked on JDK 25
 * with a jar on the class path: the two load and {@code isSealed()} is true; a class of another
 * jar that implements this interface is refused by {@code javac} ("class is not allowed to
 * extend sealed class"), and if it was compiled against a non-sealed copy, loading it throws
 * {@link IncompatibleClassChangeError} ("is not a permitted subclass"). {@code StreamSocketTest}
 * runs that check in a JVM of its own with the library on the class path.
 *
 * <p>A {@link Socket} is a {@code StreamSocket} whatever its {@link Socket.Type}: a UDP socket's
 * stream calls behave as {@link Socket} says ({@code shutdown} throws "not connected"). Servers
 * hand out connected TCP sockets only.
 */
public sealed interface StreamSocket extends Closeable permits Socket, SslSocket {
    /**
     * Receives up to {@code max} bytes: at least one, or an empty array at end of stream.
     * Blocks until data or end of stream arrives, as the class comment says.
     *
     * @param max the most bytes to take, not negative
     * @return the bytes received, 1 to {@code max} of them; empty at end of stream (or if {@code max} is 0)
     * @throws SocketTimeoutException if the socket's timeout expires first
     * @throws SocketException if the socket is closed, by this side or meanwhile, or reset
     * @throws IOException for other I/O errors (a TLS record that does not decrypt, say)
     */
    byte[] recv(int max) throws IOException;

    /**
     * {@link #recvInto(ByteBuffer)} into {@code b}; returns the count, 0 at end of stream.
     *
     * @param b the array to fill from index 0; not null
     * @return how many bytes were stored; 0 at end of stream or if {@code b} is empty
     * @throws IOException as {@link #recv} throws it
     */
    int recvInto(byte[] b) throws IOException;

    /**
     * {@link #recvInto(ByteBuffer)} into {@code b[off..off+len)}; returns the count, 0 at end of stream.
     *
     * @param b the array to fill; not null
     * @param off the index of the first byte to store
     * @param len the most bytes to store
     * @return how many bytes were stored, from {@code off}; 0 at end of stream or if {@code len} is 0
     * @throws IOException as {@link #recv} throws it
     */
    int recvInto(byte[] b, int off, int len) throws IOException;

    /**
     * Receives into {@code dst}'s remaining space, advancing its position, and returns the count:
     * at least one, or 0 at end of stream (Python's convention) or when {@code dst} is full.
     * Blocks and throws like {@link #recv}.
     *
     * @param dst the buffer to fill from its position; not null
     * @return how many bytes were stored; 0 at end of stream or if {@code dst} has no room
     * @throws IOException as {@link #recv} throws it
     */
    int recvInto(ByteBuffer dst) throws IOException;

    /**
     * Sends part of {@code data}, at least one byte (waiting if the socket takes none now), and
     * returns how much. Blocks as the class comment says; a kill or timeout sends nothing.
     *
     * @param data the bytes to send; not null
     * @return how many bytes were sent, from the start of {@code data}: at least one unless it is empty
     * @throws SocketTimeoutException if the socket's timeout expires first
     * @throws IOException if the socket is closed or the peer has gone ("Broken pipe")
     */
    int send(byte[] data) throws IOException;

    /**
     * {@link #send(byte[])} of {@code data[off..off+len)}.
     *
     * @param data the array holding the bytes; not null
     * @param off the index of the first byte to send
     * @param len how many bytes to offer
     * @return how many bytes were sent, from {@code off}
     * @throws IOException as {@link #send(byte[])} throws it
     */
    int send(byte[] data, int off, int len) throws IOException;

    /**
     * {@link #send(byte[])} of {@code src}'s remaining bytes, advancing its position.
     *
     * @param src the bytes from its position to its limit; not null
     * @return how many bytes were sent (how far the position moved)
     * @throws IOException as {@link #send(byte[])} throws it
     */
    int send(ByteBuffer src) throws IOException;

    /**
     * Sends all of {@code data}. Blocks like {@link #send(byte[])} until all is sent; if a
     * timeout, kill or error ends it early, an unknown prefix of the data has been sent.
     *
     * @param data the bytes to send; not null
     * @throws IOException as {@link #send(byte[])} throws it; some of {@code data} may have gone
     */
    void sendAll(byte[] data) throws IOException;

    /**
     * {@link #sendAll(byte[])} of {@code data[off..off+len)}.
     *
     * @param data the array holding the bytes; not null
     * @param off the index of the first byte to send
     * @param len how many bytes to send
     * @throws IOException as {@link #send(byte[])} throws it; some of the bytes may have gone
     */
    void sendAll(byte[] data, int off, int len) throws IOException;

    /**
     * {@link #sendAll(byte[])} of {@code src}'s remaining bytes, advancing its position.
     *
     * @param src the bytes from its position to its limit; not null
     * @throws IOException as {@link #send(byte[])} throws it; the position shows how much was sent
     */
    void sendAll(ByteBuffer src) throws IOException;

    /**
     * The received bytes as a stream: {@code read} blocks like {@link #recvInto} and returns -1
     * at end of stream. Closing it closes the socket. The same object on every call.
     *
     * @return the socket's input stream, unbuffered
     * @throws SocketException if the socket is closed
     */
    InputStream getInputStream() throws IOException;

    /**
     * A stream that sends: {@code write} sends everything like {@link #sendAll}, unbuffered.
     * Closing it closes the socket. The same object on every call.
     *
     * @return the socket's output stream, unbuffered
     * @throws SocketException if the socket is closed
     */
    OutputStream getOutputStream() throws IOException;

    /**
     * Shuts down one or both directions, with {@link Socket#SHUT_RD}, {@link Socket#SHUT_WR} or
     * {@link Socket#SHUT_RDWR}; the socket stays open until {@link #close()}. After
     * {@code SHUT_WR} the peer reads end of stream and sends fail with an {@link IOException};
     * after {@code SHUT_RD}
     * receives return end of stream. Each implementation says what it sends and whether it
     * blocks ({@link SslSocket#shutdown}: a {@code close_notify}).
     *
     * @param how {@link Socket#SHUT_RD}, {@link Socket#SHUT_WR} or {@link Socket#SHUT_RDWR}
     * @throws IllegalArgumentException if {@code how} is none of the three
     * @throws SocketException if the socket is closed or not connected
     */
    void shutdown(int how) throws IOException;

    /**
     * Closes the socket; a second close does nothing. A greenlet blocked on it wakes with a
     * {@link SocketException}. Never blocks.
     */
    @Override
    void close() throws IOException;

    /**
     * Whether {@link #close()} was called.
     *
     * @return {@code true} once closed, by this greenlet or another
     */
    boolean isClosed();

    /**
     * How long each blocking call may wait: {@code null} for ever (the default),
     * {@link Duration#ZERO} never, else that long, then {@link SocketTimeoutException}.
     *
     * @param timeout the limit per wait; {@code null} for none, {@link Duration#ZERO} for non-blocking
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    void setTimeout(Duration timeout);

    /**
     * The timeout set by {@link #setTimeout}: {@code null} when blocking for ever.
     *
     * @return the limit per wait; {@code null} for none, {@link Duration#ZERO} when non-blocking
     */
    Duration timeout();

    /**
     * The socket's own address.
     *
     * @return the bound local address (port included); {@code null} if not yet bound
     * @throws SocketException if the socket is closed
     */
    InetSocketAddress localAddress() throws IOException;

    /**
     * The peer's address, or {@code null} when not connected.
     *
     * @return the connected peer's address, or {@code null}
     * @throws SocketException if the socket is closed
     */
    InetSocketAddress remoteAddress() throws IOException;

    /**
     * The TLS session (protocol, cipher suite, peer certificates, ALPN protocol once the
     * handshake is done), or {@code null} for a plain socket.
     *
     * @return the TLS session, or {@code null} for a plain socket
     */
    default SSLSession sslSession() {
        return null;
    }
}
