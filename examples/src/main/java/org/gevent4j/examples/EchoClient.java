package org.gevent4j.examples;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The clients of {@link EchoServer}: many platform threads, each with its own connection, sending
 * {@code Thread-N say hello K} and printing the upper-cased reply.
 *
 * <p>From tutorial 001 ("Day27 notes"), section "通过gevent实现单线程下的socket并发",
 * the client ("多线程并发多个客户端": many concurrent clients, one thread each):
 * {@snippet lang=python :
 * from threading import Thread
 * from socket import *
 * import threading
 *
 * def client(server_ip,port):
 *     c=socket(AF_INET,SOCK_STREAM)
 *     c.connect((server_ip,port))
 *
 *     count=0
 *     while True:
 *         c.send(('%s say hello %s' %(threading.current_thread().getName(),count)).encode('utf-8'))
 *         msg=c.recv(1024)
 *         print(msg.decode('utf-8'))
 *         count+=1
 * if __name__ == '__main__':
 *     for i in range(500):
 *         t=Thread(target=client,args=('127.0.0.1',8090))
 *         t.start()
 * }
 * The client is not monkey-patched in the tutorial: real threads and blocking sockets, so here
 * platform threads named as Python names them ({@code Thread-1} to {@code Thread-500}) and
 * {@code java.net.Socket}. It prints lines such as
 * <pre>
 * THREAD-1 SAY HELLO 0
 * THREAD-17 SAY HELLO 0
 * THREAD-1 SAY HELLO 1
 * </pre>
 * in an order that varies from run to run (each thread's own lines are in order).
 *
 * <p>Where it differs from the tutorial: each client stops after a number of messages (3 by default)
 * instead of never, closes its connection, and the program ends when all have; and a client reads
 * until the whole reply has arrived, where the tutorial's single {@code recv(1024)} could in principle
 * print a reply in two pieces.
 *
 * <p>Run: {@code ./gevent4j run EchoClient [port [clients [messages]]]} (defaults 8090, 500, 3),
 * against {@code ./gevent4j run EchoServer [port]}.
 */
public final class EchoClient {
    private EchoClient() {}

    public static void main(String[] args) throws Exception {
        int port = (int) Args.integer(args, 0, EchoServer.DEFAULT_PORT);
        int clients = (int) Args.integer(args, 1, 500);
        long messages = Args.integer(args, 2, 3);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 1; i <= clients; i++) {
            threads.add(Thread.ofPlatform().name("Thread-" + i).start(() -> {
                try {
                    client("127.0.0.1", port, messages);
                } catch (IOException | RuntimeException e) {
                    System.err.println(Thread.currentThread().getName() + ": " + e);
                    failure.compareAndSet(null, e);
                }
            }));
        }
        for (Thread t : threads) t.join();
        if (failure.get() != null) throw new IOException("a client failed: " + failure.get(), failure.get());
    }

    /** The tutorial's {@code client(server_ip, port)}, sending {@code messages} messages. */
    static void client(String serverIp, int port, long messages) throws IOException {
        try (Socket c = new Socket(serverIp, port)) {
            c.setTcpNoDelay(true);
            OutputStream out = c.getOutputStream();
            InputStream in = c.getInputStream();
            for (long count = 0; count < messages; count++) {
                byte[] msg = (Thread.currentThread().getName() + " say hello " + count).getBytes(UTF_8);
                out.write(msg);
                byte[] reply = in.readNBytes(msg.length);
                if (reply.length < msg.length) throw new EOFException("the server closed the connection");
                System.out.println(new String(reply, UTF_8));
            }
        }
    }
}
