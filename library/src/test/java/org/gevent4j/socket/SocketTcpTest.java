package org.gevent4j.socket;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gevent4j.TestHubs.realHub;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;
import org.junit.jupiter.api.Test;

/**
 * TCP over loopback between greenlets of one hub: the basic operations of gevent's socket, each
 * blocking only its greenlet. Real time (real sockets), generous bounds.
 */
@org.junit.jupiter.api.Timeout(30)
class SocketTcpTest {

    static Socket listener() throws Exception {
        Socket server = Socket.tcp();
        server.bind("127.0.0.1", 0);
        server.listen();
        return server;
    }

    static int port(Socket s) throws Exception {
        return s.localAddress().getPort();
    }

    @Test
    void anEchoServerGreenletAnswersAClientGreenletOnTheSameHub() {
        List<String> log = new CopyOnWriteArrayList<>();
        realHub(() -> {
            try (Socket server = listener()) {
                Greenlet<Void> echo = Gevent.spawn(() -> {
                    Socket.Accepted a = server.accept();
                    log.add("accepted from " + a.address().getAddress().getHostAddress());
                    try (Socket conn = a.socket()) {
                        byte[] data;
                        while ((data = conn.recv(1024)).length > 0) conn.sendAll(new String(data, UTF_8).toUpperCase().getBytes(UTF_8));
                        log.add("echo saw end of stream");
                    }
                });
                try (Socket client = Socket.tcp()) {
                    client.connect("127.0.0.1", port(server));
                    log.add("connected");
                    client.sendAll("hello".getBytes(UTF_8));
                    log.add("got " + new String(client.recv(1024), UTF_8));
                    client.sendAll("world".getBytes(UTF_8));
                    log.add("got " + new String(client.recv(1024), UTF_8));
                }
                echo.get(Duration.ofSeconds(5));
            }
        });
        assertThat(log).containsExactly("connected", "accepted from 127.0.0.1", "got HELLO", "got WORLD", "echo saw end of stream");
    }

    @Test
    void recvReturnsAnEmptyArrayAndRecvIntoZeroAtEndOfStream() {
        realHub(() -> {
            try (Socket server = listener(); Socket client = Sockets.createConnection("127.0.0.1", port(server))) {
                try (Socket conn = server.accept().socket()) {
                    conn.sendAll("bye".getBytes(UTF_8));
                }
                assertThat(new String(client.recv(10), UTF_8)).isEqualTo("bye");
                assertThat(client.recv(10)).isEmpty();
                assertThat(client.recvInto(new byte[10])).isZero();
                assertThat(client.getInputStream().read()).isEqualTo(-1);
            }
        });
    }

    @Test
    void sendAllSendsMoreThanTheSocketBuffersHoldWhileThePeerReadsConcurrently() {
        byte[] big = new byte[8 << 20];
        for (int i = 0; i < big.length; i++) big[i] = (byte) (i * 31);
        realHub(() -> {
            try (Socket server = listener(); Socket client = Sockets.createConnection("127.0.0.1", port(server))) {
                Greenlet<byte[]> reader = Gevent.spawn(() -> {
                    try (Socket conn = server.accept().socket()) {
                        ByteArrayOutputStream all = new ByteArrayOutputStream();
                        byte[] buf = new byte[65536];
                        int n;
                        while ((n = conn.recvInto(buf)) > 0) all.write(buf, 0, n);
                        return all.toByteArray();
                    }
                });
                client.sendAll(big);
                client.shutdown(Socket.SHUT_WR);
                assertThat(reader.get(Duration.ofSeconds(10))).isEqualTo(big);
            }
        });
    }

    @Test
    void theSocketsOwnTimeoutRaisesSocketTimeoutExceptionAndTheSocketStaysUsable() {
        realHub(() -> {
            try (Socket server = listener(); Socket client = Sockets.createConnection("127.0.0.1", port(server))) {
                Socket conn = server.accept().socket();
                client.setTimeout(Duration.ofMillis(50));
                assertThat(client.timeout()).isEqualTo(Duration.ofMillis(50));
                assertThatThrownBy(() -> client.recv(1)).isInstanceOf(SocketTimeoutException.class).hasMessage("timed out");
                conn.sendAll(new byte[] {42});
                assertThat(client.recv(1)).containsExactly(42);
                conn.close();
            }
        });
    }

    @Test
    void aNonBlockingSocketThrowsBlockingIOExceptionInsteadOfWaiting() {
        realHub(() -> {
            try (Socket server = listener(); Socket client = Sockets.createConnection("127.0.0.1", port(server))) {
                client.setBlocking(false);
                assertThatThrownBy(() -> client.recv(1)).isInstanceOf(BlockingIOException.class);
                server.setTimeout(Duration.ZERO);
                Socket conn = server.accept().socket(); // already queued: no wait needed
                conn.sendAll(new byte[] {7});
                Sockets.waitRead(client, Duration.ofSeconds(5));
                assertThat(client.recv(1)).containsExactly(7);
                assertThatThrownBy(server::accept).isInstanceOf(BlockingIOException.class);
                conn.close();
            }
        });
    }

    @Test
    void optionsSetBeforeConnectingAreAppliedAndReadBack() {
        realHub(() -> {
            try (Socket server = listener(); Socket client = Socket.tcp()) {
                client.setOption(StandardSocketOptions.TCP_NODELAY, true);
                assertThat(client.getOption(StandardSocketOptions.TCP_NODELAY)).isTrue();
                client.connect(new InetSocketAddress("127.0.0.1", port(server)));
                assertThat(client.getOption(StandardSocketOptions.TCP_NODELAY)).isTrue();
                assertThat(client.remoteAddress().getPort()).isEqualTo(port(server));
                server.accept().socket().close();
            }
        });
    }

    @Test
    void operationsOnAClosedSocketThrowSocketException() {
        realHub(() -> {
            Socket s = Socket.tcp();
            s.close();
            s.close(); // idempotent
            assertThat(s.isClosed()).isTrue();
            assertThatThrownBy(() -> s.connect("127.0.0.1", 1)).isInstanceOf(SocketException.class).hasMessage("Socket is closed");
            assertThatThrownBy(() -> s.recv(1)).isInstanceOf(SocketException.class).hasMessage("Socket is closed");
        });
    }

    @Test
    void socketPairGivesTwoConnectedSocketsForGreenletsOfOneHub() {
        realHub(() -> {
            Socket[] pair = Sockets.socketPair();
            try (Socket a = pair[0]; Socket b = pair[1]) {
                var echo = Gevent.spawn(() -> {
                    b.sendAll(b.recv(5));
                    return null;
                });
                a.sendAll("hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                assertThat(new String(a.recv(5), java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("hello");
                echo.get();
                assertThat(a.getTimeout()).isNull();
            }
        });
    }
}
