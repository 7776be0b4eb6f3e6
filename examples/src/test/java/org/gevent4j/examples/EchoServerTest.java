package org.gevent4j.examples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.net.BindException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EchoServerTest {
    /** The accept loop on a platform thread of its own, which is then its hub's main greenlet. */
    private org.gevent4j.socket.Socket listener;
    private Thread hub;
    private final AtomicReference<Throwable> serverError = new AtomicReference<>();

    @BeforeEach
    void startServer() throws IOException {
        listener = EchoServer.listen("127.0.0.1", 0);
        hub = Thread.ofPlatform().name("echo-hub").start(() -> {
            try {
                EchoServer.acceptLoop(listener);
            } catch (Throwable e) {
                serverError.set(e);
            }
        });
    }

    @AfterEach
    void stopServer() throws Exception {
        listener.close();
        hub.join(5_000);
        assertThat(hub.isAlive()).as("the accept loop ends when its socket is closed").isFalse();
        assertThat(serverError.get()).isNull();
    }

    private int port() throws IOException {
        return listener.localAddress().getPort();
    }

    /** The tutorial's program: 500 client threads (3 messages each here) against the one-thread server. */
    @Test
    void fiveHundredClientThreadsEachGetTheirMessagesBackUpperCasedInOrder() throws Exception {
        ExampleRun.Output run = ExampleRun.realTime(EchoClient::main, String.valueOf(port()), "500", "3");

        List<String> expected = IntStream.rangeClosed(1, 500).boxed()
                .flatMap(n -> IntStream.range(0, 3).mapToObj(k -> "THREAD-" + n + " SAY HELLO " + k))
                .toList();
        assertThat(run.lines()).hasSize(1500).containsExactlyInAnyOrderElementsOf(expected);
        Map<String, List<String>> byThread = run.lines().stream()
                .collect(Collectors.groupingBy(l -> l.substring(0, l.indexOf(' ')), HashMap::new, Collectors.toList()));
        assertThat(byThread).hasSize(500);
        byThread.forEach((thread, lines) -> assertThat(lines).as(thread)
                .containsExactly(thread + " SAY HELLO 0", thread + " SAY HELLO 1", thread + " SAY HELLO 2"));
        assertThat(run.err()).isEmpty();
    }

    /** One thread serves 500 open connections at once: answering the last one first proves it. */
    @Test
    void servesFiveHundredOpenConnectionsInAnyOrder() throws Exception {
        List<Socket> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 500; i++) clients.add(new Socket("127.0.0.1", port()));
            for (int i = clients.size() - 1; i >= 0; i--) {
                assertThat(roundTrip(clients.get(i), "client " + i)).isEqualTo("CLIENT " + i);
            }
        } finally {
            for (Socket c : clients) c.close();
        }
    }

    @Test
    void upperCasesAsciiOnlyAndEchoesMessagesLongerThanOneReceive() throws Exception {
        String big = "abc-xyz_0123 ".repeat(400); // 5,200 bytes: several recv(1024)
        try (Socket c = new Socket("127.0.0.1", port())) {
            assertThat(roundTrip(c, "héllo wörld")).as("bytes.upper(): ASCII only").isEqualTo("HéLLO WöRLD");
            assertThat(roundTrip(c, big)).isEqualTo(big.toUpperCase());
        }
    }

    /** The tutorial's {@code except ConnectionResetError: break}: one reset ends that connection only. */
    @Test
    void aResetConnectionEndsOnlyItself() throws Exception {
        try (Socket other = new Socket("127.0.0.1", port())) {
            Socket reset = new Socket("127.0.0.1", port());
            assertThat(roundTrip(reset, "bye")).isEqualTo("BYE");
            reset.setSoLinger(true, 0); // close() sends RST
            reset.close();
            assertThat(roundTrip(other, "still there")).isEqualTo("STILL THERE");
            try (Socket next = new Socket("127.0.0.1", port())) {
                assertThat(roundTrip(next, "next")).isEqualTo("NEXT");
            }
        }
    }

    @Test
    void closesEveryConnectionItAcceptedOnceItsClientHasGone() throws Exception {
        try (Socket first = new Socket("127.0.0.1", port())) {
            roundTrip(first, "the hub's selector is open from here on");
        }
        int before = settledFds(Integer.MAX_VALUE);
        List<Socket> clients = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Socket c = new Socket("127.0.0.1", port());
            clients.add(c);
            roundTrip(c, "x");
        }
        assertThat(openFds()).isGreaterThanOrEqualTo(before + 40); // 20 client and 20 server sockets
        for (Socket c : clients) c.close();

        assertThat(settledFds(before)).as("every accepted socket closed").isEqualTo(before);
    }

    /** The count of open descriptors once it is at most {@code target}, or after 5 s. */
    private static int settledFds(int target) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        int n = openFds(), last = -1;
        while (System.nanoTime() < deadline && (n > target || (target == Integer.MAX_VALUE && n != last))) {
            Thread.sleep(50);
            last = n;
            n = openFds();
        }
        return n;
    }

    @Test
    void mainFailsClearlyWhenItsPortIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> ExampleRun.realTime(EchoServer::main, String.valueOf(taken.getLocalPort())))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("the server failed")
                    .hasCauseInstanceOf(BindException.class);
        }
    }

    @Test
    void theDemoRunsTheServerAndThreeClientsInOneProgram() {
        ExampleRun.Output run = ExampleRun.realTime(EchoServer::main, "--demo");

        assertThat(run.lines()).containsExactlyInAnyOrder(
                "THREAD-1 SAY HELLO 0", "THREAD-1 SAY HELLO 1",
                "THREAD-2 SAY HELLO 0", "THREAD-2 SAY HELLO 1",
                "THREAD-3 SAY HELLO 0", "THREAD-3 SAY HELLO 1");
        assertThat(run.err()).isEmpty();
    }

    private static String roundTrip(Socket c, String msg) throws IOException {
        byte[] out = msg.getBytes(UTF_8);
        c.getOutputStream().write(out);
        byte[] back = c.getInputStream().readNBytes(out.length);
        return new String(back, UTF_8);
    }

    private static int openFds() {
        String[] fds = new File("/proc/self/fd").list();
        return fds == null ? -1 : fds.length;
    }

    /** {@code EchoServer PORT HUBS}: a listener per hub on one port; every connection is echoed, whichever hub the kernel picks. */
    @Test
    void onTwoHubsEveryConnectionIsEchoedUpperCased() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(org.gevent4j.server.StreamServer.reusePortSupported());
        org.gevent4j.socket.Socket first = EchoServer.listen("127.0.0.1", 0, true);
        org.gevent4j.socket.Socket second = EchoServer.listen("127.0.0.1", first.localAddress().getPort(), true);
        int port = first.localAddress().getPort();
        AtomicReference<Throwable> error = new AtomicReference<>();
        Thread main = Thread.ofPlatform().start(() -> {
            try {
                org.gevent4j.Gevent.run(() -> EchoServer.acceptOnHubs(List.of(first, second)));
            } catch (Throwable e) {
                error.set(e);
            }
        });
        try {
            for (int i = 0; i < 50; i++) {
                try (Socket c = new Socket("127.0.0.1", port)) {
                    c.getOutputStream().write(("msg" + i).getBytes(UTF_8));
                    assertThat(new String(c.getInputStream().readNBytes(("msg" + i).length()), UTF_8)).isEqualTo("MSG" + i);
                }
            }
        } finally {
            first.close();
            second.close();
            main.join(10_000);
        }
        assertThat(main.isAlive()).as("the program ends when its listeners close").isFalse();
        assertThat(error.get()).isNull();
    }

    @Test
    void aHubCountMustBePositive() {
        assertThatThrownBy(() -> EchoServer.hubsArgument(new String[] {"8090", "0"}, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("argument 2");
        assertThatThrownBy(() -> EchoServer.hubsArgument(new String[] {"8090", "two"}, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(EchoServer.hubsArgument(new String[] {"8090", "2"}, 1)).isEqualTo(2);
    }
}
