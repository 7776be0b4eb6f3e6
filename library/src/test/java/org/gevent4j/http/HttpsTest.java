package org.gevent4j.http;

import org.gevent4j.TestTls;

import static org.assertj.core.api.Assertions.assertThat;

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
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
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
}
