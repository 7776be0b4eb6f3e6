package org.gevent4j.websocket;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * permessage-deflate (RFC 7692) for one connection: the negotiated parameters, a compressor for
 * the messages this side sends and a decompressor for the peer's.
 *
 * <p>The JDK's {@link Deflater} always uses a 32 KiB window (zlib's 15 window bits; it has no
 * way to ask for fewer). When the peer limits our window ({@code server_max_window_bits} to a
 * server, {@code client_max_window_bits} to a client) to {@code b < 15} bits, we still accept,
 * and keep within the limit another way: such a side compresses each message on its own (a fresh
 * context, as with {@code no_context_takeover}) and only messages of at most {@code 2^b} bytes,
 * whose back-references cannot reach further than the message itself; longer messages leave
 * uncompressed, which RFC 7692 allows for any message. The {@link Inflater} accepts every window
 * size, so the peer's limits need nothing.
 *
 * <p>Both zlib objects are created on first use (a compressor holds about 256 KiB of native
 * memory) and freed by {@link #end()}.
 */
final class PerMessageDeflate {
    static final String NAME = "permessage-deflate";
    /** Messages shorter than this are sent uncompressed: they barely shrink and cost a deflate call. */
    static final int MIN_COMPRESS = 128;
    private static final byte[] TAIL = {0, 0, (byte) 0xFF, (byte) 0xFF};

    /** Our compressor's window in bits (15: unlimited), and whether it starts afresh for each message. */
    private final int sendBits;
    private final boolean sendReset;
    /** Whether the peer resets its context after each message (we may then reset our inflater too). */
    private final boolean receiveReset;
    /** The response header (server) or the accepted one (client). */
    final String header;

    private boolean ended;
    private Deflater deflater;
    private Inflater inflater;
    private byte[] out;

    private PerMessageDeflate(int sendBits, boolean sendReset, boolean receiveReset, String header) {
        this.sendBits = sendBits;
        this.sendReset = sendReset || sendBits < 15;
        this.receiveReset = receiveReset;
        this.header = header;
    }

    /** The offer a client sends: it can take any server window and any client window limit. */
    static String clientOffer() {
        return NAME + "; client_max_window_bits";
    }

    /**
     * The server's answer to a {@code Sec-WebSocket-Extensions} request header: the first
     * permessage-deflate offer whose parameters are all valid is accepted, or null (no
     * extension) when there is none. Malformed offers are skipped (RFC 7692 §5: a server
     * declines an offer it cannot accept).
     */
    static PerMessageDeflate accept(List<String> headerValues) {
        if (headerValues == null) return null;
        for (Map.Entry<String, Map<String, String>> offer : parse(headerValues)) {
            if (!offer.getKey().equals(NAME)) continue;
            Map<String, String> p = offer.getValue();
            if (p == null) continue;
            boolean ok = true;
            int serverBits = 15;
            StringBuilder rsp = new StringBuilder(NAME);
            for (Map.Entry<String, String> e : p.entrySet()) {
                String v = e.getValue();
                switch (e.getKey()) {
                    case "server_no_context_takeover", "client_no_context_takeover" -> {
                        if (v != null) ok = false;
                        else rsp.append("; ").append(e.getKey());
                    }
                    case "server_max_window_bits" -> {
                        int bits = bits(v);
                        if (bits < 0) ok = false;
                        else {
                            serverBits = bits;
                            rsp.append("; server_max_window_bits=").append(bits);
                        }
                    }
                    // Our inflater takes any window: no need to limit the client's.
                    case "client_max_window_bits" -> ok &= v == null || bits(v) >= 0;
                    default -> ok = false;
                }
            }
            if (!ok) continue;
            return new PerMessageDeflate(serverBits, p.containsKey("server_no_context_takeover"),
                    p.containsKey("client_no_context_takeover"), rsp.toString());
        }
        return null;
    }

    /**
     * The client's reading of the server's {@code Sec-WebSocket-Extensions} response to
     * {@link #clientOffer()}: null when absent.
     *
     * @throws IllegalArgumentException if the server answered something we did not offer
     */
    static PerMessageDeflate clientAccept(List<String> headerValues) {
        if (headerValues == null || headerValues.isEmpty()) return null;
        List<Map.Entry<String, Map<String, String>>> exts = parse(headerValues);
        if (exts.size() != 1 || !exts.get(0).getKey().equals(NAME) || exts.get(0).getValue() == null) {
            throw new IllegalArgumentException("the server answered an extension we did not offer: " + headerValues);
        }
        Map<String, String> p = exts.get(0).getValue();
        int clientBits = 15;
        for (Map.Entry<String, String> e : p.entrySet()) {
            String v = e.getValue();
            boolean ok = switch (e.getKey()) {
                case "server_no_context_takeover", "client_no_context_takeover" -> v == null;
                case "server_max_window_bits" -> bits(v) >= 0;
                case "client_max_window_bits" -> (clientBits = bits(v)) >= 0;
                default -> false;
            };
            if (!ok) throw new IllegalArgumentException("bad permessage-deflate parameter in the server's answer: " + headerValues);
        }
        return new PerMessageDeflate(clientBits, p.containsKey("client_no_context_takeover"),
                p.containsKey("server_no_context_takeover"), String.join(", ", headerValues));
    }

    /** A window-bits value, 8..15 (RFC 7692 §7.1.2), or -1. */
    private static int bits(String v) {
        if (v == null || v.length() > 2 || v.isEmpty() || v.charAt(0) == '0') return -1;
        for (int i = 0; i < v.length(); i++) if (v.charAt(i) < '0' || v.charAt(i) > '9') return -1;
        int b = Integer.parseInt(v);
        return b >= 8 && b <= 15 ? b : -1;
    }

    /**
     * Extensions, in order: name (lower case) → parameters (lower-case names; a value or null), or
     * a null map for a malformed element. Values may be quoted strings (RFC 6455 §9.1).
     */
    static List<Map.Entry<String, Map<String, String>>> parse(List<String> headerValues) {
        List<Map.Entry<String, Map<String, String>>> exts = new ArrayList<>();
        for (String value : headerValues) {
            for (String element : splitOutsideQuotes(value, ',')) {
                List<String> parts = splitOutsideQuotes(element, ';');
                String name = parts.get(0).trim().toLowerCase(Locale.ROOT);
                if (name.isEmpty()) continue;
                Map<String, String> params = new LinkedHashMap<>();
                for (int i = 1; i < parts.size() && params != null; i++) {
                    String part = parts.get(i).trim();
                    int eq = part.indexOf('=');
                    String k = (eq < 0 ? part : part.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
                    String v = eq < 0 ? null : part.substring(eq + 1).trim();
                    if (v != null && v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) v = v.substring(1, v.length() - 1);
                    if (k.isEmpty() || params.containsKey(k)) params = null; // a duplicate makes the offer invalid (§7)
                    else params.put(k, v);
                }
                exts.add(new AbstractMap.SimpleEntry<>(name, params));
            }
        }
        return exts;
    }

    private static List<String> splitOutsideQuotes(String s, char sep) {
        List<String> out = new ArrayList<>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') quoted = !quoted;
            else if (c == sep && !quoted) {
                out.add(s.substring(start, i));
                start = i + 1;
            }
        }
        out.add(s.substring(start));
        return out;
    }

    /**
     * The compressed form of {@code b[off..off+len)} (RSV1 message payload, without the
     * 00 00 FF FF tail), or null when this message is better sent as it is. Called under the
     * connection's write lock.
     */
    byte[] compress(byte[] b, int off, int len) {
        if (ended || len < MIN_COMPRESS || (sendBits < 15 && len > (1 << sendBits))) return null;
        if (deflater == null) {
            deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
            out = new byte[1024];
        }
        deflater.setInput(b, off, len);
        int n = 0;
        while (true) {
            if (n == out.length) out = Arrays.copyOf(out, out.length * 2);
            int got = deflater.deflate(out, n, out.length - n, Deflater.SYNC_FLUSH);
            n += got;
            if (n < out.length) break; // a sync flush that did not fill the buffer is complete
        }
        if (sendReset) deflater.reset();
        // A sync flush ends with the empty stored block 00 00 FF FF, which the receiver adds back.
        byte[] r = Arrays.copyOf(out, n - 4);
        if (out.length > 64 * 1024) out = new byte[1024]; // do not keep a big message's buffer
        return r;
    }

    /** Feeds compressed payload bytes (which must stay untouched until inflated: see {@link #inflate}). */
    void input(byte[] b, int off, int len) throws ProtocolError {
        checkOpen();
        if (inflater == null) inflater = new Inflater(true);
        inflater.setInput(b, off, len);
    }

    /** Feeds the tail RFC 7692 §7.2.2 restores at the end of a message. */
    void endOfMessage() throws ProtocolError {
        checkOpen();
        if (inflater == null) inflater = new Inflater(true);
        if (!inflater.finished()) inflater.setInput(TAIL);
    }

    /** Inflates into {@code b[off..off+len)}: the count, 0 when the input is used up. */
    int inflate(byte[] b, int off, int len) throws ProtocolError {
        checkOpen();
        if (inflater.finished() && inflater.getRemaining() > 0) {
            throw new ProtocolError(WebSocket.INVALID_DATA, "data after the final deflate block");
        }
        try {
            int n = inflater.inflate(b, off, len);
            if (n == 0 && inflater.needsDictionary()) throw new ProtocolError(WebSocket.INVALID_DATA, "deflate data needs a dictionary");
            return n;
        } catch (DataFormatException e) {
            throw new ProtocolError(WebSocket.INVALID_DATA, "bad deflate data: " + e.getMessage());
        }
    }

    /** Whether the inflater has consumed its input (nothing more will come out of it until fed). */
    boolean needsInput() {
        return inflater.needsInput() || inflater.finished();
    }

    /** The message was read to its end. */
    void messageDone() {
        if (!ended && receiveReset || inflater.finished()) inflater.reset();
    }

    private void checkOpen() throws ProtocolError {
        if (ended) throw new ProtocolError(WebSocket.ABNORMAL_CLOSURE, "the connection is closed");
    }

    /** Frees the native memory. */
    void end() {
        ended = true;
        if (deflater != null) deflater.end();
        if (inflater != null) inflater.end();
    }
}
