package org.gevent4j.resolver;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver.LookupPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.gevent4j.event.AsyncResult;
import org.gevent4j.internal.Sneaky;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Cache;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.hosts.HostsFileParser;
import org.xbill.DNS.lookup.LookupResult;
import org.xbill.DNS.lookup.LookupSession;
import org.xbill.DNS.lookup.NoSuchDomainException;
import org.xbill.DNS.lookup.NoSuchRRSetException;

/**
 * An asynchronous DNS client whose sockets live on the hub's own selector: gevent's {@code ares}
 * resolver role, built on <a href="https://github.com/dnsjava/dnsjava">dnsjava</a>
 * ({@code dnsjava:dnsjava}, an optional dependency: add it to use this class; on the module path
 * also {@code --add-modules org.dnsjava} or {@code requires org.dnsjava}).
 *
 * <p>A lookup sends its queries (A and AAAA in parallel for a name) from the calling greenlet and
 * parks; the answers arrive through the hub's selector and the attempt deadlines are hub timers.
 * No thread is started, so a hundred concurrent lookups cost a hundred datagrams and about one
 * round trip, and nothing is left running after {@link #close()}.
 *
 * <p>Resolution: literal addresses are answered at once; {@code localhost} from the hosts file,
 * else the loopback addresses, never from DNS (RFC 6761); other names from the hosts file
 * ({@code /etc/hosts} by default; first address per family), then from the servers, with the
 * search path and {@code ndots} of {@code resolv.conf} as dnsjava's {@link LookupSession} applies
 * them. CNAME chains are followed. Each query tries the servers in order, {@code tries} times
 * round, waiting {@code timeout} for each attempt; a truncated UDP answer is asked again over TCP.
 *
 * <p>Differences from gevent's ares resolver: no EDNS, no DNSSEC; answers are not cached unless
 * {@link Builder#cache(boolean)} (c-ares caches since 1.23; the JDK's resolver keeps its own cache).
 *
 * <pre>{@code
 * try (DnsResolver dns = DnsResolver.builder()
 *         .servers(List.of(new InetSocketAddress("127.0.0.1", 5353)))
 *         .timeout(Duration.ofSeconds(1)).tries(2).build()) {
 *     InetAddress a = dns.getByName("www.example.com");
 * }
 * }</pre>
 */
public final class DnsResolver implements Resolver {
    private final List<InetSocketAddress> servers;
    private final HubTransport transport;
    private final LookupSession session;
    private final HostsFileParser hosts;
    private volatile boolean closed;

    /** Servers, search path and ndots from the system ({@code /etc/resolv.conf}); defaults otherwise. */
    public DnsResolver() {
        this(builder());
    }

    /**
     * Asks {@code servers} (in order); the rest from the system configuration.
     *
     * @param servers the DNS servers' resolved addresses, tried in order; not empty
     */
    public DnsResolver(List<InetSocketAddress> servers) {
        this(builder().servers(servers));
    }

    private DnsResolver(Builder b) {
        ResolverConfig system = b.servers == null || b.searchPath == null || b.ndots < 0
                ? ResolverConfig.getCurrentConfig() : null;
        this.servers = b.servers != null ? b.servers : List.copyOf(system.servers());
        if (servers.isEmpty()) throw new IllegalArgumentException("no DNS server configured");
        this.transport = new HubTransport(servers, b.timeout, b.tries);
        this.hosts = b.useHosts ? (b.hostsFile == null ? new HostsFileParser() : new HostsFileParser(b.hostsFile)) : null;
        LookupSession.LookupSessionBuilder sb = LookupSession.builder()
                .resolver(transport)
                .executor(Runnable::run) // never dnsjava's default, the common ForkJoinPool
                .ndots(b.ndots >= 0 ? b.ndots : system.ndots())
                .searchPath(b.searchPath != null ? b.searchPath : system.searchPath())
                .hostsFileParser(hosts);
        if (b.cache) sb.cache(new Cache(DClass.IN));
        this.session = sb.build();
    }

    /**
     * A builder with the defaults of {@link #DnsResolver()}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The servers this resolver asks, in order.
     *
     * @return the servers, an unmodifiable list
     */
    public List<InetSocketAddress> servers() {
        return servers;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Blocks cooperatively until the A and AAAA answers are in (or the hosts file answered);
     * a {@code kill} or {@code Timeout} abandons the queries (they end by their own deadline).
     *
     * @throws UnknownHostException NXDOMAIN, no address records, no answer within the tries, an
     *     unreachable server (the cause says which)
     * @throws IllegalStateException after {@link #close()}
     */
    @Override
    public List<InetAddress> getAllByName(String host) throws UnknownHostException {
        checkOpen();
        if (Lookups.isEmptyHost(host)) return Lookups.loopback();
        InetAddress lit = Lookups.literal(host);
        if (lit != null) return List.of(lit);
        Name name = parse(host);
        LookupPolicy policy = Lookups.policy();
        if (isLocalhost(name)) return localhost(policy);
        CompletableFuture<Outcome> a = Lookups.wantsV4(policy) ? outcome(session.lookupAsync(name, Type.A)) : Outcome.NONE;
        CompletableFuture<Outcome> aaaa = Lookups.wantsV6(policy) ? outcome(session.lookupAsync(name, Type.AAAA)) : Outcome.NONE;
        List<Outcome> both = await(a.thenCombine(aaaa, List::of));
        List<InetAddress> all = Lookups.ordered(policy, both.get(0).addresses(), both.get(1).addresses());
        if (!all.isEmpty()) return all;
        for (Outcome o : both) { // a real failure says more than "no such name"
            if (o.error != null && !(o.error instanceof NoSuchDomainException) && !(o.error instanceof NoSuchRRSetException)) {
                throw failure(host, o.error);
            }
        }
        for (Outcome o : both) {
            if (o.error instanceof NoSuchDomainException) throw Lookups.unknown(host + ": no such host (NXDOMAIN)", o.error);
        }
        throw new UnknownHostException(host + ": no address (A/AAAA) records");
    }

    /**
     * {@inheritDoc}
     *
     * <p>Asks for the PTR record of {@code address} ({@code in-addr.arpa} / {@code ip6.arpa}) and
     * blocks cooperatively until it is in; a loopback address is {@code "localhost"} without a
     * query. A {@code kill} or {@code Timeout} abandons the query.
     *
     * @throws UnknownHostException no PTR record, no answer within the tries, an unreachable server
     * @throws IllegalStateException after {@link #close()}
     */
    @Override
    public String getHostByAddr(InetAddress address) throws UnknownHostException {
        checkOpen();
        Objects.requireNonNull(address, "address");
        if (address.isLoopbackAddress()) return "localhost";
        Outcome o = await(outcome(session.lookupAsync(ReverseMap.fromAddress(address), Type.PTR)));
        for (Record r : o.records) {
            if (r instanceof PTRRecord p) return p.getTarget().toString(true);
        }
        if (o.error == null || o.error instanceof NoSuchDomainException || o.error instanceof NoSuchRRSetException) {
            throw Lookups.unknown(Lookups.noPtr(address).getMessage(), o.error);
        }
        throw failure(address.getHostAddress(), o.error);
    }

    /**
     * Fails the queries still in flight (their lookups throw {@link UnknownHostException}) and
     * closes their sockets, on their hubs; lookups after it throw {@link IllegalStateException}.
     * Never blocks.
     */
    @Override
    public void close() {
        closed = true;
        transport.close();
    }

    /** Queries sent and not yet answered or timed out (abandoned ones included), for tests. */
    int inflight() {
        return transport.inflight();
    }

    private void checkOpen() {
        if (closed) throw new IllegalStateException("resolver closed: " + this);
    }

    private static Name parse(String host) throws UnknownHostException {
        try {
            return Name.fromString(host);
        } catch (TextParseException e) {
            throw Lookups.unknown(host + ": not a valid host name (" + e.getMessage() + ")", e);
        }
    }

    private static boolean isLocalhost(Name name) {
        String s = name.toString(true).toLowerCase(Locale.ROOT);
        return s.equals("localhost") || s.endsWith(".localhost");
    }

    private List<InetAddress> localhost(LookupPolicy policy) throws UnknownHostException {
        Name abs = LOCALHOST;
        List<InetAddress> v4 = new ArrayList<>(1);
        List<InetAddress> v6 = new ArrayList<>(1);
        if (hosts != null) {
            try {
                hosts.getAddressForHost(abs, Type.A).ifPresent(v4::add);
                hosts.getAddressForHost(abs, Type.AAAA).ifPresent(v6::add);
            } catch (IOException e) {
                // an unreadable hosts file: fall through to the fixed answer
            }
        }
        if (v4.isEmpty() && v6.isEmpty()) {
            v4.add(InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1}));
            v6.add(InetAddress.getByAddress("localhost", new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}));
        }
        List<InetAddress> all = Lookups.ordered(policy, v4, v6);
        return all.isEmpty() ? Lookups.loopback() : all;
    }

    private static final Name LOCALHOST = Name.fromConstantString("localhost.");

    private static UnknownHostException failure(String host, Throwable cause) {
        String why = cause instanceof SocketTimeoutException ? "DNS lookup timed out" : "DNS lookup failed";
        return Lookups.unknown(host + ": " + why + " (" + cause.getMessage() + ")", cause);
    }

    /** Parks until {@code stage} completes. It never fails: outcomes carry their errors. */
    private static <T> T await(CompletionStage<T> stage) {
        return AsyncResult.<T>from(stage).get();
    }

    private static CompletableFuture<Outcome> outcome(CompletionStage<LookupResult> stage) {
        return stage.handle((r, e) -> e == null ? new Outcome(r.getRecords(), null) : new Outcome(List.of(), unwrap(e)))
                .toCompletableFuture();
    }

    private static Throwable unwrap(Throwable e) {
        while (e instanceof CompletionException && e.getCause() != null) e = e.getCause();
        return e;
    }

    /** One query's records, or why there are none. */
    private record Outcome(List<Record> records, Throwable error) {
        static final CompletableFuture<Outcome> NONE = CompletableFuture.completedFuture(new Outcome(List.of(), null));

        List<InetAddress> addresses() {
            List<InetAddress> out = new ArrayList<>(records.size());
            for (Record r : records) {
                if (r instanceof ARecord a) out.add(a.getAddress());
                else if (r instanceof AAAARecord a) out.add(a.getAddress());
            }
            return out;
        }
    }

    @Override
    public String toString() {
        return "DnsResolver" + servers;
    }

    /** Options of a {@link DnsResolver}; unset ones come from the system ({@code resolv.conf}). */
    public static final class Builder {
        private List<InetSocketAddress> servers;
        private Duration timeout = Duration.ofSeconds(5);
        private int tries = 2;
        private List<Name> searchPath;
        private int ndots = -1;
        private boolean useHosts = true;
        private Path hostsFile;
        private boolean cache;

        private Builder() {}

        /**
         * The servers to ask, in order (default: resolv.conf's {@code nameserver}s).
         *
         * @param servers the servers' resolved addresses (not unresolved names), in order; not empty
         * @return this builder
         */
        public Builder servers(List<InetSocketAddress> servers) {
            List<InetSocketAddress> copy = List.copyOf(Sneaky.checkNotNull("servers", servers));
            if (copy.isEmpty()) throw new IllegalArgumentException("servers is empty");
            for (InetSocketAddress s : copy) {
                if (s.isUnresolved()) throw new IllegalArgumentException("server address not resolved: " + s);
            }
            this.servers = copy;
            return this;
        }

        /**
         * How long each attempt waits for an answer (default 5 s, resolv.conf's default).
         *
         * @param timeout the wait for each attempt, positive
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            Sneaky.checkNotNull("timeout", timeout);
            if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout <= 0: " + timeout);
            this.timeout = timeout;
            return this;
        }

        /**
         * How many times each server is tried (default 2, resolv.conf's {@code attempts}).
         *
         * @param tries the attempts per server, 1 or more
         * @return this builder
         */
        public Builder tries(int tries) {
            if (tries < 1) throw new IllegalArgumentException("tries < 1: " + tries);
            this.tries = tries;
            return this;
        }

        /**
         * Domains appended to names with fewer than {@code ndots} dots (default: resolv.conf's).
         *
         * @param domains the search domains, in order, such as {@code "example.com"}; empty for none
         * @return this builder
         */
        public Builder searchPath(List<String> domains) {
            List<Name> names = new ArrayList<>();
            for (String d : Sneaky.checkNotNull("domains", domains)) {
                try {
                    names.add(Name.fromString(d, Name.root));
                } catch (TextParseException e) {
                    throw new IllegalArgumentException("bad search domain: " + d, e);
                }
            }
            this.searchPath = List.copyOf(names);
            return this;
        }

        /**
         * resolv.conf's {@code ndots} (default: resolv.conf's, else 1).
         *
         * @param ndots the fewest dots in a name that is tried as given before the search path, 0 or more
         * @return this builder
         */
        public Builder ndots(int ndots) {
            if (ndots < 0) throw new IllegalArgumentException("ndots < 0: " + ndots);
            this.ndots = ndots;
            return this;
        }

        /**
         * The hosts file consulted before DNS (default: the system's, {@code /etc/hosts}).
         *
         * @param file the hosts file to consult, in the format of {@code /etc/hosts}
         * @return this builder
         */
        public Builder hostsFile(Path file) {
            this.hostsFile = Sneaky.checkNotNull("file", file);
            this.useHosts = true;
            return this;
        }

        /**
         * Consult no hosts file: every name goes to DNS ({@code localhost} excepted).
         *
         * @return this builder
         */
        public Builder noHostsFile() {
            this.hostsFile = null;
            this.useHosts = false;
            return this;
        }

        /**
         * Whether to keep answers for their TTL (default false).
         *
         * @param cache true to cache answers for their TTL
         * @return this builder
         */
        public Builder cache(boolean cache) {
            this.cache = cache;
            return this;
        }

        /**
         * A resolver with this builder's settings; the builder may be used again.
         *
         * @return a new resolver; close it to release its sockets
         */
        public DnsResolver build() {
            return new DnsResolver(this);
        }
    }
}
