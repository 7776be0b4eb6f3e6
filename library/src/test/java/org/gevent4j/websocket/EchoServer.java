package org.gevent4j.websocket;

import java.io.IOException;
import java.net.URI;
import org.gevent4j.http.HttpServer;
import org.gevent4j.http.Running;

/**
 * The echo server the conformance suite and the client oracles talk to: what the WebSocketEcho
 * example serves ({@code /echo}, every message sent back as it came, permessage-deflate accepted,
 * default limits), on 127.0.0.1 and a hub of its own.
 */
public final class EchoServer implements AutoCloseable {
    private final Running running;

    public EchoServer() throws Exception {
        running = Running.serve(HttpServer.builder()
                .context("/echo", WebSocketHandler.builder().deflate(true).build(EchoServer::echo)));
    }

    static void echo(WebSocket ws) throws IOException {
        WebSocket.Message m;
        while ((m = ws.receive()) != null) ws.send(m);
    }

    public int port() {
        return running.port();
    }

    public URI uri() {
        return URI.create("ws://127.0.0.1:" + port() + "/echo");
    }

    @Override
    public void close() {
        running.close();
    }
}
