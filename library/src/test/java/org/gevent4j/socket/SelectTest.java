package org.gevent4j.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gevent4j.TestHubs.elapsedSince;
import static org.gevent4j.TestHubs.now;
import static org.gevent4j.TestHubs.realHub;
import static org.gevent4j.TestHubs.virtualHub;

import java.net.SocketException;
import java.nio.channels.Pipe;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;
import org.gevent4j.GreenletExit;
import org.gevent4j.Timeout;
import org.junit.jupiter.api.Test;

/** gevent.select.select: on sockets and NIO channels, and as a sleep with no objects. */
@org.junit.jupiter.api.Timeout(30)
class SelectTest {
    private static final Duration PATIENCE = Duration.ofSeconds(5);

    @Test
    void selectWithNothingToWatchSleepsOnlyItsGreenlet() {
        List<String> log = new CopyOnWriteArrayList<>();
        virtualHub(() -> {
            long start = now();
            Greenlet<Void> a = Gevent.spawn(() -> {
                Select.select(List.of(), List.of(), List.of(), Duration.ofSeconds(2));
                log.add("a at " + elapsedSince(start).toSeconds());
            });
            Greenlet<Void> b = Gevent.spawn(() -> {
                Gevent.sleep(1);
                log.add("b at " + elapsedSince(start).toSeconds());
            });
            Gevent.joinAll(List.of(a, b));
        });
        assertThat(log).containsExactly("b at 1", "a at 2");
    }

    @Test
    void selectReturnsTheReadableSocketsWhenDataArrives() {
        realHub(() -> {
            try (Socket server = SocketTcpTest.listener(); Socket c1 = Sockets.createConnection("127.0.0.1", SocketTcpTest.port(server));
                    Socket _ = server.accept().socket(); Socket c2 = Sockets.createConnection("127.0.0.1", SocketTcpTest.port(server));
                    Socket s2 = server.accept().socket()) {
                Greenlet<Select.Result<Socket>> waiter = Gevent.spawn(() -> Select.select(List.of(c1, c2), List.of(), List.of(), PATIENCE));
                Gevent.sleep(0);
                assertThat(waiter.dead()).isFalse();
                s2.sendAll(new byte[] {1});
                Select.Result<Socket> r = waiter.get(PATIENCE);
                assertThat(r.readable()).containsExactly(c2);
                assertThat(r.writable()).isEmpty();
                assertThat(r.exceptional()).isEmpty();
                assertThat(c2.recv(1)).containsExactly(1); // select consumed nothing
            }
        });
    }

    @Test
    void aConnectedSocketIsWritableAtOnceAndAZeroTimeoutOnlyLooks() {
        realHub(() -> {
            try (Socket server = SocketTcpTest.listener(); Socket c = Sockets.createConnection("127.0.0.1", SocketTcpTest.port(server));
                    Socket s = server.accept().socket()) {
                Select.Result<Socket> r = Select.select(List.of(c), List.of(c), List.of(c), Duration.ZERO);
                assertThat(r.readable()).isEmpty();
                assertThat(r.writable()).containsExactly(c);
                s.sendAll(new byte[] {1});
                r = Select.select(List.of(c), List.of(), List.of(), PATIENCE);
                assertThat(r.readable()).containsExactly(c);
            }
        });
    }

    @Test
    void aListeningSocketIsReadableWhenAConnectionWaits() {
        realHub(() -> {
            try (Socket server = SocketTcpTest.listener()) {
                assertThat(Select.select(List.of(server), List.of(), List.of(), Duration.ZERO).readable()).isEmpty();
                try (Socket _ = Sockets.createConnection("127.0.0.1", SocketTcpTest.port(server))) {
                    assertThat(Select.select(List.of(server), List.of(), List.of(), PATIENCE).readable()).containsExactly(server);
                    server.accept().socket().close();
                }
            }
        });
    }

    @Test
    void selectWatchesRawNioChannelsToo() {
        realHub(() -> {
            Pipe pipe = Pipe.open();
            try (Pipe.SourceChannel source = pipe.source(); Pipe.SinkChannel sink = pipe.sink()) {
                source.configureBlocking(false);
                sink.configureBlocking(false);
                Greenlet<Select.Result<Object>> waiter = Gevent.spawn(() -> Select.select(List.of(source), List.of(), List.of(), PATIENCE));
                Gevent.sleep(0);
                sink.write(java.nio.ByteBuffer.wrap(new byte[] {5}));
                assertThat(waiter.get(PATIENCE).readable()).containsExactly(source);
            }
        });
    }

    @Test
    void theTimeoutEndsAnEmptyWaitWithEmptyLists() {
        realHub(() -> {
            try (Socket server = SocketTcpTest.listener(); Socket c = Sockets.createConnection("127.0.0.1", SocketTcpTest.port(server));
                    Socket s = server.accept().socket()) {
                Select.Result<Socket> r = Select.select(List.of(c), List.of(), List.of(), Duration.ofMillis(20));
                assertThat(r.readable()).isEmpty();
                // and a Timeout or kill leaves the socket usable
                assertThatThrownBy(() -> {
                    try (Timeout _ = Timeout.start(Duration.ofMillis(20))) {
                        Select.select(List.of(c), List.of(), List.of(), null);
                    }
                }).isInstanceOf(Timeout.class);
                Greenlet<Object> g = Gevent.spawn(() -> Select.select(List.of(c), List.of(), List.of(), null));
                Gevent.sleep(0);
                g.kill(new GreenletExit(), true, PATIENCE);
                s.sendAll(new byte[] {3});
                assertThat(c.recv(1)).containsExactly(3);
            }
        });
    }

    @Test
    void closedSocketsAndForeignObjectsAreRefused() {
        realHub(() -> {
            Socket closed = Socket.udp();
            closed.close();
            assertThatThrownBy(() -> Select.select(List.of(closed), List.of(), List.of(), Duration.ZERO)).isInstanceOf(SocketException.class);
            assertThatThrownBy(() -> Select.select(List.of("not a socket"), List.of(), List.of(), Duration.ZERO))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> Select.select(List.of(), List.of(), List.of(), Duration.ofSeconds(-1)))
                    .isInstanceOf(IllegalArgumentException.class);
        });
    }

    @Test
    @SuppressWarnings("try") // a close inside the try is what select must see
    void closingAWatchedSocketWakesTheSelectWhichReportsItReady() {
        realHub(() -> {
            try (Socket server = SocketTcpTest.listener(); Socket quiet = Sockets.createConnection("127.0.0.1", SocketTcpTest.port(server));
                    Socket _ = server.accept().socket(); Socket doomed = Sockets.createConnection("127.0.0.1", SocketTcpTest.port(server));
                    Socket _ = server.accept().socket()) {
                Greenlet<Select.Result<Socket>> waiter = Gevent.spawn(() -> Select.select(List.of(quiet, doomed), List.of(), List.of(), null));
                Gevent.sleep(0);
                assertThat(waiter.dead()).isFalse();
                doomed.close();
                assertThat(waiter.get(PATIENCE).readable()).containsExactly(doomed);
                assertThatThrownBy(() -> doomed.recv(1)).isInstanceOf(SocketException.class).hasMessage("Socket is closed");
            }
        });
    }
}
