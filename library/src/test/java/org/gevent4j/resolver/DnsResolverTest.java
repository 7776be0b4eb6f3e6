package org.gevent4j.resolver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gevent4j.TestHubs.realHub;

import java.io.File;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;
import org.gevent4j.Hub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only the DNS client does: timeouts, retries, TCP, search path, hosts file, its resources. */
@org.junit.jupiter.api.Timeout(30)
class DnsResolverTest {
    private LoopbackDnsServer dns;

    @BeforeEach
    void startServer() throws Exception {
        dns = LoopbackDnsServer.start().a("www.test", "192.0.2.1").aaaa("www.test", "2001:db8::1");
    }

    @AfterEach
    void stopServer() {
        dns.close();
    }

    private DnsResolver.Builder builder() {
        return DnsResolver.builder().servers(List.of(dns.address())).noHostsFile().searchPath(List.of()).ndots(1);
    }

    private static InetAddress ip(String literal) {
        return InetAddress.ofLiteral(literal);
    }

    @Test
    void aSilentServerIsATimeoutAfterEveryTry() {
        dns.silent(true);
        realHub(() -> {
            try (DnsResolver r = builder().timeout(Duration.ofMillis(150)).tries(2).build()) {
                long t0 = System.nanoTime();
                assertThatThrownBy(() -> r.getAllByName("www.test"))
                        .isInstanceOf(UnknownHostException.class)
                        .hasMessageStartingWith("www.test: DNS lookup timed out")
                        .hasRootCauseInstanceOf(SocketTimeoutException.class);
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
            }
        });
        // A and AAAA, each asked twice.
        assertThat(dns.questions()).containsExactlyInAnyOrder("www.test./A", "www.test./A", "www.test./AAAA", "www.test./AAAA");
    }

    @Test
    void aServerThatIsDownFailsFastWithTheCause() {
        InetSocketAddress gone = dns.address();
        dns.close();
        realHub(() -> {
            try (DnsResolver r = DnsResolver.builder().servers(List.of(gone)).noHostsFile().timeout(Duration.ofSeconds(10)).build()) {
                long t0 = System.nanoTime();
                assertThatThrownBy(() -> r.getAllByName("www.test"))
                        .isInstanceOf(UnknownHostException.class)
                        .hasMessageStartingWith("www.test: DNS lookup failed")
                        .hasCauseInstanceOf(java.io.IOException.class);
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("no waiting for the 10 s timeout")
                        .isLessThan(Duration.ofSeconds(5));
            }
        });
    }

    @Test
    void theNextServerAnswersWhenTheFirstIsSilent() throws Exception {
        try (LoopbackDnsServer mute = LoopbackDnsServer.start().silent(true)) {
            realHub(() -> {
                try (DnsResolver r = DnsResolver.builder().servers(List.of(mute.address(), dns.address())).noHostsFile()
                        .timeout(Duration.ofMillis(100)).tries(1).build()) {
                    assertThat(r.getAllByName("www.test")).containsExactly(ip("192.0.2.1"), ip("2001:db8::1"));
                }
            });
            assertThat(mute.queries()).isEqualTo(2);
        }
    }

    @Test
    void aTruncatedAnswerIsAskedAgainOverTcp() {
        List<String> many = new ArrayList<>();
        for (int i = 1; i <= 60; i++) many.add("198.51.100." + i);
        dns.a("many.test", many.toArray(String[]::new));
        realHub(() -> {
            try (DnsResolver r = builder().build()) {
                assertThat(r.getAllByName("many.test")).hasSize(60).contains(ip("198.51.100.1"), ip("198.51.100.60"));
            }
        });
        assertThat(dns.tcpQuestions()).containsExactly("many.test./A");
    }

    @Test
    void aCnameIsFollowed() {
        dns.cname("alias.test", "www.test");
        realHub(() -> {
            try (DnsResolver r = builder().build()) {
                assertThat(r.getAllByName("alias.test")).containsExactly(ip("192.0.2.1"), ip("2001:db8::1"));
            }
        });
    }

    @Test
    void shortNamesGoThroughTheSearchPath() {
        dns.a("db.corp.test", "192.0.2.9");
        realHub(() -> {
            try (DnsResolver r = builder().searchPath(List.of("corp.test")).build()) {
                assertThat(r.getAllByName("db")).containsExactly(ip("192.0.2.9"));
            }
        });
        assertThat(dns.questions()).contains("db.corp.test./A");
    }

    @Test
    void theHostsFileAnswersBeforeDns(@TempDir Path dir) throws Exception {
        Path hosts = dir.resolve("hosts");
        Files.writeString(hosts, "192.0.2.99 fromhosts.test\n");
        realHub(() -> {
            try (DnsResolver r = builder().hostsFile(hosts).build()) {
                assertThat(r.getAllByName("fromhosts.test")).contains(ip("192.0.2.99"));
            }
        });
        assertThat(dns.questions()).doesNotContain("fromhosts.test./A");
    }

    @Test
    void localhostIsLoopbackWithoutAskingDns() {
        realHub(() -> {
            try (DnsResolver r = builder().build()) {
                assertThat(r.getAllByName("localhost")).containsExactly(ip("127.0.0.1"), ip("::1"));
                assertThat(r.getHostByAddr(ip("127.0.0.1"))).isEqualTo("localhost");
            }
        });
        assertThat(dns.queries()).isZero();
    }

    @Test
    void aPlatformThreadAndAVirtualClockHubCanLookUpToo() {
        realHub(() -> { // the platform thread itself, no greenlet: its hub runs while it waits
            try (DnsResolver r = builder().build()) {
                assertThat(r.getByName("www.test")).isEqualTo(ip("192.0.2.1"));
            }
        });
        InetAddress a = Hub.runWithVirtualClock(() -> {
            try (DnsResolver r = builder().build()) {
                return Gevent.spawn((Callable<InetAddress>) () -> r.getByName("www.test")).get();
            }
        });
        assertThat(a).isEqualTo(ip("192.0.2.1"));
    }

    @Test
    void closingFailsTheLookupsInFlightAndReleasesTheirSockets() {
        realHub(() -> {
            DnsResolver r = builder().build();
            r.getByName("www.test"); // before the counts: opens the hub's own selector (2 fds, the hub's)
            Gevent.sleep(0.01); // and lets it release the warm-up's sockets
            dns.delay(Duration.ofSeconds(5));
            int fds = openFds();
            Greenlet<InetAddress> g = Gevent.spawn((Callable<InetAddress>) () -> r.getByName("www.test"));
            Gevent.sleep(0.05);
            assertThat(r.inflight()).isEqualTo(2);
            r.close();
            g.join(Duration.ofSeconds(2));
            assertThat(g.exception()).isInstanceOf(UnknownHostException.class).hasMessageContaining("resolver closed");
            assertThat(r.inflight()).isZero();
            Gevent.sleep(0.01); // the selector forgets cancelled keys at its next select
            assertThat(openFds()).isEqualTo(fds);
        });
    }

    @Test
    void aKilledLookupIsAbandonedAndItsSocketsClosedWhenTheAnswerComes() {
        realHub(() -> {
            try (DnsResolver r = builder().build()) {
                r.getByName("www.test"); // before the counts: opens the hub's own selector
                Gevent.sleep(0.01); // and lets it release the warm-up's sockets
                dns.delay(Duration.ofMillis(200));
                int fds = openFds();
                Greenlet<InetAddress> g = Gevent.spawn((Callable<InetAddress>) () -> r.getByName("www.test"));
                Gevent.sleep(0.02);
                g.kill();
                assertThat(r.inflight()).as("the queries are still out").isEqualTo(2);
                long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                while (r.inflight() > 0 && System.nanoTime() < deadline) Gevent.sleep(0.01);
                assertThat(r.inflight()).isZero();
                Gevent.sleep(0.01);
                assertThat(openFds()).isEqualTo(fds);
            }
        });
    }

    @Test
    void itStartsNoThread() {
        Set<String> before = threadNames();
        realHub(() -> {
            try (DnsResolver r = builder().build()) {
                List<Greenlet<InetAddress>> gs = new ArrayList<>();
                for (int i = 0; i < 20; i++) gs.add(Gevent.spawn((Callable<InetAddress>) () -> r.getByName("www.test")));
                Gevent.joinAll(gs);
                assertThat(threadNames()).as("while lookups ran").noneMatch(n -> n.contains("dnsjava"));
            }
        });
        Set<String> after = threadNames();
        after.removeAll(before);
        assertThat(after).as("threads left behind").isEmpty();
    }

    @Test
    void badOptionsAreRejectedWithTheValue() {
        assertThatThrownBy(() -> DnsResolver.builder().timeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PT0S");
        assertThatThrownBy(() -> DnsResolver.builder().tries(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0");
        assertThatThrownBy(() -> DnsResolver.builder().servers(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DnsResolver.builder().servers(List.of(InetSocketAddress.createUnresolved("dns.test", 53))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dns.test");
        realHub(() -> {
            try (DnsResolver r = builder().build()) {
                assertThatThrownBy(() -> r.getAllByName("a..b")).isInstanceOf(UnknownHostException.class)
                        .hasMessageStartingWith("a..b: not a valid host name");
            }
        });
    }

    private static int openFds() {
        String[] fds = new File("/proc/self/fd").list();
        return fds == null ? -1 : fds.length;
    }

    private static Set<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> !n.startsWith("ForkJoinPool") && !n.startsWith("loopback-dns"))
                .collect(Collectors.toSet());
    }
}
