package org.gevent4j.websocket;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The WebSocket frame codec's hot path, without sockets: decoding a batch of client frames
 * (masked, as a server reads them: unmasking, UTF-8 validation, message assembly, and for
 * {@code deflate} inflation) and encoding server and client frames. ns per message.
 *
 * <p>It lives in the codec's package (on the class path, the library's package-private decoder is
 * reachable from here) because the decoder is deliberately not public API.
 *
 * <p>{@code ./gevent4j bench -f 1 -wi 3 -i 5 FrameBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FrameBenchmark {
    static final int BATCH = 1000;

    /** Payload size of each message. */
    @Param({"64", "4096"})
    public int size;

    /** text (validated UTF-8) or binary. */
    @Param({"text", "binary"})
    public String kind;

    private byte[] plainFrames;
    private byte[] deflatedFrames;
    private byte[] payload;
    private int op;
    private ReplayWire wire;
    private PerMessageDeflate inflate;
    private final FrameWriter serverWriter = new FrameWriter(false);
    private final FrameWriter clientWriter = new FrameWriter(true);
    private final NullWire sink = new NullWire();

    /** A wire with nothing to read that drops writes; the wires below override what they use. */
    abstract static class StubWire implements Wire {
        @Override
        public int read(byte[] b, int off, int len) {
            return -1;
        }

        @Override
        public void write(byte[] b, int off, int len) {}

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

    /** Replays a byte array in reads of up to 16 KiB. */
    static final class ReplayWire extends StubWire {
        byte[] data;
        int pos;

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos >= data.length) return -1;
            int n = Math.min(Math.min(len, 16384), data.length - pos);
            System.arraycopy(data, pos, b, off, n);
            pos += n;
            return n;
        }
    }

    /** Swallows what is written. */
    static final class NullWire extends StubWire {
        long bytes;

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        StringBuilder sb = new StringBuilder();
        while (sb.length() < size) sb.append("héllo wörld, κόσμε 0123456789 ");
        payload = sb.toString().getBytes(UTF_8);
        payload = java.util.Arrays.copyOf(payload, size);
        if (kind.equals("text")) {
            // Cut on a character boundary: trim trailing continuation bytes and their lead.
            int end = size;
            while (end > 0 && (payload[end - 1] & 0xC0) == 0x80) end--;
            if (end > 0 && (payload[end - 1] & 0x80) != 0) end--;
            java.util.Arrays.fill(payload, end, size, (byte) 'x');
        }
        op = kind.equals("text") ? FrameReader.TEXT : FrameReader.BINARY;
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        ByteArrayOutputStream deflated = new ByteArrayOutputStream();
        CollectingWire c = new CollectingWire(plain);
        CollectingWire d = new CollectingWire(deflated);
        PerMessageDeflate compressor = PerMessageDeflate.accept(List.of("permessage-deflate"));
        for (int i = 0; i < BATCH; i++) {
            clientWriter.write(c, op, true, false, payload, 0, payload.length);
            byte[] z = compressor.compress(payload, 0, payload.length);
            if (z != null) clientWriter.write(d, op, true, true, z, 0, z.length);
            else clientWriter.write(d, op, true, false, payload, 0, payload.length);
        }
        compressor.end();
        plainFrames = plain.toByteArray();
        deflatedFrames = deflated.toByteArray();
        wire = new ReplayWire();
        inflate = PerMessageDeflate.accept(List.of("permessage-deflate"));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        inflate.end();
    }

    /** Collects writes into a stream. */
    static final class CollectingWire extends StubWire {
        private final ByteArrayOutputStream out;

        CollectingWire(ByteArrayOutputStream out) {
            this.out = out;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            out.write(b, off, len);
        }
    }

    private void decode(byte[] frames, PerMessageDeflate d, Blackhole bh) throws IOException, ProtocolError {
        wire.data = frames;
        wire.pos = 0;
        FrameReader r = new FrameReader(true, WebSocket.DEFAULT_MAX_MESSAGE, d, 8192);
        while (r.next(wire) != FrameReader.EOF) bh.consume(r.data()); // receive() hands over the validated bytes
    }

    /** A server decoding masked client frames. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void decode(Blackhole bh) throws IOException, ProtocolError {
        decode(plainFrames, null, bh);
    }

    /** The same with permessage-deflate (context takeover: each message inflated with the previous ones' window). */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void decodeDeflated(Blackhole bh) throws IOException, ProtocolError {
        decode(deflatedFrames, inflate, bh);
    }

    /** A server encoding a frame (unmasked). */
    @Benchmark
    public void encodeServer() throws IOException {
        serverWriter.write(sink, op, true, false, payload, 0, payload.length);
    }

    /** A client encoding a frame (masked with a fresh key from SecureRandom). */
    @Benchmark
    public void encodeClient() throws IOException {
        clientWriter.write(sink, op, true, false, payload, 0, payload.length);
    }
}
