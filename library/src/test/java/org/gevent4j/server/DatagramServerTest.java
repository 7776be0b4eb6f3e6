package org.gevent4j.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gevent4j.TestHubs.realHub;
import static org.gevent4j.server.ServerTesting.ANY_PORT;
import static org.gevent4j.server.ServerTesting.captureErrors;

import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import org.gevent4j.socket.Socket;
import org.junit.jupiter.api.Test;

/** DatagramServer: a handler greenlet per datagram, answering with sendTo. Real time, loopback. */
@org.junit.jupiter.api.Timeout(30)
class DatagramServerTest {

    static DatagramServer upperCaseServer() {
        DatagramServer[] s = new DatagramServer[1];
        s[0] = new DatagramServer(ANY_PORT, (data, addr) -> {
            String text = new String(data, UTF_8);
            if (text.equals("boom")) throw new IllegalArgumentException("bad datagram");
            s[0].sendTo(text.toUpperCase().getBytes(UTF_8), addr);
        });
        return s[0];
    }

    @Test
    void eachDatagramReachesTheHandlerWithItsSenderWhoGetsTheAnswer() {
        realHub(() -> {
            try (DatagramServer server = upperCaseServer(); Socket a = Socket.udp(); Socket b = Socket.udp()) {
                server.start();
                InetSocketAddress to = server.address();
                assertThat(to.getPort()).isPositive();
                a.setTimeout(Duration.ofSeconds(5));
                b.setTimeout(Duration.ofSeconds(5));
                a.sendTo("from a".getBytes(UTF_8), to);
                b.sendTo("from b".getBytes(UTF_8), to);
                Socket.Datagram ra = a.recvFrom(100), rb = b.recvFrom(100);
                assertThat(new String(ra.data(), UTF_8)).isEqualTo("FROM A");
                assertThat(new String(rb.data(), UTF_8)).isEqualTo("FROM B");
                assertThat(ra.address()).isEqualTo(to);
            }
        });
    }

    @Test
    void aLargeDatagramArrivesWholeAndAFailingHandlerIsReportedWhileTheServerGoesOn() {
        realHub(() -> {
            List<Throwable> errors = captureErrors();
            try (DatagramServer server = upperCaseServer(); Socket c = Socket.udp()) {
                server.start();
                c.setTimeout(Duration.ofSeconds(5));
                c.sendTo("boom".getBytes(UTF_8), server.address());
                byte[] big = "x".repeat(30_000).getBytes(UTF_8);
                c.sendTo(big, server.address());
                assertThat(c.recvFrom(65_535).data()).hasSize(30_000).startsWith((byte) 'X');
            }
            assertThat(errors).singleElement().satisfies(e -> assertThat(e).hasMessage("bad datagram"));
        });
    }

    @Test
    void afterStopNothingIsAnsweredAndSendToRefuses() {
        realHub(() -> {
            DatagramServer server = upperCaseServer();
            assertThatThrownBy(() -> server.sendTo(new byte[1], ANY_PORT)).isInstanceOf(SocketException.class)
                    .hasMessageContaining("not started");
            server.start();
            InetSocketAddress to = server.address();
            server.stop(Duration.ZERO);
            try (Socket c = Socket.udp()) {
                c.setTimeout(Duration.ofMillis(100));
                c.sendTo("hello".getBytes(UTF_8), to);
                assertThatThrownBy(() -> c.recvFrom(100)).isInstanceOfAny(SocketTimeoutException.class, java.net.PortUnreachableException.class);
            }
            assertThatThrownBy(() -> server.sendTo(new byte[1], to)).isInstanceOf(SocketException.class);
        });
    }
}
