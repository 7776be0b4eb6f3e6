package org.gevent4j.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gevent4j.TestHubs.realHub;

import java.time.Duration;
import org.gevent4j.ConcurrentObjectUseError;
import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;
import org.gevent4j.Hub;
import org.junit.jupiter.api.Test;

/** One reader and one writer at a time per socket, as in gevent; a socket belongs to one hub. */
@org.junit.jupiter.api.Timeout(30)
class ConcurrentUseTest {
    private static final Duration PATIENCE = Duration.ofSeconds(5);

    @Test
    void aSecondReaderGetsConcurrentObjectUseErrorAndTheFirstKeepsWaiting() {
        realHub(() -> {
            try (Socket server = SocketTcpTest.listener(); Socket client = Sockets.createConnection("127.0.0.1", SocketTcpTest.port(server));
                    Socket conn = server.accept().socket()) {
                Greenlet<byte[]> first = Gevent.spawn(() -> client.recv(10));
                Greenlet<byte[]> second = Gevent.spawn(() -> client.recv(10));
                second.join(PATIENCE);
                assertThat(second.exception()).isInstanceOf(ConcurrentObjectUseError.class)
                        .hasMessageStartingWith("This socket is already used by another greenlet: ");
                assertThat(first.dead()).isFalse();
                conn.sendAll("x".getBytes());
                assertThat(new String(first.get(PATIENCE))).isEqualTo("x");
            }
        });
    }

    @Test
    void aReaderAndAWriterMayWaitOnOneSocketAtOnce() {
        realHub(() -> {
            try (Socket server = SocketTcpTest.listener(); Socket client = Sockets.createConnection("127.0.0.1", SocketTcpTest.port(server));
                    Socket conn = server.accept().socket()) {
                Greenlet<byte[]> reader = Gevent.spawn(() -> client.recv(10));
                Greenlet<Void> writer = Gevent.spawn(() -> client.sendAll(new byte[32 << 20]));
                Gevent.sleep(0.02);
                assertThat(reader.dead()).isFalse();
                assertThat(writer.dead()).isFalse();
                Greenlet<Long> drain = Gevent.spawn(() -> {
                    long n = 0;
                    while (n < (32 << 20)) n += conn.recv(1 << 16).length;
                    conn.sendAll("done".getBytes());
                    return n;
                });
                assertThat(drain.get(PATIENCE)).isEqualTo(32L << 20);
                writer.get(PATIENCE);
                assertThat(new String(reader.get(PATIENCE))).isEqualTo("done");
            }
        });
    }

    @Test
    void waitingOnASocketFromAnotherHubIsAClearError() throws Exception {
        java.util.concurrent.atomic.AtomicReference<Socket> shared = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicReference<Throwable> seen = new java.util.concurrent.atomic.AtomicReference<>();
        realHub(() -> {
            try (Socket server = SocketTcpTest.listener(); Socket client = Sockets.createConnection("127.0.0.1", SocketTcpTest.port(server));
                    Socket _ = server.accept().socket()) {
                client.setTimeout(Duration.ofMillis(1));
                try {
                    client.recv(1); // registers it with this hub
                } catch (java.net.SocketTimeoutException expected) {
                    // nothing sent
                }
                client.setTimeout(null);
                shared.set(client);
                Thread other = Thread.ofPlatform().start(() -> {
                    try {
                        Hub.current();
                        shared.get().recv(1);
                    } catch (Throwable e) {
                        seen.set(e);
                    }
                });
                other.join(PATIENCE);
            }
        });
        assertThat(seen.get()).isInstanceOf(IllegalStateException.class).hasMessageContaining("belongs to the hub");
    }
}
