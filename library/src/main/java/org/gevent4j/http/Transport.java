package org.gevent4j.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import javax.net.ssl.SSLSession;
import org.gevent4j.socket.Socket;
import org.gevent4j.socket.Sockets;
import org.gevent4j.socket.StreamSocket;

/**
 * One connection's byte stream, plain or TLS (a {@link StreamSocket}, handshake done), with the
 * timeout of each operation given per call (a head deadline for reads, no-progress bounds for
 * body reads and writes). Confined to the connection's greenlet, except {@link #close()} which
 * works from any greenlet of the hub (the drain closes idle connections that way).
 */
final class Transport {
    private final StreamSocket socket;
    final InetSocketAddress remote, local;
    /** Set by the connection: socket operations from an executor's thread are handed to it. */
    Connection connection;

    Transport(StreamSocket socket, InetSocketAddress remote) throws IOException {
        this.socket = socket;
        this.remote = remote;
        this.local = socket.localAddress();
    }

    boolean secure() {
        return socket.sslSession() != null;
    }

    SSLSession session() {
        return socket.sslSession();
    }

    /**
     * Reads at least one byte, or returns -1 at end of stream; waits at most {@code timeout}
     * ({@link SocketTimeoutException}). A kill or Timeout of the greenlet is raised from here.
     */
    int read(byte[] b, int off, int len, Duration timeout) throws IOException {
        if (connection != null && connection.offHub()) return connection.onHub(() -> read(b, off, len, timeout));
        socket.setTimeout(timeout);
        int n = socket.recvInto(b, off, len);
        return n == 0 ? -1 : n;
    }

    /**
     * Waits until the (plain) socket is readable or at end of stream, at most {@code timeout}
     * ({@link SocketTimeoutException}), without a buffer; a kill or Timeout is raised from here.
     */
    void awaitReadable(Duration timeout) throws IOException {
        Sockets.waitRead((Socket) socket, timeout);
    }

    /**
     * Writes all of {@code b[off..off+len)}, failing with {@link SocketTimeoutException} when no
     * byte could be written for {@code noProgress} (a slow reader is not cut off while it reads).
     * After a failure an unknown prefix has been sent.
     */
    void write(byte[] b, int off, int len, Duration noProgress) throws IOException {
        if (connection != null && connection.offHub()) {
            connection.onHub(() -> {
                write(b, off, len, noProgress);
                return null;
            });
            return;
        }
        ByteBuffer src = ByteBuffer.wrap(b, off, len);
        socket.setTimeout(noProgress);
        while (src.hasRemaining()) socket.send(src);
    }

    /**
     * Closes gracefully after a response the client must get in full: half-closes (over TLS,
     * after a {@code close_notify}), discards what the client still sends for up to
     * {@code linger} (so the kernel does not answer it with a reset that destroys the unread
     * response), then closes.
     */
    void lingeringClose(Duration linger) {
        try {
            if (!socket.isClosed()) {
                socket.setTimeout(linger);
                socket.shutdown(Socket.SHUT_WR);
                long deadline = System.nanoTime() + linger.toNanos();
                byte[] sink = new byte[4096];
                long left;
                while ((left = deadline - System.nanoTime()) > 0) {
                    socket.setTimeout(Duration.ofNanos(left));
                    if (socket.recvInto(sink, 0, sink.length) == 0) break;
                }
            }
        } catch (IOException ignored) {
            // the peer reset or the linger ran out: close below either way
        } finally {
            close();
        }
    }

    void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing to do: the connection is gone either way
        }
    }

    boolean isClosed() {
        return socket.isClosed();
    }
}
