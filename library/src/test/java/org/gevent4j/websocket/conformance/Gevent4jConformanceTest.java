package org.gevent4j.websocket.conformance;

import java.net.URI;
import org.gevent4j.websocket.EchoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;

/**
 * The Autobahn-mirrored suite against gevent4j's WebSocket server (the WebSocketEcho handler):
 * every case must be OK (or INFORMATIONAL where the spec leaves the outcome open); NON-STRICT
 * fails here, unlike against the reference server.
 */
@Timeout(value = 15, unit = java.util.concurrent.TimeUnit.MINUTES)
class Gevent4jConformanceTest extends ConformanceSuite {
    private EchoServer server;

    @Override
    URI target() throws Exception {
        if (server == null) server = new EchoServer();
        return server.uri();
    }

    @Override
    String name() {
        return "gevent4j";
    }

    @Override
    boolean strict() {
        return true;
    }

    @AfterAll
    void stop() throws Exception {
        if (server != null) server.close();
    }
}
