package org.gevent4j.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gevent4j.TestHubs.virtualHub;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;
import org.gevent4j.GreenletExit;
import org.gevent4j.Hub;
import org.gevent4j.HubGroup;
import org.gevent4j.Timeout;
import org.gevent4j.event.Event;

/**
 * Random programs of selects (over gets and puts of two queues of random kinds and sizes, two
 * channels and an event, with or without a default clause, a timeout or a gevent Timeout around
 * them), plain puts and gets, and kills of the greenlets running them (with GreenletExit or a
 * Timeout instance), on one hub with a virtual clock and across the two hubs of a HubGroup.
 *
 * <p>Conservation, whatever the interleaving: every item whose put (plain, or a select's put
 * clause) completed is received exactly once, or is still in a queue when the survivors are killed
 * and the queues drained; nothing is received that was not put; and no select leaves a waiter
 * behind in any queue or channel once its greenlet is dead. A greenlet logs right after its
 * call returns, with no blocking call in between, so a kill can only fall before the call returned
 * (and then the call put or took nothing) or after the log.
 */
class SelectPropertiesTest {
    /**
     * One operation: {@code mode} 0 a select, 1 a plain put, 2 a plain get; {@code clauses} as
     * resource * 2 + (1 for a put), resources 0-1 queues, 2-3 channels, 4 the event (get only);
     * {@code timeout} in ticks (null: none), {@code geventTimeout}: as a Timeout around the call
     * rather than the select's own timeout.
     */
    record Step(int mode, List<Integer> clauses, boolean dflt, Integer timeout, boolean geventTimeout) {}

    record Actor(List<Step> steps, int hub, Integer killAt, boolean killWithTimeout) {}

    record Scenario(List<Integer> kinds, List<Integer> sizes, List<Actor> actors, int eventAt) {}

    @Provide
    Arbitrary<Scenario> scenarios() {
        Arbitrary<Step> step = Combinators.combine(
                        Arbitraries.of(0, 0, 0, 1, 2),
                        Arbitraries.integers().between(0, 8).list().ofMinSize(1).ofMaxSize(4),
                        Arbitraries.of(false, false, false, true),
                        Arbitraries.integers().between(0, 5).injectNull(0.5),
                        Arbitraries.of(true, false))
                .as(Step::new);
        Arbitrary<Actor> actor = Combinators.combine(
                        step.list().ofMinSize(1).ofMaxSize(8),
                        Arbitraries.integers().between(0, 1),
                        Arbitraries.integers().between(0, 12).injectNull(0.6),
                        Arbitraries.of(true, false))
                .as(Actor::new);
        return Combinators.combine(
                        Arbitraries.integers().between(0, 3).list().ofSize(2),
                        Arbitraries.integers().between(0, 2).list().ofSize(2),
                        actor.list().ofMinSize(2).ofMaxSize(6),
                        Arbitraries.integers().between(0, 20))
                .as(Scenario::new);
    }

    /** The shared objects of one run, and its log. */
    static final class World {
        final List<Queue<Integer>> queues = new ArrayList<>();
        final List<Channel<Integer>> channels = List.of(new Channel<>(), new Channel<>());
        final Event event = new Event();
        final ConcurrentLinkedQueue<Integer> put = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<Integer> got = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
        final Duration tick;

        World(Scenario sc, Duration tick) {
            this.tick = tick;
            for (int i = 0; i < 2; i++) {
                int size = sc.sizes().get(i);
                queues.add(switch (sc.kinds().get(i)) {
                    case 0 -> new Queue<>(size);
                    case 1 -> new LifoQueue<>(size);
                    case 2 -> new PriorityQueue<>(size);
                    default -> new JoinableQueue<>(size);
                });
            }
        }

        Select.Clause<Integer> clause(int code, int item) {
            int resource = code / 2;
            boolean put = code % 2 == 1;
            if (resource == 4) return Select.ready(event).map(e -> -1);
            if (resource < 2) {
                Queue<Integer> q = queues.get(resource);
                return put ? Select.put(q, item).map(x -> -2 - x) : Select.get(q);
            }
            Channel<Integer> c = channels.get(resource - 2);
            return put ? Select.put(c, item).map(x -> -2 - x) : Select.get(c);
        }

        /** Runs an actor's steps; items are unique: who * 1000 + step. */
        void run(int who, Actor a) {
            for (int i = 0; i < a.steps().size(); i++) {
                Step s = a.steps().get(i);
                int item = who * 1000 + i;
                Duration limit = s.timeout() == null ? null : tick.multipliedBy(s.timeout());
                try (Timeout _ = Timeout.start(s.geventTimeout() ? limit : null)) {
                    step(s, item, s.geventTimeout() ? null : limit);
                } catch (Timeout | Empty | Full | ShutDown e) {
                    // gave up: put or took nothing
                }
            }
        }

        private void step(Step s, int item, Duration limit) {
            int code = s.clauses().getFirst();
            int resource = Math.min(code / 2, 3);
            if (s.mode() == 1) {
                if (resource < 2) queues.get(resource).put(item, limit); else channels.get(resource - 2).put(item, limit);
                put.add(item);
                return;
            }
            if (s.mode() == 2) {
                got.add(resource < 2 ? queues.get(resource).get(limit) : channels.get(resource - 2).get(limit));
                return;
            }
            List<Select.Clause<Integer>> cs = new ArrayList<>();
            for (int c : s.clauses()) cs.add(clause(c, item));
            if (s.dflt()) cs.add(Select.defaultClause(-1));
            int r = Select.select(s.dflt() ? null : limit, cs);
            if (r >= 0) got.add(r); else if (r <= -2) put.add(-2 - r);
        }

        /** After every actor is dead: drains the queues into {@code got}; channels hold nothing. */
        void drainAndCheck() {
            for (Queue<Integer> q : queues) {
                assertThat(q.toString()).as("no waiter outlives its greenlet").doesNotContain("getters", "putters");
            }
            for (Channel<Integer> c : channels) assertThat(c.toString()).isEqualTo("<Channel>");
            for (Queue<Integer> q : queues) {
                while (!q.empty()) got.add(q.getNowait());
            }
            assertThat(unexpected).isEmpty();
            assertThat(counts(got)).as("every item put is received exactly once or still queued").isEqualTo(counts(put));
        }
    }

    @Property(tries = 150)
    void oneHubNothingIsLostOrDuplicated(@ForAll("scenarios") Scenario sc) {
        virtualHub(() -> {
            World w = new World(sc, Duration.ofMillis(100));
            List<Greenlet<?>> actors = new ArrayList<>();
            for (int i = 0; i < sc.actors().size(); i++) {
                int who = i;
                Actor a = sc.actors().get(i);
                Greenlet<Void> g = Gevent.spawn(() -> w.run(who, a));
                actors.add(g);
                if (a.killAt() != null) {
                    Gevent.spawnLater(w.tick.multipliedBy(a.killAt()), () -> g.kill(kill(a), false, null));
                }
            }
            Gevent.spawnLater(w.tick.multipliedBy(sc.eventAt()), w.event::set);
            Gevent.sleep(w.tick.multipliedBy(60));
            for (Greenlet<?> g : actors) g.kill();
            w.drainAndCheck();
        });
    }

    @Property(tries = 25)
    void twoHubsNothingIsLostOrDuplicated(@ForAll("scenarios") Scenario sc) {
        World w = new World(sc, Duration.ofMillis(2));
        try (HubGroup hubs = HubGroup.start(2)) {
            for (Hub h : hubs.hubs()) h.setErrorHandler((ctx, e) -> {
                if (!(e instanceof Timeout)) w.unexpected.add(e);
            });
            List<Greenlet<?>> actors = new ArrayList<>();
            for (int i = 0; i < sc.actors().size(); i++) {
                int who = i;
                Actor a = sc.actors().get(i);
                Greenlet<Void> g = hubs.spawnOn(hubs.hub(a.hub()), () -> w.run(who, a));
                actors.add(g);
                if (a.killAt() != null) {
                    hubs.spawnOn(hubs.hub(1 - a.hub()), () -> {
                        Gevent.sleep(w.tick.multipliedBy(a.killAt()));
                        g.kill(kill(a), false, null);
                    });
                }
            }
            hubs.spawnOn(hubs.hub(1), () -> {
                Gevent.sleep(w.tick.multipliedBy(sc.eventAt()));
                w.event.set();
            });
            Gevent.sleep(w.tick.multipliedBy(60));
            for (Greenlet<?> g : actors) g.kill(new GreenletExit(), true, Duration.ofSeconds(20));
            for (Greenlet<?> g : actors) assertThat(g.dead()).as("killed greenlet died").isTrue();
        }
        w.drainAndCheck();
    }

    private static Throwable kill(Actor a) {
        return a.killWithTimeout() ? new Timeout(Duration.ofSeconds(1)) : new GreenletExit();
    }

    private static Map<Integer, Integer> counts(Iterable<Integer> items) {
        Map<Integer, Integer> m = new HashMap<>();
        for (int i : items) m.merge(i, 1, Integer::sum);
        return m;
    }
}
