package org.gevent4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gevent4j.TestHubs.virtualHub;

import java.util.ArrayList;
import java.util.List;
import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;
import org.junit.jupiter.api.Test;

/**
 * The fairness policy itself, over the smallest owner: a counter of units that greenlets take one
 * at a time. Queue, Semaphore, Pool and ThreadPool each test it again through their own API.
 */
@org.junit.jupiter.api.Timeout(20)
class TurnsTest {

    /** An owner of {@code units}, with or without barging; the pattern every real owner follows. */
    static final class Units {
        int units;
        final WaitQueue line = new WaitQueue();
        final Turns turns;

        Units(int units, boolean barging) {
            this.units = units;
            this.turns = new Turns(line, () -> this.units, barging);
        }

        /** Takes a unit, waiting for its turn as long as it takes. */
        void take() {
            WaitQueue.Waiter w;
            synchronized (this) {
                if (turns.mayTake()) {
                    units--;
                    return;
                }
                w = turns.join(Strand.current());
            }
            while (true) {
                boolean notified = turns.await(this, w, Loop.FOREVER);
                WaitQueue.Waiter next;
                synchronized (this) {
                    if (turns.claim(w, notified, true, true) == Turns.WAIT) continue;
                    units--;
                    next = turns.grant();
                }
                WaitQueue.wakeOne(next, this);
                return;
            }
        }

        /** Takes a unit if that needs no wait; whether it did. */
        synchronized boolean tryTake() {
            if (!turns.mayTake()) return false;
            units--;
            return true;
        }

        void add(int n) {
            List<WaitQueue.Waiter> woken = new ArrayList<>();
            synchronized (this) {
                units += n;
                for (WaitQueue.Waiter w; (w = turns.grant()) != null; ) woken.add(w);
            }
            for (WaitQueue.Waiter w : woken) WaitQueue.wakeOne(w, this);
        }
    }

    private static Greenlet<Void> taker(Units u, String name, List<String> log) {
        return Gevent.spawn(() -> {
            u.take();
            log.add(name);
        });
    }

    @Test
    void waitersAreServedInArrivalOrderOneWokenPerUnit() {
        virtualHub(() -> {
            Units u = new Units(0, true);
            List<String> log = new ArrayList<>();
            Greenlet<Void> a = taker(u, "a", log), b = taker(u, "b", log), c = taker(u, "c", log);
            Gevent.sleep(0);

            u.add(2);
            synchronized (u) {
                assertThat(u.turns.promised()).as("one woken waiter per unit").isEqualTo(2);
                assertThat(u.turns.waiting()).isEqualTo(3);
            }
            Gevent.sleep(0);
            assertThat(log).containsExactly("a", "b");
            assertThat(c.ready()).isFalse();

            u.add(1);
            Gevent.joinAll(a, b, c);
            assertThat(log).containsExactly("a", "b", "c");
            assertThat(u.units).isZero();
        });
    }

    @Test
    void aWokenWaiterKilledBeforeItRunsPassesItsTurnOnAndNoUnitIsLost() {
        virtualHub(() -> {
            Units u = new Units(0, true);
            List<String> log = new ArrayList<>();
            Greenlet<Void> a = taker(u, "a", log), b = taker(u, "b", log);
            Gevent.sleep(0);

            u.add(1); // a's turn
            a.kill(); // before a runs: its turn goes to b
            Gevent.joinAll(a, b);
            assertThat(log).containsExactly("b");
            assertThat(u.units).isZero();
            synchronized (u) {
                assertThat(u.turns.waiting()).isZero();
            }
        });
    }

    @Test
    void withBargingACallerThatDoesNotWaitTakesAPromisedUnitAndTheWaiterKeepsItsPlace() {
        virtualHub(() -> {
            Units u = new Units(0, true);
            List<String> log = new ArrayList<>();
            Greenlet<Void> a = taker(u, "a", log), b = taker(u, "b", log);
            Gevent.sleep(0);

            u.add(1); // a's turn
            assertThat(u.tryTake()).as("barging, as gevent's Queue and Semaphore").isTrue();
            Gevent.sleep(0); // a runs, finds nothing, goes back in line ahead of b
            assertThat(log).isEmpty();

            u.add(1);
            Gevent.sleep(0);
            assertThat(log).containsExactly("a");
            u.add(1);
            Gevent.joinAll(a, b);
            assertThat(log).containsExactly("a", "b");
        });
    }

    @Test
    void withoutBargingAUnitPromisedToAWokenWaiterIsNotFreeToANewcomer() {
        virtualHub(() -> {
            Units u = new Units(0, false);
            List<String> log = new ArrayList<>();
            Greenlet<Void> a = taker(u, "a", log);
            Gevent.sleep(0);

            u.add(1); // a's turn
            synchronized (u) {
                assertThat(u.turns.free()).isZero();
            }
            assertThat(u.tryTake()).isFalse();
            u.add(1);
            synchronized (u) {
                assertThat(u.turns.free()).as("the second unit is promised to no one").isEqualTo(1);
            }
            assertThat(u.tryTake()).isTrue();
            a.join();
            assertThat(log).containsExactly("a");
            assertThat(u.units).isZero();
        });
    }

    @Test
    void aLaterWaiterThatRunsFirstLetsAnEarlierOneThatWentBackInLineGoFirst() {
        // QueueTest's getter case over plain units: a is woken, a caller barges, a goes back in
        // line; b is woken, then a again: b runs first (it was woken first) but lets a go first.
        virtualHub(() -> {
            Units u = new Units(0, true);
            List<String> log = new ArrayList<>();
            Greenlet<Void> a = taker(u, "a", log), b = taker(u, "b", log);
            Gevent.sleep(0);

            u.add(1); // a's turn
            assertThat(u.tryTake()).isTrue(); // barges: a will find nothing
            Greenlet<Void> c = Gevent.spawn(() -> { // runs after a went back in line, before b
                u.add(1);
                u.add(1); // the second unit wakes a again, after b
            });
            u.add(1);
            u.add(1); // b's turn
            assertThat(u.tryTake()).isTrue();
            assertThat(u.tryTake()).isTrue();
            Gevent.joinAll(a, b, c);
            assertThat(log).containsExactly("a", "b");
        });
    }
}
