package org.gevent4j.server;

import java.net.InetSocketAddress;

/**
 * The server StreamServerEmfileTest runs in a child JVM with a low descriptor limit: an echo
 * server that prints its port, and one line per accept error with the time it happened.
 */
public final class EmfileServerMain {
    private EmfileServerMain() {}

    public static void main(String[] args) throws Exception {
        StreamServer server = new StreamServer(new InetSocketAddress("127.0.0.1", 0), (conn, addr) -> {
            byte[] data;
            while ((data = conn.recv(8192)).length > 0) {
                if (data[0] == '!') throw new java.io.IOException("warm-up failure");
                conn.sendAll(data);
            }
        });
        server.start();
        // Classes load from files: at EMFILE a class not loaded yet cannot be. Run every path
        // once first (a connection, an echo, a failing handler and its report).
        org.gevent4j.Hub.current().setErrorHandler((context, t) -> {});
        for (String msg : new String[] {"echo", "!"}) {
            try (org.gevent4j.socket.Socket c = org.gevent4j.socket.Sockets.createConnection("127.0.0.1", server.address().getPort())) {
                c.sendAll(msg.getBytes());
                c.recv(10);
            }
        }
        org.gevent4j.Gevent.sleep(java.time.Duration.ofMillis(20));
        org.gevent4j.Hub.current().setErrorHandler((context, t) -> {
            System.out.println("ACCEPT-ERROR " + System.nanoTime() / 1_000_000 + " " + t);
            System.out.flush();
        });
        System.out.println("PORT " + server.address().getPort());
        System.out.flush();
        server.serveForever();
    }
}
