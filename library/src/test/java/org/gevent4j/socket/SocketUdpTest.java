package org.gevent4j.socket;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gevent4j.TestHubs.realHub;

import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;
import org.junit.jupiter.api.Test;

/** UDP over loopback: sendTo/recvFrom between greenlets, connected datagram sockets, timeouts. */
@org.junit.jupiter.api.Timeout(30)
class SocketUdpTest {
    private static final Duration PATIENCE = Duration.ofSeconds(5);

    @Test
    void aDatagramServerGreenletAnswersEachSenderAtItsAddress() {
        realHub(() -> {
            try (Socket server = Socket.udp(); Socket client = Socket.udp()) {
                server.bind("127.0.0.1", 0);
                InetSocketAddress addr = server.localAddress();
                Greenlet<Void> echo = Gevent.spawn(() -> {
                    for (int i = 0; i < 2; i++) {
                        Socket.Datagram d = server.recvFrom(512);
                        server.sendTo(("re: " + new String(d.data(), UTF_8)).getBytes(UTF_8), d.address());
                    }
                });
                client.sendTo("one".getBytes(UTF_8), addr);
                Socket.Datagram a = client.recvFrom(512);
                assertThat(new String(a.data(), UTF_8)).isEqualTo("re: one");
                assertThat(a.address()).isEqualTo(addr);
                client.sendTo("two".getBytes(UTF_8), addr);
                assertThat(new String(client.recv(512), UTF_8)).isEqualTo("re: two");
                echo.get(PATIENCE);
            }
        });
    }

    @Test
    void aConnectedDatagramSocketSendsAndReceivesWithoutAddresses() {
        realHub(() -> {
            try (Socket a = Socket.udp(); Socket b = Socket.udp()) {
                a.bind("127.0.0.1", 0);
                b.bind("127.0.0.1", 0);
                a.connect(b.localAddress());
                b.connect(a.localAddress());
                assertThat(a.send("ping".getBytes(UTF_8))).isEqualTo(4);
                ByteBuffer buf = ByteBuffer.allocate(16);
                assertThat(b.recvInto(buf)).isEqualTo(4);
                assertThat(new String(buf.array(), 0, 4, UTF_8)).isEqualTo("ping");
                assertThat(b.remoteAddress()).isEqualTo(a.localAddress());
            }
        });
    }

    @Test
    void aDatagramLongerThanTheBufferIsTruncatedAndTheRestDropped() {
        realHub(() -> {
            try (Socket server = Socket.udp(); Socket client = Socket.udp()) {
                server.bind("127.0.0.1", 0);
                client.sendTo("0123456789".getBytes(UTF_8), server.localAddress());
                client.sendTo("next".getBytes(UTF_8), server.localAddress());
                assertThat(new String(server.recvFrom(4).data(), UTF_8)).isEqualTo("0123");
                assertThat(new String(server.recvFrom(100).data(), UTF_8)).isEqualTo("next");
            }
        });
    }

    @Test
    void recvFromTimesOutWhenNothingArrives() {
        realHub(() -> {
            try (Socket server = Socket.udp()) {
                server.bind("127.0.0.1", 0);
                server.setTimeout(Duration.ofMillis(30));
                assertThatThrownBy(() -> server.recvFrom(10)).isInstanceOf(SocketTimeoutException.class);
            }
        });
    }

    @Test
    void sendToOnATcpSocketAndListenOnUdpAreRefused() {
        realHub(() -> {
            try (Socket udp = Socket.udp(); Socket tcp = Socket.tcp()) {
                assertThatThrownBy(() -> tcp.sendTo(new byte[1], new InetSocketAddress("127.0.0.1", 9)))
                        .isInstanceOf(SocketException.class);
                assertThatThrownBy(udp::listen).isInstanceOf(SocketException.class);
            }
        });
    }
}
