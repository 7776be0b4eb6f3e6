package org.gevent4j.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gevent4j.TestHubs.realHub;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.time.Duration;
import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;
import org.junit.jupiter.api.Test;

/**
 * Faults give clear exceptions and leak no file descriptor: a refused connection, an unresolvable
 * name, a reset, a half-closed peer, a peer that vanishes mid-write, a client that never sends.
 */
@org.junit.jupiter.api.Timeout(30)
class SocketFaultsTest {
    private static final Duration PATIENCE = Duration.ofSeconds(5);

    /** A port nobody listens on: bound then closed. */
    private static int closedPort() throws Exception {
        try (Socket s = SocketTcpTest.listener()) {
            return SocketTcpTest.port(s);
        }
    }

    @Test
    void aRefusedConnectionIsAConnectExceptionAndLeaksNoDescriptor() {
        realHub(() -> {
            int port = closedPort();
            Fds.warmHub();
            int before = Fds.count();
            for (int i = 0; i < 20; i++) {
                assertThatThrownBy(() -> Sockets.createConnection("127.0.0.1", port)).isInstanceOf(ConnectException.class);
            }
            assertThat(Fds.count()).isEqualTo(before);
        });
    }

    @Test
    void anUnresolvableNameIsAnUnknownHostException() {
        realHub(() -> {
            assertThatThrownBy(() -> Sockets.createConnection("no-such-host.invalid", 80)).isInstanceOf(UnknownHostException.class);
            try (Socket s = Socket.tcp()) {
                assertThatThrownBy(() -> s.connect("no-such-host.invalid", 80)).isInstanceOf(UnknownHostException.class);
            }
        });
    }

    @Test
    void aResetConnectionIsAnIOExceptionInTheReader() {
        realHub(() -> {
            try (Socket server = SocketTcpTest.listener(); Socket client = Sockets.createConnection("127.0.0.1", SocketTcpTest.port(server))) {
                Socket conn = server.accept().socket();
                Greenlet<byte[]> reader = Gevent.spawn(() -> client.recv(10));
                Gevent.sleep(0);
                conn.setOption(StandardSocketOptions.SO_LINGER, 0); // close sends RST
                conn.close();
                reader.join(PATIENCE);
                assertThat(reader.exception()).isInstanceOf(IOException.class).hasMessageContaining("reset");
            }
        });
    }

    @Test
    void aHalfClosedPeerGivesEndOfStreamWhileTheOtherDirectionStillWorks() {
        realHub(() -> {
            try (Socket server = SocketTcpTest.listener(); Socket client = Sockets.createConnection("127.0.0.1", SocketTcpTest.port(server));
                    Socket conn = server.accept().socket()) {
                conn.shutdown(Socket.SHUT_WR);
                assertThat(client.recv(10)).isEmpty();
                client.sendAll("reply".getBytes());
                assertThat(new String(conn.recv(10))).isEqualTo("reply");
            }
        });
    }

    @Test
    void aPeerThatVanishesMidWriteFailsTheWriterWithAnIOException() {
        realHub(() -> {
            try (Socket server = SocketTcpTest.listener(); Socket client = Sockets.createConnection("127.0.0.1", SocketTcpTest.port(server))) {
                Socket conn = server.accept().socket();
                Greenlet<Void> writer = Gevent.spawn(() -> client.sendAll(new byte[64 << 20]));
                Gevent.sleep(0.02);
                assertThat(writer.dead()).isFalse();
                conn.setOption(StandardSocketOptions.SO_LINGER, 0);
                conn.close();
                writer.join(PATIENCE);
                assertThat(writer.exception()).isInstanceOf(IOException.class);
                assertThat(writer.exception().getMessage()).containsAnyOf("reset", "Broken pipe");
            }
        });
    }

    @Test
    void aClientThatNeverSendsTimesOutTheServersRecvWithoutLeaks() {
        realHub(() -> {
            try (Socket server = SocketTcpTest.listener()) {
                Fds.warmHub();
                int before = Fds.count();
                for (int i = 0; i < 10; i++) {
                    try (Socket _ = Sockets.createConnection("127.0.0.1", SocketTcpTest.port(server));
                            Socket conn = server.accept().socket()) {
                        conn.setTimeout(Duration.ofMillis(5));
                        assertThatThrownBy(() -> conn.recv(1)).isInstanceOf(SocketTimeoutException.class);
                    }
                }
                assertThat(Fds.count()).isEqualTo(before);
            }
        });
    }

    @Test
    void closingSocketsOfAnotherThreadReleasesTheirDescriptorsOnTheHub() {
        realHub(() -> {
            try (Socket server = SocketTcpTest.listener()) {
                Fds.warmHub();
                int before = Fds.count();
                Socket c = Sockets.createConnection("127.0.0.1", SocketTcpTest.port(server));
                Socket conn = server.accept().socket();
                conn.setTimeout(Duration.ofMillis(1));
                assertThatThrownBy(() -> conn.recv(1)).isInstanceOf(SocketTimeoutException.class); // registered
                Thread t = Thread.ofPlatform().start(() -> {
                    try {
                        conn.close();
                        c.close();
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                t.join();
                Gevent.sleep(0.01); // the hub releases the cancelled key
                assertThat(Fds.count()).isEqualTo(before);
            }
        });
    }
}
