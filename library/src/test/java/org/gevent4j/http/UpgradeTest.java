package org.gevent4j.http;

import org.gevent4j.TestTls;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The Upgrade hook ({@link Upgraded}): 101, then the raw connection in the handler's greenlet. */
@Timeout(60)
class UpgradeTest {
    static final String UPGRADE = "GET /echo HTTP/1.1\r\nHost: a\r\nConnection: keep-alive, Upgrade\r\nUpgrade: echo\r\n\r\n";

    /** Upgrades to "echo" and echoes every byte until the client closes. */
    static final HttpHandler ECHO = x -> {
        if (!Upgraded.requested(x, "echo")) {
            x.getResponseHeaders().set("Upgrade", "echo");
            x.sendResponseHeaders(426, -1);
            return;
        }
        x.getResponseHeaders().set("X-Echo", "yes");
        try (Upgraded u = Upgraded.upgrade(x, "echo")) {
            echo(u);
        }
    };

    static void echo(Upgraded u) throws IOException {
        byte[] b = new byte[1024];
        int n;
        while ((n = u.input().read(b, 0, b.length)) > 0) u.output().write(b, 0, n);
    }

    /** A raw client: the 101's head parsed byte by byte, so nothing after it is read ahead. */
    static final class Client implements AutoCloseable {
        final Socket socket;
        final InputStream in;
        final OutputStream out;

        Client(Socket socket) throws IOException {
            this.socket = socket;
            socket.setSoTimeout(10_000);
            in = socket.getInputStream();
            out = socket.getOutputStream();
        }

        Client(int port) throws IOException {
            this(new Socket("127.0.0.1", port));
        }

        Client send(String s) throws IOException {
            out.write(s.getBytes(ISO_8859_1));
            out.flush();
            return this;
        }

        /** The status line, then the headers (lower-case names) under "". */
        Map<String, String> head() throws IOException {
            Map<String, String> h = new LinkedHashMap<>();
            h.put("", line());
            String l;
            while (!(l = line()).isEmpty()) {
                int colon = l.indexOf(':');
                h.put(l.substring(0, colon).toLowerCase(Locale.ROOT), l.substring(colon + 1).strip());
            }
            return h;
        }

        String read(int n) throws IOException {
            return new String(in.readNBytes(n), ISO_8859_1);
        }

        String line() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) != -1 && c != '\n') b.write(c);
            String s = b.toString(ISO_8859_1);
            return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
        }

        /** End of stream (or a reset) within the socket's timeout. */
        boolean closedByServer() throws IOException {
            try {
                return in.read() == -1;
            } catch (java.net.SocketException e) {
                return true;
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void upgradeSends101WithItsHeadersThenBytesAreEchoedOverTheRawStreams() throws Exception {
        try (Running r = Running.serve(HttpServer.builder().context("/echo", ECHO)); Client c = new Client(r.port())) {
            Map<String, String> h = c.send(UPGRADE).head();
            assertThat(h.get("")).isEqualTo("HTTP/1.1 101 Switching Protocols");
            assertThat(h.get("connection")).isEqualTo("Upgrade");
            assertThat(h.get("upgrade")).isEqualTo("echo");
            assertThat(h.get("x-echo")).isEqualTo("yes");
            assertThat(h).containsKey("date").doesNotContainKeys("content-length", "transfer-encoding");
            for (int i = 0; i < 50; i++) {
                String msg = "message " + i + "\n";
                assertThat(c.send(msg).read(msg.length())).isEqualTo(msg);
            }
            // Not HTTP any more: a request line is just bytes to echo.
            assertThat(c.send("GET / HTTP/1.1\r\n").read(16)).isEqualTo("GET / HTTP/1.1\r\n");
            c.socket.shutdownOutput();
            assertThat(c.closedByServer()).as("the handler returned at EOF: the server closes").isTrue();
        }
    }

    @Test
    void bytesPipelinedWithTheRequestHeadAreNotLost() throws Exception {
        try (Running r = Running.serve(HttpServer.builder().context("/echo", ECHO)); Client c = new Client(r.port())) {
            String early = "early bytes\r\nGET /next HTTP/1.1\r\nHost: a\r\n\r\n";
            Map<String, String> h = c.send(UPGRADE + early).head();
            assertThat(h.get("")).isEqualTo("HTTP/1.1 101 Switching Protocols");
            assertThat(c.read(early.length())).isEqualTo(early);
            assertThat(c.send("late").read(4)).isEqualTo("late");
        }
    }

    @Test
    void aRequestWithoutTheUpgradeHeadersGetsTheHandlersOrdinaryAnswer() throws Exception {
        try (Running r = Running.serve(HttpServer.builder().context("/echo", ECHO)); RawClient c = new RawClient(r.port())) {
            assertThat(c.send("GET /echo HTTP/1.1\r\nHost: a\r\nUpgrade: echo\r\n\r\n").read().status()).isEqualTo(426);
            assertThat(c.send("GET /echo HTTP/1.0\r\nConnection: upgrade\r\nUpgrade: echo\r\n\r\n").read().status()).isEqualTo(426);
        }
    }

    @Test
    void theJdk26ShapedFormRunsTheHandlerOnTheRawStreamsThenCloses() throws Exception {
        HttpHandler h = x -> Upgraded.upgrade(x, "echo", (in, out) -> {
            byte[] b = in.readNBytes(5);
            out.write(b);
        });
        try (Running r = Running.serve(HttpServer.builder().context("/echo", h)); Client c = new Client(r.port())) {
            assertThat(c.send(UPGRADE + "abc").head().get("upgrade")).isEqualTo("echo");
            assertThat(c.send("de").read(5)).isEqualTo("abcde");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void aHandlerThatThrowsAfterTheUpgradeGetsTheConnectionClosedAndTheServerServesOn() throws Exception {
        HttpHandler h = x -> {
            if (x.getRequestURI().getPath().equals("/boom")) {
                Upgraded.upgrade(x, "echo");
                throw new IllegalStateException("boom");
            }
            HttpServerTest.HELLO.handle(x);
        };
        AtomicReference<Throwable> logged = new AtomicReference<>();
        try (Running r = Running.serve(HttpServer.builder().context("/", h).errorLog((ctx, t) -> logged.set(t)));
                Client c = new Client(r.port())) {
            c.send("GET /boom HTTP/1.1\r\nHost: a\r\nConnection: upgrade\r\nUpgrade: echo\r\n\r\n");
            assertThat(c.head().get("")).isEqualTo("HTTP/1.1 101 Switching Protocols");
            assertThat(c.closedByServer()).isTrue();
            assertThat(logged.get()).hasMessage("boom");
            try (RawClient next = new RawClient(r.port())) {
                assertThat(next.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n").read().status()).isEqualTo(200);
            }
        }
    }

    /** Executors of three kinds: platform threads; virtual threads started from the greenlet (on its hub); virtual threads off the hub. */
    static java.util.concurrent.ExecutorService executor(String kind) {
        return switch (kind) {
            case "platform" -> java.util.concurrent.Executors.newFixedThreadPool(4);
            case "virtual" -> java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
            case "virtual-off-hub" -> {
                // Started by a platform thread, the virtual threads run on the JDK's scheduler.
                java.util.concurrent.ExecutorService starter = java.util.concurrent.Executors.newSingleThreadExecutor();
                yield new java.util.concurrent.AbstractExecutorService() {
                    public void execute(Runnable task) {
                        starter.execute(() -> Thread.ofVirtual().start(task));
                    }

                    public void shutdown() {
                        starter.shutdown();
                    }

                    public java.util.List<Runnable> shutdownNow() {
                        return starter.shutdownNow();
                    }

                    public boolean isShutdown() {
                        return starter.isShutdown();
                    }

                    public boolean isTerminated() {
                        return starter.isTerminated();
                    }

                    public boolean awaitTermination(long t, TimeUnit u) throws InterruptedException {
                        return starter.awaitTermination(t, u);
                    }
                };
            }
            default -> throw new IllegalArgumentException(kind);
        };
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"platform", "virtual", "virtual-off-hub"})
    void anUpgradeOnAnExecutorEchoesOverTheRawStreams(String kind) throws Exception {
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        HttpHandler h = x -> {
            ranOn.set(Thread.currentThread());
            ECHO.handle(x);
        };
        java.util.concurrent.ExecutorService pool = executor(kind);
        try (Running r = Running.serve(HttpServer.builder().context("/echo", h).executor(pool)); Client c = new Client(r.port())) {
            String early = "early\n";
            Map<String, String> head = c.send(UPGRADE + early).head();
            assertThat(head.get("")).isEqualTo("HTTP/1.1 101 Switching Protocols");
            assertThat(head.get("x-echo")).isEqualTo("yes");
            assertThat(c.read(early.length())).isEqualTo(early);
            for (int i = 0; i < 50; i++) {
                String msg = "message " + i + "\n";
                assertThat(c.send(msg).read(msg.length())).isEqualTo(msg);
            }
            c.socket.shutdownOutput();
            assertThat(c.closedByServer()).as("the handler returned at EOF: the server closes").isTrue();
            assertThat(ranOn.get().isVirtual()).as("the executor's thread ran the handler").isEqualTo(!kind.equals("platform"));
        } finally {
            pool.shutdownNow();
        }
    }

    /** A thread writes while the handler's thread waits in a read: the two do not queue behind each other. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"platform", "virtual-off-hub"})
    void onAnExecutorOneThreadWritesWhileAnotherWaitsToRead(String kind) throws Exception {
        HttpHandler h = x -> {
            try (Upgraded u = Upgraded.upgrade(x, "echo")) {
                Thread writer = Thread.ofPlatform().start(() -> {
                    try {
                        Thread.sleep(100); // the handler is reading by then
                        u.output().write("from the writer\n".getBytes(ISO_8859_1));
                    } catch (IOException | InterruptedException e) {
                        throw new RuntimeException(e);
                    }
                });
                echo(u);
                try {
                    writer.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        java.util.concurrent.ExecutorService pool = executor(kind);
        try (Running r = Running.serve(HttpServer.builder().context("/echo", h).executor(pool)); Client c = new Client(r.port())) {
            assertThat(c.send(UPGRADE).head().get("")).isEqualTo("HTTP/1.1 101 Switching Protocols");
            assertThat(c.line()).isEqualTo("from the writer");
            assertThat(c.send("then an echo").read(12)).isEqualTo("then an echo");
        } finally {
            pool.shutdownNow();
        }
    }

    /** An interrupt of the executor's thread withdraws its read: nothing is lost, the connection goes on. */
    @Test
    void onAPlatformExecutorAnInterruptWithdrawsTheReadAndLosesNoByte() throws Exception {
        AtomicReference<Thread> handlerThread = new AtomicReference<>();
        CountDownLatch reading = new CountDownLatch(1);
        HttpHandler h = x -> {
            try (Upgraded u = Upgraded.upgrade(x, "echo")) {
                handlerThread.set(Thread.currentThread());
                reading.countDown();
                try {
                    u.input().read();
                    u.output().write("no interrupt?\n".getBytes(ISO_8859_1));
                } catch (java.io.InterruptedIOException e) {
                    Thread.interrupted();
                    u.output().write("interrupted\n".getBytes(ISO_8859_1));
                }
                echo(u);
            }
        };
        java.util.concurrent.ExecutorService pool = executor("platform");
        try (Running r = Running.serve(HttpServer.builder().context("/echo", h).executor(pool)); Client c = new Client(r.port())) {
            assertThat(c.send(UPGRADE).head().get("")).isEqualTo("HTTP/1.1 101 Switching Protocols");
            assertThat(reading.await(10, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(100); // into the read's wait
            handlerThread.get().interrupt();
            assertThat(c.line()).isEqualTo("interrupted");
            assertThat(c.send("every byte").read(10)).isEqualTo("every byte");
        } finally {
            pool.shutdownNow();
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"platform", "virtual", "virtual-off-hub"})
    void onAnExecutorStopRunsOnStopThenEndsTheUpgradedConnectionAtTheDeadline(String kind) throws Exception {
        CountDownLatch upgraded = new CountDownLatch(1);
        CountDownLatch handlerDone = new CountDownLatch(1);
        AtomicReference<Throwable> ended = new AtomicReference<>();
        HttpHandler h = x -> {
            try (Upgraded u = Upgraded.upgrade(x, "echo")) {
                u.onStop(() -> {
                    try {
                        u.output().write("going away\n".getBytes(ISO_8859_1));
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                upgraded.countDown();
                echo(u); // ignores the stop: only the deadline ends it
            } catch (IOException e) {
                ended.set(e);
            } finally {
                handlerDone.countDown();
            }
        };
        java.util.concurrent.ExecutorService pool = executor(kind);
        Running r = Running.serve(HttpServer.builder().context("/echo", h).executor(pool));
        try (Client c = new Client(r.port())) {
            assertThat(c.send(UPGRADE).head().get("")).isEqualTo("HTTP/1.1 101 Switching Protocols");
            assertThat(upgraded.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(c.send("before the stop").read(15)).isEqualTo("before the stop");
            long t0 = System.nanoTime();
            r.server.stop(Duration.ofMillis(500));
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isBetween(Duration.ofMillis(400), Duration.ofSeconds(5));
            assertThat(c.line()).isEqualTo("going away");
            assertThat(c.closedByServer()).isTrue();
            assertThat(handlerDone.await(5, TimeUnit.SECONDS)).as("the executor's thread is released").isTrue();
            assertThat(ended.get()).as("its read ended with the connection").isInstanceOf(java.net.SocketException.class);
        } finally {
            r.close();
            pool.shutdownNow();
        }
    }

    @Test
    void h2cIsIgnoredUnlessAHandlerUpgrades() throws Exception {
        try (Running r = Running.serve(HttpServer.builder().context("/", HttpServerTest.HELLO)); RawClient c = new RawClient(r.port())) {
            String req = "GET / HTTP/1.1\r\nHost: a\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n";
            RawClient.Response first = c.send(req).read();
            assertThat(first.status()).isEqualTo(200);
            assertThat(first.header("upgrade")).isNull();
            assertThat(c.send(req).read().status()).as("kept alive, still HTTP").isEqualTo(200);
        }
    }

    /** A handler that tries to upgrade in the situation {@code before} sets up; the answer names what it threw. */
    static HttpHandler misuse(AtomicReference<Throwable> thrown, HttpHandler before) {
        return x -> {
            before.handle(x);
            try {
                Upgraded.upgrade(x, "echo");
                thrown.set(null);
            } catch (RuntimeException e) {
                thrown.set(e);
            }
            if (x.getResponseCode() == -1) x.sendResponseHeaders(400, -1);
            x.close();
        };
    }

    @Test
    void misuseIsRefusedBeforeAnythingIsSent() throws Exception {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        try (Running r = Running.serve(HttpServer.builder()
                        .context("/plain", misuse(thrown, x -> {}))
                        .context("/sent", misuse(thrown, x -> x.sendResponseHeaders(200, 0)) /* chunked: the response ends after the attempt */)
                        .context("/body", misuse(thrown, x -> {})));
                RawClient c = new RawClient(r.port())) {
            String up = "Connection: upgrade\r\nUpgrade: echo\r\n";
            // After the headers were sent.
            assertThat(c.send("GET /sent HTTP/1.1\r\nHost: a\r\n" + up + "\r\n").read().status()).isEqualTo(200);
            assertThat(thrown.get()).isInstanceOf(IllegalStateException.class).hasMessageContaining("already sent");
            // With a request body not read to its end.
            assertThat(c.send("POST /body HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n" + up + "\r\nhello").read().status()).isEqualTo(400);
            assertThat(thrown.get()).isInstanceOf(IllegalStateException.class).hasMessageContaining("body");
            // The connection is still HTTP after each refusal.
            assertThat(c.send("GET /sent HTTP/1.1\r\nHost: a\r\n\r\n").read().status()).isEqualTo(200);
            // HTTP/1.0 has no Upgrade.
            assertThat(c.send("GET /plain HTTP/1.0\r\n" + up + "\r\n").read().status()).isEqualTo(400);
            assertThat(thrown.get()).isInstanceOf(IllegalStateException.class).hasMessageContaining("HTTP/1.0");
        }
    }

    @Test
    void aBodyReadToItsEndMayPrecedeTheUpgrade() throws Exception {
        HttpHandler h = x -> {
            byte[] body = x.getRequestBody().readAllBytes();
            try (Upgraded u = Upgraded.upgrade(x, "echo")) {
                u.output().write(body);
                echo(u);
            }
        };
        try (Running r = Running.serve(HttpServer.builder().context("/echo", h)); Client c = new Client(r.port())) {
            c.send("POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nConnection: upgrade\r\nUpgrade: echo\r\n\r\n"
                    + "5\r\nhello\r\n0\r\n\r\nafter");
            assertThat(c.head().get("")).isEqualTo("HTTP/1.1 101 Switching Protocols");
            assertThat(c.read(10)).isEqualTo("helloafter");
        }
    }

    @Test
    void stopRunsOnStopThenClosesTheUpgradedConnectionAtTheDeadline() throws Exception {
        CountDownLatch upgraded = new CountDownLatch(1);
        CountDownLatch notified = new CountDownLatch(1);
        HttpHandler h = x -> {
            try (Upgraded u = Upgraded.upgrade(x, "echo")) {
                u.onStop(() -> {
                    try {
                        u.output().write("going away\n".getBytes(ISO_8859_1)); // where a WebSocket sends 1001
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    notified.countDown();
                });
                upgraded.countDown();
                echo(u); // ignores the stop: only the deadline ends it
            }
        };
        Running r = Running.serve(HttpServer.builder().context("/echo", h));
        try (Client c = new Client(r.port())) {
            assertThat(c.send(UPGRADE).head().get("")).isEqualTo("HTTP/1.1 101 Switching Protocols");
            assertThat(upgraded.await(10, TimeUnit.SECONDS)).isTrue();
            long t0 = System.nanoTime();
            r.server.stop(Duration.ofMillis(500));
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            assertThat(notified.await(0, TimeUnit.SECONDS)).as("onStop ran").isTrue();
            assertThat(took).as("stop waited for the deadline, then returned").isBetween(Duration.ofMillis(400), Duration.ofSeconds(5));
            assertThat(c.line()).isEqualTo("going away");
            assertThat(c.closedByServer()).isTrue();
        } finally {
            r.close();
        }
    }

    @Test
    void aHandlerThatClosesOnStopLetsStopReturnBeforeTheDeadline() throws Exception {
        CountDownLatch upgraded = new CountDownLatch(1);
        HttpHandler h = x -> {
            try (Upgraded u = Upgraded.upgrade(x, "echo")) {
                u.onStop(u::close);
                upgraded.countDown();
                try {
                    echo(u);
                } catch (IOException closed) {
                    // closed by onStop: end
                }
            }
        };
        Running r = Running.serve(HttpServer.builder().context("/echo", h));
        try (Client c = new Client(r.port())) {
            assertThat(c.send(UPGRADE).head().get("")).isEqualTo("HTTP/1.1 101 Switching Protocols");
            assertThat(upgraded.await(10, TimeUnit.SECONDS)).isTrue();
            long t0 = System.nanoTime();
            r.server.stop(Duration.ofSeconds(10));
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
            assertThat(c.closedByServer()).isTrue();
        } finally {
            r.close();
        }
    }

    @Test
    void upgradedReadsOutliveTheHttpTimeoutsAndATimeoutLeavesTheConnectionUsable() throws Exception {
        HttpHandler h = x -> {
            try (Upgraded u = Upgraded.upgrade(x, "echo")) {
                try (org.gevent4j.Timeout _ = org.gevent4j.Timeout.start(Duration.ofMillis(100))) {
                    u.input().read();
                    u.output().write("no timeout?\n".getBytes(ISO_8859_1));
                } catch (org.gevent4j.Timeout t) {
                    u.output().write("timeout\n".getBytes(ISO_8859_1));
                }
                echo(u);
            }
        };
        // Idle and body-read timeouts of 200 ms: an upgraded connection is not bound by them.
        Duration s = Duration.ofMillis(200);
        try (Running r = Running.serve(HttpServer.builder().context("/echo", h).timeouts(Duration.ofSeconds(5), s, s, Duration.ofSeconds(5), s));
                Client c = new Client(r.port())) {
            assertThat(c.send(UPGRADE).head().get("")).isEqualTo("HTTP/1.1 101 Switching Protocols");
            assertThat(c.line()).isEqualTo("timeout");
            Thread.sleep(600); // longer than the idle and body-read timeouts
            assertThat(c.send("still here").read(10)).isEqualTo("still here");
        }
    }

    @TempDir
    static Path dir;

    static SSLContext[] contexts;

    /** A server and a client context for a self-signed certificate made by keytool (once). */
    static synchronized SSLContext[] tls() throws Exception {
        if (contexts != null) return contexts;
        TestTls tls = TestTls.selfSigned(dir);
        return contexts = new SSLContext[] {tls.server(), tls.client()};
    }

    @Test
    void upgradeWorksOverTls() throws Exception {
        SSLContext server = tls()[0], client = tls()[1];
        AtomicReference<Boolean> secure = new AtomicReference<>();
        HttpHandler h = x -> {
            try (Upgraded u = Upgraded.upgrade(x, "echo")) {
                secure.set(u.secure() && u.sslSession() != null);
                echo(u);
            }
        };
        try (Running r = Running.serve(HttpServer.builder().context("/echo", h).tls(server));
                Client c = new Client((SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", r.port()))) {
            assertThat(c.send(UPGRADE + "early").head().get("")).isEqualTo("HTTP/1.1 101 Switching Protocols");
            assertThat(c.read(5)).isEqualTo("early");
            assertThat(c.send("over tls").read(8)).isEqualTo("over tls");
            assertThat(secure.get()).isTrue();
        }
    }

    @Test
    void overTlsATimeoutLeavesTheConnectionUsableAndOnStopMayWriteWhileTheHandlerReads() throws Exception {
        SSLContext server = tls()[0], client = tls()[1];
        CountDownLatch reading = new CountDownLatch(1);
        HttpHandler h = x -> {
            try (Upgraded u = Upgraded.upgrade(x, "echo")) {
                u.onStop(() -> {
                    try {
                        u.output().write("going away\n".getBytes(ISO_8859_1));
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                try (org.gevent4j.Timeout _ = org.gevent4j.Timeout.start(Duration.ofMillis(100))) {
                    u.input().read();
                } catch (org.gevent4j.Timeout t) {
                    u.output().write("timeout\n".getBytes(ISO_8859_1));
                }
                reading.countDown();
                echo(u);
            }
        };
        Running r = Running.serve(HttpServer.builder().context("/echo", h).tls(server));
        try (Client c = new Client((SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", r.port()))) {
            assertThat(c.send(UPGRADE).head().get("")).isEqualTo("HTTP/1.1 101 Switching Protocols");
            assertThat(c.line()).isEqualTo("timeout");
            assertThat(c.send("after timeout").read(13)).isEqualTo("after timeout");
            assertThat(reading.await(10, TimeUnit.SECONDS)).isTrue();
            r.server.stop(Duration.ofMillis(300));
            assertThat(c.line()).isEqualTo("going away");
            assertThat(c.closedByServer()).isTrue();
        } finally {
            r.close();
        }
    }
}
