package org.gevent4j.examples;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import org.gevent4j.http.HttpServer;
import org.gevent4j.websocket.WebSocket;
import org.gevent4j.websocket.WebSocketClient;
import org.gevent4j.websocket.WebSocketHandler;

/**
 * A WebSocket echo server: {@code ./gevent4j run WebSocketEcho PORT} answers every message on
 * {@code ws://127.0.0.1:PORT/echo} with the same message (text or binary), with
 * permessage-deflate accepted when the client offers it and the default limits (16 MiB
 * messages). One hub, one greenlet per connection; the access log is off (pass {@code --log}
 * to turn it on).
 */
public final class WebSocketEcho {
    private WebSocketEcho() {}

    public static void main(String[] args) throws Exception {
        if (args.length >= 1 && args[0].equals("--demo")) {
            demo();
            return;
        }
        int port = (int) Args.integer(args, 0, 8080);
        boolean log = args.length > 1 && args[1].equals("--log");
        try (HttpServer server = server(new InetSocketAddress("127.0.0.1", port), log)) {
            System.out.println("serving on ws://" + server.address().getHostString() + ":" + server.address().getPort() + "/echo");
            server.serveForever();
        }
    }

    /** The server on a free port, sent a text and a binary message by a client greenlet, then stopped. */
    static void demo() throws Exception {
        try (HttpServer server = server(new InetSocketAddress("127.0.0.1", 0), false)) {
            server.start();
            URI uri = URI.create("ws://127.0.0.1:" + server.address().getPort() + "/echo");
            try (WebSocket ws = WebSocketClient.builder().deflate(true).build().connect(uri)) {
                System.out.println("connected, extensions: " + ws.extensions());
                ws.send("hello, echo");
                System.out.println("text   -> " + ws.receive().text());
                ws.send(new byte[] {1, 2, 3});
                System.out.println("binary -> " + ws.receive().bytes().length + " bytes");
            }
        }
    }

    /** The server, bound and not yet started. */
    static HttpServer server(InetSocketAddress address, boolean log) throws IOException {
        return HttpServer.builder()
                .address(address)
                .context("/echo", WebSocketHandler.builder().deflate(true).build(WebSocketEcho::echo))
                .accessLog(log ? System.err::println : null)
                .build();
    }

    /** Sends every message back until the client closes. */
    static void echo(WebSocket ws) throws IOException {
        WebSocket.Message m;
        while ((m = ws.receive()) != null) ws.send(m);
    }
}
