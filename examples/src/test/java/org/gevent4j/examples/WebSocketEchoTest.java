package org.gevent4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.gevent4j.websocket.WebSocket;
import org.gevent4j.websocket.WebSocketClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class WebSocketEchoTest {
    static WsServerThread start() throws Exception {
        return new WsServerThread(WebSocketEcho.server(new InetSocketAddress("127.0.0.1", 0), false));
    }

    @Test
    void echoesTextBinaryOneByteFragmentsAndSixteenMebibytesWithDeflateOffered() throws Throwable {
        try (WsServerThread s = start()) {
            WsServerThread.clients(() -> {
                URI uri = URI.create("ws://127.0.0.1:" + s.port() + "/echo");
                try (WebSocket ws = WebSocketClient.builder().deflate(true).build().connect(uri)) {
                    assertThat(ws.extensions()).isEqualTo("permessage-deflate");
                    ws.send("text ü");
                    assertThat(ws.receive()).isEqualTo(WebSocket.Message.text("text ü"));
                    ws.send(new byte[] {9, 8, 7});
                    assertThat(ws.receive()).isEqualTo(WebSocket.Message.binary(new byte[] {9, 8, 7}));
                    ws.sendFragmented("one byte at a time", 1);
                    assertThat(ws.receive().text()).isEqualTo("one byte at a time");
                    byte[] big = new byte[16 << 20];
                    for (int i = 0; i < big.length; i++) big[i] = (byte) (i % 251);
                    ws.send(big);
                    assertThat(ws.receive().bytes()).isEqualTo(big);
                }
            });
        }
    }

    @Test
    void theJdkWebSocketClientGetsItsMessagesBack() throws Exception {
        try (WsServerThread s = start(); HttpClient http = HttpClient.newHttpClient()) {
            LinkedBlockingQueue<Object> got = new LinkedBlockingQueue<>();
            java.net.http.WebSocket.Listener listener = new java.net.http.WebSocket.Listener() {
                final StringBuilder text = new StringBuilder();
                final java.io.ByteArrayOutputStream bin = new java.io.ByteArrayOutputStream();

                @Override
                public CompletionStage<?> onText(java.net.http.WebSocket w, CharSequence data, boolean last) {
                    text.append(data);
                    if (last) {
                        got.add(text.toString());
                        text.setLength(0);
                    }
                    w.request(1);
                    return null;
                }

                @Override
                public CompletionStage<?> onBinary(java.net.http.WebSocket w, ByteBuffer data, boolean last) {
                    byte[] b = new byte[data.remaining()];
                    data.get(b);
                    bin.writeBytes(b);
                    if (last) {
                        got.add(bin.toByteArray());
                        bin.reset();
                    }
                    w.request(1);
                    return null;
                }

                @Override
                public CompletionStage<?> onClose(java.net.http.WebSocket w, int code, String reason) {
                    got.add("closed " + code);
                    return null;
                }
            };
            java.net.http.WebSocket w = http.newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + s.port() + "/echo"), listener).get(10, TimeUnit.SECONDS);
            w.sendText("from the JDK", true).get(10, TimeUnit.SECONDS);
            assertThat(got.poll(10, TimeUnit.SECONDS)).isEqualTo("from the JDK");
            w.sendText("frag", false).get(10, TimeUnit.SECONDS);
            w.sendText("mented", true).get(10, TimeUnit.SECONDS);
            assertThat(got.poll(10, TimeUnit.SECONDS)).isEqualTo("fragmented");
            w.sendBinary(ByteBuffer.wrap(new byte[100_000]), true).get(10, TimeUnit.SECONDS);
            assertThat((byte[]) got.poll(10, TimeUnit.SECONDS)).hasSize(100_000);
            w.sendClose(1000, "bye").get(10, TimeUnit.SECONDS);
            assertThat(got.poll(10, TimeUnit.SECONDS)).isEqualTo("closed 1000");
        }
    }

}
