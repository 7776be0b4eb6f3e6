package org.gevent4j.examples;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;
import org.gevent4j.Hub;
import org.gevent4j.event.Event;
import org.gevent4j.socket.Socket;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A caching DNS server on one UDP socket: a query it has an answer for is answered from its
 * cache; any other is forwarded to an upstream server, and the greenlet handling it waits on an
 * {@link Event} (with a timeout) until the answer comes back on the same socket.
 *
 * <p>From tutorial 004 ("share: 进程 线程 协程 异步"), section "初识gevent", the closing program
 * ("a DNS server with a cache that I wrote with gevent"):
 * {@snippet lang=python :
 * import gevent
 * import dnslib
 * from gevent import socket
 * from gevent import event
 *
 * rev=socket.socket(socket.AF_INET,socket.SOCK_DGRAM)
 * rev.bind(('',53))
 * ip=[]
 * cur=0
 *
 * def preload():
 *     for i in open('ip'):
 *         ip.append(i)
 *     print "load "+str(len(ip))+" ip"
 *
 * def send_request(data):
 *     global cur
 *     ret=rev.sendto(data,(ip[cur],53))
 *     cur=(cur+1)%len(ip)
 *
 * class Cache:
 *     def __init__(self):
 *         self.c={}
 *     def get(self,key):
 *         return self.c.get(key,None)
 *     def set(self,key,value):
 *         self.c[key]=value
 *     def remove(self,key):
 *         self.c.pop(key,None)
 *
 * cache=Cache()
 *
 * def handle_request(s,data,addr):
 *     req=dnslib.DNSRecord.parse(data)
 *     qname=str(req.q.qname)
 *     qid=req.header.id
 *     ret=cache.get(qname)
 *     if ret:
 *         ret=dnslib.DNSRecord.parse(ret)
 *         ret.header.id=qid;
 *         s.sendto(ret.pack(),addr)
 *     else:
 *         e=event.Event()
 *         cache.set(qname+"e",e)
 *         send_request(data)
 *         e.wait(60)
 *         tmp=cache.get(qname)
 *         if tmp:
 *             tmp=dnslib.DNSRecord.parse(tmp)
 *             tmp.header.id=qid;
 *             s.sendto(tmp.pack(),addr)
 *
 * def handle_response(data):
 *     req=dnslib.DNSRecord.parse(data)
 *     qname=str(req.q.qname)
 *     print qname
 *     cache.set(qname,data)
 *     e=cache.get(qname+"e")
 *     cache.remove(qname+"e")
 *     if e:
 *         e.set()
 *         e.clear()
 *
 * def handler(s,data,addr):
 *     req=dnslib.DNSRecord.parse(data)
 *     if req.header.qr:
 *         handle_response(data)
 *     else:
 *         handle_request(s,data,addr)
 *
 * def main():
 *     preload()
 *     while True:
 *         data,addr=rev.recvfrom(8192)
 *         gevent.spawn(handler,rev,data,addr)
 * }
 * dnslib's {@code DNSRecord} is dnsjava's {@link Message}. It prints {@code load N ip}, then the
 * name of every answer that comes back from upstream ({@code example.com.}).
 *
 * <p>Where it differs from the tutorial:
 * <ul>
 * <li>The port is an argument, not 53 (which needs root), and it binds 127.0.0.1, not every
 *     address. The upstream servers (the tutorial's {@code ip} file, one address per line) are an
 *     argument too: {@code host[:port]} entries separated by commas, or {@code @file} for the
 *     tutorial's file; the port defaults to 53.</li>
 * <li>The cache key is the question's name <em>and type</em> (the tutorial's is the name only, so it
 *     would answer an {@code AAAA} query with a cached {@code A} answer).</li>
 * <li>A query for a name already being fetched waits on the same {@link Event} instead of
 *     replacing it (in the tutorial the earlier waiter would then wait its full 60 s and answer
 *     nothing), and a waiter that times out removes its event, so the next query forwards again.
 *     How long a query waits is an argument (default 60 s, as in the tutorial).</li>
 * <li>The receiving loop ends when the socket is closed.</li>
 * <li>The tutorial's {@code Cache} class is an interface, {@link Cache}, for the answers: a
 *     {@code HashMap} here ({@link DictCache}), Redis in {@link DnsCacheServerRedis} (the tutorial
 *     author's other version).</li>
 * </ul>
 * As in the tutorial, entries never expire (TTLs are ignored) and any packet with the response flag
 * is taken as an upstream answer.
 *
 * <p>Run: {@code ./gevent4j run DnsCacheServer port upstreams [waitSeconds]}, e.g.
 * {@code ./gevent4j run DnsCacheServer 5353 1.1.1.1,8.8.8.8} then
 * {@code dig @127.0.0.1 -p 5353 example.com}; or {@code ./gevent4j run DnsCacheServer --demo}, which
 * runs it against a stand-in upstream server on loopback and queries it three times.
 */
public final class DnsCacheServer {
    private final Socket rev;
    private final List<InetSocketAddress> ip;
    private final Duration wait;
    private int cur;
    /** The tutorial's {@code Cache}: answers by key; the events of fetches in flight are in {@link #pending}. */
    private final Cache cache;
    private final Map<String, Event> pending = new HashMap<>();

    /**
     * The tutorial's {@code Cache} class, for the answers: its author's first version keeps them in a
     * dict ({@link DictCache}), the other one "with Redis for persistence"
     * ({@link DnsCacheServerRedis.RedisCache}). {@code get} and {@code set} may block (a Redis
     * round trip parks only the greenlet handling that datagram).
     */
    interface Cache {
        /** The answer stored under {@code key}, or {@code null}. */
        byte[] get(String key) throws IOException;

        void set(String key, byte[] value) throws IOException;
    }

    /** The tutorial's dict: answers in a {@code HashMap}, gone when the server stops. */
    static final class DictCache implements Cache {
        private final Map<String, byte[]> c = new HashMap<>();

        @Override
        public byte[] get(String key) {
            return c.get(key);
        }

        @Override
        public void set(String key, byte[] value) {
            c.put(key, value);
        }
    }

    DnsCacheServer(Socket rev, List<InetSocketAddress> upstreams, Duration wait) {
        this(rev, upstreams, wait, new DictCache());
    }

    DnsCacheServer(Socket rev, List<InetSocketAddress> upstreams, Duration wait, Cache cache) {
        if (upstreams.isEmpty()) throw new IllegalArgumentException("no upstream DNS server");
        this.rev = rev;
        this.ip = List.copyOf(upstreams);
        this.wait = wait;
        this.cache = cache;
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && args[0].equals("--demo")) {
            demo();
            return;
        }
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: DnsCacheServer port upstreams [waitSeconds] (upstreams: "
                    + "host[:port],... or @file with one per line), or DnsCacheServer --demo");
        }
        int port = (int) Args.integer(args, 0, 53);
        Duration wait = Args.duration(Args.seconds(args, 2, 60));
        List<InetSocketAddress> upstreams = preload(args[1]);
        try (Socket rev = Socket.udp()) {
            rev.bind("127.0.0.1", port);
            new DnsCacheServer(rev, upstreams, wait).serve();
        }
    }

    /** The tutorial's {@code preload()}: the upstream servers, from a list or {@code @file}. */
    static List<InetSocketAddress> preload(String spec) throws IOException {
        List<String> entries = spec.startsWith("@")
                ? Files.readAllLines(Path.of(spec.substring(1)), UTF_8)
                : List.of(spec.split(","));
        List<InetSocketAddress> ip = new ArrayList<>();
        for (String e : entries) {
            e = e.strip();
            if (e.isEmpty() || e.startsWith("#")) continue;
            int colon = e.lastIndexOf(':');
            boolean hasPort = colon > 0 && e.indexOf(':') == colon; // an IPv6 literal has several
            String host = hasPort ? e.substring(0, colon) : e;
            int port = hasPort ? Integer.parseInt(e.substring(colon + 1)) : 53;
            ip.add(new InetSocketAddress(Hub.current().resolver().getByName(host), port)); // no DNS on the hub thread
        }
        System.out.println("load " + ip.size() + " ip");
        return ip;
    }

    /** The tutorial's {@code main()} loop: one greenlet per datagram, until the socket is closed. */
    void serve() throws IOException {
        while (true) {
            Socket.Datagram d;
            try {
                d = rev.recvFrom(8192);
            } catch (SocketException e) {
                if (rev.isClosed()) return;
                throw e;
            }
            Gevent.spawn(() -> handler(d.data(), d.address()));
        }
    }

    private void handler(byte[] data, InetSocketAddress addr) throws IOException {
        Message req = new Message(data);
        if (req.getHeader().getFlag(Flags.QR)) {
            handleResponse(req, data);
        } else {
            handleRequest(req, data, addr);
        }
    }

    private static String key(Message m) {
        Record q = m.getQuestion();
        return q.getName() + " " + Type.string(q.getType());
    }

    private void handleRequest(Message req, byte[] data, InetSocketAddress addr) throws IOException {
        String key = key(req);
        int qid = req.getHeader().getID();
        byte[] ret = cache.get(key);
        if (ret == null) {
            Event e = pending.get(key);
            if (e == null) {
                e = new Event();
                pending.put(key, e);
                sendRequest(data);
            }
            if (!e.await(wait)) {
                pending.remove(key, e);
                return;
            }
            ret = cache.get(key);
            if (ret == null) return;
        }
        Message answer = new Message(ret);
        answer.getHeader().setID(qid);
        rev.sendTo(answer.toWire(), addr);
    }

    private void sendRequest(byte[] data) throws IOException {
        rev.sendTo(data, ip.get(cur));
        cur = (cur + 1) % ip.size();
    }

    private void handleResponse(Message resp, byte[] data) throws IOException {
        System.out.println(resp.getQuestion().getName());
        String key = key(resp);
        cache.set(key, data);
        Event e = pending.remove(key);
        if (e != null) {
            e.set();
            e.clear();
        }
    }

    // ---- the demo: a stand-in upstream server and a client, all on this hub ----------------

    /** The address every name has, in the stand-in upstream's answers (TEST-NET-1). */
    static final String DEMO_ADDRESS = "192.0.2.1";

    /**
     * Runs the server on loopback against a stand-in upstream (a greenlet answering every
     * {@code A} query with {@value #DEMO_ADDRESS} after 0.1 s), and queries it for
     * {@code example.com} twice, then {@code gevent.org}: the second answer comes from the cache.
     */
    static void demo() throws Exception {
        try (Socket upstream = Socket.udp()) {
            upstream.bind("127.0.0.1", 0);
            int[] forwarded = {0};
            Greenlet<Void> up = Gevent.spawn(() -> fakeUpstream(upstream, Duration.ofMillis(100), forwarded));
            demoQueries(new DictCache(), upstream, forwarded, 1, List.of("example.com.", "example.com.", "gevent.org."));
            up.kill();
        }
    }

    /**
     * Runs a server with {@code cache} against the stand-in {@code upstream} (whose queries
     * {@code forwarded} counts), sends it one A query per name (ids from {@code firstId}), prints
     * each answer, then stops the server.
     */
    static void demoQueries(Cache cache, Socket upstream, int[] forwarded, int firstId, List<String> names)
            throws Exception {
        try (Socket rev = Socket.udp(); Socket client = Socket.udp()) {
            rev.bind("127.0.0.1", 0);
            client.setTimeout(Duration.ofSeconds(5));
            DnsCacheServer server = new DnsCacheServer(rev,
                    preload("127.0.0.1:" + upstream.localAddress().getPort()), Duration.ofSeconds(5), cache);
            Greenlet<Void> srv = Gevent.spawn(server::serve);
            int id = firstId;
            for (String name : names) {
                Message query = Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, DClass.IN));
                query.getHeader().setID(id++);
                client.sendTo(query.toWire(), rev.localAddress());
                Message answer = new Message(client.recvFrom(8192).data());
                System.out.println("answer " + answer.getHeader().getID() + ": " + name + " A "
                        + ((ARecord) answer.getSection(Section.ANSWER).getFirst()).getAddress().getHostAddress()
                        + " (queries forwarded so far: " + forwarded[0] + ")");
            }
            srv.kill();
        }
    }

    /** A stand-in DNS server: answers every query, after {@code delay}, with {@value #DEMO_ADDRESS}. */
    static void fakeUpstream(Socket s, Duration delay, int[] count) throws IOException {
        while (true) {
            Socket.Datagram d = s.recvFrom(8192);
            count[0]++;
            Gevent.spawn(() -> {
                Gevent.sleep(delay);
                s.sendTo(answer(new Message(d.data()), DEMO_ADDRESS), d.address());
            });
        }
    }

    /** The response to {@code query} with one {@code A} record of {@code address}. */
    static byte[] answer(Message query, String address) throws IOException {
        Message resp = new Message(query.getHeader().getID());
        resp.getHeader().setFlag(Flags.QR);
        resp.getHeader().setFlag(Flags.RA);
        Record q = query.getQuestion();
        resp.addRecord(q, Section.QUESTION);
        resp.addRecord(new ARecord(q.getName(), DClass.IN, 60, InetAddress.getByName(address)), Section.ANSWER);
        return resp.toWire();
    }
}
