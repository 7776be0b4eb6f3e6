package org.gevent4j.examples;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.net.SocketException;
import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;
import org.gevent4j.pool.Pool;
import org.gevent4j.socket.Socket;
import org.gevent4j.socket.Sockets;
import org.gevent4j.util.RunInfo;

/**
 * {@link EchoServer} with a fault planted, for docs/operations.md: its connections run in a
 * {@link Pool} of 1000, and a greenlet named {@code "blocker"} holds the hub in a busy loop for
 * 2 s of every 3 (code that never yields, as a CPU-bound or native call would). Clients see
 * their echoes stall; the operations page shows how run-info, JFR and jcmd find the culprit.
 *
 * <p>Run: {@code ./gevent4j run StuckEchoServer [port]} (default 8091), with load from
 * {@code ./gevent4j run EchoClient 8091 20 100000}. It runs until killed.
 * {@code ./gevent4j run StuckEchoServer --demo}: on a free port, the blocker holds the hub once for
 * 0.3 s while a client waits for its echo, then run-info names the greenlets, and it stops.
 */
public final class StuckEchoServer {
    private StuckEchoServer() {}

    public static void main(String[] args) throws Exception {
        if (args.length >= 1 && args[0].equals("--demo")) {
            demo();
            return;
        }
        int port = (int) Args.integer(args, 0, 8091);
        Socket server = EchoServer.listen("127.0.0.1", port);
        Greenlet<Void> acceptor = serve(server);
        Greenlet<Void> blocker = new Greenlet<>(() -> {
            while (true) {
                Gevent.sleep(1.0);
                holdTheHub(2_000_000_000L);
            }
        });
        blocker.setName("blocker");
        blocker.start();
        acceptor.join();
    }

    static void demo() throws Exception {
        Socket server = EchoServer.listen("127.0.0.1", 0);
        Greenlet<Void> acceptor = serve(server);
        try (Socket client = Sockets.createConnection("127.0.0.1", server.localAddress().getPort())) {
            Greenlet<Void> blocker = new Greenlet<>(() -> holdTheHub(300_000_000L));
            blocker.setName("blocker");
            blocker.start();
            long start = System.nanoTime();
            client.sendAll("hello\n".getBytes(UTF_8)); // the echo waits until the blocker lets go
            String echo = new String(client.recv(100), UTF_8).strip();
            long waited = (System.nanoTime() - start) / 1_000_000;
            System.out.println("echo \"" + echo + "\" after " + (waited >= 250 ? "the blocker let go" : waited + " ms"));
            RunInfo.format().lines().filter(l -> l.contains("<Greenlet")).map(String::strip)
                    .map(l -> l.replaceAll(", age [0-9.]+ s", "").replaceAll("Pool@[0-9a-f]+", "Pool"))
                    .forEach(l -> System.out.println("run-info: " + l));
        }
        server.close();
        acceptor.join();
    }

    /** The acceptor, named, spawning each connection into a Pool of 1000. */
    private static Greenlet<Void> serve(Socket server) {
        Pool connections = new Pool(1000);
        Greenlet<Void> acceptor = new Greenlet<>(() -> {
            while (true) {
                Socket conn;
                try {
                    conn = server.accept().socket();
                } catch (SocketException e) {
                    return;
                }
                connections.spawn(() -> EchoServer.communicate(conn));
            }
        });
        acceptor.setName("acceptor");
        acceptor.start();
        return acceptor;
    }

    /** Spins for {@code nanos} without ever yielding to the hub. */
    static void holdTheHub(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) Thread.onSpinWait();
    }
}
