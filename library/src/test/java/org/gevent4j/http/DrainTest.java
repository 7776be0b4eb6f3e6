package org.gevent4j.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Graceful drain (docs/http.md, graceful drain): stop closes idle connections at once and lets in-flight exchanges finish. */
@Timeout(60)
class DrainTest {
    @Test
    void fiveHundredIdleKeepAliveConnectionsCloseAtOnce() throws Exception {
        Running r = Running.serve(HttpServer.builder().context("/", HttpServerTest.HELLO));
        List<RawClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 500; i++) {
                RawClient c = new RawClient(r.port());
                clients.add(c);
                c.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
            }
            for (RawClient c : clients) assertThat(c.read().status()).isEqualTo(200);
            long t0 = System.nanoTime();
            r.server.stop(Duration.ofSeconds(10));
            long micros = (System.nanoTime() - t0) / 1000;
            System.out.println("DrainTest: stop() with 500 idle keep-alive connections returned in " + micros + " µs");
            assertThat(Duration.ofNanos(micros * 1000)).isLessThan(Duration.ofSeconds(1));
            for (RawClient c : clients) assertThat(c.closedByServer()).isTrue();
        } finally {
            for (RawClient c : clients) c.close();
            r.close();
        }
    }

    @Test
    void inFlightExchangesCompleteWith200AndConnectionCloseThenStopReturns() throws Exception {
        CountDownLatch inHandler = new CountDownLatch(20);
        Running r = Running.serve(HttpServer.builder().context("/slow", x -> {
            inHandler.countDown();
            org.gevent4j.Gevent.sleep(Duration.ofMillis(300)); // a greenlet's sleep: the hub serves the others meanwhile
            HttpServerTest.respond(x, 200, "done");
        }));
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Future<RawClient.Response>> rsps = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                rsps.add(pool.submit(() -> {
                    try (RawClient c = new RawClient(r.port())) {
                        return c.send("GET /slow HTTP/1.1\r\nHost: a\r\n\r\n").read();
                    }
                }));
            }
            assertThat(inHandler.await(10, TimeUnit.SECONDS)).isTrue();
            long t0 = System.nanoTime();
            r.server.stop(Duration.ofSeconds(5));
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            for (Future<RawClient.Response> f : rsps) {
                RawClient.Response rsp = f.get(10, TimeUnit.SECONDS);
                assertThat(rsp.status()).isEqualTo(200);
                assertThat(rsp.body()).isEqualTo("done");
                assertThat(rsp.closes()).isTrue();
            }
            assertThat(took).isLessThan(Duration.ofSeconds(3));
            assertThat(r.server.address()).isNotNull();
            try (var probe = new java.net.Socket()) {
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> probe.connect(r.server.address(), 1000))
                        .as("the listener is closed").isInstanceOf(java.io.IOException.class);
            }
        } finally {
            pool.shutdownNow();
            r.close();
        }
    }

    @Test
    void whatOutlivesTheDelayIsKilled() throws Exception {
        CountDownLatch inHandler = new CountDownLatch(1);
        Running r = Running.serve(HttpServer.builder().context("/forever", x -> {
            inHandler.countDown();
            org.gevent4j.Gevent.sleep(Duration.ofSeconds(60));
        }));
        try (RawClient c = new RawClient(r.port())) {
            c.send("GET /forever HTTP/1.1\r\nHost: a\r\n\r\n");
            assertThat(inHandler.await(10, TimeUnit.SECONDS)).isTrue();
            long t0 = System.nanoTime();
            r.server.stop(Duration.ofMillis(200));
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
            assertThat(c.closedByServer()).isTrue();
        } finally {
            r.close();
        }
    }
}
