package org.gevent4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gevent4j.TestHubs.elapsedSince;
import static org.gevent4j.TestHubs.now;
import static org.gevent4j.TestHubs.realHub;
import static org.gevent4j.TestHubs.virtualHub;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

/**
 * gevent's Timeout: raised in the greenlet that started it at its next blocking point, its own
 * object or a custom exception, nested, cancelled, restarted. Follows gevent's test__timeout.py and
 * the seed's {@code with Timeout(time_to_wait, TooLong)}.
 */
@org.junit.jupiter.api.Timeout(20)
class TimeoutTest {

    /** The seed's TooLong: a checked exception, raised undeclared. */
    static final class TooLong extends Exception {
        private static final long serialVersionUID = 1L;

        TooLong() {
            super("too long");
        }
    }

    @Test
    void aTimeoutRaisesItselfAtTheBlockingPointWhenItExpires() {
        virtualHub(() -> {
            long start = now();
            Timeout started = null;
            try (Timeout t = Timeout.start(Duration.ofSeconds(5))) {
                started = t;
                Gevent.sleep(10);
                throw new AssertionError("the sleep must be cut short");
            } catch (Timeout e) {
                assertThat(e).isSameAs(started);
            }
            assertThat(elapsedSince(start)).isEqualTo(Duration.ofSeconds(5));
        });
    }

    @Test
    void closingTheTimeoutAtTheEndOfTheBlockDisarmsIt() {
        virtualHub(() -> {
            Timeout outer;
            try (Timeout t = Timeout.start(Duration.ofSeconds(2))) {
                outer = t;
                Gevent.sleep(1);
            }
            Gevent.sleep(10);
            assertThat(outer.pending()).isFalse();
        });
    }

    @Test
    void seedWithTimeoutTooLongRaisesTheCustomCheckedExceptionUndeclared() {
        TooLong tooLong = new TooLong();
        virtualHub(() -> {
            long start = now();
            assertThatThrownBy(() -> {
                try (Timeout _ = Timeout.start(Duration.ofSeconds(5), tooLong)) {
                    Gevent.sleep(10);
                }
            }).isSameAs(tooLong);
            assertThat(elapsedSince(start)).isEqualTo(Duration.ofSeconds(5));
        });
    }

    @Test
    void aTimeoutWithACustomUncheckedExceptionRaisesThatException() {
        IllegalStateException custom = new IllegalStateException("custom");
        virtualHub(() -> {
            Timeout t = Timeout.start(Duration.ofSeconds(1), custom);
            assertThat(t.exception()).isSameAs(custom);
            assertThatThrownBy(() -> Gevent.sleep(2)).isSameAs(custom);
        });
    }

    @Test
    void theExceptionOfATimeoutWithoutCustomExceptionIsItself() {
        Timeout t = new Timeout(Duration.ofSeconds(1));
        assertThat(t.exception()).isSameAs(t);
    }

    @Test
    void aTimeoutFiresOnlyAtABlockingPointNotWhileTheGreenletComputes() {
        List<String> log = new ArrayList<>();
        realHub(() -> {
            try (Timeout _ = Timeout.start(Duration.ofMillis(10))) {
                long spinUntil = System.nanoTime() + Duration.ofMillis(60).toNanos();
                while (System.nanoTime() < spinUntil) Thread.onSpinWait();
                log.add("computed past the deadline");
                Gevent.sleep(0);
                log.add("after the blocking point");
            } catch (Timeout e) {
                log.add("Timeout at the blocking point");
            }
        });
        assertThat(log).containsExactly("computed past the deadline", "Timeout at the blocking point");
    }

    @Test
    void anOuterTimeoutExpiringFirstRaisesOnlyItself() {
        virtualHub(() -> {
            Timeout outer = Timeout.start(Duration.ofSeconds(1));
            try {
                try (Timeout _ = Timeout.start(Duration.ofSeconds(5))) {
                    Gevent.sleep(10);
                } catch (Timeout e) {
                    assertThat(e).isSameAs(outer);
                    throw e;
                }
            } catch (Timeout e) {
                assertThat(e).isSameAs(outer);
            } finally {
                outer.close();
            }
        });
    }

    @Test
    void anInnerTimeoutExpiringFirstRaisesOnlyItselfAndTheOuterOneStillFiresLater() {
        List<String> log = new ArrayList<>();
        virtualHub(() -> {
            long start = now();
            try (Timeout outer = Timeout.start(Duration.ofSeconds(5))) {
                try (Timeout _ = Timeout.start(Duration.ofSeconds(1))) {
                    Gevent.sleep(10);
                } catch (Timeout e) {
                    log.add((e == outer ? "outer" : "inner") + "@" + elapsedSince(start).toSeconds());
                }
                Gevent.sleep(10);
            } catch (Timeout e) {
                log.add("outer@" + elapsedSince(start).toSeconds());
            }
        });
        assertThat(log).containsExactly("inner@1", "outer@5");
    }

    @Test
    void aTimeoutCancelledBeforeItFiresRaisesNothing() {
        // gevent's test_cancel
        virtualHub(() -> {
            Timeout t = Timeout.start(Duration.ofSeconds(1));
            t.cancel();
            Gevent.sleep(2);
            assertThat(t.pending()).isFalse();
            t.close();
            t.cancel();
        });
    }

    @Test
    void cancellingATimeoutThatFiredWhileItsGreenletWasInAJdkCallWithdrawsIt() {
        List<String> log = new CopyOnWriteArrayList<>();
        realHub(() -> {
            Greenlet<Void> g = Gevent.spawn(() -> {
                Timeout t = Timeout.start(Duration.ofMillis(10));
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    log.add("interrupted");
                }
                t.cancel(); // fired, delivered, but not yet raised at a gevent4j blocking point
                Gevent.sleep(0);
                Gevent.sleep(0.02);
                log.add("nothing raised");
            });
            g.join(Duration.ofSeconds(5));
            assertThat(g.successful()).as(String.valueOf(g.exception())).isTrue();
        });
        assertThat(log).containsExactly("interrupted", "nothing raised");
    }

    @Test
    void closingATimeoutThatInterruptedAJdkCallRaisesItEvenWhenTheCodeCaughtTheInterruptedException() {
        List<String> log = new CopyOnWriteArrayList<>();
        realHub(() -> {
            Greenlet<Void> g = Gevent.spawn(() -> {
                Timeout started = null;
                try (Timeout t = Timeout.start(Duration.ofMillis(10))) {
                    started = t;
                    try {
                        Thread.sleep(60_000);
                    } catch (InterruptedException e) {
                        log.add("interrupted");
                    }
                    log.add("went on");
                } catch (Timeout e) {
                    log.add(e == started ? "its own Timeout from close()" : "another Timeout");
                }
                Thread.sleep(1); // the interrupt that carried it is gone
                Gevent.sleep(0.02);
                log.add("nothing raised after");
            });
            g.join(Duration.ofSeconds(5));
            assertThat(g.successful()).as(String.valueOf(g.exception())).isTrue();
        });
        assertThat(log).containsExactly("interrupted", "went on", "its own Timeout from close()", "nothing raised after");
    }

    @Test
    void aCancelledTimeoutLeavesNoStrayInterruptBehind() {
        // The timeout fires while the greenlet waits in the uninterruptible Lock.lock(); the JDK
        // re-asserts the interrupt when lock() returns. Once the timeout is cancelled nothing of it
        // may remain: a later interruptible JDK call must not throw InterruptedException.
        List<String> log = new CopyOnWriteArrayList<>();
        ReentrantLock lock = new ReentrantLock();
        realHub(() -> {
            Greenlet<Void> holder = Gevent.spawn(() -> {
                lock.lock();
                try {
                    Gevent.sleep(0.1);
                } finally {
                    lock.unlock();
                }
            });
            Greenlet<Void> g = Gevent.spawn(() -> {
                Timeout t = Timeout.start(Duration.ofMillis(20));
                lock.lock();
                lock.unlock();
                t.cancel();
                log.add("locked and cancelled");
                try {
                    Thread.sleep(1);
                    log.add("slept");
                } catch (InterruptedException e) {
                    log.add("InterruptedException from a cancelled timeout");
                }
                Gevent.sleep(0);
                log.add("no Timeout either");
            });
            Gevent.joinAll(List.of(holder, g), Duration.ofSeconds(5), false);
            assertThat(g.exception()).isNull();
        });
        assertThat(log).containsExactly("locked and cancelled", "slept", "no Timeout either");
    }

    @Test
    void aTimeoutOfNullNeverFires() {
        virtualHub(() -> {
            try (Timeout t = Timeout.start(null)) {
                Gevent.sleep(3600);
                assertThat(t.pending()).isFalse();
                assertThat(t.seconds()).isNull();
                assertThat(t.getMessage()).isEmpty();
            }
        });
    }

    @Test
    void pendingIsTrueOnlyBetweenStartAndFiringOrCancel() {
        virtualHub(() -> {
            Timeout t = new Timeout(Duration.ofSeconds(1));
            assertThat(t.pending()).as("before start").isFalse();
            t.start();
            assertThat(t.pending()).as("started").isTrue();
            assertThatThrownBy(() -> Gevent.sleep(2)).isSameAs(t);
            assertThat(t.pending()).as("fired").isFalse();

            t.start();
            assertThat(t.pending()).as("restarted").isTrue();
            t.cancel();
            assertThat(t.pending()).as("cancelled").isFalse();
        });
    }

    @Test
    void aTimeoutCanBeStartedAgainAfterItExpired() {
        // gevent's _check_expires: start, expire, start again, expire again
        virtualHub(() -> {
            long start = now();
            Timeout t = new Timeout(Duration.ofSeconds(1));
            t.start();
            assertThatThrownBy(() -> Gevent.sleep(10)).isSameAs(t);
            t.start();
            assertThatThrownBy(() -> Gevent.sleep(10)).isSameAs(t);
            t.close();
            assertThat(elapsedSince(start)).isEqualTo(Duration.ofSeconds(2));
        });
    }

    @Test
    void startingAPendingTimeoutAgainIsAnError() {
        virtualHub(() -> {
            try (Timeout t = Timeout.start(Duration.ofSeconds(1))) {
                assertThatThrownBy(t::start).isInstanceOf(IllegalStateException.class);
            }
        });
    }

    @Test
    void aTimeoutThatWasNeverStartedIsNotPendingAndCanBeThrownLikeAnyError() {
        // gevent's test_direct_raise_instance
        Timeout timeout = new Timeout(Duration.ofSeconds(1));
        try {
            throw timeout;
        } catch (Timeout t) {
            assertThat(t).isSameAs(timeout);
            assertThat(t.pending()).isFalse();
        }
    }

    @Test
    void secondsIsTheDurationGiven() {
        assertThat(new Timeout(Duration.ofMillis(1500)).seconds()).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void theMessageSaysTheDurationInSecondsAsGeventDoes() {
        assertThat(new Timeout(Duration.ofSeconds(5))).hasMessage("5 seconds");
        assertThat(new Timeout(Duration.ofSeconds(1))).hasMessage("1 second");
        assertThat(new Timeout(Duration.ofMillis(1000))).hasMessage("1 second");
        assertThat(new Timeout(Duration.ofMillis(500))).hasMessage("0.5 seconds");
        assertThat(new Timeout(Duration.ofMillis(1500))).hasMessage("1.5 seconds");
        assertThat(new Timeout(Duration.ofSeconds(60))).hasMessage("60 seconds");
        assertThat(new Timeout(Duration.ZERO)).hasMessage("0 seconds");
    }

    @Test
    void aTimeoutAimedAtTheMainGreenletInterruptsItsWait() {
        virtualHub(() -> {
            long start = now();
            Greenlet<Void> slow = Gevent.spawn(() -> Gevent.sleep(10));
            try (Timeout _ = Timeout.start(Duration.ofSeconds(1))) {
                slow.join();
                throw new AssertionError("join must be cut short");
            } catch (Timeout e) {
                assertThat(elapsedSince(start)).isEqualTo(Duration.ofSeconds(1));
            }
            assertThat(slow.dead()).as("only the waiter is interrupted").isFalse();
        });
    }

    @Test
    void aTimeoutAimedAtTheMainGreenletOfARealTimeHubWorks() {
        realHub(() -> {
            long start = System.nanoTime();
            assertThatThrownBy(() -> {
                try (Timeout _ = Timeout.start(Duration.ofMillis(20))) {
                    Gevent.sleep(30);
                }
            }).isInstanceOf(Timeout.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(20), Duration.ofSeconds(5));
        });
    }

    @Test
    void aTimeoutAffectsOnlyTheGreenletThatStartedIt() {
        List<String> log = new ArrayList<>();
        virtualHub(() -> {
            long start = now();
            Greenlet<Void> timed = Gevent.spawn(() -> {
                try (Timeout _ = Timeout.start(Duration.ofSeconds(1))) {
                    Gevent.sleep(5);
                } catch (Timeout e) {
                    log.add("timed out@" + elapsedSince(start).toSeconds());
                }
            });
            Greenlet<Void> other = Gevent.spawn(() -> {
                Gevent.sleep(3);
                log.add("other woke@" + elapsedSince(start).toSeconds());
            });
            Gevent.joinAll(timed, other);
        });
        assertThat(log).containsExactly("timed out@1", "other woke@3");
    }

    @Test
    void anUncaughtTimeoutKillsItsGreenletAsAFailure() {
        virtualHub(() -> {
            List<Object> reported = new ArrayList<>();
            Hub.current().setErrorHandler((context, error) -> reported.add(error));
            Greenlet<Void> g = Gevent.spawn(() -> {
                Timeout.start(Duration.ofSeconds(1));
                Gevent.sleep(5);
            });
            g.join();
            assertThat(g.successful()).isFalse();
            assertThat(g.exception()).isInstanceOf(Timeout.class);
            assertThat(reported).containsExactly(g.exception());
        });
    }

    @Test
    void aTimeoutLeftArmedByAFinishedGreenletHarmsNobody() {
        virtualHub(() -> {
            Greenlet<Void> g = Gevent.spawn(() -> { Timeout.start(Duration.ofSeconds(1)); });
            g.join();
            Gevent.sleep(5);
            assertThat(g.successful()).isTrue();
        });
    }

    @Test
    void catchingExceptionDoesNotSwallowATimeout() {
        List<String> log = new ArrayList<>();
        virtualHub(() -> {
            try (Timeout _ = Timeout.start(Duration.ofSeconds(1))) {
                try {
                    Gevent.sleep(5);
                } catch (Exception e) {
                    log.add("swallowed");
                }
            } catch (Timeout e) {
                log.add("Timeout");
            }
        });
        assertThat(log).containsExactly("Timeout");
    }

    @Test
    void aTimeoutAroundThreadSleepInAGreenletInterruptsTheSleep() {
        List<String> log = new CopyOnWriteArrayList<>();
        realHub(() -> {
            long start = System.nanoTime();
            Greenlet<Void> g = Gevent.spawn(() -> {
                try (Timeout _ = Timeout.start(Duration.ofMillis(20))) {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    log.add("InterruptedException");
                }
            });
            g.join(Duration.ofSeconds(5));
            assertThat(g.successful()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        });
        assertThat(log).containsExactly("InterruptedException");
    }

    @Test
    void withTimeoutTurnsAnInterruptedThreadSleepBackIntoItsTimeout() {
        realHub(() -> {
            Greenlet<Object> g = Gevent.spawn(() -> {
                try {
                    return Gevent.withTimeout(Duration.ofMillis(20), () -> {
                        Thread.sleep(60_000);
                        return "slept";
                    });
                } catch (Timeout e) {
                    return e;
                }
            });
            Object outcome = g.get(Duration.ofSeconds(5));
            assertThat(outcome).isInstanceOf(Timeout.class);
            assertThat(((Timeout) outcome).seconds()).isEqualTo(Duration.ofMillis(20));

            Greenlet<Object> withValue = Gevent.spawn(() -> Gevent.withTimeout(Duration.ofMillis(20), () -> {
                Thread.sleep(60_000);
                return "slept";
            }, "timeout value"));
            assertThat(withValue.get(Duration.ofSeconds(5))).isEqualTo("timeout value");
        });
    }

    @Test
    void aZeroTimeoutFiresAtTheNextBlockingPoint() {
        List<String> log = new ArrayList<>();
        virtualHub(() -> {
            try (Timeout _ = Timeout.start(Duration.ZERO)) {
                log.add("before blocking");
                Gevent.sleep(0);
                log.add("after blocking");
            } catch (Timeout e) {
                log.add("Timeout");
            }
        });
        assertThat(log).containsExactly("before blocking", "Timeout");
    }
}
