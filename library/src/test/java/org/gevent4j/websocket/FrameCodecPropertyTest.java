package org.gevent4j.websocket;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The frame decoder under hostile and valid input. Hostile bytes (random, or frames with random
 * headers, lengths and payloads, randomly cut and mutated, with and without deflate) give
 * messages, control frames, end of stream or a {@link ProtocolError} with a close code, and
 * nothing else; decoding ends (each call consumes bytes); memory stays within the message limit.
 * Valid frames, cut anywhere on the wire, decode to exactly the messages sent.
 */
class FrameCodecPropertyTest {
    static final int LIMIT = 64 * 1024;

    /** A wire that hands out {@code data} in pieces of the given sizes (cycled), then end of stream; writes are collected. */
    static final class MemoryWire implements Wire {
        final ByteArrayOutputStream written = new ByteArrayOutputStream();
        private final byte[] data;
        private final int[] pieces;
        private int pos;
        private int turn;
        /** Called before each read: the test samples the decoder's memory there. */
        Runnable onRead = () -> {};

        MemoryWire(byte[] data, int[] pieces) {
            this.data = data;
            this.pieces = pieces;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            onRead.run();
            if (pos >= data.length) return -1;
            int n = Math.min(Math.min(len, Math.max(1, pieces[turn++ % pieces.length])), data.length - pos);
            System.arraycopy(data, pos, b, off, n);
            pos += n;
            return n;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            written.write(b, off, len);
        }

        @Override
        public void close() {}

        @Override
        public InetSocketAddress remote() {
            return null;
        }

        @Override
        public boolean secure() {
            return false;
        }
    }

    static PerMessageDeflate deflate() {
        return PerMessageDeflate.accept(List.of("permessage-deflate"));
    }

    /** Decodes everything; returns the kinds of results, ending with "EOF" or "error <code>". */
    static List<String> decodeAll(FrameReader r, MemoryWire wire, int inputLength) throws IOException {
        List<String> out = new ArrayList<>();
        for (int calls = 0; ; calls++) {
            assertThat(calls).as("each call consumes input").isLessThanOrEqualTo(inputLength + 1);
            int op;
            try {
                op = r.next(wire);
            } catch (ProtocolError e) {
                assertThat(e.code).isIn(WebSocket.PROTOCOL_ERROR, WebSocket.INVALID_DATA, WebSocket.MESSAGE_TOO_BIG);
                out.add("error " + e.code);
                return out;
            }
            if (op == FrameReader.EOF) {
                out.add("EOF");
                return out;
            }
            assertThat(op).isIn(FrameReader.TEXT, FrameReader.BINARY, FrameReader.PING, FrameReader.PONG, FrameReader.CLOSE);
            if (op == FrameReader.TEXT) assertThat(r.text().getBytes(UTF_8).length).isLessThanOrEqualTo(LIMIT);
            if (op == FrameReader.BINARY) assertThat(r.data().length).isLessThanOrEqualTo(LIMIT);
            if (op == FrameReader.CLOSE) assertThat(r.closeCode()).satisfies(c -> assertThat(c == WebSocket.NO_STATUS || WebSocket.validCloseCode(c)).isTrue());
            out.add(String.valueOf(op));
        }
    }

    @Provide
    Arbitrary<byte[]> hostile() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(3000);
        Arbitrary<byte[]> frame = Combinators.combine(
                Arbitraries.integers().between(0, 255),
                Arbitraries.of(true, false),
                Arbitraries.of(0, 1, 5, 125, 126, 127, 1000, 70_000, LIMIT + 1),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(600),
                Arbitraries.of(false, true))
                .as((b0, masked, declared, payload, deflated) -> {
                    byte[] p = deflated ? compressed(payload) : payload;
                    byte[] f = RawWs.encode(b0, p, masked);
                    if (declared != p.length && f.length > 2) f[1] = (byte) ((f[1] & 0x80) | Math.min(declared, 127));
                    return f;
                });
        Arbitrary<byte[]> frames = frame.list().ofMaxSize(12).map(l -> {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            l.forEach(b::writeBytes);
            return b.toByteArray();
        });
        return Arbitraries.oneOf(random, frames, frames.flatMap(f -> Arbitraries.integers().between(0, Math.max(0, f.length - 1))
                .map(i -> {
                    byte[] g = f.clone();
                    if (g.length > 0) g[i] ^= (byte) (1 + i * 37);
                    return g;
                })));
    }

    static byte[] compressed(byte[] plain) {
        java.util.zip.Deflater d = new java.util.zip.Deflater(6, true);
        d.setInput(plain);
        byte[] out = new byte[plain.length * 2 + 64];
        int n = d.deflate(out, 0, out.length, java.util.zip.Deflater.SYNC_FLUSH);
        d.end();
        return java.util.Arrays.copyOf(out, Math.max(0, n - 4));
    }

    @Property(tries = 1500)
    void hostileInputEndsInMessagesEofOrACloseCodeWithBoundedMemory(@ForAll("hostile") byte[] input,
            @ForAll boolean server, @ForAll boolean withDeflate, @ForAll @IntRange(min = 1, max = 9000) int piece) throws IOException {
        PerMessageDeflate d = withDeflate ? deflate() : null;
        FrameReader r = new FrameReader(server, LIMIT, d, 8192);
        MemoryWire wire = new MemoryWire(input, new int[] {piece, 1, piece / 3 + 1});
        int[] maxHeld = {0};
        wire.onRead = () -> maxHeld[0] = Math.max(maxHeld[0], r.held());
        List<String> results = decodeAll(r, wire, input.length);
        assertThat(results.getLast()).matches("EOF|error 100[279]");
        // A message's buffer grows with the bytes that arrived (or came out of the inflater), never past the limit.
        assertThat(maxHeld[0]).isLessThanOrEqualTo(LIMIT);
        assertThat((long) maxHeld[0]).isLessThanOrEqualTo(Math.max(256, 2L * input.length * (withDeflate ? 1032 : 1) + 64 * 1024));
        if (d != null) d.end();
    }

    /** A message to send: text or binary, and the fragment size (0: one frame). */
    record Sent(boolean text, byte[] payload, int fragment) {}

    @Provide
    Arbitrary<List<Sent>> messages() {
        Arbitrary<byte[]> textBytes = Arbitraries.strings().ofMaxLength(3000).map(s -> s.getBytes(UTF_8));
        Arbitrary<byte[]> compressible = Arbitraries.strings().withChars("ab ").ofMaxLength(5000).map(s -> s.getBytes(UTF_8));
        Arbitrary<Sent> text = Combinators.combine(Arbitraries.oneOf(textBytes, compressible), Arbitraries.integers().between(0, 700))
                .as((p, f) -> new Sent(true, p, f));
        Arbitrary<Sent> binary = Combinators.combine(Arbitraries.bytes().array(byte[].class).ofMaxSize(20_000), Arbitraries.integers().between(0, 5000))
                .as((p, f) -> new Sent(false, p, f));
        return Arbitraries.oneOf(text, binary).list().ofMaxSize(8);
    }

    @Property(tries = 400)
    void validFramesCutAnywhereDecodeToTheMessagesSent(@ForAll("messages") List<Sent> sent, @ForAll boolean fromClient,
            @ForAll boolean withDeflate, @ForAll @IntRange(min = 1, max = 5000) int piece) throws IOException, ProtocolError {
        MemoryWire out = new MemoryWire(new byte[0], new int[] {1});
        FrameWriter w = new FrameWriter(fromClient);
        PerMessageDeflate sender = withDeflate ? deflate() : null;
        for (Sent s : sent) {
            int op = s.text() ? FrameReader.TEXT : FrameReader.BINARY;
            byte[] c = sender == null ? null : sender.compress(s.payload(), 0, s.payload().length);
            if (c != null) {
                w.write(out, op, true, true, c, 0, c.length);
            } else if (s.fragment() == 0 || s.payload().length == 0) {
                w.write(out, op, true, false, s.payload(), 0, s.payload().length);
            } else {
                for (int off = 0; off < s.payload().length; off += s.fragment()) {
                    int n = Math.min(s.fragment(), s.payload().length - off);
                    w.write(out, off == 0 ? op : 0, off + n == s.payload().length, false, s.payload(), off, n);
                    if (off % 3 == 0) w.write(out, FrameReader.PING, true, false, new byte[] {1, 2}, 0, 2); // control frames between fragments
                }
            }
        }
        byte[] bytes = out.written.toByteArray();
        PerMessageDeflate receiver = withDeflate ? deflate() : null;
        FrameReader r = new FrameReader(fromClient, 1 << 20, receiver, 8192);
        MemoryWire in = new MemoryWire(bytes, new int[] {piece, 1, 7});
        List<Sent> got = new ArrayList<>();
        int op;
        while ((op = r.next(in)) != FrameReader.EOF) {
            if (op == FrameReader.PING) continue;
            got.add(new Sent(op == FrameReader.TEXT, op == FrameReader.TEXT ? r.text().getBytes(UTF_8) : r.data(), 0));
        }
        assertThat(got).hasSize(sent.size());
        for (int i = 0; i < sent.size(); i++) {
            assertThat(got.get(i).text()).isEqualTo(sent.get(i).text());
            assertThat(got.get(i).payload()).isEqualTo(sent.get(i).payload());
        }
        if (sender != null) sender.end();
        if (receiver != null) receiver.end();
    }

    @Property(tries = 3000)
    void utf8ValidationAgreesWithTheJdkDecoderWhereverTheInputIsSplit(@ForAll("utf8ish") byte[] b, @ForAll @IntRange(min = 0, max = 100) int cut) {
        boolean jdk;
        try {
            UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b));
            jdk = true;
        } catch (CharacterCodingException e) {
            jdk = false;
        }
        int at = Math.min(cut, b.length);
        Utf8 u = new Utf8();
        boolean ours = u.feed(b, 0, at) && u.feed(b, at, b.length - at) && u.complete();
        assertThat(ours).isEqualTo(jdk);
    }

    @Provide
    Arbitrary<byte[]> utf8ish() {
        Arbitrary<byte[]> valid = Arbitraries.strings().ofMaxLength(30).map(s -> s.getBytes(UTF_8));
        Arbitrary<byte[]> lead = Arbitraries.of((byte) 0xC0, (byte) 0xC2, (byte) 0xDF, (byte) 0xE0, (byte) 0xED, (byte) 0xEF, (byte) 0xF0,
                (byte) 0xF4, (byte) 0xF5, (byte) 0x80, (byte) 0x9F, (byte) 0xA0, (byte) 0xBF, (byte) 0x8F, (byte) 0x90, (byte) 'a', (byte) 0xFF)
                .array(byte[].class).ofMaxSize(12);
        return Arbitraries.oneOf(valid, lead, Combinators.combine(valid, lead, valid).as((x, y, z) -> {
            byte[] r = new byte[x.length + y.length + z.length];
            System.arraycopy(x, 0, r, 0, x.length);
            System.arraycopy(y, 0, r, x.length, y.length);
            System.arraycopy(z, 0, r, x.length + y.length, z.length);
            return r;
        }));
    }
}
