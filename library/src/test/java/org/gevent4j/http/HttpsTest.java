package org.gevent4j.http;

import org.gevent4j.TestTls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS (R-TLS): the JDK HttpClient over TLS 1.3 and 1.2 with a self-signed certificate made by keytool. */
@Timeout(60)
class HttpsTest {
    @TempDir
    static Path dir;
    static SSLContext serverContext, clientContext;

    @BeforeAll
    static void makeCertificate() throws Exception {
        TestTls tls = TestTls.selfSigned(dir);
        serverContext = tls.server();
        clientContext = tls.client();
    }

    static HttpClient client(String protocol) {
        SSLParameters p = new SSLParameters();
        p.setProtocols(new String[] {protocol});
        // The default HTTP_2 version: ALPN offers h2 and http/1.1; the server must pick http/1.1.
        return HttpClient.newBuilder().sslContext(clientContext).sslParameters(p).build();
    }

    @Test
    void nativeServerOverTls13AndTls12AnswersInHttp11WithTheSessionVisible() throws Exception {
        try (Running r = Running.serve(HttpServer.builder().tls(serverContext).context("/", x -> {
            var s = ((HttpsExchange) x).getSSLSession();
            HttpServerTest.respond(x, 200, s.getProtocol() + " " + x.getProtocol());
        }))) {
            URI uri = URI.create("https://localhost:" + r.port() + "/");
            for (String protocol : List.of("TLSv1.3", "TLSv1.2")) {
                HttpResponse<String> rsp = client(protocol).send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(rsp.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
                assertThat(rsp.body()).isEqualTo(protocol + " HTTP/1.1");
            }
        }
    }

    @Test
    void aClientThatNeverHandshakesIsClosedAtTheHandshakeTimeout() throws Exception {
        Duration handshake = Duration.ofMillis(300);
        try (Running r = Running.serve(HttpServer.builder().tls(serverContext).context("/", HttpServerTest.HELLO)
                .timeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5), handshake));
             RawClient c = new RawClient(r.port())) {
            long t0 = System.nanoTime();
            assertThat(c.closedByServer()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(handshake.minusMillis(50)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void theSpisHttpsServerTakesAnHttpsConfigurator() throws Exception {
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        assertThat(server.getClass().getPackageName()).isEqualTo("org.gevent4j.http");
        server.setHttpsConfigurator(new HttpsConfigurator(serverContext) {
            @Override
            public void configure(com.sun.net.httpserver.HttpsParameters params) {
                SSLParameters p = getSSLContext().getDefaultSSLParameters();
                p.setProtocols(new String[] {"TLSv1.2"});
                params.setSSLParameters(p);
            }
        });
        server.createContext("/", x -> HttpServerTest.respond(x, 200, ((HttpsExchange) x).getSSLSession().getProtocol()));
        server.start();
        try {
            HttpClient any = HttpClient.newBuilder().sslContext(clientContext).build();
            var rsp = any.send(HttpRequest.newBuilder(URI.create("https://localhost:" + server.getAddress().getPort() + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(rsp.body()).as("the configurator's parameters apply").isEqualTo("TLSv1.2");
            assertThat(rsp.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
        } finally {
            server.stop(0);
        }
    }

    /** A TLS client socket to the server, with {@code configure} applied to its parameters before the handshake. */
    static SSLSocket tlsClient(int port, java.util.function.Consumer<SSLParameters> configure) throws Exception {
        SSLSocket s = (SSLSocket) clientContext.getSocketFactory().createSocket("127.0.0.1", port);
        SSLParameters p = s.getSSLParameters();
        configure.accept(p);
        s.setSSLParameters(p);
        s.setSoTimeout(10_000);
        return s;
    }

    @Test
    void alpnPicksHttp11AmongWhatTheClientOffers() throws Exception {
        try (Running r = Running.serve(HttpServer.builder().tls(serverContext).context("/", HttpServerTest.HELLO));
                SSLSocket s = tlsClient(r.port(), p -> p.setApplicationProtocols(new String[] {"h2", "http/1.1"}))) {
            s.startHandshake();
            assertThat(s.getApplicationProtocol()).isEqualTo("http/1.1");
            assertThat(new RawClient(s).send("GET / HTTP/1.1\r\nHost: a\r\n\r\n").read().status()).isEqualTo(200);
        }
    }

    @Test
    void sniReachesTheHandlerAndTheServersMatchersRefuseOtherNames() throws Exception {
        HttpServer.Builder b = HttpServer.builder().tls(serverContext)
                .tlsParameters(p -> p.setSNIMatchers(List.of(SNIHostName.createSNIMatcher("app\\.example"))))
                .context("/", x -> {
                    var names = ((ExtendedSSLSession) ((HttpsExchange) x).getSSLSession()).getRequestedServerNames();
                    HttpServerTest.respond(x, 200, ((SNIHostName) names.getFirst()).getAsciiName());
                });
        try (Running r = Running.serve(b)) {
            // The refusal first: a resumed session (TLS 1.3 PSK) skips the server-name check.
            try (SSLSocket s = tlsClient(r.port(), p -> p.setServerNames(List.of(new SNIHostName("other.example"))))) {
                assertThatThrownBy(s::startHandshake).isInstanceOf(SSLException.class);
            }
            try (SSLSocket s = tlsClient(r.port(), p -> p.setServerNames(List.of(new SNIHostName("app.example"))))) {
                assertThat(new RawClient(s).send("GET / HTTP/1.1\r\nHost: a\r\n\r\n").read().body()).isEqualTo("app.example");
            }
        }
    }

    /** The handshake timeout bounds the whole handshake, not each wait: trickling does not extend it. */
    @Test
    void aClientTricklingItsHandshakeIsClosedAtTheHandshakeTimeoutInAll() throws Exception {
        Duration handshake = Duration.ofMillis(400);
        try (Running r = Running.serve(HttpServer.builder().tls(serverContext).context("/", HttpServerTest.HELLO)
                .timeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5), handshake));
             java.net.Socket c = new java.net.Socket("127.0.0.1", r.port())) {
            byte[] hello = {0x16, 0x03, 0x01, 0x01, 0x00, 0x01, 0x00, 0x00, (byte) 0xfc, 0x03, 0x03};
            c.setSoTimeout(100);
            long t0 = System.nanoTime();
            boolean closed = false;
            for (int i = 0; !closed && System.nanoTime() - t0 < 5_000_000_000L; i++) {
                try {
                    c.getOutputStream().write(hello[i % hello.length]);
                    closed = c.getInputStream().read() == -1;
                } catch (java.net.SocketTimeoutException stillOpen) {
                    // one more byte
                } catch (java.io.IOException reset) {
                    closed = true;
                }
            }
            assertThat(closed).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isBetween(handshake.minusMillis(50), Duration.ofSeconds(3));
        }
    }

    /**
     * A response that leaves a large request body unread is followed by a lingering close over
     * TLS too (close_notify, then the client's bytes discarded), so the client that is still
     * sending gets the response rather than a reset.
     */
    @Test
    void anUnreadLargeBodyOverTlsEndsInALingeringCloseAndTheClientReadsTheResponse() throws Exception {
        int size = 4 << 20;
        try (Running r = Running.serve(HttpServer.builder().tls(serverContext).context("/", HttpServerTest.HELLO));
                SSLSocket s = tlsClient(r.port(), p -> {})) {
            s.startHandshake();
            // All of the body first, then the response: without the linger the server's close
            // would fail these writes (or reset the connection and lose the response).
            var out = s.getOutputStream();
            out.write(("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: " + size + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            out.write(new byte[size]);
            out.flush();
            RawClient.Response rsp = new RawClient(s).read();
            assertThat(rsp.status()).isEqualTo(200);
            assertThat(rsp.body()).isEqualTo("Hello, World!");
            assertThat(rsp.closes()).as("the body was not read: the connection ends").isTrue();
        }
    }
}
