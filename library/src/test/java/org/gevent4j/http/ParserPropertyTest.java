package org.gevent4j.http;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.gevent4j.internal.InputBuffer;

/**
 * Hostile bytes into the head parser and the chunked decoder: they return a head, end of
 * stream, or an {@link HttpException}, and nothing else; they end (the input is finite and every
 * loop consumes it); and the buffer never grows past the line limits.
 */
class ParserPropertyTest {
    static final Limits LIMITS = Limits.DEFAULTS;
    static final int MAX_BUFFER = Math.max(LIMITS.requestLine(), LIMITS.headerLine()) + 4096;

    /** A source that hands out {@code data} in pieces of {@code piece} bytes, then end of stream. */
    static InputBuffer over(byte[] data, int piece) {
        int[] pos = {0};
        return new InputBuffer((b, off, len) -> {
            if (pos[0] >= data.length) return -1;
            int n = Math.min(Math.min(len, piece), data.length - pos[0]);
            System.arraycopy(data, pos[0], b, off, n);
            pos[0] += n;
            return n;
        }, 4096, MAX_BUFFER);
    }

    static final List<String> FRAGMENTS = List.of("GET", "POST", "OPTIONS", " ", "/", "*", "http://a/", "HTTP/1.1", "HTTP/1.0", "HTTP/2.0",
            "\r\n", "\n", "\r", ":", ": ", "Host", "Content-Length", "Transfer-Encoding", "chunked", "identity", "Expect", "100-continue",
            "Connection", "close", "0", "5", "ff", "fffffffffffffffff", ";", ";x=y", "\t", "\0", "\u00e9", "\u007f", "hello", ",", "%",
            "-1", "+5", "Host: a\r\n", "Content-Length: 5\r\n", "Transfer-Encoding: chunked\r\n");

    @Provide
    Arbitrary<byte[]> httpish() {
        return Arbitraries.of(FRAGMENTS).list().ofMaxSize(60).map(l -> String.join("", l).getBytes(ISO_8859_1));
    }

    @Property(tries = 3000)
    void randomBytesIntoTheHeadParser(@ForAll @Size(max = 3000) byte[] data, @ForAll("pieces") int piece) {
        parseAndRead(data, piece);
    }

    @Property(tries = 3000)
    void httpLikeBytesIntoTheHeadParserAndTheBodyDecoder(@ForAll("httpish") byte[] data, @ForAll("pieces") int piece) {
        parseAndRead(data, piece);
    }

    @Property(tries = 3000)
    void chunkedBodiesOfRandomFraming(@ForAll("httpish") byte[] tail, @ForAll("pieces") int piece) {
        byte[] head = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(ISO_8859_1);
        byte[] data = new byte[head.length + tail.length];
        System.arraycopy(head, 0, data, 0, head.length);
        System.arraycopy(tail, 0, data, head.length, tail.length);
        parseAndRead(data, piece);
    }

    @Provide
    Arbitrary<Integer> pieces() {
        return Arbitraries.of(1, 2, 7, 100, 100_000);
    }

    private static void parseAndRead(byte[] data, int piece) {
        InputBuffer in = over(data, piece);
        try {
            int requests = 0;
            RequestHead h;
            // Every request parsed consumes at least one byte, so this loop ends with the input.
            while ((h = HeadParser.parse(in, LIMITS)) != null) {
                assertThat(++requests).isLessThanOrEqualTo(data.length);
                assertThat(h.chunked && h.contentLength >= 0).as("never both framings").isFalse();
                RequestBody body = new RequestBody(in, LIMITS, h, () -> { });
                byte[] sink = new byte[512];
                long total = 0;
                int n;
                while ((n = body.read(sink, 0, sink.length)) > 0) {
                    total += n;
                    assertThat(total).isLessThanOrEqualTo(data.length);
                }
                assertThat(in.array().length).isLessThanOrEqualTo(MAX_BUFFER);
            }
        } catch (HttpException expected) {
            assertThat(expected.status).isIn(400, 408, 413, 414, 431, 501, 505);
        } catch (IOException other) {
            throw new AssertionError("only HttpException may come out, got " + other, other);
        }
        assertThat(in.array().length).isLessThanOrEqualTo(MAX_BUFFER);
    }
}
