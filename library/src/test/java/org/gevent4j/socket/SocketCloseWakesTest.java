package org.gevent4j.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gevent4j.TestHubs.realHub;

import java.net.SocketException;
import java.time.Duration;
import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;
import org.junit.jupiter.api.Test;

/** Closing a socket wakes the greenlet blocked on it with gevent's cancel_wait error. */
@org.junit.jupiter.api.Timeout(30)
class SocketCloseWakesTest {
    private static final Duration PATIENCE = Duration.ofSeconds(5);

    @Test
    @SuppressWarnings("try") // the close inside the try is what wakes the waiter
    void closingFromAnotherGreenletWakesABlockedReader() {
        realHub(() -> {
            try (Socket server = SocketTcpTest.listener(); Socket client = Sockets.createConnection("127.0.0.1", SocketTcpTest.port(server));
                    Socket _ = server.accept().socket()) {
                Greenlet<byte[]> reader = Gevent.spawn(() -> client.recv(10));
                Gevent.sleep(0);
                client.close();
                reader.join(PATIENCE);
                assertThat(reader.exception()).isInstanceOf(SocketException.class)
                        .hasMessage("File descriptor was closed in another greenlet");
            }
        });
    }

    @Test
    void closingAListenerWakesAGreenletBlockedInAccept() {
        realHub(() -> {
            Socket server = SocketTcpTest.listener();
            Greenlet<Socket.Accepted> acceptor = Gevent.spawn(() -> server.accept());
            Gevent.sleep(0);
            server.close();
            acceptor.join(PATIENCE);
            assertThat(acceptor.exception()).isInstanceOf(SocketException.class)
                    .hasMessage("File descriptor was closed in another greenlet");
        });
    }

    @Test
    @SuppressWarnings("try") // the close inside the try is what wakes the waiter
    void closingFromAPlatformThreadWakesTheBlockedGreenletOnItsHub() {
        realHub(() -> {
            try (Socket server = SocketTcpTest.listener(); Socket client = Sockets.createConnection("127.0.0.1", SocketTcpTest.port(server));
                    Socket _ = server.accept().socket()) {
                Greenlet<byte[]> reader = Gevent.spawn(() -> client.recv(10));
                Gevent.sleep(0);
                Thread closer = Thread.ofPlatform().start(() -> {
                    try {
                        client.close();
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                reader.join(PATIENCE);
                closer.join();
                assertThat(reader.exception()).isInstanceOf(SocketException.class)
                        .hasMessage("File descriptor was closed in another greenlet");
            }
        });
    }

    @Test
    void aShutdownForReadingWakesTheReaderWithEndOfStream() {
        realHub(() -> {
            try (Socket server = SocketTcpTest.listener(); Socket client = Sockets.createConnection("127.0.0.1", SocketTcpTest.port(server));
                    Socket _ = server.accept().socket()) {
                Greenlet<byte[]> reader = Gevent.spawn(() -> client.recv(10));
                Gevent.sleep(0);
                client.shutdown(Socket.SHUT_RD);
                assertThat(reader.get(PATIENCE)).isEmpty();
            }
        });
    }
}
