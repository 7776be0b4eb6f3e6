package org.gevent4j.examples;

import java.io.IOException;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;
import org.gevent4j.HubGroup;
import org.gevent4j.socket.Socket;

/**
 * A TCP server that sends back, upper-cased, whatever each client sends: one thread (the hub)
 * serves every connection, each in a greenlet of its own.
 *
 * <p>From tutorial 001 ("Day27 notes"), section "通过gevent实现单线程下的socket并发"
 * (socket concurrency in a single thread with gevent), the server:
 * {@snippet lang=python :
 * from gevent import monkey, spawn; monkey.patch_all()
 * from socket import *
 *
 * def communicate(conn):
 *     while True:
 *         try:
 *             data = conn.recv(1024)
 *             if not data: break
 *             conn.send(data.upper())
 *         except ConnectionResetError:
 *             break
 *
 *     conn.close()
 *
 * def server(ip, port):
 *     server = socket(AF_INET, SOCK_STREAM)
 *     server.bind((ip, port))
 *     server.listen(5)
 *
 *     while True:
 *         conn, addr = server.accept()
 *         spawn(communicate, conn)
 *
 *     server.close()
 *
 * if __name__ == '__main__':
 *     g = spawn(server, '127.0.0.1', 8090)
 *     g.join()
 * }
 * The tutorial's {@code socket} is gevent's after {@code monkey.patch_all()}; here it is
 * {@link Socket}, gevent4j's {@code gevent.socket.socket}, so nothing needs patching. Its clients
 * are {@link EchoClient}. It prints nothing.
 *
 * <p>Where it differs from the tutorial, for a server that is measured against others
 * ({@code shared/bench/run.sh echo}, which asks every peer for the same): the backlog is 1024,
 * not 5, so that 500 clients connecting at once are not refused; {@code TCP_NODELAY} is set on
 * the listening socket, which passes it on to every accepted one, so a reply is not held back by
 * Nagle's algorithm; each connection receives into one buffer of 1024 bytes
 * ({@code recv_into}) instead of a new one per {@code recv(1024)}; and it sends with
 * {@code sendall}, where the tutorial's {@code send} may send only part of a reply. A connection
 * reset by its client ends that connection only, as in the tutorial. The accept loop ends (and
 * {@code main} returns) when the listening socket is closed, which the tutorial's never is.
 *
 * <p>Run: {@code ./gevent4j run EchoServer [port [hubs]]} (default 8090, as in the tutorial; it listens on
 * 127.0.0.1), then {@code ./gevent4j run EchoClient [port]}. {@code ./gevent4j run EchoServer --demo
 * [clients [messages]]} runs both in one program: the server on a free port in one greenlet, and
 * {@link EchoClient}'s threads (3 of them, 2 messages each, by default) started and joined by
 * another, then closes the server.
 *
 * <p>With a second argument, {@code hubs}, the server runs on a {@link HubGroup} of that many hubs
 * (one per core is the natural choice): each hub accepts on a listener of its own, all bound to the
 * same port with {@code SO_REUSEPORT} so that the kernel spreads the connections, and serves its
 * connections itself, exactly as the one-hub server does; nothing crosses between hubs. Without
 * it, the server is the tutorial's, on the one hub of {@code main}.
 */
public final class EchoServer {
    private EchoServer() {}

    /** The tutorial's port. */
    static final int DEFAULT_PORT = 8090;

    public static void main(String[] args) throws Exception {
        if (args.length >= 1 && args[0].equals("--demo")) {
            demo((int) Args.integer(args, 1, 3), Args.integer(args, 2, 2));
            return;
        }
        int port = (int) Args.integer(args, 0, DEFAULT_PORT);
        if (args.length >= 2) {
            serveOnHubs("127.0.0.1", port, hubsArgument(args, 1));
            return;
        }
        Greenlet<Void> g = Gevent.spawn(() -> server("127.0.0.1", port));
        g.join();
        // join() does not raise a greenlet's error; a server that could not start must fail the program.
        if (g.exception() != null) throw new IllegalStateException("the server failed: " + g.exception(), g.exception());
    }

    /** {@code args[i]} as a number of hubs: at least one. */
    static int hubsArgument(String[] args, int i) {
        long n = Args.integer(args, i, 1);
        if (n < 1 || n > 1024) throw new IllegalArgumentException("argument " + (i + 1) + " must be a number of hubs from 1 to 1024: " + args[i]);
        return (int) n;
    }

    /**
     * The server on {@code hubs} hubs: a listener per hub on {@code ip:port} with SO_REUSEPORT
     * (all bound here first, so that a port in use fails the program at once), each hub running
     * {@link #acceptLoop} on its own. Returns when every listener is closed.
     */
    static void serveOnHubs(String ip, int port, int hubs) throws Exception {
        List<Socket> listeners = new ArrayList<>();
        try {
            for (int i = 0; i < hubs; i++) {
                listeners.add(listen(ip, i == 0 ? port : listeners.getFirst().localAddress().getPort(), true));
            }
            acceptOnHubs(listeners);
        } finally {
            for (Socket l : listeners) l.close();
        }
    }

    /** {@link #acceptLoop} for each listener, each on a hub of a new group of its own; returns when all are closed. */
    static void acceptOnHubs(List<Socket> listeners) throws Exception {
        try (HubGroup group = HubGroup.start("echo", listeners.size())) {
            List<Greenlet<Void>> loops = new ArrayList<>();
            for (int i = 0; i < listeners.size(); i++) {
                Socket l = listeners.get(i);
                loops.add(group.spawnOn(group.hub(i), () -> acceptLoop(l)));
            }
            Gevent.joinAll(loops, null, true); // the first loop to fail fails the program
        }
    }

    /** The server and {@code clients} client threads in one program; ends when the clients are done. */
    static void demo(int clients, long messages) throws Exception {
        Socket server = listen("127.0.0.1", 0);
        Greenlet<Void> srv = Gevent.spawn(() -> acceptLoop(server));
        String port = String.valueOf(server.localAddress().getPort());
        // Thread.join in a greenlet parks it (a virtual thread), so the hub serves meanwhile.
        Greenlet<Void> cl = Gevent.spawn(() -> EchoClient.main(new String[] {port, String.valueOf(clients), String.valueOf(messages)}));
        cl.get();
        server.close();
        srv.get();
    }

    /** The tutorial's {@code server(ip, port)}: listens, then accepts until the socket is closed. */
    static void server(String ip, int port) throws IOException {
        try (Socket server = listen(ip, port)) {
            acceptLoop(server);
        }
    }

    /** A listening TCP socket on {@code ip:port} (port 0: any free one), as the server makes it. */
    static Socket listen(String ip, int port) throws IOException {
        return listen(ip, port, false);
    }

    /** {@link #listen(String, int)}, with SO_REUSEPORT when {@code shared} (a listener per hub). */
    static Socket listen(String ip, int port, boolean shared) throws IOException {
        Socket server = Socket.tcp();
        try {
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            if (shared) server.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            server.setOption(StandardSocketOptions.TCP_NODELAY, true);
            server.bind(ip, port);
            server.listen(1024);
            return server;
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /**
     * Accepts connections on {@code server} and spawns {@link #communicate} for each, until the
     * socket is closed (by another greenlet or thread); then returns.
     */
    static void acceptLoop(Socket server) throws IOException {
        while (true) {
            Socket conn;
            try {
                conn = server.accept().socket();
            } catch (SocketException e) {
                if (server.isClosed()) return;
                throw e;
            }
            Gevent.spawn(() -> communicate(conn));
        }
    }

    /** The tutorial's {@code communicate(conn)}: echoes upper-cased until the client closes or resets. */
    static void communicate(Socket conn) throws IOException {
        byte[] data = new byte[1024];
        try (conn) {
            while (true) {
                int n;
                try {
                    n = conn.recvInto(data);
                    if (n == 0) break;
                    upper(data, n);
                    conn.sendAll(ByteBuffer.wrap(data, 0, n));
                } catch (SocketException e) {
                    // ConnectionResetError; the JDK reports resets and broken pipes as SocketException.
                    break;
                }
            }
        }
    }

    /** Python's {@code bytes.upper()}: ASCII letters only, in place. */
    static void upper(byte[] b, int n) {
        for (int i = 0; i < n; i++) {
            byte c = b[i];
            if (c >= 'a' && c <= 'z') b[i] = (byte) (c - ('a' - 'A'));
        }
    }
}
