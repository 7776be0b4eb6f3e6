package org.gevent4j.bench;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;
import org.gevent4j.socket.Socket;
import org.gevent4j.socket.Sockets;

/**
 * Loopback round trip of one byte between two greenlets of one hub (the target: at most
 * 20 µs). A client greenlet sends a byte and waits for the echo; a server greenlet echoes it.
 *
 * <p>Variants: {@code bytes} ({@code send(byte[])}/{@code recv(1)}, heap arrays, as gevent code
 * is written), {@code direct} ({@code send}/{@code recvInto} on direct ByteBuffers: no copy in the
 * JDK), {@code jdk} (java.net.Socket streams in the same two greenlets: the JDK's pollers).
 *
 * <p>{@code ./gevent4j run org.gevent4j.bench.SocketRtt [variant|all] [roundTrips] [rounds]}:
 * 2 warm-up rounds, then the median of the measured rounds, in µs per round trip.
 */
public final class SocketRtt {
    private SocketRtt() {}

    public static void main(String[] args) throws Exception {
        String which = args.length > 0 ? args[0] : "all";
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 7;
        for (String v : which.equals("all") ? List.of("bytes", "direct", "jdk") : List.of(which)) {
            List<Double> rs = new ArrayList<>();
            for (int r = 0; r < rounds + 2; r++) {
                double us = switch (v) {
                    case "bytes" -> gevent4j(n, false);
                    case "direct" -> gevent4j(n, true);
                    case "jdk" -> jdk(n);
                    default -> throw new IllegalArgumentException("variant: bytes, direct, jdk or all: " + v);
                };
                if (r >= 2) rs.add(us);
            }
            Collections.sort(rs);
            System.out.printf(Locale.ROOT, "%-6s median %.2f us/round-trip (min %.2f, max %.2f; %d round trips x %d rounds)%n",
                    v, rs.get(rs.size() / 2), rs.get(0), rs.get(rs.size() - 1), n, rounds);
        }
    }

    static double gevent4j(int n, boolean direct) throws Exception {
        try (Socket server = Socket.tcp()) {
            server.setOption(StandardSocketOptions.TCP_NODELAY, true);
            server.bind("127.0.0.1", 0);
            server.listen();
            Greenlet<Void> echo = Gevent.spawn(() -> {
                try (Socket conn = server.accept().socket()) {
                    if (direct) {
                        ByteBuffer b = ByteBuffer.allocateDirect(1);
                        while (conn.recvInto(b.clear()) > 0) conn.send(b.flip());
                    } else {
                        byte[] b;
                        while ((b = conn.recv(1)).length > 0) conn.send(b);
                    }
                }
            });
            try (Socket c = Sockets.createConnection("127.0.0.1", server.localAddress().getPort())) {
                c.setOption(StandardSocketOptions.TCP_NODELAY, true);
                byte[] one = {1};
                ByteBuffer b = ByteBuffer.allocateDirect(1);
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    if (direct) {
                        c.send(b.clear());
                        c.recvInto(b.clear());
                    } else {
                        c.send(one);
                        c.recv(1);
                    }
                }
                long t1 = System.nanoTime();
                c.shutdown(Socket.SHUT_WR);
                echo.join();
                return (t1 - t0) / 1e3 / n;
            }
        }
    }

    static double jdk(int n) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Greenlet<Void> echo = Gevent.spawn(() -> {
                try (java.net.Socket conn = server.accept()) {
                    conn.setTcpNoDelay(true);
                    InputStream in = conn.getInputStream();
                    OutputStream out = conn.getOutputStream();
                    int b;
                    while ((b = in.read()) >= 0) out.write(b);
                }
            });
            Greenlet<Double> client = Gevent.spawn(() -> {
                try (java.net.Socket c = new java.net.Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                    c.setTcpNoDelay(true);
                    InputStream in = c.getInputStream();
                    OutputStream out = c.getOutputStream();
                    long t0 = System.nanoTime();
                    for (int i = 0; i < n; i++) {
                        out.write(1);
                        in.read();
                    }
                    long t1 = System.nanoTime();
                    c.shutdownOutput();
                    return (t1 - t0) / 1e3 / n;
                }
            });
            double us = client.get();
            echo.join();
            return us;
        }
    }
}
