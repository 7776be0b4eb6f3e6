package org.gevent4j.websocket.conformance;

import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;

/**
 * Validates the harness itself: every case must pass (OK, NON-STRICT or INFORMATIONAL) against the
 * `ws` npm package's echo server, whose Autobahn report is all green. A case that fails here is a
 * harness bug, not a server bug, so its verdicts on gevent4j can be trusted only while this passes.
 */
@Timeout(value = 15, unit = java.util.concurrent.TimeUnit.MINUTES)
class WsReferenceConformanceTest extends ConformanceSuite {
    private NodeTools.Server server;

    @Override
    URI target() throws Exception {
        if (server == null) server = NodeTools.startNode(NodeTools.repo().resolve("benchmarks/ws/servers/ws_echo.cjs"), "0");
        return URI.create("ws://127.0.0.1:" + server.port() + "/echo");
    }

    @Override
    String name() {
        return "ws-npm";
    }

    @Override
    boolean strict() {
        return false;
    }

    @AfterAll
    void stop() throws Exception {
        if (server != null) server.close();
    }
}
