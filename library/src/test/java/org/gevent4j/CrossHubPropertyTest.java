package org.gevent4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.gevent4j.lock.BoundedSemaphore;
import org.gevent4j.queue.Channel;
import org.gevent4j.queue.Empty;
import org.gevent4j.queue.Full;
import org.gevent4j.queue.Queue;
import org.gevent4j.queue.ShutDown;

/**
 * Producers, consumers and killers spread over the hubs of a {@link HubGroup}, with timeouts, on
 * real hubs in real time (each try is bounded: every wait has a generous limit). Whatever the
 * interleaving: every item whose {@code put} returned is received exactly once, none is received
 * that was not put, no waiter is left stranded (every greenlet ends), and a semaphore shared by
 * every hub never admits more holders than it has permits and gets every permit back.
 */
class CrossHubPropertyTest {
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    /** What a greenlet does: on which hub, how long it waits per operation (ms, 0: no limit), when it is killed. */
    record Actor(int hub, int timeoutMs, int pauseMs, Integer killAtMs, boolean killWithTimeout) {}

    record Scenario(boolean channel, int maxsize, int itemsEach, List<Actor> producers, List<Actor> consumers) {}

    @Provide
    Arbitrary<Scenario> scenarios() {
        Arbitrary<Actor> actor = Combinators.combine(
                        Arbitraries.integers().between(0, 2),
                        Arbitraries.of(0, 0, 1, 5, 20),
                        Arbitraries.of(0, 0, 1, 3),
                        Arbitraries.integers().between(0, 40).injectNull(0.6),
                        Arbitraries.of(true, false))
                .as(Actor::new);
        return Combinators.combine(
                        Arbitraries.of(true, false),
                        Arbitraries.integers().between(1, 4),
                        Arbitraries.integers().between(1, 30),
                        actor.list().ofMinSize(1).ofMaxSize(4),
                        actor.list().ofMinSize(1).ofMaxSize(4))
                .as(Scenario::new);
    }

    @Property(tries = 40)
    void noItemIsLostOrDuplicatedAndNoWaiterIsStranded(@ForAll("scenarios") Scenario sc) {
        ConcurrentLinkedQueue<Integer> put = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Integer> got = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
        Queue<Integer> queue = new Queue<>(sc.maxsize());
        Channel<Integer> channel = new Channel<>();
        try (HubGroup hubs = HubGroup.start(3)) {
            for (Hub h : hubs.hubs()) h.setErrorHandler((ctx, e) -> {
                if (!(e instanceof Timeout)) unexpected.add(e); // a kill with a Timeout is a death by it
            });
            List<Greenlet<?>> producers = new ArrayList<>();
            List<Greenlet<?>> all = new ArrayList<>();
            for (int p = 0; p < sc.producers().size(); p++) {
                Actor a = sc.producers().get(p);
                int base = p * 1000;
                Greenlet<Void> g = hubs.spawnOn(hubs.hub(a.hub()), () -> {
                    for (int i = 0; i < sc.itemsEach(); i++) {
                        int item = base + i;
                        try {
                            if (sc.channel()) channel.put(item, true, timeout(a)); else queue.put(item, true, timeout(a));
                            put.add(item); // no blocking point between put's return and this
                        } catch (Full f) {
                            // timed out: not put; the next item goes on
                        }
                        if (a.pauseMs() > 0) Gevent.sleep(a.pauseMs() / 1000.0);
                    }
                });
                producers.add(g);
                all.add(g);
                killer(hubs, a, g, all);
            }
            List<Actor> consumers = new ArrayList<>(sc.consumers());
            consumers.add(new Actor(2, 0, 0, null, false)); // one is never killed: producers never wait for good
            for (Actor a : consumers) {
                Greenlet<Void> g = hubs.spawnOn(hubs.hub(a.hub()), () -> {
                    while (true) {
                        try {
                            got.add(sc.channel() ? channel.get(true, timeout(a)) : queue.get(true, timeout(a)));
                        } catch (Empty e) {
                            // timed out: try again
                        } catch (ShutDown e) {
                            return;
                        }
                        if (a.pauseMs() > 0) Gevent.sleep(a.pauseMs() / 1000.0);
                    }
                });
                all.add(g);
                killer(hubs, a, g, all);
            }
            // Once no producer is left, the consumers get what remains, then ShutDown.
            assertThat(Gevent.joinAll(producers, PATIENCE, false)).hasSameSizeAs(producers);
            if (sc.channel()) channel.shutdown(); else queue.shutdown();
            List<Greenlet<?>> done = Gevent.joinAll(all, PATIENCE, false);
            assertThat(done).as("no greenlet is left waiting").hasSameSizeAs(all);
        }
        assertThat(unexpected).isEmpty();
        assertThat(counts(got)).as("each item received exactly as often as put").isEqualTo(counts(put));
        if (!sc.channel()) assertThat(queue.qsize()).isZero();
    }

    @Property(tries = 30)
    void aSemaphoreSharedByEveryHubNeverOverAdmitsAndGetsEveryPermitBack(@ForAll("semaphoreActors") List<Actor> actors,
            @ForAll("permits") int permits) {
        BoundedSemaphore sem = new BoundedSemaphore(permits);
        AtomicInteger holders = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
        try (HubGroup hubs = HubGroup.start(3)) {
            for (Hub h : hubs.hubs()) h.setErrorHandler((ctx, e) -> {
                if (!(e instanceof Timeout)) unexpected.add(e);
            });
            List<Greenlet<?>> all = new ArrayList<>();
            for (Actor a : actors) {
                Greenlet<Void> g = hubs.spawnOn(hubs.hub(a.hub()), () -> {
                    for (int round = 0; round < 5; round++) {
                        if (!sem.acquire(true, timeout(a))) continue;
                        try {
                            most.accumulateAndGet(holders.incrementAndGet(), Math::max);
                            Gevent.sleep(a.pauseMs() / 1000.0);
                        } finally {
                            holders.decrementAndGet();
                            sem.release();
                        }
                    }
                });
                all.add(g);
                killer(hubs, a, g, all);
            }
            assertThat(Gevent.joinAll(all, PATIENCE, false)).hasSameSizeAs(all);
        }
        assertThat(unexpected).isEmpty();
        assertThat(most.get()).isLessThanOrEqualTo(permits);
        assertThat(sem.counter()).as("every permit came back").isEqualTo(permits);
    }

    @Provide
    Arbitrary<List<Actor>> semaphoreActors() {
        return Combinators.combine(
                        Arbitraries.integers().between(0, 2),
                        Arbitraries.of(0, 0, 1, 5),
                        Arbitraries.of(0, 1, 2),
                        Arbitraries.integers().between(0, 30).injectNull(0.6),
                        Arbitraries.of(true, false))
                .as(Actor::new)
                .list().ofMinSize(2).ofMaxSize(8);
    }

    @Provide
    Arbitrary<Integer> permits() {
        return Arbitraries.integers().between(1, 3);
    }

    private static Duration timeout(Actor a) {
        return a.timeoutMs() == 0 ? null : Duration.ofMillis(a.timeoutMs());
    }

    /** Kills {@code victim} at {@code killAtMs}, from another hub, with GreenletExit or a Timeout instance. */
    private static void killer(HubGroup hubs, Actor a, Greenlet<?> victim, List<Greenlet<?>> all) {
        if (a.killAtMs() == null) return;
        Hub from = hubs.hub((a.hub() + 1) % hubs.size());
        all.add(hubs.spawnOn(from, () -> {
            Gevent.sleep(a.killAtMs() / 1000.0);
            Throwable kill = a.killWithTimeout() ? new Timeout(Duration.ofMillis(a.killAtMs())) : new GreenletExit();
            victim.kill(kill, true, PATIENCE);
        }));
    }

    private static Map<Integer, Integer> counts(Iterable<Integer> items) {
        Map<Integer, Integer> m = new HashMap<>();
        for (int i : items) m.merge(i, 1, Integer::sum);
        return m;
    }
}
