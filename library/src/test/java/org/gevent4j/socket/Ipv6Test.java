package org.gevent4j.socket;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.gevent4j.TestHubs.realHub;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** TCP and UDP over ::1; skipped where the host has no IPv6 loopback. */
@org.junit.jupiter.api.Timeout(30)
class Ipv6Test {
    private static void assumeIpv6Loopback() {
        try (java.nio.channels.DatagramChannel ch = java.nio.channels.DatagramChannel.open(java.net.StandardProtocolFamily.INET6)) {
            ch.bind(new InetSocketAddress("::1", 0));
        } catch (Exception e) {
            Assumptions.abort("no IPv6 loopback here: " + e);
        }
    }

    @Test
    void tcpOverIpv6Loopback() {
        assumeIpv6Loopback();
        realHub(() -> {
            try (Socket server = Sockets.createServer(new InetSocketAddress("::1", 0))) {
                assertThat(server.family()).isEqualTo(Socket.Family.INET6);
                Greenlet<String> echo = Gevent.spawn(() -> {
                    Socket.Accepted a = server.accept();
                    try (Socket conn = a.socket()) {
                        assertThat(a.address().getAddress()).isInstanceOf(Inet6Address.class);
                        String got = new String(conn.recv(100), UTF_8);
                        conn.sendAll(got.toUpperCase().getBytes(UTF_8));
                        return got;
                    }
                });
                try (Socket c = Sockets.createConnection("::1", server.localAddress().getPort())) {
                    assertThat(c.family()).isEqualTo(Socket.Family.INET6);
                    c.sendAll("six".getBytes(UTF_8));
                    assertThat(new String(c.recv(100), UTF_8)).isEqualTo("SIX");
                }
                assertThat(echo.get(Duration.ofSeconds(5))).isEqualTo("six");
            }
        });
    }

    @Test
    void udpOverIpv6Loopback() {
        assumeIpv6Loopback();
        realHub(() -> {
            try (Socket a = Socket.udp6(); Socket b = Socket.udp6()) {
                a.bind("::1", 0);
                b.sendTo("hi".getBytes(UTF_8), a.localAddress());
                Socket.Datagram d = a.recvFrom(10);
                assertThat(new String(d.data(), UTF_8)).isEqualTo("hi");
                assertThat(d.address().getAddress()).isInstanceOf(Inet6Address.class);
            }
        });
    }

    @Test
    void getAddrInfoOfLiteralsNeedsNoDns() throws Exception {
        assertThat(Sockets.getAddrInfo("::1", 80)).containsExactly(new InetSocketAddress("::1", 80));
        assertThat(Sockets.getAddrInfo("127.0.0.1", 80, Socket.Family.INET)).containsExactly(new InetSocketAddress("127.0.0.1", 80));
    }
}
