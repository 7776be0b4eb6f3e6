package org.gevent4j.resolver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gevent4j.TestHubs.realHub;

import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicReference;
import org.gevent4j.Hub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Choosing the resolver as gevent's GEVENT_RESOLVER does, and the hub's own resolver. */
class ResolversTest {

    @AfterEach
    void clearProperty() {
        System.clearProperty(Resolvers.PROPERTY);
    }

    @Test
    void eachNameGivesItsResolverAndGeventsNamesAreAliases() {
        assertThat(Resolvers.create("thread")).isInstanceOf(ThreadPoolResolver.class);
        assertThat(Resolvers.create("block")).isInstanceOf(BlockingResolver.class);
        assertThat(Resolvers.create("dnsjava")).isInstanceOf(DnsResolver.class);
        assertThat(Resolvers.create("ares")).isInstanceOf(DnsResolver.class);
        assertThat(Resolvers.create("DnsPython")).isInstanceOf(DnsResolver.class);
        assertThat(Resolvers.create(BlockingResolver.class.getName())).isInstanceOf(BlockingResolver.class);
    }

    @Test
    void aListNamesCandidatesAndTheFirstUsableWins() {
        assertThat(Resolvers.create("nosuch, block, thread")).isInstanceOf(BlockingResolver.class);
    }

    @Test
    void anUnknownValueIsAClearErrorListingTheKnownOnes() {
        assertThatThrownBy(() -> Resolvers.create("carrier-pigeon"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown resolver \"carrier-pigeon\"")
                .hasMessageContaining("thread, dnsjava (aliases ares, dnspython), block");
        assertThatThrownBy(() -> Resolvers.create("java.lang.String"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not implement");
        assertThatThrownBy(() -> Resolvers.create("com.example.NoSuchResolver"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not found");
        assertThatThrownBy(() -> Resolvers.create(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theSystemPropertyChoosesAndDefaultsToThread() {
        // GEVENT_RESOLVER is not set for the tests; the property wins over it anyway.
        assertThat(System.getenv(Resolvers.ENVIRONMENT)).isNull();
        assertThat(Resolvers.configured()).isEqualTo("thread");
        assertThat(Resolvers.fromConfig()).isInstanceOf(ThreadPoolResolver.class);
        System.setProperty(Resolvers.PROPERTY, "ares");
        assertThat(Resolvers.fromConfig()).isInstanceOf(DnsResolver.class);
        System.setProperty(Resolvers.PROPERTY, "bogus");
        assertThatThrownBy(Resolvers::fromConfig).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gevent4j.resolver");
    }

    @Test
    void eachHubMakesItsResolverOnceFromConfiguration() {
        System.setProperty(Resolvers.PROPERTY, "block");
        AtomicReference<Resolver> first = new AtomicReference<>();
        realHub(() -> {
            first.set(Hub.current().resolver());
            assertThat(Hub.current().resolver()).isSameAs(first.get());
        });
        assertThat(first.get()).isInstanceOf(BlockingResolver.class);
        realHub(() -> assertThat(Hub.current().resolver()).isNotSameAs(first.get()));
    }

    @Test
    void theDefaultThreadResolverUsesTheJdkOnTheHubsPool() {
        // localhost and literals only: the JDK answers them from the hosts file, never the network.
        realHub(() -> {
            Resolver r = Hub.current().resolver();
            assertThat(r).isInstanceOf(ThreadPoolResolver.class);
            assertThat(r.getAllByName("localhost")).contains(InetAddress.getByName("localhost"));
            assertThat(r.getHostByAddr(InetAddress.ofLiteral("127.0.0.1"))).isEqualTo(
                    InetAddress.getByAddress(new byte[] {127, 0, 0, 1}).getHostName());
            assertThat(r.getAddrInfo("192.0.2.1", 80)).hasSize(1);
        });
    }

}
