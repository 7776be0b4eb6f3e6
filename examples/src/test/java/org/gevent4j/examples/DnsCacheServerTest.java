package org.gevent4j.examples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.gevent4j.socket.Socket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class DnsCacheServerTest {
    private final List<Upstream> upstreams = new ArrayList<>();
    private Socket rev;
    private Thread hub;
    private final AtomicReference<Throwable> serverError = new AtomicReference<>();
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private PrintStream oldOut;

    /**
     * A DNS server on loopback (platform thread, blocking socket) that answers every query with
     * {@code 10.0.0.N} (N = how many it has had) after {@code delay}, or never if delay is null.
     */
    static final class Upstream implements AutoCloseable {
        final DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        final List<String> queries = new CopyOnWriteArrayList<>();
        final Thread thread;

        Upstream(Duration delay) throws IOException {
            thread = Thread.ofPlatform().daemon().start(() -> {
                byte[] buf = new byte[8192];
                while (!socket.isClosed()) {
                    try {
                        DatagramPacket p = new DatagramPacket(buf, buf.length);
                        socket.receive(p);
                        Message q = new Message(java.util.Arrays.copyOf(p.getData(), p.getLength()));
                        queries.add(q.getQuestion().getName() + " " + Type.string(q.getQuestion().getType()));
                        if (delay == null) continue;
                        Thread.sleep(delay);
                        byte[] a = DnsCacheServer.answer(q, "10.0.0." + queries.size());
                        socket.send(new DatagramPacket(a, a.length, p.getSocketAddress()));
                    } catch (IOException | InterruptedException e) {
                        return;
                    }
                }
            });
        }

        String address() {
            return "127.0.0.1:" + socket.getLocalPort();
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    private Upstream upstream(Duration delay) throws IOException {
        Upstream u = new Upstream(delay);
        upstreams.add(u);
        return u;
    }

    /** Starts the server (its receive loop on a platform thread: that thread's hub) for {@code spec}. */
    private int startServer(String spec, Duration wait) throws IOException {
        oldOut = System.out;
        System.setOut(new PrintStream(printed, true, UTF_8));
        List<InetSocketAddress> ip = DnsCacheServer.preload(spec);
        rev = Socket.udp();
        rev.bind("127.0.0.1", 0);
        DnsCacheServer server = new DnsCacheServer(rev, ip, wait);
        hub = Thread.ofPlatform().name("dns-hub").start(() -> {
            try {
                server.serve();
            } catch (Throwable e) {
                serverError.set(e);
            }
        });
        return rev.localAddress().getPort();
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (rev != null) rev.close();
            if (hub != null) {
                hub.join(5_000);
                assertThat(hub.isAlive()).as("the receive loop ends when its socket is closed").isFalse();
            }
            assertThat(serverError.get()).isNull();
        } finally {
            if (oldOut != null) System.setOut(oldOut);
            for (Upstream u : upstreams) u.close();
        }
    }

    private List<String> printedLines() {
        return printed.toString(UTF_8).lines().toList();
    }

    /** Sends an A query for {@code name} with {@code id}; returns the answer's address, or null after {@code timeout}. */
    private static String query(int port, String name, int id, Duration timeout) throws IOException {
        return query(port, name, Type.A, id, timeout);
    }

    private static String query(int port, String name, int type, int id, Duration timeout) throws IOException {
        try (DatagramSocket c = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            c.setSoTimeout((int) timeout.toMillis());
            Message q = Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
            q.getHeader().setID(id);
            byte[] wire = q.toWire();
            c.send(new DatagramPacket(wire, wire.length, InetAddress.getLoopbackAddress(), port));
            byte[] buf = new byte[8192];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                c.receive(p);
            } catch (SocketTimeoutException e) {
                return null;
            }
            Message a = new Message(java.util.Arrays.copyOf(buf, p.getLength()));
            assertThat(a.getHeader().getID()).as("the answer carries the query's id").isEqualTo(id);
            assertThat(a.getQuestion().getName().toString()).isEqualTo(name);
            return ((ARecord) a.getSection(Section.ANSWER).getFirst()).getAddress().getHostAddress();
        }
    }

    @Test
    void forwardsTheFirstQueryAndAnswersRepeatsFromItsCache() throws Exception {
        Upstream up = upstream(Duration.ZERO);
        int port = startServer(up.address(), Duration.ofSeconds(5));

        assertThat(query(port, "example.com.", 1, Duration.ofSeconds(5))).isEqualTo("10.0.0.1");
        assertThat(query(port, "example.com.", 2, Duration.ofSeconds(5))).as("cached").isEqualTo("10.0.0.1");
        assertThat(query(port, "example.com.", 3, Duration.ofSeconds(5))).as("cached").isEqualTo("10.0.0.1");
        assertThat(query(port, "gevent.org.", 4, Duration.ofSeconds(5))).isEqualTo("10.0.0.2");

        assertThat(up.queries).containsExactly("example.com. A", "gevent.org. A");
        assertThat(printedLines()).containsExactly("load 1 ip", "example.com.", "gevent.org.");
    }

    /** Concurrent queries for one name all wait on the one Event of the fetch in flight. */
    @Test
    void concurrentQueriesForOneNameShareOneUpstreamFetch() throws Exception {
        Upstream up = upstream(Duration.ofMillis(300));
        int port = startServer(up.address(), Duration.ofSeconds(5));

        List<String> answers = Collections.synchronizedList(new ArrayList<>());
        List<Thread> clients = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            int id = i;
            clients.add(Thread.ofPlatform().start(() -> {
                try {
                    answers.add(query(port, "slow.example.", id, Duration.ofSeconds(5)));
                } catch (IOException e) {
                    answers.add(e.toString());
                }
            }));
        }
        for (Thread t : clients) t.join();

        assertThat(answers).containsExactly("10.0.0.1", "10.0.0.1", "10.0.0.1", "10.0.0.1", "10.0.0.1");
        assertThat(up.queries).containsExactly("slow.example. A");
    }

    @Test
    void theCacheKeyIsTheNameAndTheType() throws Exception {
        Upstream up = upstream(Duration.ZERO);
        int port = startServer(up.address(), Duration.ofSeconds(5));

        query(port, "example.com.", 1, Duration.ofSeconds(5));
        query(port, "example.com.", Type.MX, 2, Duration.ofSeconds(5));

        assertThat(up.queries).containsExactly("example.com. A", "example.com. MX");
    }

    @Test
    void forwardsToItsUpstreamsInTurn() throws Exception {
        Upstream a = upstream(Duration.ZERO), b = upstream(Duration.ZERO);
        int port = startServer(a.address() + "," + b.address(), Duration.ofSeconds(5));

        for (String name : List.of("one.", "two.", "three.")) query(port, name, 7, Duration.ofSeconds(5));

        assertThat(a.queries).containsExactly("one. A", "three. A");
        assertThat(b.queries).containsExactly("two. A");
        assertThat(printedLines().getFirst()).isEqualTo("load 2 ip");
    }

    /** The Event's timeout: no answer, and the next query for the name is forwarded again. */
    @Test
    void aQueryUpstreamNeverAnswersGetsNoReplyAndIsForwardedAgainNextTime() throws Exception {
        Upstream silent = upstream(null);
        int port = startServer(silent.address(), Duration.ofMillis(200));

        assertThat(query(port, "lost.example.", 1, Duration.ofMillis(600))).isNull();
        assertThat(query(port, "lost.example.", 2, Duration.ofMillis(600))).isNull();

        assertThat(silent.queries).containsExactly("lost.example. A", "lost.example. A");
    }

    /** A datagram that is not DNS fails its own greenlet (reported on stderr, as gevent does) only. */
    @Test
    void aGarbageDatagramFailsOnlyItsOwnHandler() throws Exception {
        Upstream up = upstream(Duration.ZERO);
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, UTF_8));
        try {
            int port = startServer(up.address(), Duration.ofSeconds(5));
            try (DatagramSocket c = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                byte[] junk = "not a DNS message".getBytes(UTF_8);
                c.send(new DatagramPacket(junk, junk.length, InetAddress.getLoopbackAddress(), port));
            }
            assertThat(query(port, "example.com.", 1, Duration.ofSeconds(5))).isEqualTo("10.0.0.1");
        } finally {
            System.setErr(oldErr);
        }
        assertThat(err.toString(UTF_8)).contains("WireParseException");
        assertThat(up.queries).containsExactly("example.com. A");
    }

    @Test
    void readsItsUpstreamsFromAFileLikeTheSeedsIpFile(@TempDir Path dir) throws Exception {
        Path ip = Files.writeString(dir.resolve("ip"), "127.0.0.1:5300\n\n# comment\n::1\n10.1.2.3\n");
        oldOut = System.out;
        System.setOut(new PrintStream(printed, true, UTF_8));

        assertThat(DnsCacheServer.preload("@" + ip)).containsExactly(
                new InetSocketAddress("127.0.0.1", 5300),
                new InetSocketAddress("::1", 53),
                new InetSocketAddress("10.1.2.3", 53));
        assertThat(printedLines()).containsExactly("load 3 ip");
    }

    @Test
    void mainWithoutUpstreamsSaysHowToRunIt() {
        assertThatThrownBy(() -> DnsCacheServer.main(new String[] {"5353"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("usage: DnsCacheServer port upstreams");
    }

    @Test
    void theDemoAnswersTheRepeatFromItsCache() {
        ExampleRun.Output run = ExampleRun.realTime(DnsCacheServer::main, "--demo");

        assertThat(run.lines()).containsExactly(
                "load 1 ip",
                "example.com.",
                "answer 1: example.com. A 192.0.2.1 (queries forwarded so far: 1)",
                "answer 2: example.com. A 192.0.2.1 (queries forwarded so far: 1)",
                "gevent.org.",
                "answer 3: gevent.org. A 192.0.2.1 (queries forwarded so far: 2)");
        assertThat(run.err()).isEmpty();
    }
}
