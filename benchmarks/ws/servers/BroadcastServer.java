import java.net.InetSocketAddress;
import java.util.LinkedHashSet;
import java.util.Set;
import org.gevent4j.Gevent;
import org.gevent4j.http.HttpServer;
import org.gevent4j.websocket.WebSocket;
import org.gevent4j.websocket.WebSocketHandler;

/**
 * The L5 broadcast server: every connection to ws://127.0.0.1:PORT/room joins one room; a text
 * message "broadcast ..." from any member is sent to every member (the sender included), one
 * send after another from the sender's greenlet. One hub, one greenlet per connection, no
 * permessage-deflate (the load generator does not offer it). Compiled and run by
 * benchmarks/ws/run.sh against library/target/classes; prints "listening PORT".
 */
public final class BroadcastServer {
    private static final Set<WebSocket> room = new LinkedHashSet<>(); // touched on the hub only

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Gevent.run(() -> {
            try (HttpServer server = HttpServer.builder()
                    .address(new InetSocketAddress("127.0.0.1", port))
                    .context("/room", WebSocketHandler.builder().build(BroadcastServer::member))
                    .accessLog(null)
                    .build()) {
                server.start();
                System.out.println("listening " + server.address().getPort());
                server.serveForever();
            }
        });
    }

    static void member(WebSocket ws) throws Exception {
        room.add(ws);
        try {
            WebSocket.Message m;
            while ((m = ws.receive()) != null) {
                if (m.isText() && m.text().startsWith("broadcast")) {
                    for (WebSocket w : room.toArray(WebSocket[]::new)) {
                        try {
                            w.send(m);
                        } catch (java.io.IOException gone) {
                            room.remove(w);
                        }
                    }
                }
            }
        } finally {
            room.remove(ws);
        }
    }
}
