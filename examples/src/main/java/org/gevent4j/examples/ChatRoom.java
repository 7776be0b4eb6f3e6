package org.gevent4j.examples;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;
import org.gevent4j.http.HttpServer;
import org.gevent4j.queue.Full;
import org.gevent4j.queue.Queue;
import org.gevent4j.queue.ShutDown;
import org.gevent4j.websocket.WebSocket;
import org.gevent4j.websocket.WebSocketClient;
import org.gevent4j.websocket.WebSocketHandler;

/**
 * A chat room: {@code ./gevent4j run ChatRoom PORT} serves a page at {@code http://127.0.0.1:PORT/}
 * whose script joins the room over the WebSocket endpoint {@code /chat} (optionally
 * {@code /chat?name=alice}); every line a member sends goes to every member, the sender included.
 *
 * <p>Broadcast goes through gevent4j queues: each member has a bounded {@link Queue} and a writer
 * greenlet that sends what it holds, so a broadcast never blocks (it only puts into queues) and a
 * slow member delays nobody else. <b>Slow-member policy: disconnect.</b> A member whose queue is
 * full ({@value #BACKLOG} lines behind) is dropped at once (its connection aborted, not closed
 * with a handshake it is too slow to read), rather than skipping lines it would never know it
 * missed; the others see it leave. Everything runs on the server's hub, so the member set needs
 * no lock.
 *
 * <p>The page's elements have stable ids for scripted browsers: {@code #log} (the lines, one
 * {@code li} each), {@code #msg} (the input), {@code #send} (the button), {@code #status}
 * ({@code connecting}, then {@code connected} with the negotiated extensions, then
 * {@code closed <code>}).
 */
public final class ChatRoom {
    /** Lines a member may be behind before it is disconnected. */
    static final int BACKLOG = 256;
    /** Longest line relayed, in chars; longer ones are cut. */
    static final int MAX_LINE = 4000;

    private final Set<Member> members = new LinkedHashSet<>();
    private int guests;

    /** One member: its connection, its backlog and the greenlet that writes it out. */
    private record Member(String name, WebSocket ws, Queue<String> backlog, Greenlet<?>[] writer) {}

    public static void main(String[] args) throws Exception {
        if (args.length >= 1 && args[0].equals("--demo")) {
            demo();
            return;
        }
        int port = (int) Args.integer(args, 0, 8080);
        try (HttpServer server = new ChatRoom().server(new InetSocketAddress("127.0.0.1", port))) {
            System.out.println("chat room on http://" + server.address().getHostString() + ":" + server.address().getPort() + "/");
            server.serveForever();
        }
    }

    /** The room on a free port: alice and bob join, alice says hello, bob reads it; then it stops. */
    static void demo() throws Exception {
        try (HttpServer server = new ChatRoom().server(new InetSocketAddress("127.0.0.1", 0))) {
            server.start();
            String base = "ws://127.0.0.1:" + server.address().getPort() + "/chat?name=";
            WebSocketClient client = WebSocketClient.builder().deflate(true).build();
            try (WebSocket alice = client.connect(URI.create(base + "alice"));
                 WebSocket bob = client.connect(URI.create(base + "bob"))) {
                System.out.println("alice sees: " + alice.receive().text());
                System.out.println("alice sees: " + alice.receive().text());
                System.out.println("bob sees:   " + bob.receive().text());
                alice.send("hello, bob");
                System.out.println("bob sees:   " + bob.receive().text());
            }
        }
    }

    /** The server, bound and not yet started. */
    HttpServer server(InetSocketAddress address) throws IOException {
        return HttpServer.builder()
                .address(address)
                .context("/", ChatRoom::page)
                .context("/chat", WebSocketHandler.builder().deflate(true).maxMessage(64 * 1024).build(this::session))
                .accessLog(null)
                .build();
    }

    /** One member's connection, in its greenlet, until it leaves. */
    void session(WebSocket ws) {
        String name = name(ws.uri().getRawQuery());
        Member m = new Member(name, ws, new Queue<>(BACKLOG), new Greenlet<?>[1]);
        m.writer()[0] = Gevent.spawn(() -> write(m));
        members.add(m);
        broadcast("* " + name + " joined (" + members.size() + " here)");
        try {
            WebSocket.Message msg;
            while ((msg = ws.receive()) != null) {
                if (!msg.isText()) continue; // the page sends text only
                String line = msg.text();
                broadcast(name + ": " + (line.length() > MAX_LINE ? line.substring(0, MAX_LINE) : line));
            }
        } finally {
            if (members.remove(m)) broadcast("* " + name + " left");
            m.backlog().shutdown(true);
            m.writer()[0].kill();
        }
    }

    /** The writer greenlet: sends the member's backlog in order until it is shut down. */
    private static void write(Member m) {
        while (true) {
            String line;
            try {
                line = m.backlog().get();
            } catch (ShutDown e) {
                return;
            }
            try {
                m.ws().send(line);
            } catch (IOException e) {
                return; // gone: its session's receive returns null and removes it
            }
        }
    }

    /** Queues {@code line} for every member; never blocks. A member too far behind is dropped. */
    void broadcast(String line) {
        List<Member> slow = new ArrayList<>();
        for (Member m : members) {
            try {
                m.backlog().putNowait(line);
            } catch (Full | ShutDown e) {
                slow.add(m);
            }
        }
        for (Member m : slow) {
            members.remove(m);
            m.backlog().shutdown(true);
            m.ws().abort();
        }
        for (Member m : slow) broadcast("* " + m.name() + " was disconnected (" + BACKLOG + " lines behind)");
    }

    /** {@code name=} from the query (letters, digits, - and _, at most 20), else guest-N. */
    private String name(String query) {
        if (query != null) {
            for (String kv : query.split("&")) {
                if (kv.startsWith("name=")) {
                    String n = kv.substring(5);
                    if (n.matches("[A-Za-z0-9_-]{1,20}")) return n;
                }
            }
        }
        return "guest-" + (++guests);
    }

    /** {@code GET /}: the page. */
    static void page(HttpExchange x) throws IOException {
        if (!x.getRequestURI().getPath().equals("/")) {
            x.sendResponseHeaders(404, -1);
            x.close();
            return;
        }
        byte[] body = PAGE.getBytes(UTF_8);
        x.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        x.sendResponseHeaders(200, body.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(body);
        }
    }

    static final String PAGE = """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>gevent4j chat</title>
            <style>
              body { font-family: sans-serif; max-width: 40em; margin: 2em auto; }
              #log { list-style: none; padding: 0; height: 20em; overflow-y: auto; border: 1px solid #ccc; }
              #log li { padding: 0.2em 0.5em; overflow-wrap: anywhere; }
              #status { color: #666; }
            </style>
            </head>
            <body>
            <h1>gevent4j chat</h1>
            <p id="status">connecting</p>
            <ul id="log"></ul>
            <input id="msg" autocomplete="off" size="50" placeholder="say something">
            <button id="send">Send</button>
            <script>
            const log = document.getElementById('log');
            const msg = document.getElementById('msg');
            const status = document.getElementById('status');
            const ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/chat' + location.search);
            ws.onopen = () => { status.textContent = 'connected' + (ws.extensions ? ' (' + ws.extensions + ')' : ''); };
            ws.onclose = e => { status.textContent = 'closed ' + e.code; };
            ws.onmessage = e => {
              const li = document.createElement('li');
              li.textContent = e.data;
              log.appendChild(li);
              log.scrollTop = log.scrollHeight;
            };
            function send() {
              if (msg.value && ws.readyState === WebSocket.OPEN) { ws.send(msg.value); msg.value = ''; }
            }
            document.getElementById('send').onclick = send;
            msg.addEventListener('keydown', e => { if (e.key === 'Enter') send(); });
            </script>
            </body>
            </html>
            """;
}
