package org.gevent4j.resolver;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * A small authoritative DNS server on loopback, for tests: it answers A, AAAA, PTR and CNAME
 * questions from records the test adds, NXDOMAIN for other names, on UDP and TCP on the same port.
 * It runs on platform threads (never a hub), counts the questions it gets, can delay every answer
 * (in parallel: a delayed answer does not hold up the next question), stay silent, or stop.
 *
 * <pre>{@code
 * try (LoopbackDnsServer dns = LoopbackDnsServer.start()) {
 *     dns.a("www.test", "192.0.2.1", "192.0.2.2").aaaa("www.test", "2001:db8::1");
 *     DnsResolver r = new DnsResolver(List.of(dns.address()));
 * }
 * }</pre>
 *
 * UDP answers larger than 512 bytes are truncated (TC set), so clients retry over TCP. Reusable
 * by other tests (an upstream for a caching DNS server, say): it depends on dnsjava only.
 */
public final class LoopbackDnsServer implements AutoCloseable {
    private static final long TTL = 60;

    private final DatagramSocket udp;
    private final ServerSocket tcp;
    private final Map<String, List<Record>> records = new ConcurrentHashMap<>();
    private final List<String> questions = new CopyOnWriteArrayList<>();
    private final List<String> tcpQuestions = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService delayer;
    private final List<Thread> threads = new ArrayList<>();
    private volatile Duration delay = Duration.ZERO;
    private volatile boolean silent;

    private LoopbackDnsServer(DatagramSocket udp, ServerSocket tcp) {
        this.udp = udp;
        this.tcp = tcp;
        this.delayer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon()
                .name("loopback-dns-delayer").unstarted(r));
        threads.add(Thread.ofPlatform().daemon().name("loopback-dns-udp").start(this::serveUdp));
        threads.add(Thread.ofPlatform().daemon().name("loopback-dns-tcp").start(this::serveTcp));
    }

    /** A server on 127.0.0.1, on a free port (the same one for UDP and TCP). */
    public static LoopbackDnsServer start() throws IOException {
        InetAddress lo = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        for (int i = 0; i < 50; i++) {
            DatagramSocket u = new DatagramSocket(new InetSocketAddress(lo, 0));
            try {
                ServerSocket t = new ServerSocket();
                t.bind(new InetSocketAddress(lo, u.getLocalPort()), 64);
                return new LoopbackDnsServer(u, t);
            } catch (IOException taken) {
                u.close();
            }
        }
        throw new IOException("no port free for both UDP and TCP on loopback");
    }

    /** Where to send queries. */
    public InetSocketAddress address() {
        return (InetSocketAddress) udp.getLocalSocketAddress();
    }

    /** Adds A records for {@code name} (relative names are taken as absolute). */
    public LoopbackDnsServer a(String name, String... addresses) {
        for (String a : addresses) add(new ARecord(name(name), DClass.IN, TTL, literal(a)));
        return this;
    }

    /** Adds AAAA records for {@code name}. */
    public LoopbackDnsServer aaaa(String name, String... addresses) {
        for (String a : addresses) add(new AAAARecord(name(name), DClass.IN, TTL, literal(a)));
        return this;
    }

    /** Adds a PTR record: {@code address} is named {@code name}. */
    public LoopbackDnsServer ptr(String address, String name) {
        add(new PTRRecord(ReverseMap.fromAddress(literal(address)), DClass.IN, TTL, name(name)));
        return this;
    }

    /** Adds a CNAME: {@code alias} is another name for {@code target}. */
    public LoopbackDnsServer cname(String alias, String target) {
        add(new CNAMERecord(name(alias), DClass.IN, TTL, name(target)));
        return this;
    }

    /** Every answer is sent this long after its question (default none). */
    public LoopbackDnsServer delay(Duration d) {
        this.delay = d;
        return this;
    }

    /** While silent, questions are counted but never answered. */
    public LoopbackDnsServer silent(boolean s) {
        this.silent = s;
        return this;
    }

    /** Questions received so far, over UDP and TCP, as {@code "name./TYPE"} in arrival order. */
    public List<String> questions() {
        return List.copyOf(questions);
    }

    /** How many questions arrived (UDP and TCP). */
    public int queries() {
        return questions.size();
    }

    /** The questions that came over TCP. */
    public List<String> tcpQuestions() {
        return List.copyOf(tcpQuestions);
    }

    /**
     * A blocking {@link InetAddressResolver} that asks this server (for the
     * {@link ThreadPoolResolver}, whose default, the JDK, would ask the system's servers).
     */
    public InetAddressResolver blockingClient() {
        return new InetAddressResolver() {
            @Override
            public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {
                Name n;
                try {
                    n = Name.fromString(host, Name.root);
                } catch (TextParseException e) {
                    throw new UnknownHostException(host + ": bad name");
                }
                List<InetAddress> out = new ArrayList<>();
                boolean nx = false;
                for (int type : new int[] {Type.A, Type.AAAA}) {
                    if (type == Type.A && (policy.characteristics() & LookupPolicy.IPV4) == 0) continue;
                    if (type == Type.AAAA && (policy.characteristics() & LookupPolicy.IPV6) == 0) continue;
                    Message m = ask(host, Record.newRecord(n, type, DClass.IN));
                    nx |= m.getRcode() == Rcode.NXDOMAIN;
                    for (Record r : m.getSection(Section.ANSWER)) {
                        if (r instanceof ARecord a) out.add(a.getAddress());
                        if (r instanceof AAAARecord a) out.add(a.getAddress());
                    }
                }
                if (out.isEmpty()) throw new UnknownHostException(host + (nx ? ": no such host (NXDOMAIN)" : ": no records"));
                return out.stream();
            }

            @Override
            public String lookupByAddress(byte[] addr) throws UnknownHostException {
                InetAddress a = InetAddress.getByAddress(addr);
                Message m = ask(a.getHostAddress(), Record.newRecord(ReverseMap.fromAddress(a), Type.PTR, DClass.IN));
                for (Record r : m.getSection(Section.ANSWER)) {
                    if (r instanceof PTRRecord p) return p.getTarget().toString(true);
                }
                throw new UnknownHostException(a.getHostAddress() + ": no PTR record");
            }

            private Message ask(String host, Record question) throws UnknownHostException {
                try (DatagramSocket s = new DatagramSocket()) {
                    s.setSoTimeout(2000);
                    Message q = Message.newQuery(question);
                    byte[] out = q.toWire();
                    s.send(new DatagramPacket(out, out.length, address()));
                    byte[] buf = new byte[65535];
                    while (true) {
                        DatagramPacket p = new DatagramPacket(buf, buf.length);
                        s.receive(p);
                        Message m = new Message(java.util.Arrays.copyOf(buf, p.getLength()));
                        if (m.getHeader().getID() == q.getHeader().getID()) return m;
                    }
                } catch (SocketTimeoutException e) {
                    UnknownHostException u = new UnknownHostException(host + ": DNS lookup timed out");
                    u.initCause(e);
                    throw u;
                } catch (IOException e) {
                    UnknownHostException u = new UnknownHostException(host + ": " + e);
                    u.initCause(e);
                    throw u;
                }
            }

            @Override
            public String toString() {
                return "blocking client of " + LoopbackDnsServer.this;
            }
        };
    }

    /** Stops answering and releases the sockets and threads; waits for the threads to end. */
    @Override
    public void close() {
        udp.close();
        try {
            tcp.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        delayer.shutdownNow();
        try {
            for (Thread t : threads) t.join(5000);
            delayer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "LoopbackDnsServer[" + address() + "]";
    }

    private void serveUdp() {
        byte[] buf = new byte[65535];
        while (!udp.isClosed()) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                udp.receive(p);
            } catch (IOException closed) {
                return;
            }
            byte[] reply = answer(java.util.Arrays.copyOf(buf, p.getLength()), false);
            if (reply == null) continue;
            DatagramPacket out = new DatagramPacket(reply, reply.length, p.getSocketAddress());
            later(() -> {
                try {
                    udp.send(out);
                } catch (IOException ignored) {
                    // the server is closing
                }
            });
        }
    }

    private void serveTcp() {
        while (!tcp.isClosed()) {
            try (Socket s = tcp.accept()) {
                s.setSoTimeout(2000);
                DataInputStream in = new DataInputStream(s.getInputStream());
                byte[] q = new byte[in.readUnsignedShort()];
                in.readFully(q);
                byte[] reply = answer(q, true);
                if (reply == null) continue;
                long ms = delay.toMillis();
                if (ms > 0) Thread.sleep(ms);
                DataOutputStream out = new DataOutputStream(s.getOutputStream());
                out.writeShort(reply.length);
                out.write(reply);
                out.flush();
            } catch (SocketException closed) {
                if (tcp.isClosed()) return;
            } catch (IOException ignored) {
                // a broken client: serve the next one
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void later(Runnable send) {
        long ms = delay.toMillis();
        try {
            if (ms <= 0) send.run();
            else delayer.schedule(send, ms, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // the server is closing
        }
    }

    /** The wire reply to {@code query}, or null to stay silent. */
    private byte[] answer(byte[] wire, boolean overTcp) {
        Message q;
        try {
            q = new Message(wire);
        } catch (IOException garbage) {
            return null;
        }
        Record question = q.getQuestion();
        if (question == null) return null;
        String key = question.getName() + "/" + Type.string(question.getType());
        questions.add(key);
        if (overTcp) tcpQuestions.add(key);
        if (silent) return null;
        Message r = new Message(q.getHeader().getID());
        r.getHeader().setFlag(Flags.QR);
        r.getHeader().setFlag(Flags.AA);
        if (q.getHeader().getFlag(Flags.RD)) r.getHeader().setFlag(Flags.RD);
        r.addRecord(question, Section.QUESTION);
        List<Record> known = records.getOrDefault(key(question.getName()), List.of());
        if (known.isEmpty()) {
            r.getHeader().setRcode(Rcode.NXDOMAIN);
        } else {
            for (Record rec : known) {
                if (rec.getType() == question.getType() || rec.getType() == Type.CNAME) r.addRecord(rec, Section.ANSWER);
            }
        }
        return overTcp ? r.toWire() : r.toWire(512);
    }

    private void add(Record r) {
        records.computeIfAbsent(key(r.getName()), k -> new CopyOnWriteArrayList<>()).add(r);
    }

    private static String key(Name n) {
        return n.toString().toLowerCase(Locale.ROOT);
    }

    private static Name name(String s) {
        try {
            return Name.fromString(s, Name.root);
        } catch (TextParseException e) {
            throw new IllegalArgumentException("bad name: " + s, e);
        }
    }

    private static InetAddress literal(String s) {
        return InetAddress.ofLiteral(s);
    }
}
