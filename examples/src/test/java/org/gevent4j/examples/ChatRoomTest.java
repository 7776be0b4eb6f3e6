package org.gevent4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.gevent4j.websocket.WebSocket;
import org.gevent4j.websocket.WebSocketClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class ChatRoomTest {
    static WsServerThread start() throws Exception {
        return new WsServerThread(new ChatRoom().server(new InetSocketAddress("127.0.0.1", 0)));
    }

    @Test
    void thePageHasTheStableIdsAndOpensTheChatSocket() throws Exception {
        try (WsServerThread s = start(); HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> rsp = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(rsp.statusCode()).isEqualTo(200);
            assertThat(rsp.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
            assertThat(rsp.body()).contains("id=\"log\"", "id=\"msg\"", "id=\"send\"", "id=\"status\"", "'/chat'");
        }
    }

    @Test
    @SuppressWarnings("try") // bob.close() inside the try: his leaving is what alice is told next
    void everyLineGoesToEveryMemberInOrder() throws Throwable {
        try (WsServerThread s = start()) {
            WsServerThread.clients(() -> {
                String base = "ws://127.0.0.1:" + s.port() + "/chat?name=";
                WebSocketClient client = WebSocketClient.builder().deflate(true).build();
                try (WebSocket alice = client.connect(URI.create(base + "alice"));
                     WebSocket bob = client.connect(URI.create(base + "bob"))) {
                    assertThat(alice.receive().text()).isEqualTo("* alice joined (1 here)");
                    assertThat(alice.receive().text()).isEqualTo("* bob joined (2 here)");
                    assertThat(bob.receive().text()).isEqualTo("* bob joined (2 here)");
                    for (int i = 0; i < 20; i++) (i % 2 == 0 ? alice : bob).send("line " + i);
                    // Both see the same lines in the same order (the room's), each sender's in its own order.
                    java.util.List<String> a = new java.util.ArrayList<>();
                    java.util.List<String> b = new java.util.ArrayList<>();
                    for (int i = 0; i < 20; i++) {
                        a.add(alice.receive().text());
                        b.add(bob.receive().text());
                    }
                    assertThat(a).isEqualTo(b);
                    assertThat(a.stream().filter(l -> l.startsWith("alice: ")).toList())
                            .containsExactly("alice: line 0", "alice: line 2", "alice: line 4", "alice: line 6", "alice: line 8",
                                    "alice: line 10", "alice: line 12", "alice: line 14", "alice: line 16", "alice: line 18");
                    assertThat(a.stream().filter(l -> l.startsWith("bob: ")).toList()).hasSize(10).isSortedAccordingTo(
                            java.util.Comparator.comparingInt(l -> Integer.parseInt(l.substring("bob: line ".length()))));
                    bob.close();
                    assertThat(alice.receive().text()).isEqualTo("* bob left");
                }
            });
        }
    }

    @Test
    void aMemberThatNeverReadsIsDisconnectedWithoutHoldingUpTheOthers() throws Throwable {
        try (WsServerThread s = start(); Socket stuck = new Socket("127.0.0.1", s.port())) {
            // A raw client that joins and then never reads a byte.
            stuck.setReceiveBufferSize(4096);
            OutputStream out = stuck.getOutputStream();
            out.write(("GET /chat?name=stuck HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes());
            out.flush();
            InputStream in = stuck.getInputStream();
            assertThat(new String(in.readNBytes(12))).isEqualTo("HTTP/1.1 101");
            WsServerThread.clients(() -> {
                WebSocketClient client = WebSocketClient.builder().build();
                try (WebSocket alice = client.connect(URI.create("ws://127.0.0.1:" + s.port() + "/chat?name=alice"))) {
                    assertThat(alice.receive().text()).isEqualTo("* alice joined (2 here)");
                    String line = "x".repeat(ChatRoom.MAX_LINE);
                    int n = 2000; // 8 MB: more than the stuck member's socket buffers plus its backlog
                    boolean dropped = false;
                    for (int i = 0; i < n; i++) {
                        alice.send(line);
                        String got = alice.receive().text();
                        if (got.startsWith("* stuck was disconnected")) {
                            dropped = true;
                            got = alice.receive().text();
                        }
                        assertThat(got).isEqualTo("alice: " + line);
                    }
                    assertThat(dropped).as("the stuck member was dropped").isTrue();
                }
            });
        }
    }
}
