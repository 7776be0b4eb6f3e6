package org.gevent4j.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Strict framing (pitfalls, docs/http-conformance.md, #1–#11, #18): each hostile request gets the status the table
 * says and a closed connection, and never reaches a handler as a second request. Names in the
 * first column are the case's origin (Http11Probe id, pywsgi, Go, llhttp).
 */
@Timeout(60)
class FramingTest {
    static Running server;
    static final AtomicInteger handled = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        server = Running.serve(HttpServer.builder().maxBody(1_000_000)
                .timeouts(Duration.ofMillis(500), Duration.ofSeconds(5), Duration.ofMillis(500), Duration.ofSeconds(5), Duration.ofSeconds(5))
                .context("/", x -> {
                    handled.incrementAndGet();
                    byte[] body = x.getRequestBody().readAllBytes();
                    HttpServerTest.respond(x, 200, "got " + body.length + " " + new String(body, UTF_8));
                }));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    /** Sends {@code raw} (with \r \n \t \0 escapes written as in Java) and returns the first response. */
    static RawClient.Response exchange(RawClient c, String raw) throws Exception {
        return c.send(raw.replace("\\r", "\r").replace("\\n", "\n").replace("\\t", "\t").replace("\\0", "\0")).read();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        SMUG-CL-TE-BOTH (pywsgi test_229)    | POST / HTTP/1.1\\r\\nHost: a\\r\\nContent-Length: 6\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n0\\r\\n\\r\\nG | 400
        SMUG-TE-XCHUNKED (Go 501)            | POST / HTTP/1.1\\r\\nHost: a\\r\\nTransfer-Encoding: xchunked\\r\\n\\r\\n | 501
        SMUG-TE-CHUNKED-IDENTITY             | POST / HTTP/1.1\\r\\nHost: a\\r\\nTransfer-Encoding: chunked, identity\\r\\n\\r\\n | 501
        SMUG-TE-SPACE-BEFORE-COLON           | POST / HTTP/1.1\\r\\nHost: a\\r\\nTransfer-Encoding : chunked\\r\\n\\r\\n | 400
        SMUG-TE-DOUBLE                       | POST / HTTP/1.1\\r\\nHost: a\\r\\nTransfer-Encoding: chunked\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n | 400
        SMUG-TE-HTTP10                       | POST / HTTP/1.0\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n0\\r\\n\\r\\n | 400
        SMUG-TE-EMPTY-ELEMENT                | POST / HTTP/1.1\\r\\nHost: a\\r\\nTransfer-Encoding: ,chunked\\r\\n\\r\\n | 400
        SMUG-CL-TWO-DIFFERENT (Go)           | POST / HTTP/1.1\\r\\nHost: a\\r\\nContent-Length: 1\\r\\nContent-Length: 2\\r\\n\\r\\nab | 400
        SMUG-CL-TWO-EQUAL (JDK parity)       | POST / HTTP/1.1\\r\\nHost: a\\r\\nContent-Length: 1\\r\\nContent-Length: 1\\r\\n\\r\\na | 400
        SMUG-CL-PLUS                         | POST / HTTP/1.1\\r\\nHost: a\\r\\nContent-Length: +5\\r\\n\\r\\nhello | 400
        SMUG-CL-HEX                          | POST / HTTP/1.1\\r\\nHost: a\\r\\nContent-Length: 0x5\\r\\n\\r\\nhello | 400
        SMUG-CL-NEGATIVE (pywsgi -100)       | POST / HTTP/1.1\\r\\nHost: a\\r\\nContent-Length: -1\\r\\n\\r\\n | 400
        SMUG-CL-SPACE-INSIDE                 | POST / HTTP/1.1\\r\\nHost: a\\r\\nContent-Length: 5 5\\r\\n\\r\\nhello | 400
        SMUG-CL-COMMA                        | POST / HTTP/1.1\\r\\nHost: a\\r\\nContent-Length: 1,2\\r\\n\\r\\nab | 400
        MAL-CL-OVERFLOW                      | POST / HTTP/1.1\\r\\nHost: a\\r\\nContent-Length: 99999999999999999999\\r\\n\\r\\n | 400
        MAL-CL-ALPHA (pywsgi abc)            | POST / HTTP/1.1\\r\\nHost: a\\r\\nContent-Length: abc\\r\\n\\r\\n | 400
        CHUNK-BARE-LF (CVE-2025-22871)       | POST / HTTP/1.1\\r\\nHost: a\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n5\\nhello\\r\\n0\\r\\n\\r\\n | 400
        CHUNK-EXT-BARE-LF                    | POST / HTTP/1.1\\r\\nHost: a\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n5;\\nhello\\r\\n0\\r\\n\\r\\n | 400
        CHUNK-EXT-BARE-CR                    | POST / HTTP/1.1\\r\\nHost: a\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n5;a\\rb\\r\\nhello\\r\\n0\\r\\n\\r\\n | 400
        CHUNK-SIZE-OVERFLOW                  | POST / HTTP/1.1\\r\\nHost: a\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\nfffffffffffffffff\\r\\nhello\\r\\n0\\r\\n\\r\\n | 400
        CHUNK-DATA-NO-CRLF (pywsgi test_229) | POST / HTTP/1.1\\r\\nHost: a\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n5\\r\\nhelloXX0\\r\\n\\r\\n | 400
        CHUNK-SIZE-NOT-HEX                   | POST / HTTP/1.1\\r\\nHost: a\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\nzz\\r\\nhello\\r\\n0\\r\\n\\r\\n | 400
        OBS-FOLD (RFC9112-5.1-OBS-FOLD)      | GET / HTTP/1.1\\r\\nHost: a\\r\\nX-A: a\\r\\n b\\r\\n\\r\\n | 400
        LEADING-WHITESPACE (Go 22464)        | GET / HTTP/1.1\\r\\n Host: a\\r\\n\\r\\n | 400
        BARE-CR-IN-HEAD (RFC9112-2.2)        | GET / HTTP/1.1\\r\\nHost: a\\rX: b\\r\\n\\r\\n | 400
        HEADER-SPACE-IN-NAME (Go)            | GET / HTTP/1.1\\r\\nHost: a\\r\\nA space: x\\r\\n\\r\\n | 400
        HEADER-NUL-IN-NAME (Go)              | GET / HTTP/1.1\\r\\nHost: a\\r\\nfoo\\0bar: x\\r\\n\\r\\n | 400
        HEADER-NUL-IN-VALUE (Go)             | GET / HTTP/1.1\\r\\nHost: a\\r\\nX: a\\0b\\r\\n\\r\\n | 400
        HEADER-NO-COLON                      | GET / HTTP/1.1\\r\\nHost: a\\r\\nNoColon\\r\\n\\r\\n | 400
        HOST-MISSING-11 (Go)                 | GET / HTTP/1.1\\r\\n\\r\\n | 400
        HOST-TWICE (Go)                      | GET / HTTP/1.1\\r\\nHost: a\\r\\nHost: b\\r\\n\\r\\n | 400
        HOST-BRACE (Go)                      | GET / HTTP/1.1\\r\\nHost: {\\r\\n\\r\\n | 400
        VERSION-2.0 (MAL-H2)                 | GET / HTTP/2.0\\r\\nHost: a\\r\\n\\r\\n | 505
        PRI-PREFACE (MAL-H2-PREFACE)         | PRI * HTTP/2.0\\r\\n\\r\\nSM\\r\\n\\r\\n | 505
        VERSION-GARBAGE (pywsgi #1708)       | GET / HTTP %\\r\\nHost: a\\r\\n\\r\\n | 400
        VERSION-LOWERCASE                    | GET / http/1.1\\r\\nHost: a\\r\\n\\r\\n | 400
        VERSION-0.9                          | GET / HTTP/0.9\\r\\n\\r\\n | 400
        LEADING-CONTROL-BYTES (Netty)        | \\0GET / HTTP/1.1\\r\\nHost: a\\r\\n\\r\\n | 400
        TARGET-NOT-ORIGIN-FORM               | GET foo HTTP/1.1\\r\\nHost: a\\r\\n\\r\\n | 400
        TARGET-STAR-NOT-OPTIONS              | GET * HTTP/1.1\\r\\nHost: a\\r\\n\\r\\n | 400
        TARGET-QUOTE (pywsgi #1708)          | GET /"x HTTP/1.1\\r\\nHost: a\\r\\n\\r\\n | 400
        METHOD-EMPTY                         | \\u0020/ HTTP/1.1\\r\\nHost: a\\r\\n\\r\\n | 400
        TWO-SPACES-IN-LINE                   | GET  / HTTP/1.1\\r\\nHost: a\\r\\n\\r\\n | 400
        BODY-OVER-LIMIT                      | POST / HTTP/1.1\\r\\nHost: a\\r\\nContent-Length: 2000000\\r\\n\\r\\n | 413
        """)
    void hostileRequestsAreRefusedWithTheTableStatusAndAClose(String origin, String raw, int status) throws Exception {
        int before = handled.get();
        try (RawClient c = new RawClient(server.port())) {
            RawClient.Response rsp = exchange(c, raw.strip().replace("\\u0020", " "));
            assertThat(rsp.status()).as(origin).isEqualTo(status);
            assertThat(rsp.closes()).as(origin + ": Connection: close").isTrue();
            assertThat(c.closedByServer()).as(origin + ": closed").isTrue();
        }
        // A chunked body is read by the handler, whose read fails; a bad head never reaches one.
        if (!origin.startsWith("CHUNK")) assertThat(handled.get() - before).as(origin + ": reached no handler").isZero();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        EMPTY-LINES-BEFORE (Go TestTolerateCRLFBeforeRequestLine) | \\r\\n\\r\\nGET / HTTP/1.1\\r\\nHost: a\\r\\n\\r\\n | got 0
        BARE-LF-HEAD (RFC9112-2.2 MAY)        | GET / HTTP/1.1\\nHost: a\\n\\n | got 0
        TAB-BEFORE-TE-VALUE                   | POST / HTTP/1.1\\r\\nHost: a\\r\\nTransfer-Encoding:\\tchunked\\r\\n\\r\\n3\\r\\nabc\\r\\n0\\r\\n\\r\\n | got 3 abc
        CHUNKED-WITH-EXTENSION-AND-TRAILER    | POST / HTTP/1.1\\r\\nHost: a\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n3;name=v\\r\\nabc\\r\\n2\\r\\nde\\r\\n0\\r\\nX-Trailer: t\\r\\n\\r\\n | got 5 abcde
        HIGH-BYTE-IN-VALUE (Go: OK)           | GET / HTTP/1.1\\r\\nHost: a\\r\\nX: caf\u00e9\\r\\n\\r\\n | got 0
        HTTP-1.2-ANSWERED-AS-1.1              | GET / HTTP/1.2\\r\\nHost: a\\r\\n\\r\\n | got 0
        HTTP10-NO-HOST                        | GET / HTTP/1.0\\r\\n\\r\\n | got 0
        CL-ZERO                               | POST / HTTP/1.1\\r\\nHost: a\\r\\nContent-Length: 0\\r\\n\\r\\n | got 0
        CL-LEADING-ZEROS                      | POST / HTTP/1.1\\r\\nHost: a\\r\\nContent-Length: 003\\r\\n\\r\\nabc | got 3 abc
        """)
    void tolerableRequestsAreServed(String origin, String raw, String body) throws Exception {
        try (RawClient c = new RawClient(server.port())) {
            RawClient.Response rsp = exchange(c, raw.strip());
            assertThat(rsp.status()).as(origin).isEqualTo(200);
            assertThat(rsp.body().strip()).as(origin).isEqualTo(body);
        }
    }

    @Test
    void trailersAreNeverMergedAndASmuggledRequestAfterTheLastChunkIsOneRequestOnly() throws Exception {
        // gevent CVE-2023-41419: what follows the last chunk is either the trailer or the next request, never both.
        int before = handled.get();
        try (RawClient c = new RawClient(server.port())) {
            RawClient.Response rsp = exchange(c, "POST / HTTP/1.1\\r\\nHost: a\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n0\\r\\nGET /x HTTP/1.1\\r\\n\\r\\n");
            assertThat(rsp.status()).isEqualTo(400);
            assertThat(c.closedByServer()).isTrue();
        }
        assertThat(handled.get() - before).isLessThanOrEqualTo(1);
    }

    @Test
    void limitsAnswer414And431() throws Exception {
        try (RawClient c = new RawClient(server.port())) {
            assertThat(exchange(c, "GET /" + "a".repeat(20_000) + " HTTP/1.1\\r\\nHost: a\\r\\n\\r\\n").status()).isEqualTo(414);
        }
        try (RawClient c = new RawClient(server.port())) {
            assertThat(exchange(c, "GET / HTTP/1.1\\r\\nHost: a\\r\\nX: " + "b".repeat(9000) + "\\r\\n\\r\\n").status()).as("one line").isEqualTo(431);
        }
        try (RawClient c = new RawClient(server.port())) {
            StringBuilder many = new StringBuilder("GET / HTTP/1.1\\r\\nHost: a\\r\\n");
            for (int i = 0; i < 101; i++) many.append("X-").append(i).append(": v\\r\\n");
            assertThat(exchange(c, many + "\\r\\n").status()).as("count").isEqualTo(431);
        }
        try (RawClient c = new RawClient(server.port())) {
            StringBuilder big = new StringBuilder("GET / HTTP/1.1\\r\\nHost: a\\r\\n");
            for (int i = 0; i < 90; i++) big.append("X-").append(i).append(": ").append("v".repeat(800)).append("\\r\\n");
            assertThat(exchange(c, big + "\\r\\n").status()).as("section").isEqualTo(431);
        }
    }

    @Test
    void aSlowHeadGets408AtTheHeadDeadlineAndASilentClientIsClosed() throws Exception {
        try (RawClient c = new RawClient(server.port())) {
            c.send("GET / HTTP/1.1\r\nHost: a\r\n");
            assertThat(c.read().status()).isEqualTo(408);
        }
        try (RawClient c = new RawClient(server.port())) {
            assertThat(c.closedByServer()).isTrue();
        }
        try (RawClient c = new RawClient(server.port())) {
            c.send("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc");
            RawClient.Response rsp = c.read();
            assertThat(rsp.status()).as("a stalled body: the handler's read fails with 408").isEqualTo(408);
        }
    }
}
