package org.gevent4j.http.clients;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.gevent4j.http.HttpServer;
import org.gevent4j.http.Running;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Regression: a chunked response whose handler writes one piece of 20,000 bytes (any chunk from about 16 KiB
 * to 32 KiB) used to lose that chunk: {@code ResponseWriter.write} grows its buffer to hold the chunk,
 * the chunk's trailing CRLF doubles it past 4 × 8 KiB, and {@code ResponseWriter.flush()} then
 * replaces the grown buffer with a fresh 8 KiB one <em>before</em> writing it
 * ({@code if (buf.length > BUFFER * 4) buf = new byte[BUFFER]; transport.write(buf, 0, n, ...)}),
 * so the write fails (n > 8 KiB) and the buffered chunk is dropped. The handler's
 * try-with-resources then closes the body, which sends the last chunk: the client receives a
 * well-framed chunked body holding only the first chunk (7 bytes, "Hello, ", instead of 20,013),
 * then the connection is closed. Seen with curl --raw, h11, http.client, the JDK clients and
 * Node fetch. The same would hit any write that makes the buffer grow past 32 KiB and then flushes.
 */
@Timeout(30)
class LargeChunkTest {
    static final String BIG = "x".repeat(20_000);

    static void bigChunk(HttpExchange x) throws IOException {
        x.sendResponseHeaders(200, 0);
        try (OutputStream out = x.getResponseBody()) {
            for (String piece : new String[] {"Hello, ", BIG, "World!"}) {
                out.write(piece.getBytes(UTF_8));
                out.flush();
            }
        }
    }

    @Test
    void aTwentyKilobyteChunkArrivesWhole() throws Exception {
        List<String> errors = new CopyOnWriteArrayList<>();
        Running running = Running.serve(HttpServer.builder()
                .context("/", LargeChunkTest::bigChunk)
                .errorLog((msg, t) -> errors.add(msg + ": " + t)));
        HttpServer server = running.server;
        try (HttpClient c = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            URI u = URI.create("http://127.0.0.1:" + server.address().getPort() + "/");
            HttpResponse<String> r = c.send(HttpRequest.newBuilder(u).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("transfer-encoding")).hasValue("chunked");
            assertThat(r.body().length()).as("body length").isEqualTo(7 + BIG.length() + 6);
            assertThat(r.body()).isEqualTo("Hello, " + BIG + "World!");
            assertThat(errors).as("handler errors").isEmpty();
        } finally {
            running.close();
        }
    }
}
