package org.gevent4j.http.clients;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** curl (HTTP/1.0 and 1.1, chunked upload with -T -, Expect: 100-continue, --raw) against gevent4j's server on loopback. */
@Timeout(60)
class CurlTest {
    static ClientServer server;
    static String curl;

    @BeforeAll
    static void start() throws Exception {
        curl = Tools.require("curl");
        server = new ClientServer();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) server.close();
    }

    static Tools.Result curl(byte[] stdin, String... args) throws Exception {
        String[] cmd = new String[args.length + 4];
        cmd[0] = curl;
        cmd[1] = "-sS";
        cmd[2] = "--max-time";
        cmd[3] = "10";
        System.arraycopy(args, 0, cmd, 4, args.length);
        Tools.Result r = Tools.run(stdin, 20, cmd);
        assertThat(r.code()).as("curl exit status\n%s", r).isZero();
        return r;
    }

    /** One response as curl -i prints it: the status line, the headers (names lower-cased), the body. */
    record Response(String status, Map<String, String> headers, String body, java.util.List<String> informational) {
        static Response parse(String s) {
            java.util.List<String> info = new java.util.ArrayList<>();
            while (s.matches("(?s)HTTP/1\\.1 1\\d\\d .*")) { // interim responses curl -i prints first
                int e = s.indexOf("\r\n\r\n");
                info.add(s.substring(0, s.indexOf("\r\n")));
                s = s.substring(e + 4);
            }
            int end = s.indexOf("\r\n\r\n");
            assertThat(end).as("a header section in %s", s).isPositive();
            String[] lines = s.substring(0, end).split("\r\n");
            Map<String, String> h = new LinkedHashMap<>();
            for (String l : Arrays.copyOfRange(lines, 1, lines.length)) {
                int c = l.indexOf(':');
                h.put(l.substring(0, c).toLowerCase(Locale.ROOT), l.substring(c + 1).trim());
            }
            return new Response(lines[0], h, s.substring(end + 4), info);
        }
    }

    @Test
    void http10GetGetsHelloAndTheConnectionIsClosed() throws Exception {
        Tools.Result r = curl(null, "-v", "-i", "--http1.0", server.url("/"));
        Response res = Response.parse(r.out());
        assertThat(res.status()).matches("HTTP/1\\.[01] 200 OK");
        assertThat(res.headers()).containsEntry("content-type", "text/plain").containsEntry("content-length", "13");
        assertThat(res.headers()).containsKey("date");
        assertThat(res.body()).isEqualTo("Hello, World!");
        assertThat(res.headers().getOrDefault("connection", "close").toLowerCase(Locale.ROOT)).isEqualTo("close");
        assertThat(r.err()).as("a 1.0 request without keep-alive ends its connection").containsIgnoringCase("Closing connection");
    }

    @Test
    void http10KeepAliveIsHonouredWhenAsked() throws Exception {
        String u = server.url("/");
        Tools.Result r = curl(null, "-v", "--http1.0", "-H", "Connection: keep-alive", u, u);
        assertThat(r.out()).isEqualTo("Hello, World!Hello, World!");
        assertThat(r.err()).contains("< Connection: keep-alive").containsIgnoringCase("Re-using existing connection");
    }

    @Test
    void http11KeepAliveReusesOneConnectionForThreeRequests() throws Exception {
        String u = server.url("/");
        Tools.Result r = curl(null, "-v", u, u, u);
        assertThat(r.out()).isEqualTo("Hello, World!".repeat(3));
        assertThat(r.err().split("Re-using existing connection", -1)).hasSize(3);
        assertThat(r.err()).doesNotContain("Closing connection 0\n* Connected"); // one connection for all
    }

    @Test
    void headHasTheLengthAndNoBody() throws Exception {
        Tools.Result r = curl(null, "-i", "-I", server.url("/"));
        Response res = Response.parse(r.out());
        assertThat(res.status()).isEqualTo("HTTP/1.1 200 OK");
        assertThat(res.headers()).containsEntry("content-length", "13");
        assertThat(res.body()).isEmpty();
    }

    @Test
    void chunkedUploadFromStdinIsEchoed() throws Exception {
        byte[] data = new byte[100_000];
        for (int i = 0; i < data.length; i++) data[i] = (byte) ('a' + i % 26);
        Tools.Result r = curl(data, "-i", "-X", "POST", "-T", "-", server.url("/echo"));
        Response res = Response.parse(r.out());
        assertThat(res.informational()).as("curl -T sends Expect: 100-continue; the server reads the body, so it sends the 100")
                .containsExactly("HTTP/1.1 100 Continue");
        assertThat(res.status()).isEqualTo("HTTP/1.1 200 OK");
        assertThat(res.headers()).containsEntry("x-request-te", "chunked").containsEntry("x-request-cl", "null")
                .containsEntry("content-length", "100000");
        assertThat(res.body()).isEqualTo(new String(data, US_ASCII));
    }

    @Test
    void expect100ContinueIsAnsweredBeforeCurlSendsTheBody() throws Exception {
        Path f = Files.createTempFile("g4j-curl", ".bin");
        try {
            Files.write(f, "0123456789".repeat(5_000).getBytes(US_ASCII));
            // --expect100-timeout 5: without a 100 curl would wait 5 s before sending the body anyway
            Tools.Result r = curl(null, "-v", "--expect100-timeout", "5", "-H", "Expect: 100-continue",
                    "--data-binary", "@" + f, server.url("/echo"));
            assertThat(r.err()).contains("> Expect: 100-continue").contains("< HTTP/1.1 100 Continue").contains("< HTTP/1.1 200 OK");
            assertThat(r.err().toLowerCase(Locale.ROOT)).contains("< x-expect: 100-continue");
            assertThat(r.out()).isEqualTo("0123456789".repeat(5_000));
            assertThat(r.millis()).as("the 100 came at once, not after curl's 5 s timeout").isLessThan(4_000);
        } finally {
            Files.deleteIfExists(f);
        }
    }

    @Test
    void expect100IsNotSentWhenTheHandlerAnswersWithoutReadingTheBody() throws Exception {
        Path f = Files.createTempFile("g4j-curl", ".bin");
        try {
            Files.write(f, new byte[50_000]);
            Tools.Result r = curl(null, "-v", "--expect100-timeout", "5", "-H", "Expect: 100-continue",
                    "--data-binary", "@" + f, server.url("/"));
            assertThat(r.err()).contains("< HTTP/1.1 200 OK").doesNotContain("100 Continue");
            assertThat(r.out()).isEqualTo("Hello, World!");
            assertThat(r.millis()).as("the final status came at once").isLessThan(4_000);
        } finally {
            Files.deleteIfExists(f);
        }
    }

    @Test
    void rawShowsTheChunkedFraming() throws Exception {
        Tools.Result r = curl(null, "-i", "--raw", server.url("/chunked"));
        String s = new String(r.outBytes(), UTF_8);
        Response res = Response.parse(s);
        assertThat(res.status()).isEqualTo("HTTP/1.1 200 OK");
        assertThat(res.headers()).containsEntry("transfer-encoding", "chunked").doesNotContainKey("content-length");
        // parse the chunks by hand: size CRLF data CRLF ... 0 CRLF CRLF, nothing after
        String body = res.body();
        ByteArrayOutputStream decoded = new ByteArrayOutputStream();
        int pos = 0, chunks = 0;
        while (true) {
            int eol = body.indexOf("\r\n", pos);
            assertThat(eol).as("a chunk-size line at %d", pos).isGreaterThan(pos);
            int size = Integer.parseInt(body.substring(pos, eol), 16);
            pos = eol + 2;
            if (size == 0) break;
            decoded.write(body.substring(pos, pos + size).getBytes(UTF_8));
            pos += size;
            assertThat(body.substring(pos, pos + 2)).isEqualTo("\r\n");
            pos += 2;
            chunks++;
        }
        assertThat(body.substring(pos)).as("the last chunk ends with an empty trailer section").isEqualTo("\r\n");
        assertThat(chunks).as("one chunk per flushed write").isEqualTo(3);
        assertThat(decoded.toString(UTF_8)).isEqualTo(ClientServer.CHUNKED_BODY);
    }

    @Test
    void notFoundAndNoContent() throws Exception {
        Tools.Result r = curl(null, "-i", server.url("/missing"), server.url("/nocontent"));
        String s = r.out();
        int second = s.indexOf("HTTP/1.1 204");
        assertThat(second).isPositive();
        Response missing = Response.parse(s.substring(0, second));
        Response none = Response.parse(s.substring(second));
        assertThat(missing.status()).isEqualTo("HTTP/1.1 404 Not Found");
        assertThat(missing.body()).isEmpty();
        assertThat(none.status()).isEqualTo("HTTP/1.1 204 No Content");
        assertThat(none.headers()).doesNotContainKey("content-length").doesNotContainKey("transfer-encoding");
        assertThat(none.body()).isEmpty();
    }
}
