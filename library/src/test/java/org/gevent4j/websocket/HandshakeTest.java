package org.gevent4j.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.gevent4j.http.HttpServer;
import org.gevent4j.http.Running;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The opening handshake, server side (RFC 6455 §4.2), with raw requests. */
@Timeout(60)
class HandshakeTest {
    static Running serve(WebSocketHandler.Builder b) throws Exception {
        return Running.serve(HttpServer.builder().context("/ws", b.build(ws -> {
            ws.send("protocol=" + ws.subprotocol() + " extensions=" + ws.extensions() + " uri=" + ws.uri()
                    + " origin=" + ws.handshakeHeaders().getFirst("Origin"));
            while (ws.receive() != null) {
                // until the client closes
            }
        })));
    }

    static Map<String, String> ask(int port, String request) throws Exception {
        try (RawWs c = new RawWs(port)) {
            c.raw(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            return c.readHead();
        }
    }

    static String upgrade(String extra) {
        return "GET /ws HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" + extra + "\r\n";
    }

    @Test
    void rfcSampleKeyGetsTheRfcSampleAcceptAndNoProtocolOrExtension() throws Exception {
        try (Running r = serve(WebSocketHandler.builder()); RawWs c = RawWs.open(r.port(), "/ws?room=1", "Origin: http://example.com\r\n")) {
            assertThat(c.head.get("")).isEqualTo("HTTP/1.1 101 Switching Protocols");
            assertThat(c.head.get("upgrade")).isEqualTo("websocket");
            assertThat(c.head.get("connection")).isEqualTo("Upgrade");
            assertThat(c.head.get("sec-websocket-accept")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
            assertThat(c.head).doesNotContainKeys("sec-websocket-protocol", "sec-websocket-extensions");
            assertThat(c.read().text()).isEqualTo("protocol=null extensions=null uri=/ws?room=1 origin=http://example.com");
        }
    }

    @Test
    void versionOtherThan13Gets426WithTheSupportedVersion() throws Exception {
        try (Running r = serve(WebSocketHandler.builder())) {
            for (String v : new String[] {"Sec-WebSocket-Version: 8\r\n", "Sec-WebSocket-Version: 14\r\n", ""}) {
                Map<String, String> h = ask(r.port(), upgrade("Sec-WebSocket-Key: " + RawWs.KEY + "\r\n" + v));
                assertThat(h.get("")).as(v).startsWith("HTTP/1.1 426");
                assertThat(h.get("sec-websocket-version")).isEqualTo("13");
            }
        }
    }

    @Test
    void badHandshakesGet400() throws Exception {
        String ok = "Sec-WebSocket-Version: 13\r\n";
        try (Running r = serve(WebSocketHandler.builder())) {
            assertThat(ask(r.port(), "GET /ws HTTP/1.1\r\nHost: a\r\n\r\n").get("")).startsWith("HTTP/1.1 400");
            assertThat(ask(r.port(), upgrade(ok)).get("")).as("no key").startsWith("HTTP/1.1 400");
            assertThat(ask(r.port(), upgrade(ok + "Sec-WebSocket-Key: short\r\n")).get("")).as("bad key").startsWith("HTTP/1.1 400");
            assertThat(ask(r.port(), upgrade(ok + "Sec-WebSocket-Key: " + RawWs.KEY + "\r\nSec-WebSocket-Key: " + RawWs.KEY + "\r\n")).get(""))
                    .as("two keys").startsWith("HTTP/1.1 400");
            assertThat(ask(r.port(), "POST /ws HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nContent-Length: 0\r\n"
                    + ok + "Sec-WebSocket-Key: " + RawWs.KEY + "\r\n\r\n").get("")).as("POST").startsWith("HTTP/1.1 400");
            assertThat(ask(r.port(), "GET /ws HTTP/1.0\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" + ok
                    + "Sec-WebSocket-Key: " + RawWs.KEY + "\r\n\r\n").get("")).as("HTTP/1.0").startsWith("HTTP/1.1 400");
        }
    }

    @Test
    void theOriginPolicyRefusesWith403() throws Exception {
        try (Running r = serve(WebSocketHandler.builder().origin(o -> o == null || o.equals("https://good.example")))) {
            String base = "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: " + RawWs.KEY + "\r\n";
            assertThat(ask(r.port(), upgrade(base + "Origin: https://evil.example\r\n")).get("")).startsWith("HTTP/1.1 403");
            assertThat(ask(r.port(), upgrade(base + "Origin: https://good.example\r\n")).get("")).startsWith("HTTP/1.1 101");
            assertThat(ask(r.port(), upgrade(base)).get("")).startsWith("HTTP/1.1 101");
        }
    }

    @Test
    void theFirstSubprotocolOfTheClientsListThatTheServerSpeaksIsChosen() throws Exception {
        try (Running r = serve(WebSocketHandler.builder().subprotocols("v2.chat", "v1.chat"))) {
            try (RawWs c = RawWs.open(r.port(), "/ws", "Sec-WebSocket-Protocol: mqtt, v1.chat\r\nSec-WebSocket-Protocol: v2.chat\r\n")) {
                assertThat(c.head.get("sec-websocket-protocol")).isEqualTo("v1.chat");
                assertThat(c.read().text()).startsWith("protocol=v1.chat ");
            }
            try (RawWs c = RawWs.open(r.port(), "/ws", "Sec-WebSocket-Protocol: mqtt\r\n")) {
                assertThat(c.head).doesNotContainKey("sec-websocket-protocol");
            }
        }
    }

    @Test
    void permessageDeflateIsAcceptedOnlyWhenEnabledAndOffered() throws Exception {
        String offer = "Sec-WebSocket-Extensions: x-webkit-deflate-frame, permessage-deflate; client_max_window_bits; server_max_window_bits=10\r\n";
        try (Running r = serve(WebSocketHandler.builder().deflate(true)); RawWs c = RawWs.open(r.port(), "/ws", offer)) {
            assertThat(c.head.get("sec-websocket-extensions")).isEqualTo("permessage-deflate; server_max_window_bits=10");
        }
        try (Running r = serve(WebSocketHandler.builder()); RawWs c = RawWs.open(r.port(), "/ws", offer)) {
            assertThat(c.head).doesNotContainKey("sec-websocket-extensions");
        }
    }

    @Test
    void itWorksThroughTheJdkHttpServerCreateWithOurProvider() throws Exception {
        com.sun.net.httpserver.HttpServer spi = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        spi.createContext("/ws", WebSocketHandler.of(ws -> ws.send("via " + spi.getClass().getSimpleName())));
        spi.start();
        try (RawWs c = RawWs.open(spi.getAddress().getPort())) {
            assertThat(c.read().text()).isEqualTo("via JdkServer");
        } finally {
            spi.stop(0);
        }
    }
}
