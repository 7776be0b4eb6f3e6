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
    BLOCK(1) {
        @Override
        Resolver create(LoopbackDnsServer dns) {
            return new BlockingResolver(dns.blockingClient());
        }
    };

    /** How many lookups can be in flight at once (the thread pool's size; 1 when blocking the hub). */
    final int parallelism;

    ResolverKind(int parallelism) {
        this.parallelism = parallelism;
    }

    abstract Resolver create(LoopbackDnsServer dns);
}
