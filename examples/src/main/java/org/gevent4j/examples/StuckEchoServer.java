package org.gevent4j.examples;

import java.net.SocketException;
import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;
import org.gevent4j.pool.Pool;
import org.gevent4j.socket.Socket;

/**
 * {@link EchoServer} with a fault planted, for docs/operations.md: its connections run in a
 * {@link Pool} of 1000, and a greenlet named {@code "blocker"} holds the hub in a busy loop for
 * 2 s of every 3 (code that never yields, as a CPU-bound or native call would). Clients see
 * their echoes stall; the operations page shows how run-info, JFR and jcmd find the culprit.
 *
 * <p>Run: {@code ./gevent4j run StuckEchoServer [port]} (default 8091), with load from
 * {@code ./gevent4j run EchoClient 8091 20 100000}. It runs until killed.
 */
public final class StuckEchoServer {
    private StuckEchoServer() {}

    public static void main(String[] args) throws Exception {
        int port = (int) Args.integer(args, 0, 8091);
        Socket server = EchoServer.listen("127.0.0.1", port);
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

    /** Spins for {@code nanos} without ever yielding to the hub. */
    static void holdTheHub(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) Thread.onSpinWait();
    }
}
