package org.gevent4j.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gevent4j.TestHubs.realHub;
import static org.gevent4j.server.ServerTesting.ANY_PORT;
import static org.gevent4j.server.ServerTesting.captureErrors;
import static org.gevent4j.server.ServerTesting.connect;

import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.gevent4j.Gevent;
import org.gevent4j.TestTls;
import org.gevent4j.socket.Socket;
import org.gevent4j.socket.Sockets;
import org.gevent4j.socket.StreamSocket;
import org.gevent4j.ssl.SslSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link StreamServer#serving}: one {@link StreamServer.ConnectionHandler} over plain and TLS connections. */
@org.junit.jupiter.api.Timeout(60)
class StreamServingTest {
    @TempDir
    static Path dir;
    static SSLContext serverContext, clientContext;

    @BeforeAll
    static void makeCertificate() throws Exception {
        TestTls tls = TestTls.selfSigned(dir);
        serverContext = tls.server();
        clientContext = tls.client();
    }

    /** Names the connection's kind and echoes one message: the same code for both kinds. */
    static final StreamServer.ConnectionHandler KIND_ECHO = (conn, addr) -> {
        String kind = conn.sslSession() == null ? "plain" : "tls " + conn.sslSession().getProtocol();
        byte[] data = conn.recv(100);
        conn.sendAll((kind + ":" + new String(data, UTF_8)).getBytes(UTF_8));
    };

    static String readAll(StreamSocket s) throws IOException {
        return new String(s.getInputStream().readAllBytes(), UTF_8);
    }

    @Test
    void oneHandlerServesPlainAndTlsConnections() {
        realHub(() -> {
            try (StreamServer plain = StreamServer.serving(ANY_PORT, KIND_ECHO);
                    StreamServer tls = StreamServer.serving(Sockets.createServer(ANY_PORT), KIND_ECHO).tls(serverContext)) {
                assertThat(plain.sslEnabled()).isFalse();
                assertThat(tls.sslEnabled()).isTrue();
                plain.start();
                tls.start();
                try (Socket c = connect(plain)) {
                    c.sendAll("hi".getBytes(UTF_8));
                    assertThat(readAll(c)).isEqualTo("plain:hi");
                }
                try (SslSocket c = SslSocket.connect("127.0.0.1", tls.address().getPort(), clientContext)) {
                    c.sendAll("hi".getBytes(UTF_8));
                    assertThat(readAll(c)).isEqualTo("tls TLSv1.3:hi");
                }
            }
        });
    }

    @Test
    void tlsIsRefusedForAServerOfPlainSocketHandlersAndAfterStart() {
        realHub(() -> {
            try (StreamServer old = new StreamServer(ANY_PORT, (conn, addr) -> {})) {
                assertThatThrownBy(() -> old.tls(serverContext)).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("StreamServer.serving");
            }
            try (StreamServer s = StreamServer.serving(ANY_PORT, KIND_ECHO)) {
                s.start();
                assertThatThrownBy(() -> s.tls(serverContext)).isInstanceOf(IllegalStateException.class);
                assertThatThrownBy(() -> s.handshakeTimeout(Duration.ofSeconds(1))).isInstanceOf(IllegalStateException.class);
            }
            assertThatThrownBy(() -> StreamServer.serving(ANY_PORT, KIND_ECHO).handshakeTimeout(Duration.ZERO))
                    .isInstanceOf(IllegalArgumentException.class);
        });
    }

    /** A per-wait timeout would let a client trickle its handshake for ever; the bound is on the whole. */
    @Test
    void aTricklingHandshakeIsCutOffAtTheHandshakeTimeoutInAll() {
        realHub(() -> {
            List<Throwable> errors = captureErrors();
            List<String> ran = new CopyOnWriteArrayList<>();
            try (StreamServer server = StreamServer.serving(ANY_PORT, (conn, addr) -> ran.add("handler"))
                    .tls(serverContext).handshakeTimeout(Duration.ofMillis(300))) {
                server.start();
                try (Socket c = connect(server)) {
                    // The start of a ClientHello record, one byte per 100 ms: each wait is short.
                    byte[] hello = {0x16, 0x03, 0x01, 0x01, 0x00, 0x01, 0x00, 0x00, (byte) 0xfc, 0x03, 0x03};
                    long t0 = System.nanoTime();
                    c.setTimeout(Duration.ofMillis(100));
                    boolean closed = false;
                    for (int i = 0; !closed && System.nanoTime() - t0 < 5_000_000_000L; i++) {
                        try {
                            c.sendAll(new byte[] {hello[i % hello.length]});
                            closed = c.recv(1).length == 0;
                        } catch (SocketTimeoutException stillOpen) {
                            // next byte
                        } catch (SocketException reset) {
                            closed = true;
                        }
                    }
                    Duration took = Duration.ofNanos(System.nanoTime() - t0);
                    assertThat(closed).isTrue();
                    assertThat(took).isBetween(Duration.ofMillis(250), Duration.ofSeconds(3));
                }
                Gevent.sleep(Duration.ofMillis(50));
            }
            assertThat(ran).isEmpty();
            assertThat(errors).singleElement().isInstanceOf(SocketTimeoutException.class)
                    .extracting(Throwable::getMessage).asString().contains("handshake");
        });
    }

    @Test
    void tlsParametersApplyToEachConnectionBeforeItsHandshake() {
        realHub(() -> {
            StreamServer.ConnectionHandler alpn = (conn, addr) ->
                    conn.sendAll(((SslSocket) conn).engine().getApplicationProtocol().getBytes(UTF_8));
            try (StreamServer server = StreamServer.serving(ANY_PORT, alpn).tls(serverContext)
                    .tlsParameters(p -> p.setApplicationProtocols(new String[] {"echo/1"}))) {
                server.start();
                SslSocket c = SslSocket.wrap(connect(server), clientContext, true, "127.0.0.1");
                try (c) {
                    SSLParameters p = c.engine().getSSLParameters();
                    p.setApplicationProtocols(new String[] {"other", "echo/1"});
                    c.engine().setSSLParameters(p);
                    assertThat(readAll(c)).isEqualTo("echo/1");
                }
            }
        });
    }

    static final List<String> LOG = new CopyOnWriteArrayList<>();

    /** The same handler half-closes each kind of connection: the peer reads end of stream, then still sends. */
    static final StreamServer.ConnectionHandler BYE_THEN_LISTEN = (conn, addr) -> {
        conn.sendAll("bye".getBytes(UTF_8));
        conn.shutdown(Socket.SHUT_WR);
        String rest = readAll(conn);
        String after;
        try {
            conn.sendAll("x".getBytes(UTF_8));
            after = "sent?!";
        } catch (IOException e) { // plain: the channel's ClosedChannelException; TLS: a SocketException
            after = "send refused";
        }
        LOG.add(rest + "; " + after);
    };

    @ParameterizedTest
    @ValueSource(strings = {"plain", "TLSv1.3", "TLSv1.2"})
    void shutdownOfTheSendingSideLetsThePeerReadEndOfStreamAndStillSend(String kind) {
        realHub(() -> {
            LOG.clear();
            StreamServer server = StreamServer.serving(ANY_PORT, BYE_THEN_LISTEN);
            if (!kind.equals("plain")) server.tls(serverContext);
            try (server) {
                server.start();
                StreamSocket c = connect(server);
                if (!kind.equals("plain")) {
                    SslSocket tls = SslSocket.wrap((Socket) c, clientContext, true, "127.0.0.1");
                    SSLParameters p = tls.engine().getSSLParameters();
                    p.setProtocols(new String[] {kind});
                    tls.engine().setSSLParameters(p);
                    c = tls;
                }
                String late = "";
                try (StreamSocket conn = c) {
                    assertThat(readAll(conn)).as("what came before the server's end of stream").isEqualTo("bye");
                    if (kind.equals("TLSv1.2")) {
                        // TLS 1.2 has no half-close: a close_notify is answered with one, and nothing more is sent.
                        assertThatThrownBy(() -> conn.sendAll("late words".getBytes(UTF_8))).isInstanceOf(SocketException.class);
                    } else {
                        conn.sendAll("late words".getBytes(UTF_8));
                        late = "late words";
                    }
                    conn.shutdown(Socket.SHUT_WR);
                    Gevent.sleep(Duration.ofMillis(100));
                }
                server.stop(Duration.ofSeconds(5));
                assertThat(LOG).containsExactly(late + "; send refused");
            }
        });
    }

    static final StreamServer.ConnectionHandler DEAF = (conn, addr) -> {
        conn.shutdown(Socket.SHUT_RD);
        int n = conn.recvInto(new byte[10]);
        conn.sendAll(("read " + n + " after SHUT_RD").getBytes(UTF_8));
    };

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void shutdownOfTheReceivingSideReadsEndOfStreamAndSendingGoesOn(boolean tls) {
        realHub(() -> {
            StreamServer server = StreamServer.serving(ANY_PORT, DEAF);
            if (tls) server.tls(serverContext);
            try (server) {
                server.start();
                try (StreamSocket c = tls ? SslSocket.connect("127.0.0.1", server.address().getPort(), clientContext) : connect(server)) {
                    assertThat(readAll(c)).isEqualTo("read 0 after SHUT_RD");
                }
            }
        });
    }
}
