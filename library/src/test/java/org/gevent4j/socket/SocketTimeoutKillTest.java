package org.gevent4j.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gevent4j.TestHubs.realHub;

import java.net.SocketTimeoutException;
import java.time.Duration;
import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;
import org.gevent4j.GreenletExit;
import org.gevent4j.Timeout;
import org.junit.jupiter.api.Test;

/**
 * A Timeout or a kill during a socket wait is raised in the waiting greenlet and leaves the socket
 * open and usable: nothing is lost, the next read gets the next bytes (gevent's guarantee, which
 * java.net sockets do not give: an interrupt closes them).
 */
@org.junit.jupiter.api.Timeout(30)
class SocketTimeoutKillTest {
    private static final Duration PATIENCE = Duration.ofSeconds(5);

    @Test
    void aTimeoutDuringRecvLeavesTheSocketOpenAndTheNextRecvGetsTheData() {
        realHub(() -> {
            try (Socket server = SocketTcpTest.listener(); Socket client = Sockets.createConnection("127.0.0.1", SocketTcpTest.port(server));
                    Socket conn = server.accept().socket()) {
                Timeout t = Timeout.start(Duration.ofMillis(30));
                assertThatThrownBy(() -> {
                    try (t) {
                        client.recv(1);
                    }
                }).isSameAs(t);
                assertThat(client.isClosed()).isFalse();
                conn.sendAll(new byte[] {1, 2, 3});
                assertThat(client.recv(10)).containsExactly(1, 2, 3);
            }
        });
    }

    @Test
    void withTimeoutAroundAcceptLeavesTheListenerUsable() {
        realHub(() -> {
            try (Socket server = SocketTcpTest.listener()) {
                assertThat(Gevent.withTimeout(Duration.ofMillis(30), () -> server.accept(), null)).isNull();
                try (Socket client = Sockets.createConnection("127.0.0.1", SocketTcpTest.port(server));
                        Socket conn = server.accept().socket()) {
                    assertThat(conn.remoteAddress()).isEqualTo(client.localAddress());
                }
            }
        });
    }

    @Test
    void aKilledReaderDiesOfTheKillAndAnotherGreenletThenReadsTheSocket() {
        realHub(() -> {
            try (Socket server = SocketTcpTest.listener(); Socket client = Sockets.createConnection("127.0.0.1", SocketTcpTest.port(server));
                    Socket conn = server.accept().socket()) {
                Greenlet<byte[]> first = Gevent.spawn(() -> client.recv(10));
                Gevent.sleep(0);
                first.kill(new GreenletExit(), true, PATIENCE);
                assertThat(first.dead()).isTrue();
                assertThat(first.successful()).as("died of the GreenletExit").isTrue();

                conn.sendAll("after".getBytes());
                Greenlet<byte[]> second = Gevent.spawn(() -> client.recv(10));
                assertThat(new String(second.get(PATIENCE))).isEqualTo("after");
            }
        });
    }

    @Test
    void aTimeoutDuringAConnectLeavesTheAttemptGoingAndConnectCanBeCalledAgain() {
        realHub(() -> {
            try (Socket server = SocketTcpTest.listener(); Socket client = Socket.tcp()) {
                // Loopback connects at once, so the Timeout fires at the first wait there is: a recv after it.
                client.connect("127.0.0.1", SocketTcpTest.port(server));
                Socket conn = server.accept().socket();
                client.setTimeout(Duration.ofMillis(20));
                assertThatThrownBy(() -> client.recv(1)).isInstanceOf(SocketTimeoutException.class);
                client.setTimeout(null);
                conn.sendAll(new byte[] {9});
                assertThat(client.recv(1)).containsExactly(9);
                conn.close();
            }
        });
    }

    @Test
    void aKillDuringSendAllLeavesTheSocketOpenAndWritable() {
        realHub(() -> {
            try (Socket server = SocketTcpTest.listener(); Socket client = Sockets.createConnection("127.0.0.1", SocketTcpTest.port(server));
                    Socket conn = server.accept().socket()) {
                Greenlet<Void> writer = Gevent.spawn(() -> client.sendAll(new byte[64 << 20])); // more than buffers hold
                Gevent.sleep(0.05);
                assertThat(writer.dead()).as("blocked: nobody reads").isFalse();
                writer.kill(new GreenletExit(), true, PATIENCE);
                assertThat(writer.dead()).isTrue();
                assertThat(client.isClosed()).isFalse();
                // The peer drains what was sent; the socket still writes.
                conn.setTimeout(Duration.ofMillis(200));
                long drained = 0;
                try {
                    while (true) drained += conn.recv(1 << 16).length;
                } catch (SocketTimeoutException expected) {
                    // all buffered data read
                }
                assertThat(drained).isPositive();
                client.sendAll("still works".getBytes());
                assertThat(new String(conn.recv(100))).isEqualTo("still works");
            }
        });
    }
}
