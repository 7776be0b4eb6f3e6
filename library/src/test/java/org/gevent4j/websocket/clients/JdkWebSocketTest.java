package org.gevent4j.websocket.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.gevent4j.websocket.EchoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The JDK's {@code java.net.http.WebSocket} against gevent4j's echo server: 16 MiB of text and of
 * binary, and messages sent as 1-byte fragments (text fragments ending inside code points, which
 * the JDK allows only on code point boundaries, so text goes one code point per frame). The JDK
 * client offers no permessage-deflate, so the server must answer without it.
 */
@Timeout(120)
class JdkWebSocketTest {
    static EchoServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new EchoServer();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) server.close();
    }

    /** Collects whole messages (the JDK hands them over in parts). */
    static final class Collector implements WebSocket.Listener {
        final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder text = new StringBuilder();
        private final ByteArrayOutputStream bin = new ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                messages.add(text.toString());
                text.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            bin.writeBytes(b);
            if (last) {
                messages.add(bin.toByteArray());
                bin.reset();
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket ws, ByteBuffer message) {
            byte[] b = new byte[message.remaining()];
            message.get(b);
            messages.add("pong:" + new String(b, java.nio.charset.StandardCharsets.UTF_8));
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.completeExceptionally(error);
        }

        Object next() throws InterruptedException {
            Object m = messages.poll(60, TimeUnit.SECONDS);
            assertThat(m).as("an echo within 60 s").isNotNull();
            return m;
        }
    }

    @Test
    void echoes16MiBAndOneByteFragments() throws Exception {
        Collector c = new Collector();
        try (HttpClient http = HttpClient.newHttpClient()) {
            WebSocket ws = http.newWebSocketBuilder().buildAsync(server.uri(), c).get(10, TimeUnit.SECONDS);
            String text = Payloads.text16MiB();
            ws.sendText(text, true).get(60, TimeUnit.SECONDS);
            assertThat((String) c.next()).isEqualTo(text);
            byte[] bin = Payloads.binary16MiB();
            ws.sendBinary(ByteBuffer.wrap(bin), true).get(60, TimeUnit.SECONDS);
            assertThat((byte[]) c.next()).isEqualTo(bin);

            byte[] small = new byte[1024];
            new java.util.Random(1).nextBytes(small);
            for (int i = 0; i < small.length; i++) ws.sendBinary(ByteBuffer.wrap(small, i, 1), i == small.length - 1).get(10, TimeUnit.SECONDS);
            assertThat((byte[]) c.next()).isEqualTo(small);
            String t = Payloads.FRAGMENTED_TEXT;
            int[] cps = t.codePoints().toArray();
            for (int i = 0; i < cps.length; i++) ws.sendText(Character.toString(cps[i]), i == cps.length - 1).get(10, TimeUnit.SECONDS);
            assertThat((String) c.next()).isEqualTo(t);

            ws.sendPing(ByteBuffer.wrap("jdk ping".getBytes(java.nio.charset.StandardCharsets.UTF_8))).get(10, TimeUnit.SECONDS);
            assertThat(c.next()).isEqualTo("pong:jdk ping");
            ws.sendClose(1000, "bye").get(10, TimeUnit.SECONDS);
            assertThat(c.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1000);
        }
    }
}
