package org.gevent4j.bench;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;
import org.gevent4j.resolver.BlockingResolver;
import org.gevent4j.resolver.DnsResolver;
import org.gevent4j.resolver.Resolver;
import org.gevent4j.resolver.ThreadPoolResolver;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Lookups against a DNS server on loopback (a platform thread answering every A question with
 * 192.0.2.1 and every other with an empty NOERROR), for each resolver:
 *
 * <ul>
 *   <li>{@code latency}: one greenlet does N {@code getAllByName} (A + AAAA) in a row; µs per lookup.</li>
 *   <li>{@code concurrent}: 100 greenlets do N/100 lookups each; lookups per second.</li>
 * </ul>
 *
 * The JDK-backed resolvers ask the server through a blocking UDP client (the JDK itself would ask
 * the machine's servers). Usage: {@code ResolverBench [N]} (default 5000); one warm-up round, then
 * the best of 3.
 */
public final class ResolverBench {
    private ResolverBench() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        try (DatagramSocket server = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            Thread.ofPlatform().daemon().name("bench-dns").start(() -> serve(server));
            InetSocketAddress addr = (InetSocketAddress) server.getLocalSocketAddress();
            InetAddressResolver client = blockingClient(addr);
            run("dnsjava", n, () -> DnsResolver.builder().servers(List.of(addr)).noHostsFile().searchPath(List.of())
                    .ndots(1).tries(1).build());
            run("thread", n, () -> new ThreadPoolResolver(null, client));
            run("block", n, () -> new BlockingResolver(client));
        }
    }

    private static void run(String name, int n, Callable<Resolver> make) throws Exception {
        try (Resolver r = make.call()) {
            double bestUs = Double.MAX_VALUE;
            double bestRate = 0;
            for (int round = 0; round < 4; round++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) r.getAllByName("bench.test");
                double us = (System.nanoTime() - t0) / 1e3 / n;
                t0 = System.nanoTime();
                List<Greenlet<Void>> gs = new ArrayList<>();
                for (int g = 0; g < 100; g++) {
                    gs.add(Gevent.spawn(() -> {
                        for (int i = 0; i < n / 100; i++) r.getAllByName("bench.test");
                        return null;
                    }));
                }
                Gevent.joinAll(gs, null, true);
                double rate = (n / 100 * 100) / ((System.nanoTime() - t0) / 1e9);
                if (round > 0) {
                    bestUs = Math.min(bestUs, us);
                    bestRate = Math.max(bestRate, rate);
                }
            }
            System.out.printf("{\"resolver\":\"%s\",\"n\":%d,\"latency_us\":%.1f,\"concurrent_lookups_per_s\":%.0f}%n",
                    name, n, bestUs, bestRate);
        }
    }

    private static void serve(DatagramSocket s) {
        byte[] buf = new byte[65535];
        try {
            while (true) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                s.receive(p);
                Message q = new Message(Arrays.copyOf(buf, p.getLength()));
                Record question = q.getQuestion();
                Message r = new Message(q.getHeader().getID());
                r.getHeader().setFlag(Flags.QR);
                r.addRecord(question, Section.QUESTION);
                if (question.getType() == Type.A) {
                    r.addRecord(new ARecord(question.getName(), DClass.IN, 60, InetAddress.ofLiteral("192.0.2.1")),
                            Section.ANSWER);
                }
                byte[] out = r.toWire();
                s.send(new DatagramPacket(out, out.length, p.getSocketAddress()));
            }
        } catch (IOException closed) {
            // the benchmark is over
        }
    }

    private static InetAddressResolver blockingClient(InetSocketAddress server) {
        return new InetAddressResolver() {
            @Override
            public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {
                List<InetAddress> out = new ArrayList<>();
                for (int type : new int[] {Type.A, Type.AAAA}) {
                    for (Record rec : ask(Record.newRecord(Name.fromConstantString(host + "."), type, DClass.IN))) {
                        if (rec instanceof ARecord a) out.add(a.getAddress());
                    }
                }
                return out.stream();
            }

            @Override
            public String lookupByAddress(byte[] addr) {
                throw new UnsupportedOperationException();
            }

            private List<Record> ask(Record question) throws UnknownHostException {
                try (DatagramSocket s = new DatagramSocket()) {
                    s.setSoTimeout(2000);
                    Message q = Message.newQuery(question);
                    byte[] out = q.toWire();
                    s.send(new DatagramPacket(out, out.length, server));
                    byte[] buf = new byte[65535];
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    s.receive(p);
                    return new Message(Arrays.copyOf(buf, p.getLength())).getSection(Section.ANSWER);
                } catch (SocketTimeoutException e) {
                    throw new UnknownHostException("timed out");
                } catch (IOException e) {
                    throw new UnknownHostException(e.toString());
                }
            }
        };
    }
}
