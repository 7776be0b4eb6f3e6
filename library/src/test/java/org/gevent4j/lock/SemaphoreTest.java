package org.gevent4j.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gevent4j.TestHubs.elapsedSince;
import static org.gevent4j.TestHubs.now;
import static org.gevent4j.TestHubs.virtualHub;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;
import org.gevent4j.LoopExit;
import org.gevent4j.Waitable;
import org.junit.jupiter.api.Test;

/**
 * What is particular to counting semaphores: the counter, bounds, waking one waiter per permit,
 * greenlets that take a free permit without waiting, {@code await}, rawlink, and the dummy
 * semaphore. Follows gevent's test__semaphore.py (issue 39, release twice, rawlink on a ready
 * semaphore, TestSemaphoreFair).
 */
@org.junit.jupiter.api.Timeout(20)
class SemaphoreTest {

    /** Spawns a greenlet that logs, takes a permit, logs, and keeps it. */
    private static Greenlet<Void> taker(Semaphore s, String name, List<String> log) {
        return Gevent.spawn(() -> {
            log.add(name + " waits");
            s.acquire();
            log.add(name + " acquired");
        });
    }

    // ---- construction and bad input ----

    @Test
    void aNegativeInitialValueIsRejectedNamingIt() {
        assertThatThrownBy(() -> new Semaphore(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("semaphore initial value must be >= 0: -1");
        assertThatThrownBy(() -> new BoundedSemaphore(-3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("semaphore initial value must be >= 0: -3");
    }

    @Test
    void releasingABoundedSemaphoreAboveItsInitialValueIsRefusedAndChangesNothing() {
        BoundedSemaphore s = new BoundedSemaphore(2);
        s.acquire();
        s.release();
        assertThatThrownBy(s::release)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Semaphore released too many times");
        assertThat(s.counter()).isEqualTo(2);
        assertThat(s.initialValue()).isEqualTo(2);
    }

    @Test
    void aBoundedSemaphoreCountsAPermitPromisedToAWokenWaiterAsFree() {
        // gevent: the woken waiter has not decremented the counter yet, so the counter is at its bound
        virtualHub(() -> {
            BoundedSemaphore s = new BoundedSemaphore(1);
            List<String> log = new ArrayList<>();
            s.acquire();
            Greenlet<Void> w = taker(s, "w", log);
            Gevent.sleep(0);

            s.release();
            assertThatThrownBy(s::release).hasMessage("Semaphore released too many times");

            w.join();
            assertThat(log).containsExactly("w waits", "w acquired");
            assertThat(s.counter()).isZero();
        });
    }

    @Test
    void aLockReleasedWhileUnlockedIsRefusedWithThreadingsMessage() {
        Lock lock = new Lock();
        assertThatThrownBy(lock::release)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("release unlocked lock");
        lock.acquire();
        lock.release();
        assertThatThrownBy(lock::release).hasMessage("release unlocked lock");
        assertThat(lock.counter()).isEqualTo(1);
    }

    @Test
    void aLockRefusesATimeoutOnANonBlockingAcquireAsThreadingDoes() {
        Lock lock = new Lock();
        assertThatThrownBy(() -> lock.acquire(false, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("can't specify a timeout for a non-blocking call: PT1S");
        assertThat(lock.locked()).isFalse();
        // A semaphore ignores the timeout of a non-blocking acquire, as gevent's does.
        assertThat(new Semaphore(1).acquire(false, Duration.ofSeconds(1))).isTrue();
    }

    @Test
    void aLockIsABoundedSemaphoreOfOne() {
        Lock lock = new Lock();
        assertThat(lock).isInstanceOf(BoundedSemaphore.class);
        assertThat(lock.initialValue()).isEqualTo(1);
        assertThat(lock.counter()).isEqualTo(1);
    }

    @Test
    void aPlainSemaphoreMayBeReleasedMoreThanAcquiredWhichAddsPermits() {
        Semaphore s = new Semaphore(1);
        s.release();
        s.release();
        assertThat(s.counter()).isEqualTo(3);
        assertThat(s.acquire(false, null)).isTrue();
        assertThat(s.acquire(false, null)).isTrue();
        assertThat(s.acquire(false, null)).isTrue();
        assertThat(s.acquire(false, null)).isFalse();
        assertThat(s.locked()).isTrue();
    }

    @Test
    void theCounterRefusesToOverflow() {
        Semaphore s = new Semaphore(Integer.MAX_VALUE);
        assertThatThrownBy(s::release)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Semaphore counter would overflow: 2147483647");
        assertThat(s.counter()).isEqualTo(Integer.MAX_VALUE);
    }

    // ---- counting ----

    @Test
    void theCounterCountsFreePermitsAndLockedMeansNoneIsFree() {
        Semaphore s = new Semaphore(3);
        assertThat(s.counter()).isEqualTo(3);
        assertThat(s.locked()).isFalse();
        assertThat(s.ready()).isTrue();
        s.acquire();
        s.acquire();
        assertThat(s.counter()).isEqualTo(1);
        s.acquire();
        assertThat(s.counter()).isZero();
        assertThat(s.locked()).isTrue();
        assertThat(s.ready()).isFalse();
    }

    @Test
    void acquireOnASemaphoreOfZeroReturnsFalseAfterItsTimeout() {
        // gevent issue 39
        virtualHub(() -> {
            Semaphore s = new Semaphore(0);
            long start = now();
            assertThat(s.acquire(true, Duration.ofMillis(10))).isFalse();
            assertThat(elapsedSince(start)).isEqualTo(Duration.ofMillis(10));
        });
    }

    @Test
    void eachReleaseLetsExactlyOneMoreWaiterThroughInArrivalOrder() {
        virtualHub(() -> {
            Semaphore s = new Semaphore(0);
            List<String> log = new ArrayList<>();
            Greenlet<Void> a = taker(s, "a", log), b = taker(s, "b", log), c = taker(s, "c", log);
            Gevent.sleep(0);

            s.release();
            s.release();
            Gevent.sleep(1);
            assertThat(log).containsExactly("a waits", "b waits", "c waits", "a acquired", "b acquired");
            assertThat(c.ready()).isFalse();

            s.release();
            Gevent.joinAll(a, b, c);
            assertThat(log).endsWith("c acquired");
            assertThat(s.counter()).isZero();
        });
    }

    @Test
    void severalPermitsReleasedAtOnceWakeAsManyWaiters() {
        virtualHub(() -> {
            Semaphore s = new Semaphore(0);
            List<String> log = new ArrayList<>();
            List<Greenlet<Void>> waiters = new ArrayList<>();
            for (String n : List.of("a", "b", "c", "d")) waiters.add(taker(s, n, log));
            Gevent.sleep(0);

            Gevent.spawn(() -> {
                for (int i = 0; i < 3; i++) s.release(); // three releases without yielding
            });
            Gevent.sleep(1);

            assertThat(log).containsSubsequence("a acquired", "b acquired", "c acquired").doesNotContain("d acquired");
            waiters.get(3).kill();
            assertThat(s.counter()).isZero();
        });
    }

    // ---- greenlets that do not wait may take a free permit (gevent), waiters keep their order ----

    @Test
    void aReleaserMayTakeThePermitBackBeforeTheWokenWaiterRunsAndTheWaiterKeepsItsPlace() {
        virtualHub(() -> {
            Semaphore s = new Semaphore(1);
            List<String> log = new ArrayList<>();
            s.acquire();
            Greenlet<Void> w = taker(s, "w", log);
            Greenlet<Void> late = Gevent.spawn(() -> {
                Gevent.sleep(0.5);
                log.add("late waits");
                s.acquire();
                log.add("late acquired");
            });
            Gevent.sleep(0);

            s.release();
            assertThat(s.acquire(false, null)).as("the permit is free until the waiter runs").isTrue();
            Gevent.sleep(1);
            assertThat(log).containsExactly("w waits", "late waits");

            s.release();
            Gevent.sleep(1);
            assertThat(log).containsExactly("w waits", "late waits", "w acquired");
            s.release();
            Gevent.joinAll(w, late);
            assertThat(log).endsWith("late acquired");
        });
    }

    @Test
    void takingPermitsFromSeveralWokenWaitersSendsTheLatestBackFirstSoArrivalOrderHolds() {
        virtualHub(() -> {
            Semaphore s = new Semaphore(0);
            List<String> log = new ArrayList<>();
            Greenlet<Void> a = taker(s, "a", log), b = taker(s, "b", log), c = taker(s, "c", log);
            Gevent.sleep(0);

            s.release();
            s.release(); // a and b are woken
            assertThat(s.acquire(false, null)).isTrue(); // takes b's permit: b waits again
            Gevent.sleep(1);
            assertThat(log).containsExactly("a waits", "b waits", "c waits", "a acquired");

            assertThat(s.acquire(false, null)).isFalse();
            s.release();
            s.release();
            assertThat(s.acquire(false, null)).isTrue(); // again the latest woken (c) goes back
            Gevent.sleep(1);
            assertThat(log).endsWith("a acquired", "b acquired");
            assertThat(c.ready()).isFalse();

            s.release();
            Gevent.joinAll(a, b, c);
            assertThat(log).endsWith("a acquired", "b acquired", "c acquired");
        });
    }

    @Test
    void semaphoreIsFairAcrossGreenletsThatKeepReacquiring() {
        // gevent's TestSemaphoreFair.test_fair_or_hangs (issue 1487): with an unfair semaphore two
        // greenlets hand it back and forth forever and `exiting` never gets it.
        virtualHub(() -> {
            Semaphore s = new Semaphore(1);
            List<Boolean> shouldQuit = new ArrayList<>();
            Greenlet<Void> keepGoing1 = Gevent.spawn(() -> acquireThenSpawn(s, shouldQuit));
            Greenlet<Void> keepGoing2 = Gevent.spawn(() -> acquireThenSpawn(s, shouldQuit));
            Greenlet<Void> exiting = Gevent.spawn(() -> {
                s.acquire();
                shouldQuit.add(true);
            });

            assertThatThrownBy(() -> Gevent.joinAll(keepGoing1, keepGoing2, exiting)).isInstanceOf(LoopExit.class);

            assertThat(exiting.dead()).isTrue();
            assertThat(keepGoing2.dead()).isTrue();
            assertThat(keepGoing1.dead()).isFalse();
            s.release();
            keepGoing1.kill();
        });
    }

    private static void acquireThenSpawn(Semaphore s, List<Boolean> shouldQuit) {
        if (!shouldQuit.isEmpty()) return;
        s.acquire();
        Gevent.spawn(() -> releaseThenSpawn(s, shouldQuit)).join();
    }

    private static void releaseThenSpawn(Semaphore s, List<Boolean> shouldQuit) {
        s.release();
        if (!shouldQuit.isEmpty()) return;
        Gevent.spawn(() -> acquireThenSpawn(s, shouldQuit)).join();
    }

    @Test
    void theMainGreenletWaitingForAPermitNobodyCanReleaseGetsLoopExitAndLeavesNoGhostWaiter() {
        virtualHub(() -> {
            Semaphore s = new Semaphore(0);
            assertThatThrownBy(s::acquire).isInstanceOf(LoopExit.class);
            assertThat(s).hasToString("<Semaphore counter=0 waiters=0>");
            s.release();
            assertThat(s.counter()).as("the permit is not promised to the waiter that left").isEqualTo(1);
        });
    }

    /**
     * As in gevent, a thread the hub has never seen use this object is not a wake-up it can count
     * on: the main greenlet gets LoopExit at once (LoopExit's javadoc says how to hand such a
     * result over instead).
     */
    @Test
    void aPlatformThreadThatFirstTouchesTheSemaphoreWhenReleasingIsNotAWakeUpTheHubCanSeeSoMainGetsLoopExitAsInGevent() {
        virtualHub(() -> {
            Semaphore s = new Semaphore(0);
            Thread.ofPlatform().start(() -> {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
                s.release();
            });
            assertThatThrownBy(s::acquire).isInstanceOf(org.gevent4j.LoopExit.class);
        });
    }

    // ---- await: wait for a free permit without taking it ----

    @Test
    void awaitReturnsTheCounterAtOnceWhenAPermitIsFree() {
        virtualHub(() -> {
            Semaphore s = new Semaphore(2);
            List<String> log = new ArrayList<>();
            Gevent.spawn(() -> log.add("other ran"));
            assertThat(s.await()).isEqualTo(2);
            assertThat(s.counter()).isEqualTo(2);
            assertThat(log).as("no switch").isEmpty();
        });
    }

    @Test
    void awaitWaitsForAReleaseAndTakesNothing() {
        virtualHub(() -> {
            Semaphore s = new Semaphore(0);
            long start = now();
            Greenlet<Integer> watcher = Gevent.spawn(() -> s.await());
            Gevent.spawnLater(Duration.ofSeconds(3), () -> s.release());

            assertThat(watcher.get()).isEqualTo(1);
            assertThat(elapsedSince(start)).isEqualTo(Duration.ofSeconds(3));
            assertThat(s.counter()).isEqualTo(1);
        });
    }

    @Test
    void awaitWithATimeoutReturnsZeroWhenNothingIsReleased() {
        virtualHub(() -> {
            Semaphore s = new Semaphore(0);
            long start = now();
            assertThat(s.await(Duration.ofSeconds(2))).isZero();
            assertThat(elapsedSince(start)).isEqualTo(Duration.ofSeconds(2));
            assertThatThrownBy(() -> s.await(Duration.ofMillis(-5)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("timeout must not be negative: PT-0.005S");
        });
    }

    @Test
    void aGreenletInAwaitDoesNotEatTheWakeUpOfAnAcquirer() {
        virtualHub(() -> {
            Semaphore s = new Semaphore(0);
            List<String> log = new ArrayList<>();
            Greenlet<Void> watcher = Gevent.spawn(() -> {
                log.add("watcher waits");
                log.add("watcher saw " + s.await());
            });
            Greenlet<Void> acquirer = taker(s, "acquirer", log);
            Gevent.sleep(0);

            s.release();
            Gevent.joinAll(watcher, acquirer);

            // The watcher is woken too, but runs after the acquirer took the only permit.
            assertThat(log).containsExactly("watcher waits", "acquirer waits", "acquirer acquired", "watcher saw 0");
        });
    }

    // ---- rawlink and Gevent.wait ----

    @Test
    void rawlinkCallsAtOnceWhenReadyElseOnTheNextReleaseOnce() {
        // gevent's test_release_twice, with an order: callbacks are one-shot and called in order
        Semaphore s = new Semaphore(1);
        List<String> log = new ArrayList<>();
        s.rawlink(x -> log.add("ready at once " + (x == s)));
        assertThat(log).containsExactly("ready at once true");

        s.acquire();
        s.rawlink(x -> log.add("a"));
        s.rawlink(x -> log.add("b"));
        assertThat(log).hasSize(1);
        s.release();
        assertThat(log).containsExactly("ready at once true", "a", "b");

        s.acquire();
        s.release();
        assertThat(log).as("one-shot").hasSize(3);
    }

    @Test
    void unlinkRemovesACallbackAndToleratesUnknownOnes() {
        Semaphore s = new Semaphore(0);
        List<String> log = new ArrayList<>();
        Consumer<Waitable> cb = x -> log.add("called");
        s.rawlink(cb);
        s.unlink(cb);
        s.unlink(cb);
        s.unlink(null);
        s.release();
        assertThat(log).isEmpty();
        assertThatThrownBy(() -> s.rawlink(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("callback must not be null");
    }

    @Test
    void geventWaitOnAFreeSemaphoreReturnsAtOnceAndOnAnExhaustedOneWaitsForARelease() {
        // gevent issue 1287: waiting on a ready semaphore must not raise LoopExit
        virtualHub(() -> {
            Semaphore s = new Semaphore(1);
            assertThat(Gevent.wait(List.of(s))).containsExactly(s);

            s.acquire();
            long start = now();
            Gevent.spawnLater(Duration.ofSeconds(2), () -> s.release());
            assertThat(Gevent.wait(List.of(s))).containsExactly(s);
            assertThat(elapsedSince(start)).isEqualTo(Duration.ofSeconds(2));
            assertThat(s.counter()).as("waiting takes nothing").isEqualTo(1);
        });
    }

    // ---- DummySemaphore ----

    @Test
    void aDummySemaphoreNeverBlocksAndNeverRunsOut() {
        virtualHub(() -> {
            DummySemaphore d = new DummySemaphore();
            List<String> log = new ArrayList<>();
            Gevent.spawn(() -> log.add("other ran"));
            for (int i = 0; i < 1000; i++) d.acquire();
            assertThat(d.acquire(false, null)).isTrue();
            assertThat(d.acquire(true, Duration.ZERO)).isTrue();
            try (Permit _ = d.hold()) {
                assertThat(d.locked()).isFalse();
            }
            d.release();
            d.release();
            assertThat(d.counter()).isEqualTo(Integer.MAX_VALUE);
            assertThat(d.await()).isEqualTo(Integer.MAX_VALUE);
            assertThat(d.ready()).isTrue();
            assertThat(log).as("never a switch point").isEmpty();

            List<Object> called = new ArrayList<>();
            d.rawlink(called::add);
            assertThat(called).containsExactly(d);
            assertThat(Gevent.wait(List.of(d))).containsExactly(d);
            assertThatThrownBy(() -> d.acquire(true, Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
            assertThat(d).hasToString("<DummySemaphore>");
        });
    }

    @Test
    void aDummySemaphoreStandsInForASemaphore() {
        Semaphore unlimited = new DummySemaphore();
        assertThat(unlimited.acquire(false, null)).isTrue();
        assertThat(unlimited.locked()).isFalse();
    }

    @Test
    void toStringShowsTheClassTheCounterAndTheWaiters() {
        virtualHub(() -> {
            Semaphore s = new BoundedSemaphore(1);
            assertThat(s).hasToString("<BoundedSemaphore counter=1 waiters=0>");
            s.acquire();
            Gevent.spawn(() -> s.acquire());
            Gevent.sleep(0);
            assertThat(s).hasToString("<BoundedSemaphore counter=0 waiters=1>");
            assertThat(new Lock()).hasToString("<Lock counter=1 waiters=0>");
        });
    }
}
