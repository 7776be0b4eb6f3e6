package org.gevent4j.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.gevent4j.Gevent;
import org.gevent4j.Hub;
import org.gevent4j.HubGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** HttpServer on a group of hubs: requests land on every hub, each handler runs on its connection's hub, stop drains all. */
@Timeout(60)
class HttpServerOnHubsTest {
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void requestsAreServedOnEveryHubAndStopDrainsThemAll(boolean relay) throws Exception {
        HttpServer.RELAY_FOR_TESTING = relay; // bind() reads it: a listener per hub, or one relaying
        try (HubGroup group = HubGroup.start("http", 3)) {
            CountDownLatch slowIn = new CountDownLatch(1);
            HttpServer server = HttpServer.builder()
                    .address(new InetSocketAddress("127.0.0.1", 0))
                    .hubs(group)
                    .accessLog(null)
                    .context("/", x -> HttpServerTest.respond(x, 200, Integer.toString(group.hubs().indexOf(Hub.current()))))
                    .context("/slow", x -> {
                        slowIn.countDown();
                        Gevent.sleep(Duration.ofMillis(500));
                        HttpServerTest.respond(x, 200, "slow");
                    })
                    .build();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread main = Thread.ofPlatform().start(() -> {
                try {
                    Gevent.run(server::serveForever);
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            int port;
            while ((port = server.address().getPort()) == 0) Thread.onSpinWait();
            Set<String> hubs = new HashSet<>();
            // Hashed over 3 listeners (200 tries miss a hub with probability < 1e-34), or relayed to
            // the least busy hub (connections held open: the first three reach the three hubs).
            List<RawClient> open = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < 200 && hubs.size() < 3; i++) {
                    RawClient c = new RawClient(port);
                    open.add(c);
                    hubs.add(c.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n").read().body());
                }
            } finally {
                for (RawClient c : open) c.close();
            }
            assertThat(hubs).containsExactlyInAnyOrder("0", "1", "2");
            try (RawClient idle = new RawClient(port); RawClient slow = new RawClient(port)) {
                assertThat(idle.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n").read().status()).isEqualTo(200);
                slow.send("GET /slow HTTP/1.1\r\nHost: a\r\n\r\n");
                assertThat(slowIn.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
                server.stop(Duration.ofSeconds(5));
                RawClient.Response r = slow.read();
                assertThat(r.body()).isEqualTo("slow");
                assertThat(r.closes()).isTrue();
                assertThat(idle.closedByServer()).as("idle connections close at once, on whatever hub").isTrue();
            }
            main.join(5000);
            assertThat(main.isAlive()).as("serveForever returns once every hub drained").isFalse();
            assertThat(failure.get()).isNull();
        } finally {
            HttpServer.RELAY_FOR_TESTING = false;
        }
    }
}
