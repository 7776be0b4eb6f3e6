package org.gevent4j.server;

import java.io.File;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.gevent4j.Hub;
import org.gevent4j.socket.Socket;
import org.gevent4j.socket.Sockets;

/** Helpers shared by the server tests. */
final class ServerTesting {
    private ServerTesting() {}

    static final InetSocketAddress ANY_PORT = new InetSocketAddress("127.0.0.1", 0);

    /** Open file descriptors of this JVM (Linux). */
    static int openFds() {
        String[] fds = new File("/proc/self/fd").list();
        return fds == null ? -1 : fds.length;
    }

    /**
     * Opens this hub's selector and loads the classes a server uses, so that a count of open
     * descriptors taken next, on this hub, sees only what the test itself opens.
     */
    static void warmUp() throws Exception {
        try (StreamServer s = new StreamServer(ANY_PORT, (conn, addr) -> conn.sendAll(conn.recv(10)))) {
            s.start();
            try (Socket c = connect(s)) {
                c.sendAll(new byte[] {1});
                c.recv(1);
            }
        }
    }

    static Socket connect(StreamServer server) throws Exception {
        return Sockets.createConnection("127.0.0.1", server.address().getPort());
    }

    /** Collects what the current hub reports through handleError instead of printing it. */
    static List<Throwable> captureErrors() {
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        Hub.current().setErrorHandler((context, t) -> errors.add(t));
        return errors;
    }

    /** Reads until end of stream. */
    static String readAll(Socket s) throws Exception {
        StringBuilder b = new StringBuilder();
        byte[] data;
        while ((data = s.recv(8192)).length > 0) b.append(new String(data, java.nio.charset.StandardCharsets.UTF_8));
        return b.toString();
    }
}
