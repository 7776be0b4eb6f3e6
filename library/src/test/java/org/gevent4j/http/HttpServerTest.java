package org.gevent4j.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.BasicAuthenticator;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The server as clients see it: the JDK HttpClient and raw sockets on loopback. */
@Timeout(60)
class HttpServerTest {
    static final HttpHandler HELLO = x -> respond(x, 200, "Hello, World!");
    static final HttpHandler ECHO = x -> {
        byte[] body = x.getRequestBody().readAllBytes();
        x.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
        x.getResponseBody().write(body);
        x.close();
    };

    static void respond(HttpExchange x, int status, String text) throws IOException {
        byte[] b = text.getBytes(UTF_8);
        x.getResponseHeaders().set("Content-Type", "text/plain");
        x.sendResponseHeaders(status, b.length);
        x.getResponseBody().write(b);
        x.close();
    }

    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void helloOverTheJdkHttpClientWithDateAndContentLength() throws Exception {
        try (Running r = Running.serve(HttpServer.builder().context("/", HELLO))) {
            HttpResponse<String> rsp = CLIENT.send(HttpRequest.newBuilder(r.uri("/")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(rsp.statusCode()).isEqualTo(200);
            assertThat(rsp.body()).isEqualTo("Hello, World!");
            assertThat(rsp.headers().firstValue("content-length")).hasValue("13");
            assertThat(rsp.headers().firstValue("date")).isPresent();
        }
    }

    @Test
    void theDefaultHttp2ClientsH2cUpgradeIsAnsweredInHttp11() throws Exception {
        try (Running r = Running.serve(HttpServer.builder().context("/", HELLO))) {
            HttpResponse<String> rsp = HttpClient.newHttpClient().send(HttpRequest.newBuilder(r.uri("/")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(rsp.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
            assertThat(rsp.body()).isEqualTo("Hello, World!");
        }
    }

    @Test
    void postBodiesComeThroughWithContentLengthChunkedAnd100Continue() throws Exception {
        try (Running r = Running.serve(HttpServer.builder().context("/echo", ECHO))) {
            byte[] big = new byte[300_000];
            for (int i = 0; i < big.length; i++) big[i] = (byte) ('a' + i % 26);
            var fixed = CLIENT.send(HttpRequest.newBuilder(r.uri("/echo")).POST(HttpRequest.BodyPublishers.ofByteArray(big)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(fixed.body()).isEqualTo(big);
            var chunked = CLIENT.send(HttpRequest.newBuilder(r.uri("/echo"))
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(chunked.body()).isEqualTo(big);
            var expect = CLIENT.send(HttpRequest.newBuilder(r.uri("/echo")).expectContinue(true)
                    .POST(HttpRequest.BodyPublishers.ofString("continued")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(expect.body()).isEqualTo("continued");
        }
    }

    @Test
    void keepAliveServesManyRequestsOnOneConnectionAndPipelinedResponsesComeInOrder() throws Exception {
        try (Running r = Running.serve(HttpServer.builder().context("/", x -> respond(x, 200, x.getRequestURI().getPath())));
             RawClient c = new RawClient(r.port())) {
            for (int i = 0; i < 3; i++) {
                assertThat(c.send("GET /a" + i + " HTTP/1.1\r\nHost: x\r\n\r\n").read().body()).isEqualTo("/a" + i);
            }
            c.send("GET /1 HTTP/1.1\r\nHost: x\r\n\r\nGET /2 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\nGET /3 HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(c.read().body()).isEqualTo("/1");
            RawClient.Response second = c.read();
            assertThat(second.body()).isEqualTo("/2");
            assertThat(second.closes()).isTrue();
            assertThat(c.closedByServer()).as("request 3 is not served after a Connection: close").isTrue();
        }
    }

    @Test
    void http10ClosesUnlessAskedToKeepAliveAndGetsNoChunking() throws Exception {
        HttpHandler streamed = x -> {
            x.sendResponseHeaders(200, 0);
            x.getResponseBody().write("streamed".getBytes(UTF_8));
            x.close();
        };
        try (Running r = Running.serve(HttpServer.builder().context("/", HELLO).context("/s", streamed))) {
            try (RawClient c = new RawClient(r.port())) {
                RawClient.Response rsp = c.send("GET / HTTP/1.0\r\n\r\n").read();
                assertThat(rsp.body()).isEqualTo("Hello, World!");
                assertThat(rsp.closes()).isTrue();
                assertThat(c.closedByServer()).isTrue();
            }
            try (RawClient c = new RawClient(r.port())) {
                RawClient.Response rsp = c.send("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").read();
                assertThat(rsp.header("connection")).isEqualTo("keep-alive");
                assertThat(c.send("GET /s HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").read().body()).isEqualTo("streamed");
            }
        }
    }

    @Test
    void headAndNoContentAndNotModifiedCarryNoBodyAndKeepTheConnection() throws Exception {
        try (Running r = Running.serve(HttpServer.builder()
                .context("/", HELLO)
                .context("/204", x -> { x.sendResponseHeaders(204, -1); x.close(); })
                .context("/304", x -> { x.sendResponseHeaders(304, -1); x.close(); }));
             RawClient c = new RawClient(r.port())) {
            RawClient.Response head = c.send("HEAD / HTTP/1.1\r\nHost: x\r\n\r\n").read(true);
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("content-length")).isEqualTo("13");
            RawClient.Response noContent = c.send("GET /204 HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertThat(noContent.status()).isEqualTo(204);
            assertThat(noContent.header("content-length")).isNull();
            assertThat(noContent.header("transfer-encoding")).isNull();
            assertThat(c.send("GET /304 HTTP/1.1\r\nHost: x\r\n\r\n").read().status()).isEqualTo(304);
            assertThat(c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read().body()).as("no stray body bytes before this response").isEqualTo("Hello, World!");
        }
    }

    @Test
    void chunkedResponsesAndOptionsStarAndAbsoluteFormTargets() throws Exception {
        try (Running r = Running.serve(HttpServer.builder().context("/", x -> {
            x.sendResponseHeaders(200, 0);
            var out = x.getResponseBody();
            out.write((x.getRequestMethod() + " " + x.getRequestURI()).getBytes(UTF_8));
            out.flush();
            out.write(" done".getBytes(UTF_8));
            x.close();
        })); RawClient c = new RawClient(r.port())) {
            RawClient.Response star = c.send("OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertThat(star.header("transfer-encoding")).isEqualTo("chunked");
            assertThat(star.body()).isEqualTo("OPTIONS * done");
            assertThat(c.send("GET http://example.com/p?q=1 HTTP/1.1\r\nHost: example.com\r\n\r\n").read().body())
                    .isEqualTo("GET http://example.com/p?q=1 done");
        }
    }

    @Test
    void responseSplittingIsRefusedBeforeAnythingIsWritten() throws Exception {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        try (Running r = Running.serve(HttpServer.builder().context("/", x -> {
            x.getResponseHeaders().set("X-A", "ok");
            x.getResponseHeaders().add("X-Bad", "Hi\r\n Set-Cookie: evil");
            try {
                x.sendResponseHeaders(200, -1);
            } catch (IllegalArgumentException e) {
                thrown.set(e);
                x.getResponseHeaders().remove("X-Bad");
                x.sendResponseHeaders(200, -1);
            }
        })); RawClient c = new RawClient(r.port())) {
            RawClient.Response rsp = c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertThat(thrown.get()).isInstanceOf(IllegalArgumentException.class);
            assertThat(rsp.status()).isEqualTo(200);
            assertThat(rsp.headers()).doesNotContainKey("set-cookie");
        }
        assertThatThrownBy(() -> ExchangeImpl.check(headers("X", "a\nb"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ExchangeImpl.check(headers("X\r\nY", "a"))).isInstanceOf(IllegalArgumentException.class);
    }

    private static com.sun.net.httpserver.Headers headers(String name, String value) {
        var h = new com.sun.net.httpserver.Headers();
        h.put(name, List.of(value));
        return h;
    }

    @Test
    void aFailingHandlerGets500AndTheServerGoesOnServing() throws Exception {
        List<String> errors = new CopyOnWriteArrayList<>();
        try (Running r = Running.serve(HttpServer.builder().errorLog((ctx, t) -> errors.add(t.getMessage()))
                .context("/boom", x -> { throw new IllegalStateException("boom"); })
                .context("/buffered", x -> { x.sendResponseHeaders(200, 100); x.getResponseBody().write(new byte[10]); throw new IOException("buffered"); })
                .context("/half", x -> { x.sendResponseHeaders(200, 200_000); x.getResponseBody().write(new byte[100_000]); throw new IOException("half"); })
                .context("/", HELLO))) {
            try (RawClient c = new RawClient(r.port())) {
                RawClient.Response rsp = c.send("GET /boom HTTP/1.1\r\nHost: x\r\n\r\n").read();
                assertThat(rsp.status()).isEqualTo(500);
                assertThat(rsp.closes()).isTrue();
            }
            try (RawClient c = new RawClient(r.port())) {
                assertThat(c.send("GET /buffered HTTP/1.1\r\nHost: x\r\n\r\n").read().status()).as("what never left the buffer is replaced").isEqualTo(500);
            }
            try (RawClient c = new RawClient(r.port())) {
                c.send("GET /half HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(c.readToEnd()).as("a response cut short ends with the connection").startsWith("HTTP/1.1 200");
            }
            assertThat(CLIENT.send(HttpRequest.newBuilder(r.uri("/")).build(), HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("Hello, World!");
            assertThat(errors).containsExactly("boom", "buffered", "half");
        }
    }

    @Test
    void filtersAuthenticatorsAndAttributesWorkAsOnTheJdkServer() throws Exception {
        try (Running r = Running.serve(HttpServer.builder())) {
            var ctx = r.server.createContext("/private", x -> respond(x, 200, x.getPrincipal().getUsername() + " " + x.getAttribute("filtered") + " " + x.getAttribute("color")));
            ctx.getAttributes().put("color", "blue");
            ctx.getFilters().add(new Filter() {
                @Override
                public void doFilter(HttpExchange x, Chain chain) throws IOException {
                    x.setAttribute("filtered", "yes");
                    chain.doFilter(x);
                }

                @Override
                public String description() {
                    return "marks";
                }
            });
            Authenticator auth = new BasicAuthenticator("realm") {
                @Override
                public boolean checkCredentials(String user, String password) {
                    return user.equals("ann") && password.equals("pw");
                }
            };
            ctx.setAuthenticator(auth);
            var denied = CLIENT.send(HttpRequest.newBuilder(r.uri("/private")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(denied.statusCode()).isEqualTo(401);
            String basic = "Basic " + Base64.getEncoder().encodeToString("ann:pw".getBytes(UTF_8));
            var ok = CLIENT.send(HttpRequest.newBuilder(r.uri("/private")).header("Authorization", basic).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(ok.body()).isEqualTo("ann yes blue");
            assertThat(CLIENT.send(HttpRequest.newBuilder(r.uri("/other")).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void anUnreadBodyIsDrainedUpTo64KiBElseTheConnectionClosesAfterTheResponse() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (Running r = Running.serve(HttpServer.builder().context("/", x -> { calls.incrementAndGet(); respond(x, 401, "no"); }));
             RawClient c = new RawClient(r.port())) {
            String small = "x".repeat(1000);
            RawClient.Response first = c.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n" + small).read();
            assertThat(first.status()).isEqualTo(401);
            assertThat(c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read().status()).as("kept alive after the drain").isEqualTo(401);
            c.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10000000\r\n\r\n" + "y".repeat(100_000));
            assertThat(c.read().status()).as("the response arrives, not a reset").isEqualTo(401);
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void expectContinueIsLazyAndABodyNeverReadIsNeverParsedAsARequest() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        try (Running r = Running.serve(HttpServer.builder()
                .context("/reject", x -> { requests.incrementAndGet(); respond(x, 417, "no"); })
                .context("/read", x -> { requests.incrementAndGet(); respond(x, 200, new String(x.getRequestBody().readAllBytes(), UTF_8)); }))) {
            try (RawClient c = new RawClient(r.port())) {
                String smuggled = "GET /read HTTP/1.1\r\nHost: x\r\n\r\n";
                c.send("PUT /reject HTTP/1.1\r\nHost: x\r\nContent-Length: " + smuggled.length() + "\r\nExpect: 100-continue\r\n\r\n");
                RawClient.Response rsp = c.read();
                assertThat(rsp.status()).as("no 100 before the final status").isEqualTo(417);
                assertThat(rsp.closes()).isTrue();
                c.send(smuggled);
                assertThat(c.closedByServer()).isTrue();
                assertThat(requests).hasValue(1);
            }
            try (RawClient c = new RawClient(r.port())) {
                c.send("PUT /read HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
                assertThat(c.read().status()).isEqualTo(100);
                c.send("hello");
                assertThat(c.read().body()).isEqualTo("hello");
            }
        }
    }

    @Test
    void idleKeepAliveConnectionsAreClosedAtTheIdleTimeout() throws Exception {
        Duration idle = Duration.ofMillis(300);
        try (Running r = Running.serve(HttpServer.builder().context("/", HELLO).timeouts(Duration.ofSeconds(5), idle, Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5)));
             RawClient c = new RawClient(r.port())) {
            assertThat(c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read().status()).isEqualTo(200);
            long t0 = System.nanoTime();
            assertThat(c.closedByServer()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(idle.minusMillis(50));
        }
    }

    @Test
    void aPoolBoundsConnectionsServedAtOnceAndTheRestWaitInTheBacklog() throws Exception {
        try (Running r = Running.serve(HttpServer.builder().pool(1).context("/", HELLO));
             RawClient first = new RawClient(r.port()); RawClient second = new RawClient(r.port())) {
            assertThat(first.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read().status()).isEqualTo(200);
            second.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            second.socket.setSoTimeout(300);
            assertThatThrownBy(second::read).as("not served while the first connection holds the pool").isInstanceOf(java.net.SocketTimeoutException.class);
            first.send("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").read();
            second.socket.setSoTimeout(10_000);
            assertThat(second.read().status()).isEqualTo(200);
        }
    }

    @Test
    void anInterim1xxGoesOutBeforeTheFinalResponse() throws Exception {
        try (Running r = Running.serve(HttpServer.builder().context("/", x -> {
            x.getResponseHeaders().set("Link", "</style.css>; rel=preload");
            x.sendResponseHeaders(103, -1);
            x.getResponseHeaders().clear();
            respond(x, 200, "final");
        })); RawClient c = new RawClient(r.port())) {
            RawClient.Response early = c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertThat(early.status()).isEqualTo(103);
            assertThat(early.header("link")).isEqualTo("</style.css>; rel=preload");
            assertThat(c.read().body()).isEqualTo("final");
        }
    }

    @Test
    void sixteenPipelinedRequestsInOneWriteGetSixteenResponsesInOrder() throws Exception {
        try (Running r = Running.serve(HttpServer.builder().context("/", x -> respond(x, 200, x.getRequestURI().getPath())));
             RawClient c = new RawClient(r.port())) {
            StringBuilder batch = new StringBuilder();
            for (int i = 0; i < 16; i++) batch.append("GET /").append(i).append(" HTTP/1.1\r\nHost: x\r\n\r\n");
            c.send(batch.toString());
            for (int i = 0; i < 16; i++) assertThat(c.read().body()).isEqualTo("/" + i);
            assertThat(c.send("GET /last HTTP/1.1\r\nHost: x\r\n\r\n").read().body()).isEqualTo("/last");
        }
    }

    @Test
    void aClientThatStopsReadingIsDroppedAfterTheWriteTimeoutWithoutProgress() throws Exception {
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        Duration write = Duration.ofMillis(300);
        try (Running r = Running.serve(HttpServer.builder().errorLog((ctx, t) -> errors.add(t))
                .timeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5), write, Duration.ofSeconds(5))
                .context("/", HELLO)
                .context("/flood", x -> {
                    x.sendResponseHeaders(200, 0);
                    byte[] chunk = new byte[64 * 1024];
                    for (int i = 0; i < 4096; i++) x.getResponseBody().write(chunk); // 256 MiB: more than any socket buffer
                }));
             RawClient slow = new RawClient(r.port())) {
            slow.send("GET /flood HTTP/1.1\r\nHost: x\r\n\r\n"); // and never read
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (errors.isEmpty() && System.nanoTime() < deadline) Thread.sleep(20);
            assertThat(errors).singleElement().isInstanceOf(java.net.SocketTimeoutException.class);
            assertThat(CLIENT.send(HttpRequest.newBuilder(r.uri("/")).build(), HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("Hello, World!");
        }
    }
}
