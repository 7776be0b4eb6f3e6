package org.gevent4j.websocket;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A raw WebSocket client on a plain java.net socket (the test's thread, not a greenlet): it writes
 * exactly the bytes a test gives it, so that every malformed frame can be sent, and parses the
 * server's frames itself.
 */
final class RawWs implements AutoCloseable {
    static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    static final String ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

    final Socket socket;
    final DataInputStream in;
    final OutputStream out;
    Map<String, String> head;

    RawWs(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        socket.setTcpNoDelay(true);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** Connects and does the handshake with {@code extra} header lines (each ending CR LF); asserts a 101. */
    static RawWs open(int port, String path, String extra) throws IOException {
        RawWs ws = new RawWs(port);
        ws.sendHandshake(path, extra);
        ws.readHead();
        if (!ws.head.get("").startsWith("HTTP/1.1 101")) throw new AssertionError("no 101: " + ws.head);
        return ws;
    }

    static RawWs open(int port) throws IOException {
        return open(port, "/ws", "");
    }

    void sendHandshake(String path, String extra) throws IOException {
        raw(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + KEY + "\r\nSec-WebSocket-Version: 13\r\n" + extra + "\r\n").getBytes(ISO_8859_1));
    }

    /** The status line under "", then the headers (lower-case names). */
    Map<String, String> readHead() throws IOException {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("", line());
        String l;
        while (!(l = line()).isEmpty()) {
            int colon = l.indexOf(':');
            h.put(l.substring(0, colon).toLowerCase(Locale.ROOT), l.substring(colon + 1).strip());
        }
        head = h;
        return h;
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1 && c != '\n') b.write(c);
        String s = b.toString(ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    void raw(byte[] b) throws IOException {
        out.write(b);
        out.flush();
    }

    /** A masked frame with first byte {@code b0} (FIN, RSV, opcode) and {@code payload}. */
    void frame(int b0, byte[] payload) throws IOException {
        raw(encode(b0, payload, true));
    }

    void frame(int b0, String payload) throws IOException {
        frame(b0, payload.getBytes(UTF_8));
    }

    /** Frame bytes: b0, the length, a fixed masking key (if masked), the (masked) payload. */
    static byte[] encode(int b0, byte[] p, boolean masked) {
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.write(b0);
        int m = masked ? 0x80 : 0;
        if (p.length < 126) {
            f.write(m | p.length);
        } else if (p.length < 65536) {
            f.write(m | 126);
            f.write(p.length >>> 8);
            f.write(p.length);
        } else {
            f.write(m | 127);
            for (int i = 7; i >= 0; i--) f.write((int) ((long) p.length >>> (8 * i)));
        }
        byte[] key = {0x37, (byte) 0xfa, 0x21, 0x3d};
        if (masked) f.writeBytes(key);
        for (int i = 0; i < p.length; i++) f.write(masked ? p[i] ^ key[i & 3] : p[i]);
        return f.toByteArray();
    }

    /** A frame the server sent. */
    record Frame(int b0, byte[] payload) {
        int opcode() {
            return b0 & 0x0F;
        }

        boolean fin() {
            return (b0 & 0x80) != 0;
        }

        boolean rsv1() {
            return (b0 & 0x40) != 0;
        }

        String text() {
            return new String(payload, UTF_8);
        }

        /** A close frame's code (1005 if none). */
        int code() {
            return payload.length < 2 ? 1005 : ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        }
    }

    Frame read() throws IOException {
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        if ((b1 & 0x80) != 0) throw new AssertionError("the server masked a frame");
        long len = b1 & 0x7F;
        if (len == 126) len = in.readUnsignedShort();
        else if (len == 127) len = in.readLong();
        byte[] p = new byte[(int) len];
        in.readFully(p);
        return new Frame(b0, p);
    }

    /** Reads frames until a close; returns its code. */
    int closeCode() throws IOException {
        Frame f;
        while ((f = read()).opcode() != 8) {
            // data sent before the close is skipped
        }
        return f.code();
    }

    /** End of stream (or a reset) within the socket's timeout. */
    boolean closedByServer() throws IOException {
        try {
            return in.read() == -1;
        } catch (SocketException e) {
            return true;
        }
    }

    static byte[] closePayload(int code, String reason) {
        byte[] r = reason.getBytes(UTF_8);
        byte[] p = new byte[2 + r.length];
        p[0] = (byte) (code >>> 8);
        p[1] = (byte) code;
        System.arraycopy(r, 0, p, 2, r.length);
        return p;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
