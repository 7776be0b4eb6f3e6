package org.gevent4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.gevent4j.event.AsyncResult;
import org.gevent4j.event.Event;
import org.gevent4j.lock.RLock;
import org.gevent4j.lock.Semaphore;
import org.gevent4j.pool.Pool;
import org.gevent4j.queue.Channel;
import org.gevent4j.socket.Socket;
import org.gevent4j.socket.Sockets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every synchronizer, join, kill, links and Timeout between greenlets of different hubs of a
 * {@link HubGroup} (real hubs, real time: generous bounds, nothing timed).
 */
@org.junit.jupiter.api.Timeout(60)
class CrossHubTest {
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private HubGroup hubs;
    private Hub a, b, c;

    @BeforeEach
    void start() {
        hubs = HubGroup.start("x", 3);
        a = hubs.hub(0);
        b = hubs.hub(1);
        c = hubs.hub(2);
    }

    @AfterEach
    void close() {
        hubs.close();
    }

    @Test
    void anEventSetOnOneHubWakesWaitersOfEveryOtherHubAndAPlatformThread() {
        Event e = new Event();
        Greenlet<Hub> onA = hubs.spawnOn(a, () -> {
            e.await();
            return Hub.current();
        });
        Greenlet<Hub> onC = hubs.spawnOn(c, () -> {
            e.await();
            return Hub.current();
        });
        Gevent.sleep(0.05);
        assertThat(onA.dead() || onC.dead()).isFalse();
        hubs.spawnOn(b, e::set);
        assertThat(e.await(PATIENCE)).isTrue(); // this platform thread too
        assertThat(onA.get(PATIENCE)).isSameAs(a);
        assertThat(onC.get(PATIENCE)).isSameAs(c);
    }

    @Test
    void anAsyncResultSetOnAnotherHubIsSeenWithItsValueOrException() {
        AsyncResult<String> ok = new AsyncResult<>();
        AsyncResult<String> bad = new AsyncResult<>();
        Greenlet<String> reader = hubs.spawnOn(a, () -> ok.get() + "/" + bad.await());
        hubs.spawnOn(b, () -> {
            Gevent.sleep(0.02);
            ok.set("v");
            bad.setException(new IllegalStateException("boom"));
        });
        assertThat(reader.get(PATIENCE)).isEqualTo("v/null");
        assertThatThrownBy(bad::get).isInstanceOf(IllegalStateException.class).hasMessage("boom");
    }

    @Test
    void joinKillAndLinksWorkAcrossHubs() {
        Event never = new Event();
        AtomicInteger cleanups = new AtomicInteger();
        Greenlet<Void> victim = hubs.spawnOn(b, () -> {
            try {
                never.await();
            } finally {
                cleanups.incrementAndGet();
            }
        });
        ConcurrentLinkedQueue<String> linkedOn = new ConcurrentLinkedQueue<>();
        victim.link(g -> linkedOn.add(Thread.currentThread().isVirtual() + " " + Hub.current().thread().getName()));
        Greenlet<Boolean> killer = hubs.spawnOn(a, () -> {
            Gevent.sleep(0.02);
            victim.kill(); // blocking: waits on hub a for the death on hub b
            return victim.dead();
        });
        Greenlet<Boolean> joiner = hubs.spawnOn(c, () -> victim.join(PATIENCE).dead());
        assertThat(killer.get(PATIENCE)).isTrue();
        assertThat(joiner.get(PATIENCE)).isTrue();
        assertThat(victim.successful()).isTrue();
        assertThat(cleanups).hasValue(1);
        hubs.spawnOn(b, () -> Gevent.sleep(0.01)).join(PATIENCE); // the link's greenlet has run by now
        assertThat(linkedOn).containsExactly("true x-hub-1"); // a link runs on the linked greenlet's hub
        assertThat(never.ready()).isFalse();
    }

    @Test
    void aTimeoutEndsAWaitOnSomethingOwnedByAnotherHubAndLeavesNoWaiterBehind() {
        Channel<Integer> ch = new Channel<>();
        Greenlet<String> waiter = hubs.spawnOn(a, () -> {
            try {
                ch.get(true, Duration.ofMillis(50));
                return "got";
            } catch (org.gevent4j.queue.Empty e) {
                return "timed out";
            }
        });
        assertThat(waiter.get(PATIENCE)).isEqualTo("timed out");
        assertThat(ch.balance()).isZero(); // no getter left queued
        // An item put now is not lost to the timed-out waiter: the next getter has it.
        Greenlet<Void> putter = hubs.spawnOn(c, () -> ch.put(7));
        assertThat(hubs.spawnOn(b, () -> ch.get()).get(PATIENCE)).isEqualTo(7);
        putter.join(PATIENCE);
    }

    @Test
    void aWithTimeoutAroundAnotherHubsLockRaisesTheTimeoutAndTheLockStaysConsistent() {
        RLock lock = new RLock();
        Event held = new Event();
        Event release = new Event();
        Greenlet<Void> holder = hubs.spawnOn(a, () -> {
            lock.acquire();
            held.set();
            release.await();
            lock.release();
        });
        held.await(PATIENCE);
        Greenlet<Object> contender = hubs.spawnOn(b, () -> {
            try {
                return Gevent.withTimeout(Duration.ofMillis(50), () -> {
                    lock.acquire();
                    return "acquired";
                });
            } catch (Timeout t) {
                return t;
            }
        });
        assertThat(contender.get(PATIENCE)).isInstanceOf(Timeout.class);
        release.set();
        holder.join(PATIENCE);
        assertThat(hubs.spawnOn(c, () -> {
            boolean got = lock.acquire(false, null);
            if (got) lock.release();
            return got;
        }).get(PATIENCE)).isTrue();
    }

    @Test
    void aSemaphoreReleasedOnOneHubAdmitsWaitersOfOthersInArrivalOrder() {
        Semaphore sem = new Semaphore(0);
        ConcurrentLinkedQueue<String> order = new ConcurrentLinkedQueue<>();
        Greenlet<Void> first = hubs.spawnOn(a, () -> {
            sem.acquire();
            order.add("a");
        });
        Gevent.sleep(0.05); // a waits first
        Greenlet<Void> second = hubs.spawnOn(c, () -> {
            sem.acquire();
            order.add("c");
        });
        Gevent.sleep(0.05);
        hubs.spawnOn(b, () -> {
            sem.release();
            Gevent.sleep(0.05);
            sem.release();
        });
        first.join(PATIENCE);
        second.join(PATIENCE);
        assertThat(order).containsExactly("a", "c");
        assertThat(sem.counter()).isZero();
    }

    @Test
    void aPoolWithMembersOnEveryHubJoinsThemAllAndFreesTheirSlots() {
        Pool pool = new Pool(3);
        AtomicInteger ran = new AtomicInteger();
        for (Hub h : hubs.hubs()) {
            pool.add(hubs.spawnOn(h, () -> {
                Gevent.sleep(0.02);
                ran.incrementAndGet();
            }));
        }
        Greenlet<Boolean> joiner = hubs.spawnOn(b, () -> pool.join(PATIENCE, false));
        assertThat(joiner.get(PATIENCE)).isTrue();
        assertThat(ran).hasValue(3);
        assertThat(pool.freeCount()).isEqualTo(3);
    }

    @Test
    void aSocketWaitedOnByOneHubIsAClearErrorToWaitOnFromAnotherButSendsFromAnywhere() throws Exception {
        try (Socket server = Socket.tcp()) {
            server.bind("127.0.0.1", 0);
            server.listen();
            int port = server.localAddress().getPort();
            Greenlet<Socket> accepted = hubs.spawnOn(a, () -> server.accept().socket());
            Socket client = hubs.spawnOn(b, () -> {
                Socket s = Sockets.createConnection("127.0.0.1", port);
                s.setTimeout(Duration.ofMillis(1));
                try {
                    s.recv(1); // the client is b's now
                } catch (SocketTimeoutException expected) {
                    // nothing sent yet
                }
                s.setTimeout(null);
                return s;
            }).get(PATIENCE);
            Socket conn = accepted.get(PATIENCE);
            try (client; conn) {
                Greenlet<Object> fromC = hubs.spawnOn(c, () -> {
                    try {
                        return client.recv(1);
                    } catch (IllegalStateException e) {
                        return e;
                    }
                });
                assertThat(fromC.get(PATIENCE)).isInstanceOf(IllegalStateException.class)
                        .asString().contains("x-hub-1").contains("x-hub-2");
                hubs.spawnOn(c, () -> client.sendAll("hi".getBytes())).get(PATIENCE); // needs no wait
                byte[] got = hubs.spawnOn(a, () -> conn.recv(2)).get(PATIENCE);
                assertThat(new String(got)).isEqualTo("hi");
            }
        }
    }

    @Test
    void aGreenletExecutorOfOneHubServesTasksSubmittedFromAnother() throws Exception {
        List<String> where = hubs.spawnOn(a, () -> {
            var ex = Gevent.executor();
            return hubs.spawnOn(b, () -> ex.submit(() -> Hub.current().thread().getName()).get()).get();
        }).get(PATIENCE) instanceof String s ? List.of(s) : List.of();
        assertThat(where).containsExactly("x-hub-0");
    }
}
