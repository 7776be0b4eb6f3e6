package org.gevent4j.examples;

import java.util.ArrayList;
import java.util.List;
import org.gevent4j.Gevent;
import org.gevent4j.pool.Pool;
import org.gevent4j.queue.Queue;

/**
 * A service built around a {@link Pool}: one listening greenlet per socket, at most 1000 of them;
 * a handler added to a full pool is refused, and shutting down kills every listener.
 *
 * <p>From tutorial 003 ("浅谈coroutine和gevent"), section "组和池" (groups and pools), second
 * program, a class without a program that uses it:
 * {@snippet lang=python :
 * from gevent.pool import Pool
 *
 *
 * class SocketPool(object):
 *
 *     def __init__(self):
 *         self.pool = Pool(1000)
 *         self.pool.start()
 *
 *     def listen(self, socket):
 *         while True:
 *             socket.recv()
 *
 *     def add_handler(self, socket):
 *         if self.pool.full():
 *             raise Exception("At maximum pool size")
 *         else:
 *             self.pool.spawn(self.listen, socket)
 *
 *     def shutdown(self):
 *         self.pool.kill()
 * }
 * {@link SocketPool} is that class. The tutorial's {@code self.pool.start()} is left out: a pool needs
 * no starting ({@code Pool.start} takes the greenlet to start; gevent raises {@code TypeError} for
 * the tutorial's call).
 *
 * <p>{@link #main} exercises it, with a stand-in for sockets so that it runs anywhere and ends:
 * a {@link FakeSocket}'s {@code recv()} blocks, cooperatively, until the program hands it data
 * (it is a {@link Queue} inside), and prints what it received. The program fills the pool with
 * listeners, one more handler is refused, two sockets receive data, and {@code shutdown} kills
 * every listener where it waits in {@code recv()}:
 * <pre>
 * 1000 listeners; pool full: true
 * socket 1001 refused: At maximum pool size
 * socket 1 received hello
 * socket 1000 received bye
 * after shutdown: 0 listeners
 * </pre>
 *
 * <p>Run: {@code ./gevent4j run SocketPoolHandlers [size]} (the pool's size; default 1000, as in
 * the tutorial).
 */
public final class SocketPoolHandlers {
    private SocketPoolHandlers() {}

    /** The tutorial's {@code SocketPool}, with the pool's size as a parameter. */
    static final class SocketPool {
        final Pool pool;

        SocketPool() {
            this(1000);
        }

        SocketPool(int size) {
            this.pool = new Pool(size);
        }

        void listen(FakeSocket socket) {
            while (true) {
                socket.recv();
            }
        }

        void addHandler(FakeSocket socket) throws Exception {
            if (pool.full()) {
                throw new Exception("At maximum pool size");
            } else {
                pool.spawn(() -> listen(socket));
            }
        }

        void shutdown() {
            pool.kill();
        }
    }

    /**
     * Stands in for a connected socket: {@link #recv()} blocks until {@link #deliver} hands it data,
     * as a socket's blocks until the peer sends some.
     */
    static final class FakeSocket {
        private final String name;
        private final Queue<String> incoming = new Queue<>();

        FakeSocket(String name) {
            this.name = name;
        }

        /** Data arriving from the peer: the next {@code recv()} returns it. */
        void deliver(String data) {
            incoming.putNowait(data);
        }

        /** Waits cooperatively for data, prints it and returns it. */
        String recv() {
            String data = incoming.get();
            System.out.println(name + " received " + data);
            return data;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    public static void main(String[] args) throws Exception {
        int size = Math.toIntExact(Args.integer(args, 0, 1000));
        if (size < 1) throw new IllegalArgumentException("argument 1 (the pool's size) must be at least 1: " + size);

        SocketPool server = new SocketPool(size);
        List<FakeSocket> sockets = new ArrayList<>();
        for (int i = 1; i <= size; i++) {
            FakeSocket socket = new FakeSocket("socket " + i);
            sockets.add(socket);
            server.addHandler(socket);
        }
        System.out.println(server.pool.size() + " listeners; pool full: " + server.pool.full());

        FakeSocket oneTooMany = new FakeSocket("socket " + (size + 1));
        try {
            server.addHandler(oneTooMany);
        } catch (Exception e) {
            System.out.println(oneTooMany + " refused: " + e.getMessage());
        }

        sockets.getFirst().deliver("hello");
        sockets.getLast().deliver("bye");
        Gevent.sleep(0); // the listeners run: each waits in recv(), the two with data print it first

        server.shutdown();
        System.out.println("after shutdown: " + server.pool.size() + " listeners");
    }
}
