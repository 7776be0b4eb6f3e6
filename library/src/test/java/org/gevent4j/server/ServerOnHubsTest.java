package org.gevent4j.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gevent4j.TestHubs.realHub;
import static org.gevent4j.server.ServerTesting.ANY_PORT;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;
import org.gevent4j.Hub;
import org.gevent4j.HubGroup;
import org.gevent4j.socket.Socket;
import org.gevent4j.socket.Sockets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Servers on a group of hubs, both ways: a listener per hub (SO_REUSEPORT) and one listener
 * relaying to the hubs. Connections land on every hub, a handler runs on its hub, stop drains all.
 */
@org.junit.jupiter.api.Timeout(60)
class ServerOnHubsTest {
    static boolean relay(String mode) {
        if (mode.equals("reuseport")) org.junit.jupiter.api.Assumptions.assumeTrue(StreamServer.reusePortSupported());
        return mode.equals("relay");
    }

    /** Answers with the index of the handler's hub in the group, then closes. */
    static StreamServer.Handler whichHub(HubGroup group, Map<Hub, AtomicInteger> seen) {
        return (conn, addr) -> {
            Hub h = Hub.current();
            seen.computeIfAbsent(h, k -> new AtomicInteger()).incrementAndGet();
            conn.sendAll(Integer.toString(group.hubs().indexOf(h)).getBytes(StandardCharsets.US_ASCII));
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"reuseport", "relay"})
    void connectionsLandOnEveryHubAndEachHandlerRunsOnAHubOfTheGroup(String mode) {
        boolean relay = relay(mode);
        try (HubGroup group = HubGroup.start("srv", 3)) {
            Map<Hub, AtomicInteger> seen = new ConcurrentHashMap<>();
            realHub(() -> {
                StreamServer server = new StreamServer(ANY_PORT, whichHub(group, seen)).hubs(group);
                server.relayForTesting = relay;
                try (server) {
                    server.start();
                    assertThat(server.started()).isTrue();
                    assertThat(server.address().getPort()).isPositive();
                    assertThat(server.shards()).hasSize(relay ? 0 : 3);
                    int port = server.address().getPort();
                    List<Greenlet<String>> clients = new java.util.ArrayList<>();
                    for (int i = 0; i < 60; i++) {
                        clients.add(Gevent.spawn(() -> {
                            try (Socket c = Sockets.createConnection("127.0.0.1", port)) {
                                return ServerTesting.readAll(c);
                            }
                        }));
                    }
                    Set<String> answers = new java.util.HashSet<>();
                    for (Greenlet<String> c : clients) answers.add(c.get());
                    // 60 connections hashed over 3 listeners miss one with probability 3·(2/3)^60 < 1e-10;
                    // the relay hands them to the least busy hub.
                    assertThat(answers).containsExactlyInAnyOrder("0", "1", "2");
                }
                assertThat(server.started()).isFalse();
            });
            assertThat(seen.keySet()).containsExactlyInAnyOrderElementsOf(group.hubs());
            assertThat(seen.values().stream().mapToInt(AtomicInteger::get).sum()).isEqualTo(60);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"reuseport", "relay"})
    void stopDrainsTheHandlersOfEveryHubThenKillsWhatIsLeft(String mode) {
        boolean relay = relay(mode);
        try (HubGroup group = HubGroup.start("drain", 2)) {
            Map<Hub, AtomicInteger> finished = new ConcurrentHashMap<>();
            Map<Hub, AtomicInteger> killed = new ConcurrentHashMap<>();
            CountDownLatch inHandler = new CountDownLatch(20);
            realHub(() -> {
                StreamServer server = new StreamServer(ANY_PORT, (conn, addr) -> {
                    Hub h = Hub.current();
                    inHandler.countDown();
                    boolean slow = conn.recv(1)[0] == 's';
                    try {
                        Gevent.sleep(Duration.ofMillis(slow ? 60_000 : 300));
                        finished.computeIfAbsent(h, k -> new AtomicInteger()).incrementAndGet();
                        conn.sendAll(new byte[] {'k'});
                    } catch (org.gevent4j.GreenletExit e) {
                        killed.computeIfAbsent(h, k -> new AtomicInteger()).incrementAndGet();
                        throw e;
                    }
                }).hubs(group);
                server.relayForTesting = relay;
                server.start();
                int port = server.address().getPort();
                List<Socket> clients = new java.util.ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    Socket c = Sockets.createConnection("127.0.0.1", port);
                    c.sendAll(new byte[] {(byte) (i % 5 == 0 ? 's' : 'f')}); // 4 slow ones, 16 fast
                    clients.add(c);
                }
                while (inHandler.getCount() > 0) Gevent.sleep(Duration.ofMillis(10));
                long t0 = System.nanoTime();
                server.stop(Duration.ofSeconds(2));
                Duration took = Duration.ofNanos(System.nanoTime() - t0);
                assertThat(took).isBetween(Duration.ofMillis(1500), Duration.ofSeconds(10));
                int answered = 0;
                for (Socket c : clients) {
                    answered += ServerTesting.readAll(c).equals("k") ? 1 : 0;
                    c.close();
                }
                assertThat(answered).as("the fast handlers finished during the drain").isEqualTo(16);
                assertThatThrownBy(() -> Sockets.createConnection("127.0.0.1", port)).isInstanceOf(java.io.IOException.class);
            });
            assertThat(finished.values().stream().mapToInt(AtomicInteger::get).sum()).isEqualTo(16);
            assertThat(killed.values().stream().mapToInt(AtomicInteger::get).sum()).isEqualTo(4);
            assertThat(finished.keySet()).as("handlers ran on both hubs").hasSize(2);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"reuseport", "relay"})
    void datagramsAreHandledOnTheHubsOfTheGroup(String mode) {
        boolean relay = relay(mode);
        try (HubGroup group = HubGroup.start("udp", 2)) {
            Set<Hub> seen = ConcurrentHashMap.newKeySet();
            realHub(() -> {
                DatagramServer[] server = new DatagramServer[1];
                server[0] = new DatagramServer(ANY_PORT, (data, addr) -> {
                    seen.add(Hub.current());
                    server[0].sendTo(data, addr);
                }).hubs(group);
                server[0].relayForTesting = relay;
                try (DatagramServer _ = server[0]) {
                    server[0].start();
                    for (int i = 0; i < 40; i++) {
                        try (Socket c = Socket.udp()) {
                            c.connect(server[0].address());
                            c.setTimeout(Duration.ofSeconds(5));
                            c.send(new byte[] {(byte) i});
                            assertThat(c.recv(10)).containsExactly((byte) i);
                        }
                    }
                }
            });
            assertThat(group.hubs()).containsAll(seen);
            // 40 sockets hashed over 2 listeners miss one with probability 2^-39; the relay picks the
            // least busy hub, which for one datagram at a time is any of them.
            if (!relay) assertThat(seen).hasSize(2);
            assertThat(seen).isNotEmpty();
        }
    }

    @org.junit.jupiter.api.Test
    void aPoolOfTheCallersCannotSpanHubsButSpawnIntGivesEachHubItsOwn() {
        try (HubGroup group = HubGroup.start("pool", 2)) {
            realHub(() -> {
                StreamServer a = new StreamServer(ANY_PORT, (c, addr) -> {}).spawn(new org.gevent4j.pool.Pool(3));
                assertThatThrownBy(() -> a.hubs(group)).isInstanceOf(IllegalStateException.class).hasMessageContaining("spawn(int)");
                StreamServer b = new StreamServer(ANY_PORT, (c, addr) -> {}).hubs(group);
                assertThatThrownBy(() -> b.spawn(new org.gevent4j.pool.Group())).isInstanceOf(IllegalStateException.class);
                StreamServer c = new StreamServer(ANY_PORT, (conn, addr) -> {}).spawn(3).hubs(group);
                assertThat(c.hubs()).isSameAs(group);
            });
        }
    }
}
