package org.gevent4j.http.clients;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The JDK's clients: java.net.http.HttpClient (HTTP_1_1, and its default HTTP_2, which over
 * http:// sends {@code Upgrade: h2c} and must get an HTTP/1.1 answer) and HttpURLConnection
 * (fixed-length and chunked streaming, Expect: 100-continue).
 */
@Timeout(60)
class JdkClientsTest {
    static ClientServer server;
    static final byte[] DATA = "0123456789abcdef".repeat(4096).getBytes(US_ASCII); // 64 KiB

    @BeforeAll
    static void start() throws Exception {
        server = new ClientServer();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) server.close();
    }

    @Test
    void httpClientHttp11() throws Exception {
        try (HttpClient c = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build()) {
            HttpResponse<String> r = c.send(HttpRequest.newBuilder(URI.create(server.url("/"))).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
            assertThat(r.headers().firstValue("content-type")).hasValue("text/plain");
            assertThat(r.headers().firstValue("content-length")).hasValue("13");
            assertThat(r.body()).isEqualTo("Hello, World!");

            HttpResponse<byte[]> e = c.send(HttpRequest.newBuilder(URI.create(server.url("/echo")))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(DATA)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(e.statusCode()).isEqualTo(200);
            assertThat(e.headers().firstValue("x-request-cl")).hasValue(String.valueOf(DATA.length));
            assertThat(e.body()).isEqualTo(DATA);

            // a body of unknown length: the client sends it chunked
            HttpResponse<byte[]> s = c.send(HttpRequest.newBuilder(URI.create(server.url("/echo")))
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(DATA)))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(s.headers().firstValue("x-request-te")).hasValue("chunked");
            assertThat(s.body()).isEqualTo(DATA);

            HttpResponse<String> ch = c.send(HttpRequest.newBuilder(URI.create(server.url("/chunked"))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(ch.headers().firstValue("transfer-encoding")).hasValue("chunked");
            assertThat(ch.body()).isEqualTo(ClientServer.CHUNKED_BODY);
        }
    }

    @Test
    void httpClientDefaultHttp2AttemptsH2cAndIsAnsweredInHttp11() throws Exception {
        try (HttpClient c = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            assertThat(c.version()).isEqualTo(HttpClient.Version.HTTP_2);
            HttpResponse<String> r = c.send(HttpRequest.newBuilder(URI.create(server.url("/echo"))).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.headers().firstValue("x-upgrade")).as("the client offered h2c").hasValue("h2c");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.version()).as("answered in HTTP/1.1, no 101").isEqualTo(HttpClient.Version.HTTP_1_1);
            assertThat(r.headers().firstValue("x-method")).hasValue("GET");

            for (int i = 0; i < 3; i++) {
                HttpResponse<String> h = c.send(HttpRequest.newBuilder(URI.create(server.url("/"))).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(h.statusCode()).isEqualTo(200);
                assertThat(h.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
                assertThat(h.body()).isEqualTo("Hello, World!");
            }
            HttpResponse<byte[]> e = c.send(HttpRequest.newBuilder(URI.create(server.url("/echo")))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(DATA)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(e.statusCode()).isEqualTo(200);
            assertThat(e.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
            assertThat(e.body()).isEqualTo(DATA);
        }
    }

    @Test
    void httpClientExpectContinue() throws Exception {
        try (HttpClient c = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            long t0 = System.nanoTime();
            HttpResponse<byte[]> e = c.send(HttpRequest.newBuilder(URI.create(server.url("/echo"))).expectContinue(true)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(DATA)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(e.statusCode()).isEqualTo(200);
            assertThat(e.headers().firstValue("x-expect").orElseThrow()).isEqualToIgnoringCase("100-continue");
            assertThat(e.body()).isEqualTo(DATA);
            assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(5_000);
        }
    }

    static HttpURLConnection post(String path) throws Exception {
        HttpURLConnection c = (HttpURLConnection) URI.create(server.url(path)).toURL().openConnection();
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setConnectTimeout(5000);
        c.setReadTimeout(10_000);
        return c;
    }

    static byte[] readBody(HttpURLConnection c) throws Exception {
        try (InputStream in = c.getInputStream()) {
            return in.readAllBytes();
        }
    }

    @Test
    void httpUrlConnectionGet() throws Exception {
        for (int i = 0; i < 2; i++) {
            HttpURLConnection c = (HttpURLConnection) URI.create(server.url("/")).toURL().openConnection();
            c.setReadTimeout(10_000);
            assertThat(c.getResponseCode()).isEqualTo(200);
            assertThat(c.getHeaderField("Content-Type")).isEqualTo("text/plain");
            assertThat(c.getContentLengthLong()).isEqualTo(13);
            assertThat(new String(readBody(c), US_ASCII)).isEqualTo("Hello, World!");
        }
        HttpURLConnection c = (HttpURLConnection) URI.create(server.url("/chunked")).toURL().openConnection();
        assertThat(c.getHeaderField("Transfer-Encoding")).isEqualTo("chunked");
        assertThat(new String(readBody(c), US_ASCII)).isEqualTo(ClientServer.CHUNKED_BODY);
    }

    @Test
    void httpUrlConnectionFixedLengthStreaming() throws Exception {
        HttpURLConnection c = post("/echo");
        c.setFixedLengthStreamingMode(DATA.length);
        try (OutputStream out = c.getOutputStream()) {
            for (int off = 0; off < DATA.length; off += 1000) out.write(DATA, off, Math.min(1000, DATA.length - off));
        }
        assertThat(c.getResponseCode()).isEqualTo(200);
        assertThat(c.getHeaderField("X-Request-CL")).isEqualTo(String.valueOf(DATA.length));
        assertThat(c.getHeaderField("X-Request-TE")).isEqualTo("null");
        assertThat(readBody(c)).isEqualTo(DATA);
    }

    @Test
    void httpUrlConnectionChunkedStreaming() throws Exception {
        HttpURLConnection c = post("/echo");
        c.setChunkedStreamingMode(1024);
        try (OutputStream out = c.getOutputStream()) {
            out.write(DATA);
        }
        assertThat(c.getResponseCode()).isEqualTo(200);
        assertThat(c.getHeaderField("X-Request-TE")).isEqualTo("chunked");
        assertThat(c.getHeaderField("X-Request-CL")).isEqualTo("null");
        assertThat(readBody(c)).isEqualTo(DATA);
    }

    @Test
    void httpUrlConnectionExpectContinue() throws Exception {
        HttpURLConnection c = post("/echo");
        c.setFixedLengthStreamingMode(DATA.length);
        c.setRequestProperty("Expect", "100-continue");
        long t0 = System.nanoTime();
        try (OutputStream out = c.getOutputStream()) { // waits for the 100 (up to its read timeout) before returning
            out.write(DATA);
        }
        assertThat(c.getResponseCode()).isEqualTo(200);
        assertThat(c.getHeaderField("X-Expect")).isEqualToIgnoringCase("100-continue");
        assertThat(readBody(c)).isEqualTo(DATA);
        assertThat((System.nanoTime() - t0) / 1_000_000).as("the 100 came at once").isLessThan(5_000);
    }
}
