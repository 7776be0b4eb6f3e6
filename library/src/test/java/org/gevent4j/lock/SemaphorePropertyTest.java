package org.gevent4j.lock;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
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
import org.gevent4j.Timeout;

/**
 * Random interleavings of acquire (every flavour), hold, release, kill and timeout among
 * greenlets on one virtual-clock hub, checked against a model: the permits the greenlets believe
 * they hold. At every step {@code 0 <= counter <= initial} and {@code counter + held == initial}
 * (no permit lost, none duplicated); when everything has ended the counter is back at its initial
 * value; and greenlets that had to wait acquire in the order they started waiting.
 *
 * <p>Time comes in whole virtual seconds, so many events fall on the same instant: releases,
 * kills and timeouts hit waiters that were woken but have not run yet.
 */
class SemaphorePropertyTest {

    enum Kind { PLAIN, TIMED, NONBLOCKING, HOLD, UNDER_TIMEOUT }

    /** One acquire of the given kind, then holding the permit for {@code holdSeconds} (0: sleep(0)). */
    record Step(Kind kind, int timeoutSeconds, int holdSeconds) {}

    /** A greenlet: starts after {@code start} s, runs its steps; killed at {@code killAt} s if not null. */
    record Actor(int start, List<Step> steps, Integer killAt, boolean killWithTimeout) {}

    /** A BoundedSemaphore of {@code permits}, or a Lock, and the greenlets using it. */
    record Scenario(int permits, boolean lock, List<Actor> actors) {
        BoundedSemaphore create() {
            return lock ? new Lock() : new BoundedSemaphore(permits);
        }

        int initial() {
            return lock ? 1 : permits;
        }
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        Arbitrary<Step> step = Combinators.combine(
                        Arbitraries.of(Kind.class), Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 3))
                .as(Step::new);
        Arbitrary<Actor> actor = Combinators.combine(
                        Arbitraries.integers().between(0, 3),
                        step.list().ofMinSize(1).ofMaxSize(3),
                        Arbitraries.integers().between(0, 8).injectNull(0.6),
                        Arbitraries.of(true, false))
                .as(Actor::new);
        return Combinators.combine(
                        Arbitraries.integers().between(1, 3), Arbitraries.of(true, false), actor.list().ofMinSize(2).ofMaxSize(8))
                .as(Scenario::new);
    }

    @Property(tries = 300)
    void noPermitIsLostOrDuplicatedAndWaitersAcquireInArrivalOrder(@ForAll("scenarios") Scenario scenario) {
        Model model = Hub.runWithVirtualClock(() -> new Model(scenario).run());

        assertThat(model.violations).isEmpty();
        assertThat(model.finalCounter).as("every permit came back").isEqualTo(scenario.initial());
        assertThat(model.held).isZero();
        // FIFO: a greenlet that started waiting earlier never acquires at a later instant.
        List<long[]> byTicket = new ArrayList<>(model.acquisitions);
        byTicket.sort((x, y) -> Long.compare(x[0], y[0]));
        for (int i = 1; i < byTicket.size(); i++) {
            assertThat(byTicket.get(i)[1])
                    .as("waiter %d acquired before waiter %d", byTicket.get(i)[0], byTicket.get(i - 1)[0])
                    .isGreaterThanOrEqualTo(byTicket.get(i - 1)[1]);
        }
    }

    /** Runs a scenario on the current (virtual-clock) hub and records what it saw. */
    static final class Model {
        final Scenario scenario;
        final BoundedSemaphore sem;
        final int initial;
        int held;
        long nextTicket;
        int finalCounter;
        final List<String> violations = new ArrayList<>();
        /** {ticket, virtual time} of each acquire that had to wait. */
        final List<long[]> acquisitions = new ArrayList<>();
        final Set<Throwable> injected = Collections.newSetFromMap(new IdentityHashMap<>());

        Model(Scenario scenario) {
            this.scenario = scenario;
            this.sem = scenario.create();
            this.initial = scenario.initial();
        }

        Model run() {
            Hub.current().setErrorHandler((context, error) -> {
                if (!injected.contains(error)) violations.add("unexpected failure in " + context + ": " + error);
            });
            List<Greenlet<Void>> actors = new ArrayList<>();
            List<Greenlet<Void>> killers = new ArrayList<>();
            for (Actor a : scenario.actors()) {
                Greenlet<Void> g = Gevent.spawn(() -> act(a));
                actors.add(g);
                if (a.killAt() != null) {
                    Throwable kill = a.killWithTimeout() ? new Timeout(Duration.ofSeconds(a.killAt())) : new GreenletExit();
                    injected.add(kill);
                    killers.add(Gevent.spawn(() -> {
                        Gevent.sleep(a.killAt());
                        g.kill(kill, false, null);
                    }));
                }
            }
            List<Greenlet<?>> done = Gevent.joinAll(actors, Duration.ofSeconds(10_000), false);
            if (done.size() != actors.size()) violations.add("greenlets still waiting after 10000 s: " + sem);
            Gevent.joinAll(killers);
            finalCounter = sem.counter();
            return this;
        }

        private void act(Actor a) {
            Gevent.sleep(a.start());
            for (Step st : a.steps()) {
                // One hub: nothing runs between this read and the acquire, so it tells whether it waits.
                boolean waits = st.kind() != Kind.NONBLOCKING && sem.counter() == 0;
                long ticket = waits ? nextTicket++ : -1;
                if (st.kind() == Kind.HOLD) {
                    try (Permit _ = sem.hold()) {
                        acquired(ticket);
                        try {
                            hold(st);
                        } finally {
                            held--;
                        }
                    }
                    check("after a hold block");
                    continue;
                }
                boolean got = switch (st.kind()) {
                    case PLAIN -> {
                        sem.acquire();
                        yield true;
                    }
                    case TIMED -> sem.acquire(true, Duration.ofSeconds(st.timeoutSeconds()));
                    case NONBLOCKING -> sem.acquire(false, null);
                    case UNDER_TIMEOUT -> acquireUnderTimeout(st.timeoutSeconds());
                    case HOLD -> throw new AssertionError();
                };
                if (!got) {
                    check("after a failed acquire");
                    continue;
                }
                acquired(ticket);
                try {
                    hold(st);
                } finally {
                    held--;
                    sem.release();
                    check("after a release");
                }
            }
        }

        private boolean acquireUnderTimeout(int seconds) {
            Timeout t = Timeout.start(Duration.ofSeconds(seconds));
            try {
                sem.acquire();
                return true;
            } catch (Timeout e) {
                if (e != t) throw e;
                return false;
            } finally {
                t.cancel();
            }
        }

        private void acquired(long ticket) {
            held++;
            check("after an acquire");
            if (ticket >= 0) acquisitions.add(new long[] {ticket, Hub.current().clock().nanoTime()});
        }

        private static void hold(Step st) {
            Gevent.sleep(st.holdSeconds());
        }

        private void check(String where) {
            int c = sem.counter();
            if (c < 0 || c > initial || c + held != initial) {
                violations.add(where + ": counter=" + c + " held=" + held + " initial=" + initial);
            }
        }
    }
}
