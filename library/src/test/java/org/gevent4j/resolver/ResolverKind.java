package org.gevent4j.resolver;

import java.time.Duration;
import java.util.List;

/** Every resolver implementation, set up to ask a {@link LoopbackDnsServer}. */
enum ResolverKind {
    DNSJAVA(100) {
        @Override
        Resolver create(LoopbackDnsServer dns) {
            return DnsResolver.builder().servers(List.of(dns.address())).timeout(Duration.ofSeconds(2)).tries(1)
                    .noHostsFile().searchPath(List.of()).ndots(1).build();
        }
    },
    THREAD(30) {
        @Override
        Resolver create(LoopbackDnsServer dns) {
            return new ThreadPoolResolver(null, dns.blockingClient()); // on the hub's pool (maxsize 10)
        }
    },
    BLOCK(1) {
        @Override
        Resolver create(LoopbackDnsServer dns) {
            return new BlockingResolver(dns.blockingClient());
        }
    };

    /**
     * How many lookups the concurrency test makes: enough that one after the other they would take
     * at least 6 s against a server that answers in 100 ms (the thread kind runs 10 at a time, each
     * asking A then AAAA).
     */
    final int concurrentLookups;

    ResolverKind(int concurrentLookups) {
        this.concurrentLookups = concurrentLookups;
    }

    abstract Resolver create(LoopbackDnsServer dns);
}
