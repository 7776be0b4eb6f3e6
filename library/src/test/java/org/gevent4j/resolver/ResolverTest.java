package org.gevent4j.resolver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gevent4j.TestHubs.realHub;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;
import org.gevent4j.GreenletExit;
import org.gevent4j.Timeout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The {@link Resolver} contract, for every implementation, against a DNS server on loopback. The
 * JDK-backed resolvers ask it through {@link LoopbackDnsServer#blockingClient()} (their default,
 * the JDK, would ask the machine's servers). Real time: real sockets are the point; bounds only
 * catch failures, generously.
 */
@org.junit.jupiter.api.Timeout(30)
class ResolverTest {
    private LoopbackDnsServer dns;

    @BeforeEach
    void startServer() throws Exception {
        dns = LoopbackDnsServer.start()
                .a("www.test", "192.0.2.1", "192.0.2.2")
                .aaaa("www.test", "2001:db8::1")
                .a("v4only.test", "192.0.2.4")
                .ptr("192.0.2.7", "seven.test")
                .ptr("2001:db8::7", "seven6.test");
    }

    @AfterEach
    void stopServer() {
        dns.close();
    }

    private static InetAddress ip(String literal) {
        return InetAddress.ofLiteral(literal);
    }

    /** Runs {@code body} on a fresh real-time hub, with a resolver of {@code kind} closed after. */
    private void withResolver(ResolverKind kind, ResolverBody body) {
        realHub(() -> {
            try (Resolver r = kind.create(dns)) {
                body.run(r);
            }
        });
    }

    interface ResolverBody {
        void run(Resolver r) throws Exception;
    }

    @ParameterizedTest
    @EnumSource(ResolverKind.class)
    void aNameResolvesToAllItsAddressesIPv4First(ResolverKind kind) {
        withResolver(kind, r -> {
            assertThat(r.getAllByName("www.test")).containsExactly(ip("192.0.2.1"), ip("192.0.2.2"), ip("2001:db8::1"));
            assertThat(r.getByName("www.test")).isEqualTo(ip("192.0.2.1"));
            assertThat(r.getAllByName("v4only.test")).containsExactly(ip("192.0.2.4"));
        });
    }

    @ParameterizedTest
    @EnumSource(ResolverKind.class)
    void getAddrInfoPairsEachAddressWithThePortAndFiltersByFamily(ResolverKind kind) {
        withResolver(kind, r -> {
            assertThat(r.getAddrInfo("www.test", 8080)).containsExactly(
                    new InetSocketAddress(ip("192.0.2.1"), 8080), new InetSocketAddress(ip("192.0.2.2"), 8080),
                    new InetSocketAddress(ip("2001:db8::1"), 8080));
            assertThat(r.getAddrInfo("www.test", 53, StandardProtocolFamily.INET6))
                    .containsExactly(new InetSocketAddress(ip("2001:db8::1"), 53));
            assertThatThrownBy(() -> r.getAddrInfo("v4only.test", 53, StandardProtocolFamily.INET6))
                    .isInstanceOf(UnknownHostException.class).hasMessageStartingWith("v4only.test: ");
            assertThatThrownBy(() -> r.getAddrInfo("www.test", 65536)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("65536");
        });
    }

    @ParameterizedTest
    @EnumSource(ResolverKind.class)
    void aReverseLookupFindsThePtrNameOfV4AndV6Addresses(ResolverKind kind) {
        withResolver(kind, r -> {
            assertThat(r.getHostByAddr(ip("192.0.2.7"))).isEqualTo("seven.test");
            assertThat(r.getHostByAddr(ip("2001:db8::7"))).isEqualTo("seven6.test");
            assertThatThrownBy(() -> r.getHostByAddr(ip("192.0.2.8")))
                    .isInstanceOf(UnknownHostException.class).hasMessageStartingWith("192.0.2.8: ");
        });
    }

    @ParameterizedTest
    @EnumSource(ResolverKind.class)
    void anUnknownNameIsAnUnknownHostExceptionNamingIt(ResolverKind kind) {
        withResolver(kind, r -> assertThatThrownBy(() -> r.getAllByName("nosuch.test"))
                .isInstanceOf(UnknownHostException.class)
                .hasMessageStartingWith("nosuch.test: ")
                .hasMessageContaining("NXDOMAIN"));
    }

    @ParameterizedTest
    @EnumSource(ResolverKind.class)
    void literalAddressesAndTheEmptyNameNeverReachTheServer(ResolverKind kind) {
        withResolver(kind, r -> {
            assertThat(r.getAllByName("192.0.2.55")).containsExactly(ip("192.0.2.55"));
            assertThat(r.getAllByName("2001:db8::55")).containsExactly(ip("2001:db8::55"));
            assertThat(r.getAllByName("[::1]")).containsExactly(ip("::1"));
            assertThat(r.getAllByName("")).containsExactly(InetAddress.getLoopbackAddress());
            assertThat(r.getAllByName(null)).containsExactly(InetAddress.getLoopbackAddress());
            assertThatThrownBy(() -> r.getAllByName("[::zz]")).isInstanceOf(UnknownHostException.class)
                    .hasMessageStartingWith("[::zz]: ");
        });
        assertThat(dns.queries()).isZero();
    }

    @ParameterizedTest
    @EnumSource(value = ResolverKind.class, names = "BLOCK", mode = EnumSource.Mode.EXCLUDE)
    void lookupsFromManyGreenletsOverlapInsteadOfQueueing(ResolverKind kind) {
        Duration delay = Duration.ofMillis(100);
        dns.delay(delay);
        int n = kind.concurrentLookups;
        withResolver(kind, r -> {
            r.getByName("v4only.test"); // warm up: the first lookup loads the code
            long t0 = System.nanoTime();
            List<Greenlet<InetAddress>> gs = new ArrayList<>();
            for (int i = 0; i < n; i++) gs.add(Gevent.spawn((Callable<InetAddress>) () -> r.getByName("www.test")));
            Gevent.joinAll(gs);
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            for (Greenlet<InetAddress> g : gs) assertThat(g.get()).isEqualTo(ip("192.0.2.1"));
            // One after the other they would take at least 6 s (see concurrentLookups); overlapped,
            // a few delays. The bound leaves room for a slow, shared machine.
            assertThat(took).isLessThan(Duration.ofSeconds(2));
        });
        assertThat(dns.queries()).isEqualTo(2 * n + 2); // A and AAAA each
    }

    @ParameterizedTest
    @EnumSource(value = ResolverKind.class, names = "BLOCK", mode = EnumSource.Mode.EXCLUDE)
    void aKilledLookupRaisesGreenletExitAndTheHubCarriesOn(ResolverKind kind) {
        dns.delay(Duration.ofMillis(300));
        withResolver(kind, r -> {
            Greenlet<InetAddress> g = Gevent.spawn((Callable<InetAddress>) () -> r.getByName("www.test"));
            Greenlet<String> other = Gevent.spawn(() -> "ran meanwhile");
            Gevent.sleep(0.05);
            assertThat(other.get()).isEqualTo("ran meanwhile");
            long t0 = System.nanoTime();
            g.kill();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("the kill does not wait for the answer")
                    .isLessThan(Duration.ofMillis(250));
            assertThat(g.dead()).isTrue();
            assertThat(g.exception()).isNull(); // died of GreenletExit: success, as in gevent
            // The resolver stays usable.
            assertThat(r.getByName("v4only.test")).isEqualTo(ip("192.0.2.4"));
        });
    }

    @ParameterizedTest
    @EnumSource(value = ResolverKind.class, names = "BLOCK", mode = EnumSource.Mode.EXCLUDE)
    void aTimeoutAroundALookupRaisesItselfThere(ResolverKind kind) {
        dns.delay(Duration.ofMillis(500));
        withResolver(kind, r -> {
            Timeout t = Timeout.start(Duration.ofMillis(50));
            try {
                r.getByName("www.test");
                throw new AssertionError("no timeout");
            } catch (Timeout e) {
                assertThat(e).isSameAs(t);
            } finally {
                t.close();
            }
        });
    }

    @ParameterizedTest
    @EnumSource(ResolverKind.class)
    void aClosedResolverRefusesLookups(ResolverKind kind) {
        realHub(() -> {
            Resolver r = kind.create(dns);
            r.close();
            r.close();
            assertThatThrownBy(() -> r.getAllByName("www.test")).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("closed");
            assertThatThrownBy(() -> r.getHostByAddr(ip("192.0.2.7"))).isInstanceOf(IllegalStateException.class);
        });
        assertThat(dns.queries()).isZero();
    }

    /** GreenletExit is what a default kill raises; referenced so the import documents the test above. */
    @SuppressWarnings("unused")
    private static final Class<?> KILL = GreenletExit.class;
}
