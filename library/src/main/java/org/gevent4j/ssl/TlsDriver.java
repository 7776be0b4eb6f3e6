package org.gevent4j.ssl;

import java.io.IOException;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.time.Duration;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSession;
import org.gevent4j.lock.Lock;
import org.gevent4j.socket.Socket;

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

/** Drives an {@link SSLEngine} over a cooperative {@link Socket}: the handshake, wrapping and unwrapping of an {@link SslSocket}. */
final class TlsDriver {
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

    TlsDriver(Socket socket, SSLEngine engine) {
        this.socket = socket;
        this.engine = engine;
        SSLSession s = engine.getSession();
        netIn = ByteBuffer.allocate(s.getPacketBufferSize());
        appIn = ByteBuffer.allocate(s.getApplicationBufferSize());
        netOut = ByteBuffer.allocate(s.getPacketBufferSize());
    }

    boolean handshaken() {
        return handshaken;
    }

    boolean closed() {
        return closed;
    }

    void ensureOpen() throws SocketException {
        if (closed) throw new SocketException("Socket is closed");
    }

    // ---- handshake -------------------------------------------------------------------------

    /** {@link SslSocket#doHandshake()}. */
    void handshake() throws IOException {
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
                        SSLEngineResult r = wrapAndSend();
                        if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                            throw new SSLHandshakeException("the TLS engine closed during the handshake");
                        }
                        hs = r.getHandshakeStatus();
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

    /** Wraps the handshake or closing message the engine wants to send, and sends it. Takes writeLock. */
    private SSLEngineResult wrapAndSend() throws IOException {
        writeLock.acquire();
        try {
            SSLEngineResult r = wrapInto(EMPTY);
            flush();
            return r;
        } finally {
            writeLock.release();
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
            wrapAndSendNow();
        } catch (IOException | RuntimeException ignored) {
            // Best effort: the connection is failing anyway.
        }
    }

    /** Wraps what the engine wants to send and sends it if writeLock is free and the socket takes it without waiting. */
    private void wrapAndSendNow() throws IOException {
        if (!writeLock.acquire(false, null)) return;
        try {
            wrapInto(EMPTY);
            Duration t = socket.timeout();
            socket.setTimeout(Duration.ZERO);
            try {
                flush();
            } finally {
                socket.setTimeout(t);
            }
        } finally {
            writeLock.release();
        }
    }

    // ---- receiving -------------------------------------------------------------------------

    /** {@link SslSocket#recvInto(ByteBuffer)}, after the handshake, into a {@code dst} with room. */
    int read(ByteBuffer dst) throws IOException {
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
                    SSLEngineResult r = wrapAndSend();
                    if (r.getStatus() == SSLEngineResult.Status.CLOSED) return;
                    hs = r.getHandshakeStatus();
                }
                default -> {
                    return; // NEED_UNWRAP: the read loop goes on unwrapping
                }
            }
        }
    }

    // ---- sending ---------------------------------------------------------------------------

    /** {@link SslSocket#send(ByteBuffer)}, after the handshake, of a {@code src} with data: one record. */
    int writeRecord(ByteBuffer src) throws IOException {
        writeLock.acquire();
        try {
            SSLEngineResult r = wrapData(src);
            flush();
            return r.bytesConsumed();
        } finally {
            writeLock.release();
        }
    }

    /** {@link SslSocket#sendAll(ByteBuffer)}, after the handshake. */
    void writeAll(ByteBuffer src) throws IOException {
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

    // ---- closing ---------------------------------------------------------------------------

    /** {@link SslSocket#close()}. */
    void close() throws IOException {
        if (closed) return;
        closed = true;
        try {
            if (handshaken && !engine.isOutboundDone() && !socket.isClosed()) {
                engine.closeOutbound();
                try {
                    wrapAndSendNow();
                } catch (IOException ignored) {
                    // The peer is gone or not reading: close_notify is a courtesy.
                }
            }
        } finally {
            socket.close();
        }
    }

    /** {@link SslSocket#shutdown} of the sending side: close_notify, sent in full, then the TCP FIN. */
    void shutdownOutput() throws IOException {
        writeLock.acquire();
        try {
            if (handshaken && !engine.isOutboundDone()) {
                engine.closeOutbound();
                wrapInto(EMPTY);
                flush();
            }
        } finally {
            writeLock.release();
        }
        socket.shutdown(Socket.SHUT_WR);
    }

    /**
     * {@link SslSocket#shutdown} of the receiving side: reads see end of stream from now on. The
     * engine is not told: without the peer's close_notify, closing its inbound side is a fatal
     * alert that would end the sending side too.
     */
    void shutdownInput() throws IOException {
        inboundDone = true;
        appIn.clear();
        socket.shutdown(Socket.SHUT_RD);
    }

    private static SocketException closedForWriting() {
        return new SocketException("the TLS connection is closed for writing (close_notify sent)");
    }
}
