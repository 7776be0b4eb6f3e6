package org.gevent4j.websocket.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.gevent4j.websocket.EchoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Jetty 12's WebSocket client against gevent4j's echo server, with and without
 * permessage-deflate: 16 MiB of text and of binary, a binary message in 1-byte fragments and text
 * in one-code-point fragments (Jetty's partial text API takes whole code points).
 */
@Timeout(120)
class JettyClientTest {
    static EchoServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new EchoServer();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) server.close();
    }

    /** Gathers whole messages; Jetty delivers them whole to these callbacks. */
    public static final class Collector implements Session.Listener.AutoDemanding {
        final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final ByteArrayOutputStream bin = new ByteArrayOutputStream();

        @Override
        public void onWebSocketText(String message) {
            messages.add(message);
        }

        @Override
        public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
            byte[] b = new byte[payload.remaining()];
            payload.get(b);
            bin.writeBytes(b);
            messages.add(bin.toByteArray());
            bin.reset();
            callback.succeed();
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason, Callback callback) {
            closed.complete(statusCode);
            callback.succeed();
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            closed.completeExceptionally(cause);
        }

        Object next() throws InterruptedException {
            Object m = messages.poll(60, TimeUnit.SECONDS);
            assertThat(m).as("an echo within 60 s").isNotNull();
            return m;
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void echoes16MiBAndFragments(boolean deflate) throws Exception {
        WebSocketClient client = new WebSocketClient();
        client.setMaxTextMessageSize(32 << 20);
        client.setMaxBinaryMessageSize(32 << 20);
        client.start();
        try {
            Collector c = new Collector();
            ClientUpgradeRequest req = new ClientUpgradeRequest(server.uri());
            if (deflate) req.addExtensions("permessage-deflate");
            Session s = client.connect(c, req).get(10, TimeUnit.SECONDS);
            String negotiated = String.valueOf(s.getUpgradeResponse().getExtensions());
            if (deflate) assertThat(negotiated).contains("permessage-deflate");
            else assertThat(negotiated).doesNotContain("permessage-deflate");

            String text = Payloads.text16MiB();
            send(cb -> s.sendText(text, cb));
            assertThat((String) c.next()).isEqualTo(text);
            byte[] bin = Payloads.binary16MiB();
            send(cb -> s.sendBinary(ByteBuffer.wrap(bin), cb));
            assertThat((byte[]) c.next()).isEqualTo(bin);

            byte[] small = new byte[1024];
            new java.util.Random(2).nextBytes(small);
            for (int i = 0; i < small.length; i++) {
                int k = i;
                send(cb -> s.sendPartialBinary(ByteBuffer.wrap(small, k, 1), k == small.length - 1, cb));
            }
            assertThat((byte[]) c.next()).isEqualTo(small);
            int[] cps = Payloads.FRAGMENTED_TEXT.codePoints().toArray();
            for (int i = 0; i < cps.length; i++) {
                int k = i;
                send(cb -> s.sendPartialText(Character.toString(cps[k]), k == cps.length - 1, cb));
            }
            assertThat((String) c.next()).isEqualTo(Payloads.FRAGMENTED_TEXT);

            // Not awaiting the close write's callback: Jetty may fail it with ClosedChannelException
            // when the server's close reply and TCP close (as RFC 6455 wants) beat the callback.
            s.close(1000, "bye", Callback.NOOP);
            assertThat(c.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1000);
        } finally {
            client.stop();
        }
    }

    private interface Sender {
        void send(Callback cb);
    }

    private static void send(Sender sender) throws Exception {
        Callback.Completable cb = new Callback.Completable();
        sender.send(cb);
        cb.get(60, TimeUnit.SECONDS);
    }
}
