package org.gevent4j.websocket.conformance;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A WebSocket client that speaks raw TCP and writes every frame by hand, so a case can send what no
 * WebSocket library would (unmasked frames, reserved bits and opcodes, bad UTF-8, torn frames). It
 * also checks what the server sends back: frames must be unmasked, RSV1 only on the first frame of
 * a compressed message, text valid UTF-8, nothing after the server's close frame. Anything else is
 * recorded as a {@link #violation()} that fails the case.
 *
 * <p>A reader thread collects what arrives as {@link Event}s; a case waits on them with
 * {@link #await}. The harness is plain JDK code on purpose: it must not share code (or bugs) with
 * the server under test.
 */
final class WireClient implements AutoCloseable {
    static final int CONTINUATION = 0, TEXT = 1, BINARY = 2, CLOSE = 8, PING = 9, PONG = 10;
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final byte[] TAIL = {0, 0, (byte) 0xff, (byte) 0xff};
    /** Inflation stops here: a compressed echo larger than this is a server fault, not a reason to OOM. */
    private static final int MAX_INFLATED = 64 << 20;

    /** What arrived: a message, a ping or pong, or a marker a case records itself ("timeout"). */
    record Event(String kind, byte[] data, boolean binary) {
        static Event message(String text) {
            return new Event("message", text.getBytes(UTF_8), false);
        }

        static Event message(byte[] data, boolean binary) {
            return new Event("message", data, binary);
        }

        static Event pong(String payload) {
            return new Event("pong", payload.getBytes(UTF_8), false);
        }

        static Event pong(byte[] payload) {
            return new Event("pong", payload, false);
        }

        static Event timeout(String label) {
            return new Event("timeout", label.getBytes(UTF_8), false);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Event e && kind.equals(e.kind) && binary == e.binary && java.util.Arrays.equals(data, e.data);
        }

        @Override
        public int hashCode() {
            return kind.hashCode() * 31 + java.util.Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            String shown = data.length <= 40 ? printable(data) : data.length + " bytes";
            return "(" + kind + (kind.equals("message") ? (binary ? " binary " : " text ") : " ") + shown + ")";
        }
    }

    /** The permessage-deflate parameters the server answered with (RFC 7692 §7.1). */
    record Deflate(boolean serverNoContextTakeover, boolean clientNoContextTakeover, int serverMaxWindowBits, int clientMaxWindowBits) {}

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final Map<String, String> responseHeaders;
    private final Deflate deflate;
    private final Deflater deflater;
    private final Inflater inflater;
    private final Thread reader;

    private final Object lock = new Object();
    private final List<Event> events = new ArrayList<>();
    private boolean closeSent;            // we sent a close frame
    private boolean closeReceived;        // the server sent a close frame
    private boolean closedByMe;           // our close frame went out before the server's arrived
    private Integer remoteCode;           // the server's close code; null: none or empty close payload
    private String remoteReason = "";
    private boolean tcpClosed;            // the server closed (or reset) the TCP connection
    private String violation;             // the first thing the server sent that RFC 6455 forbids
    private int framesReceived;

    private WireClient(Socket socket, Map<String, String> headers, Deflate deflate) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.responseHeaders = headers;
        this.deflate = deflate;
        if (deflate != null) {
            deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
            // java.util.zip cannot shrink its window below 32 KiB: if the server limits ours, send
            // Huffman-only blocks, which never refer back and so fit any window.
            if (deflate.clientMaxWindowBits < 15) deflater.setStrategy(Deflater.HUFFMAN_ONLY);
            inflater = new Inflater(true);
        } else {
            deflater = null;
            inflater = null;
        }
        reader = Thread.ofPlatform().daemon().name("ws-wire-reader").start(this::readLoop);
    }

    /**
     * Opens a connection and runs the opening handshake.
     *
     * @param extensions the Sec-WebSocket-Extensions offer, or null for none
     * @throws IOException on connect failure or a handshake the server answers with anything but a valid 101
     */
    static WireClient connect(URI uri, String extensions, int timeoutMillis) throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), timeoutMillis);
        s.setSoTimeout(timeoutMillis);
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        String key = Base64.getEncoder().encodeToString(nonce);
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) path += "?" + uri.getRawQuery();
        StringBuilder req = new StringBuilder()
                .append("GET ").append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(uri.getHost()).append(':').append(uri.getPort()).append("\r\n")
                .append("Upgrade: websocket\r\nConnection: Upgrade\r\n")
                .append("Sec-WebSocket-Key: ").append(key).append("\r\n")
                .append("Sec-WebSocket-Version: 13\r\n");
        if (extensions != null) req.append("Sec-WebSocket-Extensions: ").append(extensions).append("\r\n");
        req.append("\r\n");
        s.getOutputStream().write(req.toString().getBytes(ISO_8859_1));
        s.getOutputStream().flush();

        String head = readHead(s.getInputStream());
        String[] lines = head.split("\r\n");
        if (!lines[0].matches("HTTP/1\\.1 101( .*)?")) {
            s.close();
            throw new IOException("handshake refused: " + lines[0]);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) throw new IOException("bad response header line: " + lines[i]);
            headers.merge(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim(),
                    (a, b) -> a + ", " + b);
        }
        String expected = accept(key);
        if (!expected.equals(headers.get("sec-websocket-accept"))) {
            s.close();
            throw new IOException("Sec-WebSocket-Accept " + headers.get("sec-websocket-accept") + ", expected " + expected);
        }
        if (!"websocket".equalsIgnoreCase(headers.getOrDefault("upgrade", ""))
                || !headers.getOrDefault("connection", "").toLowerCase(Locale.ROOT).contains("upgrade")) {
            s.close();
            throw new IOException("101 without Upgrade: websocket / Connection: Upgrade: " + headers);
        }
        Deflate d = null;
        String ext = headers.get("sec-websocket-extensions");
        if (ext != null) {
            if (extensions == null || !extensions.contains("permessage-deflate")) {
                s.close();
                throw new IOException("server accepted an extension that was not offered: " + ext);
            }
            d = parseDeflate(ext);
        }
        s.setSoTimeout(0);
        return new WireClient(s, headers, d);
    }

    static String accept(String key) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(ISO_8859_1)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static Deflate parseDeflate(String ext) throws IOException {
        String[] parts = ext.split(";");
        if (parts.length == 0 || !parts[0].trim().equals("permessage-deflate") || ext.contains(",")) {
            throw new IOException("unexpected Sec-WebSocket-Extensions answer: " + ext);
        }
        boolean snct = false, cnct = false;
        int smwb = 15, cmwb = 15;
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            String name = p.contains("=") ? p.substring(0, p.indexOf('=')).trim() : p;
            String value = p.contains("=") ? p.substring(p.indexOf('=') + 1).trim().replace("\"", "") : null;
            switch (name) {
                case "server_no_context_takeover" -> snct = true;
                case "client_no_context_takeover" -> cnct = true;
                case "server_max_window_bits" -> smwb = bits(value, ext);
                case "client_max_window_bits" -> cmwb = bits(value, ext);
                default -> throw new IOException("unknown permessage-deflate parameter in answer: " + ext);
            }
        }
        return new Deflate(snct, cnct, smwb, cmwb);
    }

    private static int bits(String value, String ext) throws IOException {
        if (value == null) throw new IOException("window bits without a value in the answer: " + ext);
        int b = Integer.parseInt(value);
        if (b < 8 || b > 15) throw new IOException("window bits out of range: " + ext);
        return b;
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int b = in.read();
            if (b < 0) throw new IOException("connection closed during the handshake: " + buf.toString(ISO_8859_1));
            buf.write(b);
            if (buf.size() > 16384) throw new IOException("handshake response head over 16 KiB");
            state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1 : (b == '\r' ? 1 : 0);
        }
        String s = buf.toString(ISO_8859_1);
        return s.substring(0, s.length() - 4);
    }

    Map<String, String> responseHeaders() {
        return responseHeaders;
    }

    /** The negotiated permessage-deflate parameters, or null. */
    Deflate deflate() {
        return deflate;
    }

    // ---- sending --------------------------------------------------------------------------

    /**
     * Sends one frame, masked as a client must unless {@code masked} is false.
     *
     * @param chop write the frame's octets in pieces of this size, each flushed on its own (0: in one write)
     * @return false if the server had already closed the connection (the write failed)
     */
    boolean frame(int opcode, byte[] payload, boolean fin, int rsv, boolean masked, int chop) {
        byte[] frame = encode(opcode, payload, fin, rsv, masked);
        return write(frame, chop);
    }

    static byte[] encode(int opcode, byte[] payload, boolean fin, int rsv, boolean masked) {
        int n = payload.length;
        int headLen = 2 + (n <= 125 ? 0 : n <= 0xffff ? 2 : 8) + (masked ? 4 : 0);
        ByteBuffer b = ByteBuffer.allocate(headLen + n);
        b.put((byte) ((fin ? 0x80 : 0) | (rsv & 7) << 4 | (opcode & 0xf)));
        int maskBit = masked ? 0x80 : 0;
        if (n <= 125) {
            b.put((byte) (maskBit | n));
        } else if (n <= 0xffff) {
            b.put((byte) (maskBit | 126)).putShort((short) n);
        } else {
            b.put((byte) (maskBit | 127)).putLong(n);
        }
        if (masked) {
            byte[] key = new byte[4];
            ThreadLocalRandom.current().nextBytes(key);
            b.put(key);
            for (int i = 0; i < n; i++) b.put((byte) (payload[i] ^ key[i & 3]));
        } else {
            b.put(payload);
        }
        return b.array();
    }

    /** Writes raw octets (a frame, part of one, several); false if the connection is already gone. */
    boolean write(byte[] bytes, int chop) {
        try {
            if (chop <= 0 || chop >= bytes.length) {
                out.write(bytes);
                out.flush();
            } else {
                for (int i = 0; i < bytes.length; i += chop) {
                    out.write(bytes, i, Math.min(chop, bytes.length - i));
                    out.flush();
                }
            }
            return true;
        } catch (IOException e) {
            return false; // the server failed the connection first: what a case checks next
        }
    }

    /**
     * Sends a message, compressed if permessage-deflate was negotiated and {@code compress} is set.
     *
     * @param fragmentSize payload bytes per frame (0: one frame)
     */
    boolean message(byte[] data, boolean binary, int fragmentSize, boolean compress) {
        boolean deflated = compress && deflate != null;
        byte[] payload = deflated ? compress(data) : data;
        int step = fragmentSize <= 0 ? Math.max(payload.length, 1) : fragmentSize;
        int opcode = binary ? BINARY : TEXT;
        int off = 0;
        boolean first = true;
        do {
            int len = Math.min(step, payload.length - off);
            byte[] part = java.util.Arrays.copyOfRange(payload, off, off + len);
            off += len;
            boolean fin = off >= payload.length;
            if (!frame(first ? opcode : CONTINUATION, part, fin, first && deflated ? 4 : 0, true, 0)) return false;
            first = false;
        } while (off < payload.length);
        return true;
    }

    /** A close frame with this code and reason (code null: empty payload); remembers that we initiated. */
    boolean close(Integer code, byte[] reason) {
        byte[] payload;
        if (code == null) {
            payload = new byte[0];
        } else {
            payload = new byte[2 + reason.length];
            payload[0] = (byte) (code >> 8);
            payload[1] = (byte) (int) code;
            System.arraycopy(reason, 0, payload, 2, reason.length);
        }
        return closeRaw(payload);
    }

    /** A close frame with exactly this payload (which may be malformed); remembers that we initiated. */
    boolean closeRaw(byte[] payload) {
        synchronized (lock) {
            if (!closeSent && !closeReceived) closedByMe = true;
            closeSent = true;
        }
        return frame(CLOSE, payload, true, 0, true, 0);
    }

    private byte[] compress(byte[] data) {
        deflater.setInput(data);
        ByteArrayOutputStream o = new ByteArrayOutputStream(data.length / 2 + 64);
        byte[] buf = new byte[64 * 1024];
        int n;
        do {
            n = deflater.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
            o.write(buf, 0, n);
        } while (n == buf.length || !deflater.needsInput());
        byte[] z = o.toByteArray();
        if (deflate.clientNoContextTakeover) deflater.reset();
        // RFC 7692 §7.2.1: drop the 00 00 ff ff that the sync flush ends with.
        int len = z.length;
        if (len >= 4 && z[len - 4] == 0 && z[len - 3] == 0 && z[len - 2] == (byte) 0xff && z[len - 1] == (byte) 0xff) len -= 4;
        return java.util.Arrays.copyOf(z, len);
    }

    // ---- receiving ------------------------------------------------------------------------

    private void readLoop() {
        ByteArrayOutputStream message = null;
        boolean messageBinary = false, messageCompressed = false;
        try {
            while (true) {
                int b0 = in.read();
                if (b0 < 0) break;
                int b1 = readByte();
                boolean fin = (b0 & 0x80) != 0;
                int rsv = (b0 >> 4) & 7;
                int opcode = b0 & 0xf;
                long len = b1 & 0x7f;
                if ((b1 & 0x80) != 0) violate("the server masked a frame (RFC 6455 §5.1)");
                if (len == 126) len = (readByte() << 8) | readByte();
                else if (len == 127) len = new java.io.DataInputStream(in).readLong();
                if (len > MAX_INFLATED) {
                    violate("frame of " + len + " bytes");
                    break;
                }
                byte[] payload = in.readNBytes((int) len);
                if (payload.length < len) break;
                synchronized (lock) {
                    framesReceived++;
                    if (closeReceived) violate("a frame after the server's close frame (opcode " + opcode + ")");
                }
                if (opcode >= 8) {
                    if (!fin || len > 125) violate("a fragmented or oversized control frame from the server");
                    if (rsv != 0) violate("RSV bits on a control frame from the server");
                    switch (opcode) {
                        case PING -> add(new Event("ping", payload, false));
                        case PONG -> add(new Event("pong", payload, false));
                        case CLOSE -> onClose(payload);
                        default -> violate("reserved control opcode " + opcode + " from the server");
                    }
                    continue;
                }
                boolean rsv1Allowed = deflate != null && opcode != CONTINUATION;
                if ((rsv & 3) != 0 || ((rsv & 4) != 0 && !rsv1Allowed)) violate("RSV bits " + rsv + " on a data frame from the server");
                if (opcode == TEXT || opcode == BINARY) {
                    if (message != null) violate("a new data frame inside a fragmented message from the server");
                    message = new ByteArrayOutputStream();
                    messageBinary = opcode == BINARY;
                    messageCompressed = (rsv & 4) != 0;
                } else if (opcode == CONTINUATION) {
                    if (message == null) {
                        violate("a continuation frame with nothing to continue from the server");
                        continue;
                    }
                } else {
                    violate("reserved data opcode " + opcode + " from the server");
                    continue;
                }
                message.write(payload);
                if (fin) {
                    byte[] data = message.toByteArray();
                    if (messageCompressed) data = inflate(data);
                    if (!messageBinary && !validUtf8(data)) violate("a text message from the server that is not UTF-8");
                    add(new Event("message", data, messageBinary));
                    message = null;
                }
            }
        } catch (IOException | DataFormatException e) {
            // EOF inside a frame, a reset, or a corrupt compressed message: the connection is over either way
            if (e instanceof DataFormatException) violate("compressed message does not inflate: " + e.getMessage());
        } finally {
            synchronized (lock) {
                tcpClosed = true;
                lock.notifyAll();
            }
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a socket the peer already closed
            }
        }
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) throw new java.io.EOFException();
        return b;
    }

    private byte[] inflate(byte[] data) throws DataFormatException {
        byte[] input = java.util.Arrays.copyOf(data, data.length + 4);
        System.arraycopy(TAIL, 0, input, data.length, 4);
        inflater.setInput(input);
        ByteArrayOutputStream o = new ByteArrayOutputStream(data.length * 2 + 64);
        byte[] buf = new byte[64 * 1024];
        while (!inflater.needsInput() || inflater.getRemaining() > 0) {
            int n = inflater.inflate(buf);
            if (n == 0 && (inflater.needsInput() || inflater.finished() || inflater.needsDictionary())) break;
            o.write(buf, 0, n);
            if (o.size() > MAX_INFLATED) throw new DataFormatException("inflates past " + MAX_INFLATED + " bytes");
        }
        if (deflate.serverNoContextTakeover) inflater.reset();
        return o.toByteArray();
    }

    private void onClose(byte[] payload) throws IOException {
        Integer code = null;
        String reason = "";
        if (payload.length == 1) violate("a 1-byte close payload from the server");
        if (payload.length >= 2) {
            code = ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
            byte[] r = java.util.Arrays.copyOfRange(payload, 2, payload.length);
            if (!validUtf8(r)) violate("a close reason that is not UTF-8");
            reason = new String(r, UTF_8);
        }
        boolean reply;
        synchronized (lock) {
            closeReceived = true;
            remoteCode = code;
            remoteReason = reason;
            reply = !closeSent;
            closeSent = true;
            lock.notifyAll();
        }
        // The server started the closing handshake: answer it as an endpoint must (RFC 6455 §5.5.1),
        // echoing its code as Autobahn's client does.
        if (reply) frame(CLOSE, code == null ? new byte[0] : java.util.Arrays.copyOf(payload, 2), true, 0, true, 0);
    }

    private void add(Event e) {
        synchronized (lock) {
            events.add(e);
            lock.notifyAll();
        }
    }

    private void violate(String what) {
        synchronized (lock) {
            if (violation == null) violation = what;
        }
    }

    static boolean validUtf8(byte[] b) {
        try {
            UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** Waits until {@code done} holds (checked under the event lock) or the time is up; true if it held. */
    boolean await(BooleanSupplier done, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        synchronized (lock) {
            while (!done.getAsBoolean()) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) return false;
                lock.wait(left);
            }
            return true;
        }
    }

    // ---- state (read under the lock or after the reader ended) -----------------------------------

    List<Event> events() {
        synchronized (lock) {
            return List.copyOf(events);
        }
    }

    int eventCount() {
        synchronized (lock) {
            return events.size();
        }
    }

    Event event(int i) {
        synchronized (lock) {
            return events.get(i);
        }
    }

    void recordMarker(Event e) {
        add(e);
    }

    boolean isOpen() {
        synchronized (lock) {
            return !closeReceived && !tcpClosed;
        }
    }

    boolean tcpClosed() {
        synchronized (lock) {
            return tcpClosed;
        }
    }

    boolean closeReceived() {
        synchronized (lock) {
            return closeReceived;
        }
    }

    boolean closeSent() {
        synchronized (lock) {
            return closeSent;
        }
    }

    boolean closedByMe() {
        synchronized (lock) {
            return closedByMe;
        }
    }

    Integer remoteCode() {
        synchronized (lock) {
            return remoteCode;
        }
    }

    String remoteReason() {
        synchronized (lock) {
            return remoteReason;
        }
    }

    String violation() {
        synchronized (lock) {
            return violation;
        }
    }

    /** Drops the TCP connection (Autobahn's "kill") and waits for the reader to end. */
    @Override
    public void close() throws IOException {
        socket.close();
        try {
            reader.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String printable(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            int c = x & 0xff;
            if (c >= 0x20 && c < 0x7f && c != '\\') s.append((char) c);
            else s.append(String.format("\\x%02x", c));
        }
        return s.toString();
    }
}
