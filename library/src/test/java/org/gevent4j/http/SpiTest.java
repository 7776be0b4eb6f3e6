package org.gevent4j.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.spi.HttpServerProvider;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.gevent4j.http.spi.GeventHttpServerProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** R-S1: code written for the JDK's HttpServer runs on gevent4j through the provider. */
@Timeout(60)
class SpiTest {
    static final InetSocketAddress LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    static void text(com.sun.net.httpserver.HttpExchange x, String s) throws java.io.IOException {
        byte[] b = s.getBytes(UTF_8);
        x.sendResponseHeaders(200, b.length);
        try (OutputStream o = x.getResponseBody()) {
            o.write(b);
        }
    }

    @Test
    void theServiceFileMakesHttpServerCreateReturnOurs() throws Exception {
        assertThat(HttpServerProvider.provider()).isInstanceOf(GeventHttpServerProvider.class);
        HttpServer server = HttpServer.create(LOOPBACK, 0);
        try {
            assertThat(server.getClass().getPackageName()).isEqualTo("org.gevent4j.http");
            server.createContext("/", x -> text(x, (Thread.currentThread().isVirtual() ? "greenlet " : "platform ") + x.getHttpContext().getServer().getClass().getSimpleName()));
            server.start();
            var rsp = HttpClient.newHttpClient().send(HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(rsp.body()).as("no executor: the exchange runs in the connection's greenlet").isEqualTo("greenlet JdkServer");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void setExecutorRunsTheExchangeThereWhileTheSocketStaysOnTheHub() throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> new Thread(r, "app-executor"));
        HttpServer server = new GeventHttpServerProvider().createHttpServer(null, 0);
        try {
            server.bind(LOOPBACK, 0);
            server.setExecutor(executor);
            assertThat(server.getExecutor()).isSameAs(executor);
            server.createContext("/echo", x -> {
                byte[] body = x.getRequestBody().readAllBytes();
                text(x, Thread.currentThread().getName() + " " + body.length);
            });
            server.start();
            byte[] big = new byte[200_000];
            var rsp = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                    HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/echo"))
                            .POST(HttpRequest.BodyPublishers.ofByteArray(big)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(rsp.body()).isEqualTo("app-executor 200000");
        } finally {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    @Test
    void anExchangeStillRunningOnTheExecutorWhenStopKillsItsConnectionFailsInsteadOfHanging() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        java.util.concurrent.CountDownLatch inHandler = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CompletableFuture<Throwable> outcome = new java.util.concurrent.CompletableFuture<>();
        HttpServer server = HttpServer.create(LOOPBACK, 0);
        server.setExecutor(executor);
        server.createContext("/", x -> {
            inHandler.countDown();
            try {
                release.await();
                text(x, "late");
                outcome.complete(null);
            } catch (Throwable t) {
                outcome.complete(t);
            }
        });
        server.start();
        try (RawClient c = new RawClient(server.getAddress().getPort())) {
            c.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
            assertThat(inHandler.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            server.stop(0);
            release.countDown();
            assertThat(outcome.get(10, java.util.concurrent.TimeUnit.SECONDS)).isInstanceOf(java.io.IOException.class);
            assertThat(c.closedByServer()).isTrue();
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void contextsCanBeAddedAndRemovedWhileServing() throws Exception {
        HttpServer server = HttpServer.create(LOOPBACK, 0);
        try {
            server.start();
            var ctx = server.createContext("/late");
            ctx.setHandler(x -> text(x, "late"));
            var client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            var uri = java.net.URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/late");
            assertThat(client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("late");
            server.removeContext("/late");
            assertThat(client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
        } finally {
            server.stop(0);
        }
    }

    /**
     * The same raw requests to the same handlers on the JDK's own server (in a forked JVM without
     * gevent4j, so its provider is the default) and on ours: the same status, framing headers
     * and body. Differences on purpose are listed in {@link org.gevent4j.http.HttpServer}.
     */
    @Test
    void differentialAgainstTheJdkDefaultProvider() throws Exception {
        Path testClasses = Path.of(DiffHandlers.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dcom.sun.net.httpserver.HttpServerProvider=sun.net.httpserver.DefaultHttpServerProvider"));
        // The JDK's server logs a WARNING for the HEAD request below: to this JVM's log file, not the test output.
        String logging = System.getProperty("java.util.logging.config.file");
        if (logging != null) command.add("-Djava.util.logging.config.file=" + logging);
        command.addAll(List.of("-cp", testClasses.toString(), DiffHandlers.class.getName()));
        Process jdk = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        HttpServer ours = new GeventHttpServerProvider().createHttpServer(LOOPBACK, 0);
        try {
            String[] hello = new BufferedReader(new InputStreamReader(jdk.getInputStream(), UTF_8)).readLine().split(" ");
            assertThat(hello[0]).isEqualTo("sun.net.httpserver.HttpServerImpl");
            int jdkPort = Integer.parseInt(hello[1]);
            DiffHandlers.install(ours);
            ours.start();
            int ourPort = ours.getAddress().getPort();
            List<String> requests = List.of(
                    "GET /fixed?x=1 HTTP/1.1\r\nHost: a\r\n\r\n",
                    "GET /fixed HTTP/1.0\r\n\r\n",
                    "GET /fixed HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
                    "HEAD /fixed HTTP/1.1\r\nHost: a\r\n\r\n",
                    "GET /chunked HTTP/1.0\r\n\r\n",
                    "GET /chunked HTTP/1.1\r\nHost: a\r\n\r\n",
                    "POST /echo HTTP/1.1\r\nHost: a\r\nX-Send: hi\r\nContent-Length: 5\r\n\r\nhello",
                    "POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n",
                    "POST /echo HTTP/1.1\r\nHost: a\r\n\r\n",
                    "GET /empty HTTP/1.1\r\nHost: a\r\n\r\n",
                    "GET /nobody HTTP/1.1\r\nHost: a\r\n\r\n",
                    "GET /path/sub?q=%20x HTTP/1.1\r\nHost: a\r\n\r\n",
                    "GET /nowhere HTTP/1.1\r\nHost: a\r\n\r\n",
                    "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                    "POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n");
            List<String> differences = new ArrayList<>();
            for (String req : requests) {
                Map<String, Object> a = summary(jdkPort, req), b = summary(ourPort, req);
                if (req.startsWith("HEAD")) {
                    // On purpose: a HEAD response keeps the Content-Length a GET would have (RFC 9110 §9.3.2); the JDK drops it.
                    assertThat(b.remove("content-length")).isEqualTo("17");
                }
                if (!a.equals(b)) differences.add(req.lines().findFirst().orElseThrow() + "\n  jdk:  " + a + "\n  ours: " + b);
            }
            assertThat(differences).as("responses that differ").isEmpty();
        } finally {
            ours.stop(0);
            jdk.getOutputStream().close();
            if (!jdk.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) jdk.destroyForcibly();
        }
    }

    /** What must agree: status, body, and the headers that frame and describe it (not Date, not header-name case). */
    private static Map<String, Object> summary(int port, String request) throws Exception {
        try (RawClient c = new RawClient(port)) {
            RawClient.Response r = c.send(request).read(request.startsWith("HEAD"));
            Map<String, Object> m = new TreeMap<>();
            m.put("status", r.status());
            // The server's own error pages say the same in other words: compare their status only.
            boolean errorPage = r.status() == 404 || (r.status() >= 400 && r.header("content-type") != null && r.header("x-got") == null);
            m.put("body", errorPage ? "(error page)" : r.body());
            if (errorPage) return m;
            for (String h : List.of("content-length", "transfer-encoding", "content-type", "x-multi", "x-got")) {
                if (r.header(h) != null) m.put(h, r.header(h));
            }
            return m;
        }
    }

    /** The JDK server's header properties, read when the server is created, bound our header section and count too. */
    @Test
    void theJdkHeaderLimitPropertiesBoundTheSpisServers() throws Exception {
        HttpServer server;
        System.setProperty("sun.net.httpserver.maxReqHeaders", "5");
        try {
            server = HttpServer.create(LOOPBACK, 0);
        } finally {
            System.clearProperty("sun.net.httpserver.maxReqHeaders");
        }
        server.createContext("/", x -> text(x, "ok"));
        server.start();
        try (RawClient c = new RawClient(server.getAddress().getPort())) {
            assertThat(c.send("GET / HTTP/1.1\r\nHost: a\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n").read().status()).isEqualTo(200);
            assertThat(c.send("GET / HTTP/1.1\r\nHost: a\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\nE: 5\r\nF: 6\r\n\r\n").read().status()).isEqualTo(431);
        } finally {
            server.stop(0);
        }
    }
}
