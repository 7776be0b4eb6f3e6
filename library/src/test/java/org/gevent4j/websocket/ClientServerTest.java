package org.gevent4j.websocket;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;
import org.gevent4j.TestHubs;
import org.gevent4j.TestTls;
import org.gevent4j.http.HttpServer;
import org.gevent4j.http.Running;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Our client against our server: both sides' message API, ws and wss, deflate, closing, greenlets. */
@Timeout(120)
class ClientServerTest {
    static final WebSocketHandler ECHO = WebSocketHandler.builder().deflate(true).build(ws -> {
        WebSocket.Message m;
        while ((m = ws.receive()) != null) ws.send(m);
    });

    static Running serve(WebSocketHandler h) throws Exception {
        return Running.serve(HttpServer.builder().context("/ws", h));
    }

    static URI ws(Running r) {
        return URI.create("ws://127.0.0.1:" + r.port() + "/ws");
    }

    @Test
    void echoOfTextBinaryEmptyAndOneByteFragments() throws Exception {
        try (Running r = serve(ECHO)) {
            TestHubs.realHub(() -> {
                try (WebSocket ws = WebSocketClient.connect(ws(r).toString())) {
                    assertThat(ws.extensions()).isNull();
                    ws.send("hello");
                    assertThat(ws.receive()).isEqualTo(WebSocket.Message.text("hello"));
                    ws.send(new byte[] {0, 1, 2, (byte) 255});
                    WebSocket.Message m = ws.receive();
                    assertThat(m.isBinary()).isTrue();
                    assertThat(m.bytes()).containsExactly(0, 1, 2, 255);
                    ws.send("");
                    assertThat(ws.receive().text()).isEmpty();
                    ws.sendFragmented("fragments of κόσμε", 1);
                    assertThat(ws.receive().text()).isEqualTo("fragments of κόσμε");
                    byte[] big = new byte[3 << 20];
                    new java.util.Random(1).nextBytes(big);
                    ws.sendFragmented(big, 100_000);
                    assertThat(ws.receive().bytes()).isEqualTo(big);
                }
            });
        }
    }

    @Test
    void deflateIsNegotiatedAndLargeCompressibleMessagesGoBothWays() throws Exception {
        try (Running r = serve(ECHO)) {
            TestHubs.realHub(() -> {
                try (WebSocket ws = WebSocketClient.builder().deflate(true).build().connect(ws(r))) {
                    assertThat(ws.extensions()).isEqualTo("permessage-deflate");
                    StringBuilder sb = new StringBuilder();
                    for (int i = 0; i < 200_000; i++) sb.append("line ").append(i % 100).append(" κόσμε\n");
                    String text = sb.toString();
                    for (int i = 0; i < 3; i++) { // context takeover: later messages use the earlier ones' window
                        ws.send(text);
                        assertThat(ws.receive().text()).isEqualTo(text);
                    }
                    byte[] random = new byte[100_000];
                    new java.util.Random(2).nextBytes(random);
                    ws.send(random);
                    assertThat(ws.receive().bytes()).isEqualTo(random);
                    ws.send("short");
                    assertThat(ws.receive().text()).isEqualTo("short");
                }
            });
        }
    }

    @Test
    void wssWithAVerifiedCertificate(@TempDir Path dir) throws Exception {
        TestTls tls = TestTls.selfSigned(dir);
        try (Running r = Running.serve(HttpServer.builder().tls(tls.server()).context("/ws", ECHO))) {
            TestHubs.realHub(() -> {
                WebSocketClient client = WebSocketClient.builder().sslContext(tls.client()).deflate(true).build();
                try (WebSocket ws = client.connect(URI.create("wss://localhost:" + r.port() + "/ws"))) {
                    assertThat(ws.isSecure()).isTrue();
                    ws.send("over TLS");
                    assertThat(ws.receive().text()).isEqualTo("over TLS");
                    byte[] big = new byte[1 << 20];
                    ws.send(big);
                    assertThat(ws.receive().bytes()).isEqualTo(big);
                }
            });
        }
    }

    @Test
    void aRefusedHandshakeKeepsTheStatus() throws Exception {
        try (Running r = serve(ECHO)) {
            TestHubs.realHub(() -> {
                assertThatThrownBy(() -> WebSocketClient.connect("ws://127.0.0.1:" + r.port() + "/nothing"))
                        .isInstanceOfSatisfying(WebSocketHandshakeException.class, e -> assertThat(e.status()).isEqualTo(404));
            });
        }
    }

    @Test
    void aServerThatNeverAnswersTheHandshakeTimesOut() throws Exception {
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            TestHubs.realHub(() -> {
                WebSocketClient c = WebSocketClient.builder().timeout(Duration.ofMillis(300)).build();
                long t0 = System.nanoTime();
                assertThatThrownBy(() -> c.connect(URI.create("ws://127.0.0.1:" + silent.getLocalPort() + "/")))
                        .isInstanceOf(java.net.SocketTimeoutException.class);
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
            });
        }
    }

    @Test
    void subprotocolAndExtraHeadersReachTheServer() throws Exception {
        WebSocketHandler h = WebSocketHandler.builder().subprotocols("b", "a").build(ws ->
                ws.send(ws.subprotocol() + " " + ws.handshakeHeaders().getFirst("Cookie") + " " + ws.handshakeHeaders().getFirst("Origin")));
        try (Running r = serve(h)) {
            TestHubs.realHub(() -> {
                WebSocketClient c = WebSocketClient.builder().subprotocols("a", "b").header("Cookie", "id=7").origin("https://o.example").build();
                try (WebSocket ws = c.connect(ws(r))) {
                    assertThat(ws.subprotocol()).isEqualTo("a");
                    assertThat(ws.receive().text()).isEqualTo("a id=7 https://o.example");
                }
            });
        }
    }

    @Test
    void closeHandshakeStartedByTheClient() throws Exception {
        CompletableFuture<String> seen = new CompletableFuture<>();
        WebSocketHandler h = WebSocketHandler.of(ws -> {
            assertThat(ws.receive()).isNull();
            seen.complete(ws.closeCode() + " " + ws.closeReason());
        });
        try (Running r = serve(h)) {
            TestHubs.realHub(() -> {
                WebSocket ws = WebSocketClient.connect(ws(r).toString());
                ws.close(4001, "done here");
                assertThat(ws.isClosed()).isTrue();
                assertThat(ws.closeCode()).isEqualTo(4001);
                assertThatThrownBy(() -> ws.send("late")).isInstanceOf(java.io.IOException.class);
            });
            assertThat(seen.get(10, TimeUnit.SECONDS)).isEqualTo("4001 done here");
        }
    }

    @Test
    void closeHandshakeStartedByTheServer() throws Exception {
        WebSocketHandler h = WebSocketHandler.of(ws -> ws.close(4000, "bye"));
        try (Running r = serve(h)) {
            TestHubs.realHub(() -> {
                WebSocket ws = WebSocketClient.connect(ws(r).toString());
                assertThat(ws.receive()).isNull();
                assertThat(ws.closeCode()).isEqualTo(4000);
                assertThat(ws.closeReason()).isEqualTo("bye");
                assertThat(ws.receive()).isNull();
            });
        }
    }

    @Test
    void gracefulStopSends1001ToOpenConnectionsAndDoesNotWaitForTheDeadline() throws Exception {
        Running r = serve(ECHO);
        try {
            TestHubs.realHub(() -> {
                List<WebSocket> open = new ArrayList<>();
                for (int i = 0; i < 5; i++) open.add(WebSocketClient.connect(ws(r).toString()));
                open.get(0).send("warm");
                assertThat(open.get(0).receive().text()).isEqualTo("warm");
                CompletableFuture<Long> stopped = new CompletableFuture<>();
                Thread.ofPlatform().start(() -> {
                    long t0 = System.nanoTime();
                    r.server.stop(Duration.ofSeconds(30));
                    stopped.complete(System.nanoTime() - t0);
                });
                for (WebSocket ws : open) {
                    assertThat(ws.receive()).isNull();
                    assertThat(ws.closeCode()).isEqualTo(1001);
                }
                assertThat(Duration.ofNanos(stopped.get(20, TimeUnit.SECONDS))).isLessThan(Duration.ofSeconds(20));
            });
        } finally {
            r.close();
        }
    }

    @Test
    void manyGreenletsSendingAtOnceNeverInterleaveFrames() throws Exception {
        int senders = 8;
        int each = 50;
        WebSocketHandler h = WebSocketHandler.builder().deflate(true).build(ws -> {
            List<Greenlet<?>> gs = new ArrayList<>();
            for (int g = 0; g < senders; g++) {
                int id = g;
                gs.add(Gevent.spawn(() -> {
                    for (int j = 0; j < each; j++) {
                        String body = ("g" + id + "-" + j + ":").repeat(1 + (j * 997 % 5000));
                        if (j % 3 == 0) ws.sendFragmented(body, 700);
                        else ws.send(body);
                    }
                }));
            }
            Gevent.joinAll(gs);
            for (Greenlet<?> g : gs) assertThat(g.exception()).isNull();
            ws.receive();
        });
        try (Running r = serve(h)) {
            TestHubs.realHub(() -> {
                try (WebSocket ws = WebSocketClient.builder().deflate(true).build().connect(ws(r))) {
                    Map<Integer, Integer> next = new HashMap<>();
                    for (int n = 0; n < senders * each; n++) {
                        String t = ws.receive().text();
                        int dash = t.indexOf('-');
                        int id = Integer.parseInt(t.substring(1, dash));
                        int j = Integer.parseInt(t.substring(dash + 1, t.indexOf(':')));
                        assertThat(j).as("sender %d's messages in order", id).isEqualTo(next.getOrDefault(id, 0));
                        next.put(id, j + 1);
                        assertThat(t).isEqualTo(("g" + id + "-" + j + ":").repeat(1 + (j * 997 % 5000)));
                    }
                }
            });
        }
    }

    @Test
    void aReaderGreenletAndWriterGreenletsShareAClientConnection() throws Exception {
        try (Running r = serve(ECHO)) {
            TestHubs.realHub(() -> {
                try (WebSocket ws = WebSocketClient.connect(ws(r).toString())) {
                    List<String> got = new ArrayList<>();
                    Greenlet<Void> reader = Gevent.spawn(() -> {
                        for (int i = 0; i < 300; i++) got.add(ws.receive().text());
                    });
                    List<Greenlet<?>> writers = new ArrayList<>();
                    for (int w = 0; w < 3; w++) {
                        int id = w;
                        writers.add(Gevent.spawn(() -> {
                            for (int i = 0; i < 100; i++) ws.send(id + ":" + i);
                        }));
                    }
                    Gevent.joinAll(writers);
                    reader.join();
                    assertThat(reader.exception()).isNull();
                    for (Greenlet<?> w : writers) assertThat(w.exception()).isNull();
                    assertThat(got).hasSize(300).doesNotHaveDuplicates();
                }
            });
        }
    }

    @Test
    void aTimeoutDuringReceiveLosesNoBytesOfAHalfReadFrame() throws Exception {
        WebSocketHandler h = WebSocketHandler.of(ws -> {
            int timeouts = 0;
            while (true) {
                WebSocket.Message m;
                try (org.gevent4j.Timeout _ = org.gevent4j.Timeout.start(Duration.ofMillis(100))) {
                    m = ws.receive();
                } catch (org.gevent4j.Timeout t) {
                    if (timeouts++ == 0) ws.send("timed out");
                    continue;
                }
                if (m == null) return;
                ws.send("got " + m.text() + " after " + (timeouts > 0 ? "timeouts" : "none"));
            }
        });
        try (Running r = serve(h); RawWs c = RawWs.open(r.port())) {
            byte[] f = RawWs.encode(0x80 | 1, "a message in two halves".getBytes(UTF_8), true);
            c.raw(java.util.Arrays.copyOf(f, 12)); // header and part of the payload
            assertThat(c.read().text()).isEqualTo("timed out");
            c.raw(java.util.Arrays.copyOfRange(f, 12, f.length));
            assertThat(c.read().text()).isEqualTo("got a message in two halves after timeouts");
        }
    }

    @Test
    void aKilledReaderLeavesTheConnectionToTheNextReaderMidMessage() throws Exception {
        WebSocketHandler h = WebSocketHandler.of(ws -> {
            Greenlet<WebSocket.Message> first = Gevent.spawn(ws::receive);
            WebSocket.Message m0 = ws.receive(); // the ping "go" arrives first? no: waits for first to finish
            assertThat(m0).isNotNull();
            ws.send("first message: " + m0.text());
            Gevent.sleep(Duration.ofMillis(50));
            first.kill();
            ws.send("killed: " + first.dead());
            ws.send("then: " + ws.receive().text());
        });
        try (Running r = serve(h); RawWs c = RawWs.open(r.port())) {
            c.frame(0x80 | 1, "one");
            assertThat(c.read().text()).isEqualTo("first message: one");
            // The spawned reader got nothing yet; half of a fragmented message arrives before the kill.
            c.frame(1, "two, ");
            assertThat(c.read().text()).isEqualTo("killed: true");
            c.frame(0x80, "finished");
            assertThat(c.read().text()).isEqualTo("then: two, finished");
        }
    }

    @Test
    void idlePingsDropAPeerThatNeverAnswers() throws Exception {
        WebSocketHandler h = WebSocketHandler.builder().idlePing(Duration.ofMillis(200)).build(ws -> {
            while (ws.receive() != null) {
                // the pong-less client sends nothing
            }
        });
        try (Running r = serve(h); RawWs c = RawWs.open(r.port())) {
            // RawWs never answers: a ping, then the connection is dropped.
            RawWs.Frame f = c.read();
            assertThat(f.opcode()).isEqualTo(9);
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void idlePingsKeepAPeerThatAnswersConnected() throws Exception {
        WebSocketHandler h = WebSocketHandler.builder().idlePing(Duration.ofMillis(100)).build(ws -> {
            WebSocket.Message m;
            while ((m = ws.receive()) != null) ws.send(m);
        });
        try (Running r = serve(h)) {
            TestHubs.realHub(() -> {
                try (WebSocket ws = WebSocketClient.connect(ws(r).toString())) {
                    // Receiving answers the server's pings; 1 s is five silent intervals.
                    try (org.gevent4j.Timeout _ = org.gevent4j.Timeout.start(Duration.ofSeconds(1))) {
                        ws.receive();
                    } catch (org.gevent4j.Timeout expected) {
                        // nothing was sent to us but pings
                    }
                    ws.send("still here");
                    assertThat(ws.receive().text()).isEqualTo("still here");
                }
            });
        }
    }

    @Test
    void aLongMessageStillArrivingCountsAsLifeForIdlePings() throws Exception {
        WebSocketHandler h = WebSocketHandler.builder().idlePing(Duration.ofMillis(300)).build(ws -> {
            WebSocket.Message m;
            while ((m = ws.receive()) != null) ws.send(m);
        });
        try (Running r = serve(h); RawWs c = RawWs.open(r.port())) {
            // 1.2 s for one message (four intervals), a piece every 20 ms; RawWs answers no ping.
            byte[] f = RawWs.encode(0x80 | 2, new byte[6000], true);
            for (int i = 0; i < f.length; i += 100) {
                c.raw(java.util.Arrays.copyOfRange(f, i, Math.min(f.length, i + 100)));
                Thread.sleep(20);
            }
            RawWs.Frame echo;
            while ((echo = c.read()).opcode() == 9) {
                // a ping sent while the machine stalled: not answered, and not needed
            }
            assertThat(echo.payload()).hasSize(6000);
        }
    }

    @Test
    void aClientPingIsAnsweredAndItsPongConsumedByReceive() throws Exception {
        try (Running r = serve(ECHO)) {
            TestHubs.realHub(() -> {
                try (WebSocket ws = WebSocketClient.connect(ws(r).toString())) {
                    ws.ping("are you there".getBytes(UTF_8));
                    ws.send("after the ping");
                    assertThat(ws.receive().text()).as("the pong is not a message").isEqualTo("after the ping");
                    assertThatThrownBy(() -> ws.ping(new byte[126])).isInstanceOf(IllegalArgumentException.class);
                }
            });
        }
    }

    @Test
    void abortDropsTheConnectionWithoutAHandshake() throws Exception {
        WebSocketHandler h = WebSocketHandler.of(ws -> {
            ws.receive();
            ws.abort();
            assertThat(ws.closeCode()).isEqualTo(WebSocket.ABNORMAL_CLOSURE);
            assertThat(ws.receive()).isNull();
        });
        try (Running r = serve(h)) {
            TestHubs.realHub(() -> {
                try (WebSocket ws = WebSocketClient.connect(ws(r).toString())) {
                    ws.send("go");
                    assertThat(ws.receive()).isNull();
                    assertThat(ws.closeCode()).isEqualTo(WebSocket.ABNORMAL_CLOSURE);
                }
            });
        }
    }

    @Test
    void invalidCloseArgumentsAreRefused() throws Exception {
        try (Running r = serve(ECHO)) {
            TestHubs.realHub(() -> {
                try (WebSocket ws = WebSocketClient.connect(ws(r).toString())) {
                    assertThatThrownBy(() -> ws.close(1005, "")).isInstanceOf(IllegalArgumentException.class);
                    assertThatThrownBy(() -> ws.close(1006, "")).isInstanceOf(IllegalArgumentException.class);
                    assertThatThrownBy(() -> ws.close(999, "")).isInstanceOf(IllegalArgumentException.class);
                    assertThatThrownBy(() -> ws.close(1000, "x".repeat(124))).isInstanceOf(IllegalArgumentException.class);
                    assertThat(ws.isClosed()).isFalse();
                }
            });
        }
    }

    @Test
    void aDeflateBombHitsTheLimitWith1009() throws Exception {
        WebSocketHandler h = WebSocketHandler.builder().deflate(true).maxMessage(1 << 20).build(ws -> {
            while (ws.receive() != null) {
                // nothing comes out: the bomb fails the connection
            }
        });
        // 64 MiB of zeros deflate to about 64 KiB.
        java.util.zip.Deflater d = new java.util.zip.Deflater(9, true);
        d.setInput(new byte[64 << 20]);
        byte[] out = new byte[1 << 20];
        int n = d.deflate(out, 0, out.length, java.util.zip.Deflater.SYNC_FLUSH);
        d.end();
        byte[] bomb = java.util.Arrays.copyOf(out, n - 4);
        try (Running r = serve(h); RawWs c = RawWs.open(r.port(), "/ws", "Sec-WebSocket-Extensions: permessage-deflate\r\n")) {
            assertThat(c.head.get("sec-websocket-extensions")).isEqualTo("permessage-deflate");
            c.frame(0x80 | 0x40 | 2, bomb);
            assertThat(c.closeCode()).isEqualTo(1009);
        }
    }

    @Test
    void theServerCompressesLargeMessagesWithRsv1() throws Exception {
        try (Running r = serve(ECHO); RawWs c = RawWs.open(r.port(), "/ws", "Sec-WebSocket-Extensions: permessage-deflate\r\n")) {
            String text = "compress me ".repeat(1000);
            c.frame(0x80 | 1, text);
            RawWs.Frame f = c.read();
            assertThat(f.rsv1()).isTrue();
            assertThat(f.payload().length).isLessThan(text.length() / 10);
            java.util.zip.Inflater inf = new java.util.zip.Inflater(true);
            byte[] in = java.util.Arrays.copyOf(f.payload(), f.payload().length + 4);
            in[in.length - 2] = (byte) 0xFF;
            in[in.length - 1] = (byte) 0xFF;
            inf.setInput(in);
            byte[] plain = new byte[text.length()];
            assertThat(inf.inflate(plain)).isEqualTo(text.length());
            inf.end();
            assertThat(new String(plain, UTF_8)).isEqualTo(text);
        }
    }
}
