package org.gevent4j.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gevent4j.TestHubs.elapsedSince;
import static org.gevent4j.TestHubs.now;
import static org.gevent4j.TestHubs.virtualHub;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;
import org.gevent4j.GreenletExit;
import org.gevent4j.Hub;
import org.gevent4j.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract every mutual-exclusion type keeps (Semaphore(1), BoundedSemaphore(1), Lock,
 * RLock), in the manner of the JSR-166 TCK's SemaphoreTest: each waiting behaviour once per
 * acquire flavour. Orderings are checked as event logs on the virtual clock; only the cross-thread
 * tests use real threads, and there real time only bounds failure.
 */
@org.junit.jupiter.api.Timeout(20)
class LockContractTest {

    static Stream<Arguments> everyKindAndMethod() {
        return Stream.of(LockKind.values())
                .flatMap(k -> Stream.of(AcquireMethod.values()).map(m -> Arguments.of(k, m)));
    }

    // ---- a free lock ----

    @ParameterizedTest
    @MethodSource("everyKindAndMethod")
    void aFreeLockIsTakenWithoutYieldingAndReleasedByItsUndo(LockKind kind, AcquireMethod method) {
        virtualHub(() -> {
            LockKind.Mutex m = kind.create();
            List<String> log = new ArrayList<>();
            Gevent.spawn(() -> log.add("other greenlet ran"));

            assertThat(m.locked()).isFalse();
            Runnable undo = method.acquire(m);
            assertThat(m.locked()).isTrue();
            assertThat(log).as("taking a free lock is not a switch point").isEmpty();

            undo.run();
            assertThat(m.locked()).isFalse();
            assertThat(log).isEmpty();
        });
    }

    @ParameterizedTest
    @EnumSource(LockKind.class)
    void nonBlockingAcquireTakesAFreeLockAndReturnsFalseAtOnceWhenItIsHeldElsewhere(LockKind kind) {
        virtualHub(() -> {
            LockKind.Mutex m = kind.create();
            Gevent.spawn(() -> {
                m.acquire();
                Gevent.sleep(10);
                m.release();
            });
            Gevent.sleep(1);
            long start = now();

            assertThat(m.acquire(false, null)).isFalse();
            assertThat(elapsedSince(start)).isZero();

            Gevent.sleep(10);
            assertThat(m.acquire(false, null)).isTrue();
            m.release();
        });
    }

    // ---- waiting ----

    @ParameterizedTest
    @MethodSource("everyKindAndMethod")
    void acquireWaitsWhileAnotherGreenletHoldsItAndProceedsWhenItIsReleased(LockKind kind, AcquireMethod method) {
        virtualHub(() -> {
            LockKind.Mutex m = kind.create();
            List<String> log = new ArrayList<>();
            long start = now();
            m.acquire();
            Greenlet<Void> waiter = Gevent.spawn(() -> {
                log.add("waiting");
                Runnable undo = method.acquire(m);
                log.add("acquired at " + elapsedSince(start).toSeconds());
                undo.run();
            });

            Gevent.sleep(2);
            assertThat(log).containsExactly("waiting");
            assertThat(waiter.ready()).isFalse();

            m.release();
            waiter.get();
            assertThat(log).containsExactly("waiting", "acquired at 2");
            assertThat(m.locked()).isFalse();
        });
    }

    @ParameterizedTest
    @EnumSource(LockKind.class)
    void waitersAcquireInTheOrderTheyStartedWaitingNotTheOrderTheyWereSpawned(LockKind kind) {
        virtualHub(() -> {
            LockKind.Mutex m = kind.create();
            List<String> log = new ArrayList<>();
            m.acquire();
            List<Greenlet<Void>> waiters = new ArrayList<>();
            for (int[] w : new int[][] {{1, 3}, {2, 1}, {3, 2}}) { // {name, when it starts waiting}
                waiters.add(Gevent.spawn(() -> {
                    Gevent.sleep(w[1]);
                    log.add("w" + w[0] + " waits");
                    m.acquire();
                    log.add("w" + w[0] + " acquired");
                    Gevent.sleep(1);
                    m.release();
                }));
            }
            Gevent.sleep(5);
            m.release();
            Gevent.joinAll(waiters);

            assertThat(log).containsExactly("w2 waits", "w3 waits", "w1 waits",
                    "w2 acquired", "w3 acquired", "w1 acquired");
        });
    }

    @ParameterizedTest
    @EnumSource(LockKind.class)
    void timedAcquireReturnsFalseAfterExactlyItsTimeoutAndAZeroTimeoutDoesNotWait(LockKind kind) {
        virtualHub(() -> {
            LockKind.Mutex m = kind.create();
            Greenlet<Void> holder = Gevent.spawn(() -> {
                m.acquire();
                Gevent.sleep(100);
                m.release();
            });
            Gevent.sleep(0);
            long start = now();

            assertThat(m.acquire(true, Duration.ofMillis(2500))).isFalse();
            assertThat(elapsedSince(start)).isEqualTo(Duration.ofMillis(2500));

            long again = now();
            assertThat(m.acquire(true, Duration.ZERO)).isFalse();
            assertThat(elapsedSince(again)).isZero();

            assertThat(m.locked()).as("still the holder's").isTrue();
            holder.kill();
        });
    }

    @ParameterizedTest
    @EnumSource(LockKind.class)
    void aNegativeTimeoutIsRejectedNamingIt(LockKind kind) {
        virtualHub(() -> {
            LockKind.Mutex m = kind.create();
            assertThatThrownBy(() -> m.acquire(true, Duration.ofSeconds(-1)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("timeout must not be negative: PT-1S");
            assertThat(m.locked()).isFalse();
        });
    }

    // ---- kills and timeouts while waiting: nothing is taken, nothing is lost ----

    @ParameterizedTest
    @MethodSource("everyKindAndMethod")
    void aGreenletKilledWhileWaitingNeverTakesTheLock(LockKind kind, AcquireMethod method) {
        virtualHub(() -> {
            LockKind.Mutex m = kind.create();
            List<String> log = new ArrayList<>();
            m.acquire();
            Greenlet<Void> victim = Gevent.spawn(() -> {
                try {
                    method.acquire(m);
                    log.add("victim acquired");
                } catch (GreenletExit e) {
                    log.add("victim killed while waiting");
                    throw e;
                }
            });
            Gevent.sleep(1);
            victim.kill();
            m.release();

            assertThat(log).containsExactly("victim killed while waiting");
            assertThat(m.locked()).isFalse();
            assertThat(m.acquire(false, null)).as("nothing was taken or lost").isTrue();
            m.release();
        });
    }

    @ParameterizedTest
    @MethodSource("everyKindAndMethod")
    void aWokenWaiterKilledBeforeItRunsPassesTheLockToTheNextWaiter(LockKind kind, AcquireMethod method) {
        virtualHub(() -> {
            LockKind.Mutex m = kind.create();
            List<String> log = new ArrayList<>();
            m.acquire();
            Greenlet<Void> first = Gevent.spawn(() -> {
                try {
                    method.acquire(m);
                    log.add("first acquired");
                } catch (GreenletExit e) {
                    log.add("first killed");
                    throw e;
                }
            });
            Greenlet<Void> second = Gevent.spawn(() -> {
                Runnable undo = method.acquire(m);
                log.add("second acquired");
                undo.run();
            });
            Gevent.sleep(1);

            m.release(); // wakes `first`, which has not run yet when the kill arrives
            first.kill(new GreenletExit(), false, null);
            Gevent.joinAll(first, second);

            assertThat(log).containsExactly("first killed", "second acquired");
            assertThat(m.locked()).isFalse();
        });
    }

    @ParameterizedTest
    @MethodSource("everyKindAndMethod")
    void aWokenWaiterHitByATimeoutBeforeItRunsPassesTheLockToTheNextWaiter(LockKind kind, AcquireMethod method) {
        virtualHub(() -> {
            LockKind.Mutex m = kind.create();
            List<String> log = new ArrayList<>();
            Timeout timeout = new Timeout(Duration.ofSeconds(1));
            m.acquire();
            Greenlet<Void> first = Gevent.spawn(() -> {
                try {
                    method.acquire(m);
                    log.add("first acquired");
                } catch (Timeout e) {
                    log.add(e == timeout ? "first timed out" : "other timeout");
                }
            });
            Greenlet<Void> second = Gevent.spawn(() -> {
                Runnable undo = method.acquire(m);
                log.add("second acquired");
                undo.run();
            });
            Gevent.sleep(1);

            m.release();
            // What a Timeout firing does: the hub raises it in the greenlet at its blocking point.
            first.kill(timeout, false, null);
            Gevent.joinAll(first, second);

            assertThat(log).containsExactly("first timed out", "second acquired");
            assertThat(m.locked()).isFalse();
        });
    }

    @ParameterizedTest
    @EnumSource(LockKind.class)
    void aTimeoutStartedAroundAWaitingAcquireLeavesTheLockUntaken(LockKind kind) {
        virtualHub(() -> {
            LockKind.Mutex m = kind.create();
            List<String> log = new ArrayList<>();
            long start = now();
            Greenlet<Void> holder = Gevent.spawn(() -> {
                try (Permit _ = m.hold()) {
                    Gevent.sleep(5);
                }
            });
            Gevent.sleep(0);
            try (Timeout _ = Timeout.start(Duration.ofSeconds(2))) {
                m.acquire();
                log.add("acquired");
            } catch (Timeout e) {
                log.add("timed out at " + elapsedSince(start).toSeconds());
            }
            holder.join();

            assertThat(log).containsExactly("timed out at 2");
            assertThat(m.locked()).isFalse();
        });
    }

    // ---- hold(): Python's `with lock:` ----

    @ParameterizedTest
    @EnumSource(LockKind.class)
    void aGreenletKilledInsideAHoldBlockReleasesTheLock(LockKind kind) {
        virtualHub(() -> {
            LockKind.Mutex m = kind.create();
            List<String> log = new ArrayList<>();
            Greenlet<Void> holder = Gevent.spawn(() -> {
                try (Permit _ = m.hold()) {
                    log.add("holding");
                    Gevent.sleep(100);
                    log.add("not reached");
                }
            });
            Greenlet<Void> waiter = Gevent.spawn(() -> {
                m.acquire();
                log.add("waiter acquired");
                m.release();
            });
            Gevent.sleep(1);
            assertThat(m.locked()).isTrue();

            holder.kill();
            waiter.join();

            assertThat(log).containsExactly("holding", "waiter acquired");
            assertThat(m.locked()).isFalse();
        });
    }

    @ParameterizedTest
    @EnumSource(LockKind.class)
    void aTimeoutFiringInsideAHoldBlockReleasesTheLock(LockKind kind) {
        virtualHub(() -> {
            LockKind.Mutex m = kind.create();
            long start = now();
            assertThatThrownBy(() -> {
                try (Timeout _ = Timeout.start(Duration.ofSeconds(3)); Permit _ = m.hold()) {
                    Gevent.sleep(100);
                }
            }).isInstanceOf(Timeout.class);

            assertThat(elapsedSince(start)).isEqualTo(Duration.ofSeconds(3));
            assertThat(m.locked()).isFalse();
        });
    }

    @ParameterizedTest
    @EnumSource(LockKind.class)
    void closingAPermitTwiceReleasesOnce(LockKind kind) {
        virtualHub(() -> {
            LockKind.Mutex m = kind.create();
            Permit p = m.hold();
            assertThat(p.closed()).isFalse();
            p.close();
            p.close();
            assertThat(p.closed()).isTrue();

            // Exactly one permit is back: one greenlet takes it, the next must wait.
            assertThat(m.acquire(false, null)).isTrue();
            Greenlet<Boolean> other = Gevent.spawn(() -> m.acquire(false, null));
            assertThat(other.get()).isFalse();
            m.release();
            assertThat(m.locked()).isFalse();
        });
    }

    // ---- other threads and other hubs ----

    @ParameterizedTest
    @EnumSource(LockKind.class)
    void aPlatformThreadReleasingWakesAGreenletWaitingOnAVirtualClockHub(LockKind kind) throws Exception {
        LockKind.Mutex m = kind.create();
        CountDownLatch holding = new CountDownLatch(1), greenletWaits = new CountDownLatch(1);
        AtomicReference<Throwable> threadFailure = new AtomicReference<>();
        Thread platform = Thread.ofPlatform().name("releaser").start(() -> {
            try {
                m.acquire(); // an RLock must be released by its owner: this thread takes it first
                holding.countDown();
                if (!greenletWaits.await(10, TimeUnit.SECONDS)) throw new AssertionError("greenlet never waited");
                m.release();
            } catch (Throwable e) {
                threadFailure.set(e);
                holding.countDown();
            }
        });
        List<String> log = new CopyOnWriteArrayList<>();
        virtualHub(() -> {
            assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
            long start = now();
            Greenlet<Void> g = Gevent.spawn(() -> {
                greenletWaits.countDown();
                boolean got = m.acquire(true, Duration.ofSeconds(30));
                log.add("acquired " + got);
                if (got) m.release();
            });
            g.get();
            // Woken by the other thread, not by the 30 s deadline (the virtual clock would jump there).
            assertThat(elapsedSince(start)).isLessThan(Duration.ofSeconds(30));
        });
        platform.join(10_000);
        assertThat(threadFailure.get()).isNull();
        assertThat(log).containsExactly("acquired true");
        assertThat(m.locked()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(LockKind.class)
    void aGreenletOfAnotherHubReleasingWakesAGreenletWaitingHere(LockKind kind) throws Exception {
        LockKind.Mutex m = kind.create();
        CountDownLatch holding = new CountDownLatch(1), waiting = new CountDownLatch(1);
        AtomicReference<Throwable> otherHubFailure = new AtomicReference<>();
        Thread otherHub = Thread.ofPlatform().name("other-hub").start(() -> {
            try {
                Hub.runWithVirtualClock(() -> {
                    Gevent.spawn(() -> {
                        m.acquire();
                        holding.countDown();
                        if (!waiting.await(10, TimeUnit.SECONDS)) throw new AssertionError("nobody waited");
                        Gevent.sleep(1);
                        m.release();
                        return null;
                    }).get();
                    return null;
                });
            } catch (Throwable e) {
                otherHubFailure.set(e);
                holding.countDown();
            }
        });
        List<String> log = new CopyOnWriteArrayList<>();
        virtualHub(() -> {
            assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
            Greenlet<Void> g = Gevent.spawn(() -> {
                waiting.countDown();
                Runnable undo = AcquireMethod.TIMED.acquire(m);
                log.add("acquired");
                undo.run();
            });
            g.get();
        });
        otherHub.join(10_000);
        assertThat(otherHubFailure.get()).isNull();
        assertThat(log).containsExactly("acquired");
        assertThat(m.locked()).isFalse();
    }
}
