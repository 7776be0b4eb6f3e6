package org.gevent4j.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gevent4j.TestHubs.realHub;
import static org.gevent4j.server.ServerTesting.ANY_PORT;

import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.gevent4j.socket.Socket;
import org.gevent4j.socket.Sockets;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SO_REUSEPORT: two servers share one port, the kernel spreads connections, one stops and the other serves on. */
@org.junit.jupiter.api.Timeout(30)
class ReusePortTest {
    @BeforeEach
    void linuxLike() {
        Assumptions.assumeTrue(StreamServer.reusePortSupported(), "no SO_REUSEPORT here");
    }

    /** A handler that answers each connection with its server's name, then closes. */
    static StreamServer.Handler says(String name) {
        return (conn, addr) -> conn.sendAll(name.getBytes(StandardCharsets.US_ASCII));
    }

    static String ask(int port) throws Exception {
        try (Socket c = Sockets.createConnection("127.0.0.1", port)) {
            return ServerTesting.readAll(c);
        }
    }

    @Test
    void twoServersWithReusePortShareAPortAndBothGetConnections() {
        realHub(() -> {
            try (StreamServer a = new StreamServer(ANY_PORT, says("a")).reusePort(true)) {
                a.start();
                assertThat(a.reusePort()).isTrue();
                assertThat(a.socket().getOption(StandardSocketOptions.SO_REUSEPORT)).isTrue();
                int port = a.address().getPort();
                try (StreamServer b = new StreamServer(new InetSocketAddress("127.0.0.1", port), says("b")).reusePort(true)) {
                    b.start();
                    Set<String> seen = new HashSet<>();
                    // The kernel hashes each connection's 4-tuple: 200 connections from fresh ports
                    // miss one of two listeners with probability 2^-199.
                    for (int i = 0; i < 200 && seen.size() < 2; i++) seen.add(ask(port));
                    assertThat(seen).containsExactlyInAnyOrder("a", "b");

                    a.stop(Duration.ofSeconds(1));
                    for (int i = 0; i < 50; i++) assertThat(ask(port)).isEqualTo("b");
                }
            }
        });
    }

    @Test
    void withoutReusePortTheSecondBindFailsNamingTheAddress() {
        realHub(() -> {
            try (StreamServer a = new StreamServer(ANY_PORT, says("a")).reusePort(true)) {
                a.start();
                InetSocketAddress taken = a.address();
                StreamServer b = new StreamServer(taken, says("b"));
                assertThatThrownBy(b::start).isInstanceOf(BindException.class).hasMessageContaining(taken.toString());
                assertThat(a.reusePort()).isTrue();
                assertThat(ask(taken.getPort())).isEqualTo("a");
            }
        });
    }

    @Test
    void datagramServersShareAPortToo() {
        realHub(() -> {
            DatagramServer a = new DatagramServer(ANY_PORT, (data, addr) -> {}).reusePort(true);
            try (a) {
                a.start();
                try (DatagramServer b = new DatagramServer(a.address(), (data, addr) -> {}).reusePort(true)) {
                    b.start();
                    assertThat(b.address()).isEqualTo(a.address());
                }
            }
        });
    }

    @Test
    void reusePortIsAListenerOptionSetBeforeStart() {
        realHub(() -> {
            try (StreamServer a = new StreamServer(ANY_PORT, says("a"))) {
                a.start();
                assertThat(a.reusePort()).isFalse();
                assertThatThrownBy(() -> a.reusePort(true)).isInstanceOf(IllegalStateException.class);
            }
            try (Socket l = Socket.tcp()) {
                l.bind(ANY_PORT);
                l.listen(10);
                StreamServer given = new StreamServer(l, says("given"));
                assertThatThrownBy(() -> given.reusePort(true)).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("socket given");
            }
        });
    }

    @Test
    void stopAcceptingClosesTheListenerAndLetsTheHandlersFinish() {
        realHub(() -> {
            org.gevent4j.event.Event release = new org.gevent4j.event.Event();
            try (StreamServer a = new StreamServer(ANY_PORT, (conn, addr) -> {
                release.await();
                conn.sendAll("done".getBytes(StandardCharsets.US_ASCII));
            })) {
                a.start();
                int port = a.address().getPort();
                Socket client = Sockets.createConnection("127.0.0.1", port);
                org.gevent4j.Gevent.sleep(Duration.ofMillis(100)); // accepted, its handler waiting
                a.stopAccepting();
                assertThat(a.started()).isFalse();
                assertThatThrownBy(() -> Sockets.createConnection("127.0.0.1", port)).isInstanceOf(java.io.IOException.class);
                release.set();
                assertThat(ServerTesting.readAll(client)).isEqualTo("done");
                client.close();
            }
        });
    }
}
