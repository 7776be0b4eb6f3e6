package org.gevent4j.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gevent4j.TestHubs.realHub;
import static org.gevent4j.server.ServerTesting.ANY_PORT;
import static org.gevent4j.server.ServerTesting.captureErrors;
import static org.gevent4j.server.ServerTesting.connect;
import static org.gevent4j.server.ServerTesting.openFds;
import static org.gevent4j.server.ServerTesting.readAll;
import static org.gevent4j.server.ServerTesting.warmUp;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;
import org.gevent4j.GreenletExit;
import org.gevent4j.event.Event;
import org.gevent4j.pool.Group;
import org.gevent4j.socket.Socket;
import org.gevent4j.socket.Sockets;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * StreamServer: gevent's StreamServer semantics over loopback, server and clients greenlets of one
 * real-time hub. Bounds are generous; orderings come from the hub's FIFO scheduling.
 */
@org.junit.jupiter.api.Timeout(30)
class StreamServerTest {

    static final StreamServer.Handler ECHO = (conn, addr) -> {
        byte[] data;
        while ((data = conn.recv(8192)).length > 0) conn.sendAll(data);
    };

    static String roundTrip(Socket client, String msg) throws IOException {
        client.sendAll(msg.getBytes(UTF_8));
        byte[] back = new byte[msg.length()];
        int got = 0;
        while (got < back.length) {
            int n = client.recvInto(back, got, back.length - got);
            if (n == 0) throw new IOException("end of stream after " + got + " bytes");
            got += n;
        }
        return new String(back, UTF_8);
    }

    @Test
    void servesManyClientsAtOnceEachInItsOwnGreenletOnThePortChosenForPortZero() {
        realHub(() -> {
            try (StreamServer server = new StreamServer(ANY_PORT, ECHO)) {
                assertThat(server.address().getPort()).isZero();
                server.start();
                assertThat(server.started()).isTrue();
                assertThat(server.address().getPort()).isPositive();
                List<Greenlet<String>> clients = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    int n = i;
                    clients.add(Gevent.spawn(() -> {
                        try (Socket c = connect(server)) {
                            StringBuilder b = new StringBuilder();
                            for (int k = 0; k < 5; k++) b.append(roundTrip(c, "c" + n + "m" + k + ";"));
                            return b.toString();
                        }
                    }));
                }
                for (int i = 0; i < 20; i++) {
                    assertThat(clients.get(i).get(Duration.ofSeconds(10))).isEqualTo("c%dm0;c%dm1;c%dm2;c%dm3;c%dm4;".formatted(i, i, i, i, i));
                }
            }
        });
    }

    @Test
    void theConnectionIsClosedWhenTheHandlerReturnsAndTheHandlerGetsThePeersAddress() {
        realHub(() -> {
            List<InetSocketAddress> peers = new CopyOnWriteArrayList<>();
            try (StreamServer server = new StreamServer(ANY_PORT, (conn, addr) -> {
                peers.add(addr);
                conn.sendAll("bye".getBytes(UTF_8));
            })) {
                server.start();
                try (Socket c = connect(server)) {
                    assertThat(readAll(c)).isEqualTo("bye");
                    assertThat(peers).containsExactly(c.localAddress());
                }
            }
        });
    }

    @Test
    void anExceptionFromAHandlerIsReportedItsConnectionClosedAndTheServerServesOn() {
        realHub(() -> {
            List<Throwable> errors = captureErrors();
            try (StreamServer server = new StreamServer(ANY_PORT, (conn, addr) -> {
                byte[] cmd = conn.recv(100);
                if (new String(cmd, UTF_8).equals("boom")) throw new IllegalStateException("handler failed on purpose");
                conn.sendAll(cmd);
            })) {
                server.start();
                try (Socket bad = connect(server)) {
                    bad.sendAll("boom".getBytes(UTF_8));
                    assertThat(readAll(bad)).isEmpty();
                }
                try (Socket good = connect(server)) {
                    assertThat(roundTrip(good, "fine")).isEqualTo("fine");
                }
            }
            assertThat(errors).singleElement().satisfies(e -> assertThat(e).isInstanceOf(IllegalStateException.class)
                    .hasMessage("handler failed on purpose"));
        });
    }

    @Test
    void whileThePoolIsFullNoConnectionIsAcceptedAndAcceptingResumesWhenASlotFrees() {
        realHub(() -> {
            Event release = new Event();
            AtomicInteger entered = new AtomicInteger();
            try (StreamServer server = new StreamServer(ANY_PORT, (conn, addr) -> {
                entered.incrementAndGet();
                release.await();
                conn.sendAll("done".getBytes(UTF_8));
            }).spawn(2)) {
                server.start();
                List<Socket> clients = new ArrayList<>();
                for (int i = 0; i < 5; i++) clients.add(connect(server)); // the kernel completes them: backlog
                Gevent.sleep(Duration.ofMillis(100));
                assertThat(entered.get()).isEqualTo(2);
                assertThat(server.pool().size()).isEqualTo(2);
                release.set();
                for (Socket c : clients) {
                    assertThat(readAll(c)).isEqualTo("done");
                    c.close();
                }
                assertThat(entered.get()).isEqualTo(5);
            }
        });
    }

    @Test
    void theDefaultBacklogHoldsTwoHundredConnectsMadeWhileTheServerCannotAccept() throws Exception {
        // readAllLines, not readString: the JDK reads a /proc file short when it trusts its size.
        int somaxconn = Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/net/core/somaxconn")).get(0).strip());
        Assumptions.assumeTrue(somaxconn >= 256, "the kernel caps every backlog at " + somaxconn);
        realHub(() -> {
            AtomicInteger handled = new AtomicInteger();
            List<java.net.Socket> clients = new ArrayList<>();
            try (StreamServer server = new StreamServer(ANY_PORT, (conn, addr) -> handled.incrementAndGet())) {
                server.start();
                // Plain JDK sockets on the hub's own thread: the hub cannot run, so nothing accepts
                // and only the kernel's queue holds the connections. A connect beyond the backlog has
                // its SYN dropped and retries after 1 s (then 2 s more), far past the bound below.
                long start = System.nanoTime();
                for (int i = 0; i < 200; i++) {
                    java.net.Socket c = new java.net.Socket();
                    clients.add(c);
                    try {
                        c.connect(server.address(), 3000);
                    } catch (SocketTimeoutException e) {
                        throw new AssertionError("connect " + (i + 1) + " of 200 found the backlog full", e);
                    }
                }
                long connecting = (System.nanoTime() - start) / 1_000_000;
                assertThat(connecting).as("200 connects on loopback, ms").isLessThan(900);
                long until = System.nanoTime() + 5_000_000_000L;
                while (handled.get() < 200 && System.nanoTime() < until) Gevent.sleep(0.01);
                assertThat(handled.get()).as("connections accepted and handled").isEqualTo(200);
            } finally {
                for (java.net.Socket c : clients) c.close();
            }
        });
    }

    /** Handlers record how many handlers had been spawned when the first one ran. */
    private static int spawnedBeforeFirstHandlerRuns(Integer maxAccept) throws Exception {
        Socket listener = Sockets.createServer(ANY_PORT);
        List<Socket> clients = new ArrayList<>();
        for (int i = 0; i < 3; i++) clients.add(Sockets.createConnection("127.0.0.1", listener.localAddress().getPort()));
        Group group = new Group();
        List<Integer> seen = new CopyOnWriteArrayList<>();
        StreamServer server = new StreamServer(listener, (conn, addr) -> seen.add(group.size())).spawn(group);
        if (maxAccept != null) server.maxAccept(maxAccept);
        try (server) {
            server.start();
            for (Socket c : clients) {
                assertThat(readAll(c)).isEmpty();
                c.close();
            }
        }
        return seen.getFirst();
    }

    @Test
    void maxAcceptBoundsHowManyPendingConnectionsAreAcceptedBeforeTheirHandlersRun() {
        realHub(() -> {
            assertThat(spawnedBeforeFirstHandlerRuns(null)).as("default max_accept 100").isEqualTo(3);
            assertThat(spawnedBeforeFirstHandlerRuns(1)).as("max_accept 1").isEqualTo(1);
        });
    }

    @Test
    void stopClosesTheListenerLetsHandlersFinishForTheTimeoutThenKillsTheRest() {
        realHub(() -> {
            List<String> log = new CopyOnWriteArrayList<>();
            StreamServer server = new StreamServer(ANY_PORT, (conn, addr) -> {
                String kind = new String(conn.recv(10), UTF_8);
                try {
                    Gevent.sleep(kind.equals("quick") ? Duration.ofMillis(50) : Duration.ofSeconds(60));
                    log.add(kind + " finished");
                } catch (GreenletExit e) {
                    log.add(kind + " killed");
                    throw e;
                }
            });
            server.start();
            int port = server.address().getPort();
            Socket quick = connect(server), slow = connect(server);
            quick.sendAll("quick".getBytes(UTF_8));
            slow.sendAll("slow".getBytes(UTF_8));
            Gevent.sleep(Duration.ofMillis(20));
            long t0 = System.nanoTime();
            server.stop(Duration.ofMillis(300));
            long tookMs = (System.nanoTime() - t0) / 1_000_000;
            assertThat(log).containsExactly("quick finished", "slow killed");
            assertThat(tookMs).isBetween(250L, 5_000L);
            assertThat(server.started()).isFalse();
            assertThat(server.closed()).isTrue();
            assertThat(readAll(quick)).isEmpty();
            assertThat(readAll(slow)).isEmpty();
            assertThatThrownBy(() -> Sockets.createConnection("127.0.0.1", port)).isInstanceOf(ConnectException.class);
            quick.close();
            slow.close();
        });
    }

    @Test
    void serveForeverBlocksUntilAHandlerStopsTheServerThenDrainsTheOthers() {
        realHub(() -> {
            List<String> log = new CopyOnWriteArrayList<>();
            StreamServer[] server = new StreamServer[1];
            server[0] = new StreamServer(ANY_PORT, (conn, addr) -> {
                String cmd = new String(conn.recv(10), UTF_8);
                if (cmd.equals("quit")) {
                    server[0].stop();
                    log.add("stop returned");
                } else {
                    Gevent.sleep(Duration.ofMillis(100));
                    conn.sendAll("ok".getBytes(UTF_8));
                    log.add("other handler done");
                }
            });
            server[0].start();
            Greenlet<Void> clients = Gevent.spawn(() -> {
                try (Socket other = connect(server[0]); Socket quit = connect(server[0])) {
                    other.sendAll("work".getBytes(UTF_8));
                    Gevent.sleep(Duration.ofMillis(10));
                    quit.sendAll("quit".getBytes(UTF_8));
                    log.add("client got " + readAll(other));
                }
            });
            server[0].serveForever();
            log.add("serveForever returned");
            clients.get(Duration.ofSeconds(5));
            assertThat(log).containsSubsequence("stop returned", "other handler done", "serveForever returned");
            assertThat(log).contains("client got ok");
        });
    }

    @Test
    void tryWithResourcesStopsTheServerAndKillsAClientThatNeverSends() {
        realHub(() -> {
            warmUp();
            int before = openFds();
            List<String> log = new CopyOnWriteArrayList<>();
            Socket idle;
            try (StreamServer server = new StreamServer(ANY_PORT, (conn, addr) -> {
                try {
                    conn.recv(10);
                    log.add("got data?!");
                } catch (GreenletExit e) {
                    log.add("killed while waiting");
                    throw e;
                }
            }).stopTimeout(Duration.ofMillis(50))) {
                server.start();
                idle = connect(server);
                Gevent.sleep(Duration.ofMillis(20));
            }
            assertThat(log).containsExactly("killed while waiting");
            assertThat(readAll(idle)).isEmpty();
            idle.close();
            assertThat(openFds()).isEqualTo(before);
        });
    }

    @Test
    void aResetConnectionFailsOnlyItsHandlerAndAHalfClosedPeerStillGetsItsAnswer() {
        realHub(() -> {
            List<Throwable> errors = captureErrors();
            try (StreamServer server = new StreamServer(ANY_PORT, (conn, addr) -> {
                String all = readAll(conn); // to end of stream (half close) or a reset
                Gevent.sleep(Duration.ofMillis(20));
                conn.sendAll(("got " + all).getBytes(UTF_8));
            })) {
                server.start();
                Socket rude = connect(server);
                rude.setOption(StandardSocketOptions.SO_LINGER, 0);
                rude.sendAll("x".getBytes(UTF_8));
                Gevent.sleep(Duration.ofMillis(10));
                rude.close(); // RST
                try (Socket polite = connect(server)) {
                    polite.sendAll("question".getBytes(UTF_8));
                    polite.shutdown(Socket.SHUT_WR);
                    assertThat(readAll(polite)).isEqualTo("got question");
                }
            }
            assertThat(errors).singleElement().satisfies(e -> assertThat(e).isInstanceOf(SocketException.class)
                    .hasMessageContaining("reset"));
        });
    }

    @Test
    void aPeerThatVanishesMidWriteFailsItsHandlerWithAnIOExceptionAndLeaksNothing() {
        realHub(() -> {
            warmUp();
            int before = openFds();
            List<Throwable> errors = captureErrors();
            byte[] big = new byte[16 << 20];
            try (StreamServer server = new StreamServer(ANY_PORT, (conn, addr) -> {
                if (conn.recv(1)[0] == 'w') conn.sendAll(big);
                else conn.sendAll("pong".getBytes(UTF_8));
            })) {
                server.start();
                Socket vanishing = connect(server);
                vanishing.sendAll("w".getBytes(UTF_8));
                vanishing.recv(1000); // the write is under way
                vanishing.setOption(StandardSocketOptions.SO_LINGER, 0);
                vanishing.close();
                Gevent.sleep(Duration.ofMillis(50));
                try (Socket next = connect(server)) {
                    next.sendAll("p".getBytes(UTF_8));
                    assertThat(readAll(next)).isEqualTo("pong");
                }
            }
            assertThat(errors).singleElement().isInstanceOf(IOException.class);
            assertThat(openFds()).isEqualTo(before);
        });
    }

    @Test
    void aServerGivenAListeningSocketUsesItAndRejectsOtherSockets() {
        realHub(() -> {
            Socket listener = Sockets.createServer(ANY_PORT);
            try (StreamServer server = new StreamServer(listener, ECHO)) {
                assertThat(server.address()).isEqualTo(listener.localAddress());
                assertThatThrownBy(() -> server.backlog(10)).isInstanceOf(IllegalStateException.class);
                server.start();
                try (Socket c = connect(server)) {
                    assertThat(roundTrip(c, "hi")).isEqualTo("hi");
                }
            }
            assertThat(listener.isClosed()).isTrue();
            try (Socket unconnected = Socket.tcp()) {
                assertThatThrownBy(() -> new StreamServer(unconnected, ECHO)).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("listening TCP socket");
            }
        });
    }

    @Test
    void configurationAfterStartAndASecondStartAreRefused() {
        realHub(() -> {
            try (StreamServer server = new StreamServer(ANY_PORT, ECHO)) {
                server.start();
                assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("already started");
                assertThatThrownBy(() -> server.spawn(3)).isInstanceOf(IllegalStateException.class);
                assertThatThrownBy(() -> server.maxAccept(3)).isInstanceOf(IllegalStateException.class);
            }
            assertThatThrownBy(() -> new StreamServer(ANY_PORT, ECHO).maxAccept(0)).isInstanceOf(IllegalArgumentException.class);
        });
    }

    @Test
    void bindingAnAddressInUseFailsAtStartNamingTheAddress() {
        realHub(() -> {
            try (StreamServer first = new StreamServer(ANY_PORT, ECHO)) {
                first.start();
                StreamServer second = new StreamServer(first.address(), ECHO);
                assertThatThrownBy(second::start).isInstanceOf(java.net.BindException.class)
                        .hasMessageContaining(String.valueOf(first.address().getPort()));
                assertThat(second.started()).isFalse();
            }
        });
    }

    @Test
    void aFullCycleOfManyConnectionsLeaksNoFileDescriptor() {
        realHub(() -> {
            warmUp();
            int before = openFds();
            try (StreamServer server = new StreamServer(ANY_PORT, ECHO).spawn(8)) {
                server.start();
                List<Greenlet<String>> clients = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    clients.add(Gevent.spawn(() -> {
                        try (Socket c = connect(server)) {
                            return roundTrip(c, "x");
                        }
                    }));
                }
                for (Greenlet<String> g : clients) assertThat(g.get(Duration.ofSeconds(10))).isEqualTo("x");
            }
            assertThat(openFds()).isEqualTo(before);
        });
    }
}
