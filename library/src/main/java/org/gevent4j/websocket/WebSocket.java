package org.gevent4j.websocket;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.Headers;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;
import org.gevent4j.GreenletExit;
import org.gevent4j.Timeout;
import org.gevent4j.event.Event;
import org.gevent4j.lock.Lock;

/**
 * One WebSocket connection (RFC 6455), server or client side, with gevent-websocket's plain
 * blocking API: {@link #receive()} parks the calling greenlet until a message arrives,
 * {@link #send(String)} writes one. Server connections come from a {@link WebSocketHandler},
 * client ones from {@link WebSocketClient#connect}.
 *
 * {@snippet lang=java :
 * WebSocket.Message m;
 * while ((m = ws.receive()) != null) {   // null: the connection is closed
 *     ws.send(m);                         // echo, text or binary
 * }
 * }
 *
 * <h2>Protocol</h2>
 * Text and binary messages, fragmented or not (a message is handed over whole); pings answered
 * with a pong by {@code receive} (also between the fragments of a message); the close handshake;
 * permessage-deflate when negotiated. The peer's mistakes fail the connection: this side sends a
 * close frame with the code and closes the connection, and {@code receive} returns null with
 * {@link #closeCode()} saying why: 1002 for a protocol error (an unmasked client frame, RSV bits
 * without an extension, an unknown opcode, a fragmented or over-125-byte control frame, a 1-byte
 * close payload, an invalid close code, a continuation without a message or a new message inside
 * one), 1007 for invalid UTF-8 (caught at the first bad byte, even in the middle of a frame) or
 * bad deflate data, 1009 for a message over the size limit (16 MiB by default; for a compressed
 * message, its inflated size, caught while inflating in bounded steps).
 *
 * <h2>Greenlets</h2>
 * One greenlet may receive while others send: sends are serialized by a lock, so frames never
 * interleave (a message's fragments stay together; a pong or a close may slip between them, as
 * RFC 6455 allows). A second greenlet calling {@code receive} waits for the first. Everything runs
 * on the hub of the connection (a server's, or the hub of the greenlet that connected): use it
 * from greenlets of that hub only.
 *
 * <h2>Timeouts and kills</h2>
 * A {@link Timeout} or kill landing in {@code receive} leaves the connection usable: the bytes
 * read so far (even half a frame, or half a fragmented message) stay in the connection, and the
 * next {@code receive} goes on from there. One landing in a send while it waits for the lock
 * sends nothing; one landing while the frame is being written may leave part of it sent, which no
 * peer could parse further, so the connection is then dropped ({@link #closeCode()} 1006) and the
 * exception propagates.
 *
 * <h2>Differences from gevent-websocket</h2>
 * {@code receive} returns a {@link Message} (text or binary, said by the message, not by the
 * type of a Python value), and never throws: protocol errors and a vanished peer end the
 * connection with a close code instead of a {@code WebSocketError}. Sends on a closed connection
 * throw {@link IOException} (gevent-websocket's {@code WebSocketError}).
 */
public final class WebSocket implements AutoCloseable {
    /** 1000: the purpose of the connection is fulfilled. */
    public static final int NORMAL_CLOSURE = 1000;
    /** 1001: an endpoint is going away (a server stopping, a page navigated away). */
    public static final int GOING_AWAY = 1001;
    /** 1002: the peer broke the protocol. */
    public static final int PROTOCOL_ERROR = 1002;
    /** 1003: a message of a type the endpoint cannot accept. */
    public static final int UNSUPPORTED_DATA = 1003;
    /** 1005: the close frame had no code (never sent in one). */
    public static final int NO_STATUS = 1005;
    /** 1006: the connection ended without a close frame (never sent in one). */
    public static final int ABNORMAL_CLOSURE = 1006;
    /** 1007: a text message that is not UTF-8, or data inconsistent with its type. */
    public static final int INVALID_DATA = 1007;
    /** 1008: a message that violates the endpoint's policy. */
    public static final int POLICY_VIOLATION = 1008;
    /** 1009: a message too big to process. */
    public static final int MESSAGE_TOO_BIG = 1009;
    /** 1011: the server hit an unexpected condition. */
    public static final int INTERNAL_ERROR = 1011;
    /** The default limit of a message's size, in bytes (after inflation): 16 MiB. */
    public static final long DEFAULT_MAX_MESSAGE = 16L << 20;

    /**
     * A whole message: text or binary. Immutable (a binary message's bytes are copied in and out).
     * A received text message keeps its UTF-8 and decodes it on the first {@link #text()}, so an
     * echo sends the bytes back without decoding them.
     */
    public static final class Message {
        private final boolean isText;
        /** The payload (a text message's UTF-8); null until encoded for a text message made from a String. */
        private volatile byte[] bytes;
        /** A text message's text; null until decoded for one received. */
        private volatile String text;

        private Message(boolean isText, String text, byte[] bytes) {
            this.isText = isText;
            this.text = text;
            this.bytes = bytes;
        }

        /**
         * A text message.
         *
         * @param text the message's text; not null; sent as UTF-8
         * @return a new text message
         * @throws NullPointerException if {@code text} is null
         */
        public static Message text(String text) {
            return new Message(true, Objects.requireNonNull(text, "text"), null);
        }

        /**
         * A binary message with a copy of {@code bytes}.
         *
         * @param bytes the payload; not null; copied, so later changes to the array do not show
         * @return a new binary message
         */
        public static Message binary(byte[] bytes) {
            return new Message(false, null, bytes.clone());
        }

        /** A received text message: {@code utf8} is valid UTF-8 and nobody else's. */
        static Message receivedText(byte[] utf8) {
            return new Message(true, null, utf8);
        }

        /** A received binary message: {@code data} is nobody else's. */
        static Message receivedBinary(byte[] data) {
            return new Message(false, null, data);
        }

        /**
         * Whether it is a text message.
         *
         * @return true for a text message, false for a binary one
         */
        public boolean isText() {
            return isText;
        }

        /**
         * Whether it is a binary message.
         *
         * @return true for a binary message, false for a text one
         */
        public boolean isBinary() {
            return !isText;
        }

        /**
         * The text of a text message.
         *
         * @return the text, decoded from UTF-8 once and then kept; never null
         * @throws IllegalStateException for a binary message
         */
        public String text() {
            if (!isText) throw new IllegalStateException("a binary message has no text");
            String t = text;
            if (t == null) text = t = new String(bytes, UTF_8);
            return t;
        }

        /**
         * A copy of the payload: a binary message's bytes, or a text message's UTF-8.
         *
         * @return a new array on each call; the caller may change it
         */
        public byte[] bytes() {
            return payload().clone();
        }

        /**
         * The payload's length in bytes (UTF-8 for text).
         *
         * @return the byte count, 0 or more
         */
        public int length() {
            return payload().length;
        }

        /** The payload itself (not to be modified). */
        byte[] payload() {
            byte[] b = bytes;
            if (b == null) bytes = b = text.getBytes(UTF_8);
            return b;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Message m && isText == m.isText && Arrays.equals(payload(), m.payload());
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(payload()) * (isText ? 31 : 17);
        }

        @Override
        public String toString() {
            if (isText) {
                String t = text();
                return "Message[text, " + (t.length() > 40 ? t.substring(0, 40) + "..." : t) + "]";
            }
            return "Message[binary, " + bytes.length + " bytes]";
        }
    }

    private final Wire wire;
    /** {@link #wire} for the decoder: its reads mark the peer as heard from. */
    private final Wire input;
    private final boolean client;
    private final FrameReader reader;
    private final FrameWriter writer;
    private final PerMessageDeflate deflate;
    private final Settings settings;
    private final String subprotocol;
    private final URI uri;
    private final Headers headers;

    /** Held by the receiving greenlet. */
    private final Lock readLock = new Lock();
    /** Held while a data message (all its fragments) is written. */
    private final Lock dataLock = new Lock();
    /** Held while one frame is written. */
    private final Lock frameLock = new Lock();
    /** Set when the connection is over: closed, failed or dropped. */
    private final Event finished = new Event();

    private volatile boolean closeSent;
    private volatile boolean done;
    private volatile int closeCode = -1;
    private volatile String closeReason = "";
    /** The last ping's payload not answered yet (a newer ping replaces it: RFC 6455 §5.5.3). */
    private byte[] pendingPong;
    /** Set by every read that brought bytes (a long message counts as it arrives), cleared by the pinger. */
    private volatile boolean heard;
    private Greenlet<?> pinger;

    WebSocket(Wire wire, boolean client, Settings settings, PerMessageDeflate deflate, String subprotocol, URI uri, Headers headers) {
        this.wire = wire;
        this.client = client;
        this.settings = settings;
        this.deflate = deflate;
        this.subprotocol = subprotocol;
        this.uri = uri;
        this.headers = headers;
        this.reader = new FrameReader(!client, settings.maxMessage(), deflate, settings.bufferSize());
        this.input = new Wire() {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = wire.read(b, off, len);
                if (n > 0 && !heard) heard = true; // a volatile store per read costs a fence; the pinger clears it once per interval
                return n;
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                wire.write(b, off, len);
            }

            @Override
            public void close() {
                wire.close();
            }

            @Override
            public InetSocketAddress remote() {
                return wire.remote();
            }

            @Override
            public boolean secure() {
                return wire.secure();
            }
        };
        this.writer = new FrameWriter(client);
    }

    /** The read-ahead buffer of the decoder (the client's handshake is read into it). */
    FrameReader reader() {
        return reader;
    }

    /** Starts the idle pings (on the current hub), if configured. */
    void startIdlePings() {
        Duration every = settings.idlePing();
        if (every == null) return;
        pinger = Gevent.spawn(() -> {
            int silent = 0; // intervals without a byte from the peer
            while (!done) {
                Gevent.sleep(every);
                if (done) return;
                if (heard) {
                    heard = false;
                    silent = 0;
                    continue;
                }
                if (++silent >= 2) {
                    abort(ABNORMAL_CLOSURE, "no answer to a ping within " + every);
                    return;
                }
                try {
                    ping(new byte[0]);
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    /**
     * Receives the next message, parking the greenlet until one has arrived whole; pings that
     * arrive meanwhile are answered. Returns null once the connection is over: after the close
     * handshake (the peer's close is answered, then the connection closed), or when it failed
     * (a protocol error, invalid UTF-8, a message over the limit: see the class javadoc) or the
     * peer vanished; {@link #closeCode()} then says which. Never throws but what a kill or
     * {@link Timeout} raises, which leaves the connection usable with no byte lost; a second
     * greenlet calling it waits until the first returns.
     *
     * @return the next whole data message; null once the connection is over
     */
    public Message receive() {
        if (done) return null;
        readLock.acquire();
        try {
            for (;;) {
                if (done) return null;
                Message m = step(true);
                if (m != null) return m;
            }
        } finally {
            readLock.release();
        }
    }

    /**
     * Reads one frame's worth and handles it: a message is returned (null when {@code keep} is
     * false: it is dropped), control frames are answered, the end of the connection recorded.
     */
    private Message step(boolean keep) {
        int op;
        try {
            flushPong();
            op = reader.next(input);
        } catch (ProtocolError e) {
            fail(e.code, e.getMessage());
            return null;
        } catch (IOException e) {
            abort(ABNORMAL_CLOSURE, done ? closeReason : String.valueOf(e.getMessage()));
            return null;
        }
        switch (op) {
            case FrameReader.TEXT:
                return keep ? Message.receivedText(reader.data()) : null;
            case FrameReader.BINARY:
                return keep ? Message.receivedBinary(reader.data()) : null;
            case FrameReader.PING:
                if (!closeSent) {
                    pendingPong = reader.data();
                    try {
                        flushPong();
                    } catch (IOException e) {
                        abort(ABNORMAL_CLOSURE, String.valueOf(e.getMessage()));
                    }
                }
                return null;
            case FrameReader.PONG:
                return null;
            case FrameReader.CLOSE:
                peerClosed(reader.closeCode(), new String(reader.data(), UTF_8));
                return null;
            default: // EOF
                abort(ABNORMAL_CLOSURE, "the connection ended without a close frame");
                return null;
        }
    }

    private void flushPong() throws IOException {
        byte[] p = pendingPong;
        if (p == null) return;
        frameLock.acquire();
        try {
            if (pendingPong == p && !closeSent && !done) writeFrame(FrameReader.PONG, true, false, p, 0, p.length);
            if (pendingPong == p) pendingPong = null;
        } finally {
            frameLock.release();
        }
    }

    /** The peer's close frame: answered (if we had not closed), then the connection ends. */
    private void peerClosed(int code, String reason) {
        if (closeCode == -1) {
            closeCode = code;
            closeReason = reason;
        }
        sendClose(code == NO_STATUS ? -1 : code, new byte[0]);
        if (client) awaitEnd(); // the server closes TCP first (RFC 6455 §7.1.1)
        terminate();
    }

    /** A client waits (bounded) for the server to close the TCP connection. */
    private void awaitEnd() {
        byte[] sink = new byte[512];
        Timeout t = Timeout.start(settings.closeTimeout());
        try {
            while (wire.read(sink, 0, sink.length) >= 0) {
                // bytes after the close frame are ignored (RFC 6455 §5.5.1)
            }
        } catch (IOException e) {
            // the connection is gone either way
        } catch (Timeout e) {
            if (e != t) throw e;
        } finally {
            t.cancel();
        }
    }

    /** Fails the connection (RFC 6455 §7.1.7): a close frame with {@code code}, then the end. */
    private void fail(int code, String reason) {
        if (closeCode == -1) {
            closeCode = code;
            closeReason = reason;
        }
        sendClose(code, reason.getBytes(UTF_8));
        terminate();
    }

    /**
     * Drops the connection without the close handshake, for a peer that cannot be waited for (one
     * too slow to read even a close frame): the connection is closed at once, a greenlet blocked
     * in {@link #receive()} gets null and one blocked sending gets an {@link IOException};
     * {@link #closeCode()} becomes 1006 (unless the connection had ended already). Never blocks.
     */
    public void abort() {
        abort(ABNORMAL_CLOSURE, "aborted");
    }

    /** Drops the connection without a close handshake. */
    void abort(int code, String reason) {
        if (closeCode == -1) {
            closeCode = code;
            closeReason = reason;
        }
        terminate();
    }

    private void terminate() {
        done = true;
        closeSent = true;
        wire.close();
        finished.set();
        if (deflate != null) deflate.end();
        Greenlet<?> p = pinger;
        if (p != null && p != Gevent.getCurrent()) p.kill(new GreenletExit(), false, null);
    }

    /** Sends a close frame if none was sent ({@code code} -1: without a code); false if one was. */
    private boolean sendClose(int code, byte[] reason) {
        frameLock.acquire();
        try {
            if (closeSent || done) return false;
            closeSent = true;
            byte[] p;
            if (code < 0) {
                p = new byte[0];
            } else {
                int n = Math.min(reason.length, 123);
                p = new byte[2 + n];
                p[0] = (byte) (code >>> 8);
                p[1] = (byte) code;
                System.arraycopy(reason, 0, p, 2, n);
            }
            try {
                writeFrame(FrameReader.CLOSE, true, false, p, 0, p.length);
            } catch (IOException e) {
                abort(ABNORMAL_CLOSURE, String.valueOf(e.getMessage()));
            }
            return true;
        } finally {
            frameLock.release();
        }
    }

    /** Writes a frame; a write that fails or is interrupted midway drops the connection. */
    private void writeFrame(int opcode, boolean fin, boolean rsv1, byte[] p, int off, int len) throws IOException {
        boolean ok = false;
        try {
            writer.write(wire, opcode, fin, rsv1, p, off, len);
            ok = true;
        } finally {
            if (!ok) abort(ABNORMAL_CLOSURE, "a frame could not be written whole");
        }
    }

    /**
     * Sends a text message. Blocks while another greenlet is sending (frames never interleave)
     * and while the peer's window is full (at most the connection's write timeout without
     * progress). A kill or {@link Timeout} while waiting for the other sender sends nothing;
     * during the write, it drops the connection (see the class javadoc).
     *
     * @param text the message's text; not null; sent as UTF-8 (compressed if permessage-deflate was agreed)
     * @throws IOException if the connection is closed (or closing: a close frame was sent), or
     *         the write failed (the connection is then dropped)
     */
    public void send(String text) throws IOException {
        byte[] b = text.getBytes(UTF_8);
        sendData(FrameReader.TEXT, b, 0, b.length);
    }

    /**
     * Sends a binary message with {@code data}; blocks and throws as {@link #send(String)}.
     *
     * @param data the payload; not null; not to be changed until this returns
     * @throws IOException if the connection is closed (or closing), or the write failed (the
     *         connection is then dropped)
     */
    public void send(byte[] data) throws IOException {
        sendData(FrameReader.BINARY, data, 0, data.length);
    }

    /**
     * Sends a binary message with {@code data}'s remaining bytes (consumed); blocks and throws as {@link #send(String)}.
     *
     * @param data the payload, from its position to its limit; its position ends at its limit
     * @throws IOException if the connection is closed (or closing), or the write failed (the
     *         connection is then dropped)
     */
    public void send(ByteBuffer data) throws IOException {
        byte[] b = new byte[data.remaining()];
        data.get(b);
        sendData(FrameReader.BINARY, b, 0, b.length);
    }

    /**
     * Sends {@code message} as it is (text or binary); blocks and throws as {@link #send(String)}.
     *
     * @param message the message to send, for instance one received (an echo); not null
     * @throws IOException if the connection is closed (or closing), or the write failed (the
     *         connection is then dropped)
     */
    public void send(Message message) throws IOException {
        byte[] p = message.payload();
        sendData(message.isText() ? FrameReader.TEXT : FrameReader.BINARY, p, 0, p.length);
    }

    private void sendData(int opcode, byte[] b, int off, int len) throws IOException {
        dataLock.acquire();
        try {
            frameLock.acquire();
            try {
                ensureOpen();
                byte[] c = deflate == null ? null : deflate.compress(b, off, len);
                if (c != null) writeFrame(opcode, true, true, c, 0, c.length);
                else writeFrame(opcode, true, false, b, off, len);
            } finally {
                frameLock.release();
            }
        } finally {
            dataLock.release();
        }
    }

    /**
     * Sends a text message as fragments of at most {@code fragmentSize} bytes (at least one
     * fragment; the UTF-8 may be split inside a character, as RFC 6455 allows). Other senders
     * wait until the last fragment is out; a pong or close may go between fragments. Blocks and
     * throws as {@link #send(String)}; a kill between fragments drops the connection.
     *
     * @param text the message's text; not null; sent as UTF-8, never compressed
     * @param fragmentSize the most payload bytes per frame; positive
     * @throws IOException if the connection is closed (or closing), or the write failed (the
     *         connection is then dropped)
     * @throws IllegalArgumentException if {@code fragmentSize} is not positive
     */
    public void sendFragmented(String text, int fragmentSize) throws IOException {
        sendFragments(FrameReader.TEXT, text.getBytes(UTF_8), fragmentSize);
    }

    /**
     * Sends a binary message as fragments: as {@link #sendFragmented(String, int)}.
     *
     * @param data the payload; not null; not to be changed until this returns
     * @param fragmentSize the most payload bytes per frame; positive
     * @throws IOException if the connection is closed (or closing), or the write failed (the
     *         connection is then dropped)
     * @throws IllegalArgumentException if {@code fragmentSize} is not positive
     */
    public void sendFragmented(byte[] data, int fragmentSize) throws IOException {
        sendFragments(FrameReader.BINARY, data, fragmentSize);
    }

    private void sendFragments(int opcode, byte[] b, int fragmentSize) throws IOException {
        if (fragmentSize <= 0) throw new IllegalArgumentException("fragment size must be positive: " + fragmentSize);
        dataLock.acquire();
        boolean ok = false;
        try {
            int off = 0;
            do {
                int n = Math.min(fragmentSize, b.length - off);
                frameLock.acquire();
                try {
                    ensureOpen();
                    writeFrame(off == 0 ? opcode : FrameReader.CONTINUATION, off + n == b.length, false, b, off, n);
                } finally {
                    frameLock.release();
                }
                off += n;
            } while (off < b.length);
            ok = true;
        } finally {
            dataLock.release();
            if (!ok && !closeSent) abort(ABNORMAL_CLOSURE, "a fragmented message was cut short");
        }
    }

    /**
     * Sends a ping with {@code payload} (at most 125 bytes); the peer's pong is consumed by
     * {@link #receive()}. Blocks and throws as {@link #send(String)}, but does not wait for a
     * fragmented message being sent: it goes between its fragments.
     *
     * @param payload the ping's application data, echoed in the pong; at most 125 bytes, may be empty
     * @throws IOException if the connection is closed (or closing), or the write failed (the
     *         connection is then dropped)
     * @throws IllegalArgumentException if {@code payload} is over 125 bytes
     */
    public void ping(byte[] payload) throws IOException {
        if (payload.length > 125) throw new IllegalArgumentException("a ping's payload is at most 125 bytes: " + payload.length);
        frameLock.acquire();
        try {
            ensureOpen();
            writeFrame(FrameReader.PING, true, false, payload, 0, payload.length);
        } finally {
            frameLock.release();
        }
    }

    private void ensureOpen() throws IOException {
        if (closeSent || done) throw new IOException("the WebSocket is closed" + (closeCode > 0 ? " (" + closeCode + " " + closeReason + ")" : ""));
    }

    /** {@link #close(int, String)} with 1000 and no reason. */
    @Override
    public void close() {
        close(NORMAL_CLOSURE, "");
    }

    /**
     * Starts or completes the close handshake: sends a close frame with {@code code} and
     * {@code reason} (unless one was sent), waits for the peer's close frame (messages arriving
     * meanwhile are dropped), then closes the connection. If another greenlet is in
     * {@link #receive()}, that greenlet reads the peer's close (and returns null) while this one
     * waits for it. Blocks at most the close timeout (5 s by default) beyond the write; then the
     * connection is closed anyway. Idempotent; never throws but a kill or {@link Timeout}, after
     * which the connection is dropped.
     *
     * @param code the close code to send (RFC 6455 §7.4), such as 1000 (normal) or 1001 (going away)
     * @param reason the close reason; null or empty for none; at most 123 bytes of UTF-8
     * @throws IllegalArgumentException if {@code code} may not be sent (1005, 1006, 1015, or
     *         outside 1000-1003, 1007-1014, 3000-4999), or {@code reason} is over 123 bytes of UTF-8
     */
    public void close(int code, String reason) {
        if (!validCloseCode(code)) throw new IllegalArgumentException("not a close code one may send: " + code);
        byte[] r = reason == null ? new byte[0] : reason.getBytes(UTF_8);
        if (r.length > 123) throw new IllegalArgumentException("a close reason is at most 123 bytes of UTF-8: " + r.length);
        if (done) return;
        boolean ok = false;
        try {
            sendClose(code, r);
            if (!done && readLock.acquire(false, null)) {
                Timeout t = Timeout.start(settings.closeTimeout());
                try {
                    while (!done) step(false);
                } catch (Timeout e) {
                    if (e != t) throw e;
                } finally {
                    t.cancel();
                    readLock.release();
                }
            } else if (!done) {
                finished.await(settings.closeTimeout());
            }
            ok = true;
        } finally {
            if (!ok || !done) abort(closeCode == -1 ? ABNORMAL_CLOSURE : closeCode, closeCode == -1 ? "closed without the peer's close frame" : closeReason);
        }
    }

    /**
     * Whether the connection is closed or closing: no message may be sent any more.
     *
     * @return true once this side sent its close frame or the connection ended
     */
    public boolean isClosed() {
        return closeSent || done;
    }

    /**
     * Why the connection ended: the code of the peer's close frame (RFC 6455 §7.1.5; 1005 if it
     * had none), or the one this side failed it with (1002, 1007, 1009), or 1006 if it ended
     * without a close frame; -1 while it is open (also after this side sent its close, until the
     * peer's arrives).
     *
     * @return the close code, or -1 while the connection is open
     */
    public int closeCode() {
        return closeCode;
    }

    /**
     * The reason that goes with {@link #closeCode()} (empty if none).
     *
     * @return the close reason; empty if the close frame had none
     */
    public String closeReason() {
        return closeReason;
    }

    /**
     * The subprotocol agreed in the handshake, or null.
     *
     * @return the {@code Sec-WebSocket-Protocol} both sides agreed on; null if none
     */
    public String subprotocol() {
        return subprotocol;
    }

    /**
     * The extensions agreed in the handshake ({@code Sec-WebSocket-Extensions}), or null.
     *
     * @return the agreed extension header value (only permessage-deflate is supported); null if none
     */
    public String extensions() {
        return deflate == null ? null : deflate.header;
    }

    /**
     * The peer's address.
     *
     * @return the remote end of the connection's socket
     */
    public InetSocketAddress remoteAddress() {
        return wire.remote();
    }

    /**
     * Whether the connection runs over TLS ({@code wss}).
     *
     * @return true for {@code wss}, false for plain {@code ws}
     */
    public boolean isSecure() {
        return wire.secure();
    }

    /**
     * The request URI: as the client asked it (server side), or as connected (client side).
     *
     * @return the handshake's URI; never null
     */
    public URI uri() {
        return uri;
    }

    /**
     * The peer's handshake headers: the client's request (server side) or the server's 101 (client side). Read-only.
     *
     * @return the headers, unmodifiable
     */
    public Headers handshakeHeaders() {
        return headers;
    }

    /** Close codes a close frame may carry (RFC 6455 §7.4, the IANA registry). */
    static boolean validCloseCode(int code) {
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
    }

    @Override
    public String toString() {
        return "WebSocket[" + (client ? "client" : "server") + " " + remoteAddress() + (done ? ", closed " + closeCode : "") + "]";
    }

    /** Limits and timeouts shared by both sides. */
    record Settings(long maxMessage, Duration closeTimeout, Duration idlePing, int bufferSize) {
        static final Settings DEFAULT = new Settings(DEFAULT_MAX_MESSAGE, Duration.ofSeconds(5), null, 8192);

        /** The checks both builders' setters make, so that a bad value fails where it is given. */
        static long checkMaxMessage(long bytes) {
            if (bytes <= 0 || bytes > Integer.MAX_VALUE - 16) throw new IllegalArgumentException("max message size out of range: " + bytes);
            return bytes;
        }

        static Duration checkCloseTimeout(Duration timeout) {
            if (timeout.isNegative()) throw new IllegalArgumentException("negative close timeout: " + timeout);
            return timeout;
        }

        static Duration checkIdlePing(Duration every) {
            if (every != null && (every.isNegative() || every.isZero())) throw new IllegalArgumentException("idle ping interval must be positive: " + every);
            return every;
        }
    }
}
