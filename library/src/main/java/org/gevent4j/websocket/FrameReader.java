package org.gevent4j.websocket;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.util.Arrays;

/**
 * RFC 6455 §5 frame decoder, turning a byte stream into messages and control frames. All its
 * state (the bytes read ahead, the frame and the message in progress, the UTF-8 validator, the
 * inflater) lives in the object: a Timeout or kill while it waits for bytes loses nothing, and
 * the next call resumes where it stopped.
 *
 * <p>A protocol violation is a {@link ProtocolError} (1002), found from the frame's first bytes,
 * before its payload is read; invalid text is a 1007 at the first bad byte, even in the middle
 * of a frame; a message over the limit is a 1009 as soon as its declared (or inflated) size says
 * so. Memory grows only with bytes that arrived: a declared length allocates nothing by itself,
 * and inflation works in bounded steps under the limit.
 */
final class FrameReader {
    static final int EOF = -1;
    static final int CONTINUATION = 0;
    static final int TEXT = 1;
    static final int BINARY = 2;
    static final int CLOSE = 8;
    static final int PING = 9;
    static final int PONG = 10;

    /** Payloads at least this large skip the read-ahead buffer and land in the message directly. */
    private static final int DIRECT = 1024;
    /** Largest step by which a message's buffer grows (or inflation proceeds) before more bytes arrive. */
    private static final int STEP = 64 * 1024;
    /**
     * Room asked for before each inflate: the inflated size is unknown, so the buffer starts small
     * and doubles as output comes; asking for STEP here made every small compressed message
     * allocate (and regrow, then copy) 64-256 KiB.
     */
    private static final int INFLATE_ROOM = 1024;

    /** A server reads masked frames, a client unmasked ones. */
    private final boolean server;
    private final long maxMessage;
    private final PerMessageDeflate deflate;

    private final byte[] buf;
    private int pos;
    private int lim;

    // The frame in progress (after its header).
    private boolean inPayload;
    private boolean fin;
    private boolean masked;
    private int key;
    private int phase;
    private long remaining;

    // The data message in progress: its opcode (0: none), whether compressed, its bytes so far.
    private int msgOpcode;
    private boolean msgDeflated;
    private byte[] acc;
    private int size;
    private final Utf8 utf8 = new Utf8();

    // The last result.
    private byte[] data;
    private int closeCode;

    FrameReader(boolean server, long maxMessage, PerMessageDeflate deflate, int bufferSize) {
        this.server = server;
        this.maxMessage = maxMessage;
        this.deflate = deflate;
        this.buf = new byte[Math.max(bufferSize, 256)];
    }

    /** Bytes that arrived with the handshake, ahead of the first frame (a client's read-ahead). */
    void preload(byte[] b, int off, int len) {
        if (lim + len > buf.length) throw new IllegalStateException("read-ahead larger than the buffer");
        System.arraycopy(b, off, buf, lim, len);
        lim += len;
    }

    /** The decoder's buffer, for a handshake read into it. */
    byte[] buffer() {
        return buf;
    }

    /** The text of the last {@link #TEXT} message (its {@link #data()}, decoded). */
    String text() {
        return new String(data, UTF_8);
    }

    /** The payload of the last message (a text message's valid UTF-8), ping, pong, or the reason bytes of a close. */
    byte[] data() {
        return data;
    }

    /** The last close frame's code: 1005 when it had none. */
    int closeCode() {
        return closeCode;
    }

    /** The bytes held for the message in progress (its buffer's capacity): what a peer can make us keep. */
    int held() {
        return acc == null ? 0 : acc.length;
    }

    /**
     * Reads until a whole message or control frame is there: returns {@link #TEXT},
     * {@link #BINARY}, {@link #PING}, {@link #PONG}, {@link #CLOSE}, or {@link #EOF} if the
     * stream ended (between frames or inside one). Blocks in {@code wire.read} only.
     *
     * @throws ProtocolError the peer broke the protocol or a limit; the stream is then unusable
     */
    int next(Wire wire) throws IOException, ProtocolError {
        for (;;) {
            if (!inPayload) {
                int op = header();
                if (op == EOF) {
                    if (!fill(wire)) return EOF;
                    continue;
                }
                if (op != CONTINUATION) return op; // a whole control frame
            }
            if (payload(wire)) return EOF;
            if (fin) return finishMessage();
            inPayload = false;
        }
    }

    /**
     * Parses a header from the buffer. Returns EOF if more bytes are needed (nothing consumed),
     * CONTINUATION once a data frame's header is consumed ({@code inPayload} set), or the opcode
     * of a control frame consumed whole (its payload in {@link #data}).
     */
    private int header() throws ProtocolError {
        int avail = lim - pos;
        if (avail < 2) return EOF;
        int b0 = buf[pos] & 0xFF;
        int b1 = buf[pos + 1] & 0xFF;
        boolean f = (b0 & 0x80) != 0;
        boolean rsv1 = (b0 & 0x40) != 0;
        int opcode = b0 & 0x0F;
        boolean m = (b1 & 0x80) != 0;
        int len7 = b1 & 0x7F;
        boolean control = opcode >= 8;
        if (opcode > 2 && opcode < 8 || opcode > 10) throw new ProtocolError(WebSocket.PROTOCOL_ERROR, "unknown opcode " + opcode);
        if ((b0 & 0x30) != 0) throw new ProtocolError(WebSocket.PROTOCOL_ERROR, "RSV2/RSV3 set without an extension");
        if (rsv1 && (deflate == null || control || opcode == CONTINUATION)) {
            throw new ProtocolError(WebSocket.PROTOCOL_ERROR, deflate == null ? "RSV1 set without an extension" : "RSV1 set on a " + (control ? "control" : "continuation") + " frame");
        }
        if (control && !f) throw new ProtocolError(WebSocket.PROTOCOL_ERROR, "fragmented control frame");
        if (control && len7 > 125) throw new ProtocolError(WebSocket.PROTOCOL_ERROR, "control frame payload over 125 bytes");
        if (m != server) throw new ProtocolError(WebSocket.PROTOCOL_ERROR, server ? "unmasked client frame" : "masked server frame");
        if (opcode == CONTINUATION && msgOpcode == 0) throw new ProtocolError(WebSocket.PROTOCOL_ERROR, "continuation frame without a message in progress");
        if ((opcode == TEXT || opcode == BINARY) && msgOpcode != 0) throw new ProtocolError(WebSocket.PROTOCOL_ERROR, "new data frame inside a fragmented message");
        int need = 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0) + (m ? 4 : 0);
        if (avail < need) return EOF;
        int at = pos + 2;
        long len = len7;
        if (len7 == 126) {
            len = ((buf[at] & 0xFF) << 8) | (buf[at + 1] & 0xFF);
            at += 2;
        } else if (len7 == 127) {
            len = Bytes.longAt(buf, at);
            if (len < 0) throw new ProtocolError(WebSocket.PROTOCOL_ERROR, "payload length with the most significant bit set");
            at += 8;
        }
        int k = 0;
        if (m) {
            k = ((buf[at] & 0xFF) << 24) | ((buf[at + 1] & 0xFF) << 16) | ((buf[at + 2] & 0xFF) << 8) | (buf[at + 3] & 0xFF);
            at += 4;
        }
        if (control) {
            if (avail < need + len) return EOF; // a control frame is taken whole (at most 131 bytes)
            byte[] p = Arrays.copyOfRange(buf, at, at + (int) len);
            if (m) Bytes.mask(p, 0, p.length, k, 0);
            pos = at + (int) len;
            data = p;
            if (opcode == CLOSE) parseClose(p);
            return opcode;
        }
        boolean deflated = opcode == CONTINUATION ? msgDeflated : rsv1;
        if (!deflated && size + len > maxMessage) {
            throw new ProtocolError(WebSocket.MESSAGE_TOO_BIG, "message over " + maxMessage + " bytes");
        }
        pos = at;
        if (opcode != CONTINUATION) {
            msgOpcode = opcode;
            msgDeflated = rsv1;
            size = 0;
            acc = null;
            utf8.reset();
        }
        fin = f;
        masked = m;
        key = k;
        phase = 0;
        remaining = len;
        inPayload = true;
        return CONTINUATION;
    }

    private void parseClose(byte[] p) throws ProtocolError {
        data = p;
        if (p.length == 0) {
            closeCode = WebSocket.NO_STATUS;
            data = new byte[0];
            return;
        }
        if (p.length == 1) throw new ProtocolError(WebSocket.PROTOCOL_ERROR, "close frame with a 1-byte payload");
        int code = ((p[0] & 0xFF) << 8) | (p[1] & 0xFF);
        if (!WebSocket.validCloseCode(code)) throw new ProtocolError(WebSocket.PROTOCOL_ERROR, "invalid close code " + code);
        Utf8 u = new Utf8();
        if (!u.feed(p, 2, p.length - 2) || !u.complete()) throw new ProtocolError(WebSocket.INVALID_DATA, "close reason is not UTF-8");
        closeCode = code;
        data = Arrays.copyOfRange(p, 2, p.length);
    }

    /** Consumes the current frame's payload; true if the stream ended first. */
    private boolean payload(Wire wire) throws IOException, ProtocolError {
        while (remaining > 0) {
            int avail = lim - pos;
            if (avail > 0) {
                int n = (int) Math.min(remaining, avail);
                if (masked) phase = Bytes.mask(buf, pos, n, key, phase);
                int from = pos;
                pos += n;
                remaining -= n;
                consume(buf, from, n);
            } else if (!msgDeflated && remaining >= DIRECT) {
                // A large payload goes straight into the message: no copy through the buffer.
                int room = ensure((int) Math.min(remaining, STEP));
                int n = wire.read(acc, size, (int) Math.min(remaining, room));
                if (n < 0) return true;
                if (masked) phase = Bytes.mask(acc, size, n, key, phase);
                remaining -= n;
                if (msgOpcode == TEXT && !utf8.feed(acc, size, n)) throw invalidText();
                size += n;
            } else if (!fill(wire)) {
                return true;
            }
        }
        return false;
    }

    /** Takes unmasked payload bytes: appended to the message, or inflated into it. */
    private void consume(byte[] b, int off, int n) throws ProtocolError {
        if (!msgDeflated) {
            append(b, off, n);
            return;
        }
        deflate.input(b, off, n);
        inflateAll();
    }

    private void inflateAll() throws ProtocolError {
        while (true) {
            if (size >= maxMessage) {
                // At the limit: one more byte out of the inflater means the message is too big.
                byte[] probe = new byte[1];
                if (deflate.inflate(probe, 0, 1) > 0) throw new ProtocolError(WebSocket.MESSAGE_TOO_BIG, "message over " + maxMessage + " bytes");
                if (deflate.needsInput()) return;
                continue;
            }
            int room = ensure((int) Math.min(INFLATE_ROOM, maxMessage - size));
            int n = deflate.inflate(acc, size, (int) Math.min(room, maxMessage - size));
            if (n > 0) {
                if (msgOpcode == TEXT && !utf8.feed(acc, size, n)) throw invalidText();
                size += n;
            } else if (deflate.needsInput()) {
                return;
            }
        }
    }

    private void append(byte[] b, int off, int n) throws ProtocolError {
        ensure(n);
        System.arraycopy(b, off, acc, size, n);
        if (msgOpcode == TEXT && !utf8.feed(acc, size, n)) throw invalidText();
        size += n;
    }

    /**
     * Makes room for at least {@code min(n, what the message may still hold)} more bytes, growing
     * by doubling (so memory follows the bytes that arrived); returns the room.
     */
    private int ensure(int n) {
        if (acc == null) {
            acc = new byte[Math.max(n, remaining < STEP ? (int) remaining : 256)];
        } else if (acc.length - size < n) {
            long want = Math.max((long) size + n, Math.min((long) acc.length * 2, maxMessage));
            acc = Arrays.copyOf(acc, (int) Math.min(want, Integer.MAX_VALUE - 8));
        }
        return acc.length - size;
    }

    private int finishMessage() throws ProtocolError {
        inPayload = false;
        if (msgDeflated) {
            deflate.endOfMessage();
            inflateAll();
            deflate.messageDone();
        }
        int op = msgOpcode;
        msgOpcode = 0;
        byte[] a = acc == null ? new byte[0] : acc;
        int n = size;
        acc = null;
        size = 0;
        if (op == TEXT && !utf8.complete()) throw invalidText();
        data = a.length == n ? a : Arrays.copyOf(a, n);
        return op;
    }

    private static ProtocolError invalidText() {
        return new ProtocolError(WebSocket.INVALID_DATA, "invalid UTF-8 in a text message");
    }

    /** Reads more bytes into the buffer (compacting it first); false at end of stream. */
    private boolean fill(Wire wire) throws IOException {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, lim - pos);
            lim -= pos;
            pos = 0;
        }
        int n = wire.read(buf, lim, buf.length - lim);
        if (n < 0) return false;
        lim += n;
        return true;
    }
}
