package org.gevent4j.examples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.gevent4j.Gevent;
import org.gevent4j.http.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class HttpHelloTest {
    private HttpServer server;
    private Thread hub;
    private final AtomicReference<Throwable> serverError = new AtomicReference<>();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** The example's server on a hub of its own, as {@code ./gevent4j run HttpHello} runs it. */
    @BeforeEach
    void start() throws Exception {
        server = HttpHello.server(new InetSocketAddress("127.0.0.1", 0), false);
        CountDownLatch started = new CountDownLatch(1);
        hub = Thread.ofPlatform().name("hello-hub").start(() -> {
            try {
                Gevent.run(() -> {
                    server.start();
                    started.countDown();
                    server.serveForever();
                });
            } catch (Throwable t) {
                serverError.set(t);
            } finally {
                started.countDown();
            }
        });
        started.await();
    }

    @AfterEach
    void stop() throws Exception {
        server.stop(Duration.ofSeconds(1));
        hub.join(5000);
        assertThat(hub.isAlive()).isFalse();
        assertThat(serverError.get()).isNull();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.address().getPort() + path);
    }

    @Test
    void getSlashAnswersTheThirteenByteHelloAsPlainText() throws Exception {
        HttpResponse<String> rsp = client.send(HttpRequest.newBuilder(uri("/")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(rsp.statusCode()).isEqualTo(200);
        assertThat(rsp.headers().firstValue("Content-Type")).hasValue("text/plain");
        assertThat(rsp.headers().firstValue("Content-Length")).hasValue("13");
        assertThat(rsp.body()).isEqualTo("Hello, World!");
    }

    @Test
    void postToEchoReturnsTheBody() throws Exception {
        HttpResponse<String> rsp = client.send(HttpRequest.newBuilder(uri("/echo")).POST(HttpRequest.BodyPublishers.ofString("ping pong")).build(),
                HttpResponse.BodyHandlers.ofString(UTF_8));
        assertThat(rsp.statusCode()).isEqualTo(200);
        assertThat(rsp.body()).isEqualTo("ping pong");
    }

    @Test
    void manyKeepAliveRequestsOnOneClient() throws Exception {
        for (int i = 0; i < 200; i++) {
            assertThat(client.send(HttpRequest.newBuilder(uri("/")).build(), HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("Hello, World!");
        }
        assertThat(client.send(HttpRequest.newBuilder(uri("/other")).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
    }

    /** {@code HttpHello PORT 2}: the same pages from a server on two hubs, over fresh connections. */
    @Test
    void onTwoHubsEveryRequestGetsTheHello() throws Exception {
        try (org.gevent4j.HubGroup group = org.gevent4j.HubGroup.start("hello", 2)) {
            org.gevent4j.http.HttpServer two = HttpHello.server(new InetSocketAddress("127.0.0.1", 0), false, group);
            Thread main = Thread.ofPlatform().start(() -> {
                try {
                    Gevent.run(two::serveForever);
                } catch (Throwable t) {
                    serverError.set(t);
                }
            });
            try {
                for (int i = 0; i < 40; i++) {
                    try (java.net.Socket c = new java.net.Socket("127.0.0.1", two.address().getPort())) {
                        c.getOutputStream().write("GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                        String rsp = new String(c.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
                        assertThat(rsp).startsWith("HTTP/1.1 200 ").endsWith("\r\n\r\nHello, World!");
                    }
                }
            } finally {
                two.stop(Duration.ofSeconds(1));
                main.join(5000);
            }
            assertThat(main.isAlive()).isFalse();
        }
    }
}
