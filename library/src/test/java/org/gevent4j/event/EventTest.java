package org.gevent4j.event;

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
import java.util.function.Consumer;
import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;
import org.gevent4j.GreenletExit;
import org.gevent4j.Hub;
import org.gevent4j.Timeout;
import org.gevent4j.Waitable;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Event}: the seed program, await's result when the flag was set at any point, timeouts,
 * kills, rawlink, {@code Gevent.wait}, and sets from other threads and hubs. Follows gevent's
 * test__event.py (TestEvent_SetThenClear, test_set_during_wait, TestEventBasics,
 * TestEventCrossThread).
 */
@org.junit.jupiter.api.Timeout(20)
class EventTest {

    @Test
    void theSeedProgramWithOneSetterAndThreeWaiters() {
        List<String> out = new ArrayList<>();
        virtualHub(() -> {
            Event evt = new Event();
            long start = now();
            Runnable setter = () -> {
                out.add("A: Hey wait for me, I have to do something");
                Gevent.sleep(3);
                out.add("Ok, I'm done");
                evt.set();
            };
            Runnable waiter = () -> {
                out.add("I'll wait for you");
                evt.await();
                out.add("It's about time");
            };
            Gevent.joinAll(Gevent.spawn(setter), Gevent.spawn(waiter), Gevent.spawn(waiter), Gevent.spawn(waiter));
            assertThat(elapsedSince(start)).isEqualTo(Duration.ofSeconds(3));
        });
        assertThat(out).containsExactly(
                "A: Hey wait for me, I have to do something",
                "I'll wait for you",
                "I'll wait for you",
                "I'll wait for you",
                "Ok, I'm done",
                "It's about time",
                "It's about time",
                "It's about time");
    }

    @Test
    void waitersAreWokenInTheOrderTheyStartedWaiting() {
        virtualHub(() -> {
            Event evt = new Event();
            List<String> log = new ArrayList<>();
            for (int[] w : new int[][] {{1, 3}, {2, 1}, {3, 2}}) { // {name, when it starts waiting}
                Gevent.spawn(() -> {
                    Gevent.sleep(w[1]);
                    evt.await();
                    log.add("w" + w[0]);
                });
            }
            Gevent.sleep(4);
            evt.set();
            Gevent.sleep(0);
            assertThat(log).containsExactly("w2", "w3", "w1");
        });
    }

    @Test
    void awaitOnASetEventReturnsTrueAtOnceWithoutSwitching() {
        virtualHub(() -> {
            Event evt = new Event();
            List<String> log = new ArrayList<>();
            evt.set();
            Gevent.spawn(() -> log.add("other ran"));
            assertThat(evt.isSet()).isTrue();
            assertThat(evt.ready()).isTrue();
            assertThat(evt.await()).isTrue();
            assertThat(evt.await(Duration.ZERO)).isTrue();
            assertThat(log).isEmpty();
        });
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 100, 1000})
    void aWaiterReturnsTrueIfTheFlagWasSetAtAnyPointEvenIfClearedBeforeItRuns(int n) {
        // gevent's TestEvent_SetThenClear, TestEvent_SetThenClear100, TestEvent_SetThenClear1000
        virtualHub(() -> {
            Event evt = new Event();
            List<Greenlet<Boolean>> waiters = new ArrayList<>();
            for (int i = 0; i < n; i++) waiters.add(Gevent.spawn(() -> evt.await()));
            Gevent.sleep(0.001);
            evt.set();
            evt.clear();
            Gevent.joinAll(waiters);
            for (Greenlet<Boolean> w : waiters) assertThat(w.value()).isTrue();
            assertThat(evt.isSet()).isFalse();
        });
    }

    @Test
    void awaitWithATimeoutReturnsFalseAfterExactlyTheTimeout() {
        virtualHub(() -> {
            Event evt = new Event();
            long start = now();
            assertThat(evt.await(Duration.ofMillis(1500))).isFalse();
            assertThat(elapsedSince(start)).isEqualTo(Duration.ofMillis(1500));
            assertThat(evt.await(Duration.ZERO)).isFalse();
            assertThat(elapsedSince(start)).isEqualTo(Duration.ofMillis(1500));
        });
    }

    @Test
    void awaitWithATimeoutReturnsTrueWhenSetInTime() {
        virtualHub(() -> {
            Event evt = new Event();
            long start = now();
            Gevent.spawnLater(Duration.ofSeconds(2), () -> evt.set());
            assertThat(evt.await(Duration.ofSeconds(5))).isTrue();
            assertThat(elapsedSince(start)).isEqualTo(Duration.ofSeconds(2));
        });
    }

    @Test
    void clearMakesLaterWaitersWaitForTheNextSet() {
        virtualHub(() -> {
            Event evt = new Event();
            evt.set();
            evt.clear();
            assertThat(evt.isSet()).isFalse();
            long start = now();
            Gevent.spawnLater(Duration.ofSeconds(1), () -> evt.set());
            assertThat(evt.await()).isTrue();
            assertThat(elapsedSince(start)).isEqualTo(Duration.ofSeconds(1));
        });
    }

    @Test
    void aNegativeTimeoutIsRejectedNamingIt() {
        assertThatThrownBy(() -> new Event().await(Duration.ofSeconds(-2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("timeout must not be negative: PT-2S");
    }

    @Test
    void aKilledWaiterLeavesAndTheOthersAreStillWoken() {
        virtualHub(() -> {
            Event evt = new Event();
            List<String> log = new ArrayList<>();
            Greenlet<Void> victim = Gevent.spawn(() -> {
                try {
                    evt.await();
                    log.add("victim woke");
                } catch (GreenletExit e) {
                    log.add("victim killed");
                    throw e;
                }
            });
            Greenlet<Void> other = Gevent.spawn(() -> {
                evt.await();
                log.add("other woke");
            });
            Gevent.sleep(1);
            victim.kill();
            assertThat(evt).hasToString("<Event clear waiters=1>");
            evt.set();
            other.join();
            assertThat(log).containsExactly("victim killed", "other woke");
        });
    }

    @Test
    void aTimeoutAroundAwaitIsRaisedFromIt() {
        virtualHub(() -> {
            Event evt = new Event();
            long start = now();
            Timeout t = Timeout.start(Duration.ofSeconds(2));
            try {
                evt.await();
                throw new AssertionError("await returned");
            } catch (Timeout e) {
                assertThat(e).isSameAs(t);
            }
            assertThat(elapsedSince(start)).isEqualTo(Duration.ofSeconds(2));
            assertThat(evt).hasToString("<Event clear waiters=0>");
        });
    }

    // ---- rawlink and Gevent.wait ----

    @Test
    void rawlinkIsCalledOnceWithTheEventWhenItIsSetAndAtOnceIfItIsSetAlready() {
        Event evt = new Event();
        List<Object> calls = new ArrayList<>();
        evt.rawlink(calls::add);
        assertThat(calls).isEmpty();
        evt.set();
        assertThat(calls).containsExactly(evt);
        evt.clear();
        evt.set();
        assertThat(calls).as("one-shot").containsExactly(evt);

        evt.rawlink(x -> calls.add("at once"));
        assertThat(calls).containsExactly(evt, "at once");
    }

    @Test
    void unlinkRemovesACallbackAndToleratesNullAndUnknownOnes() {
        Event evt = new Event();
        List<Object> calls = new ArrayList<>();
        Consumer<Waitable> cb = calls::add;
        evt.rawlink(cb);
        evt.unlink(cb);
        evt.unlink(cb);
        evt.unlink(null);
        evt.set();
        assertThat(calls).isEmpty();
        assertThatThrownBy(() -> evt.rawlink(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("callback must not be null");
    }

    @Test
    void geventWaitDoesNotSeeAnEventThatWasSetAndClearedBeforeItStarted() {
        // gevent's test_set_during_wait (issue 771)
        virtualHub(() -> {
            Event evt = new Event();
            Gevent.spawn(() -> {
                Greenlet<Void> setter = Gevent.spawn(() -> evt.set());
                assertThat(evt.await()).isTrue();
                assertThat(evt.ready()).isTrue();
                setter.join();
                evt.clear();
                assertThat(evt.ready()).isFalse();

                List<Event> ready = Gevent.wait(List.of(evt), Duration.ofMillis(10), 0);
                assertThat(evt.ready()).isFalse();
                assertThat(ready).doesNotContain(evt);
            }).get();
        });
    }

    @Test
    void geventWaitTwiceOnAnEventAlreadySetReturnsItBothTimes() {
        virtualHub(() -> {
            Event evt = new Event();
            evt.set();
            assertThat(Gevent.wait(List.of(evt))).containsExactly(evt);
            assertThat(Gevent.wait(List.of(evt))).containsExactly(evt);
        });
    }

    @Test
    void toStringShowsTheFlagAndTheWaiters() {
        virtualHub(() -> {
            Event evt = new Event();
            assertThat(evt).hasToString("<Event clear waiters=0>");
            Gevent.spawn(() -> evt.await());
            Gevent.spawn(() -> evt.await());
            Gevent.sleep(0);
            assertThat(evt).hasToString("<Event clear waiters=2>");
            evt.set();
            assertThat(evt).hasToString("<Event set waiters=0>");
        });
    }

    // ---- other threads and hubs ----

    @Test
    void aPlatformThreadThatHasUsedTheEventWakesAGreenletOfAVirtualClockHub() throws Exception {
        Event evt = new Event();
        CountDownLatch threadReady = new CountDownLatch(1), greenletWaits = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread setter = Thread.ofPlatform().name("setter").start(() -> {
            try {
                evt.clear(); // the thread uses the event before the greenlet starts waiting
                threadReady.countDown();
                if (!greenletWaits.await(10, TimeUnit.SECONDS)) throw new AssertionError("nobody waited");
                evt.set();
            } catch (Throwable e) {
                failure.set(e);
                threadReady.countDown();
            }
        });
        List<String> log = new CopyOnWriteArrayList<>();
        virtualHub(() -> {
            assertThat(threadReady.await(10, TimeUnit.SECONDS)).isTrue();
            long start = now();
            Gevent.spawn(() -> {
                greenletWaits.countDown();
                log.add("woke " + evt.await(Duration.ofSeconds(30)));
            }).get();
            assertThat(elapsedSince(start)).as("woken by the thread, not the deadline").isLessThan(Duration.ofSeconds(30));
        });
        setter.join(10_000);
        assertThat(failure.get()).isNull();
        assertThat(log).containsExactly("woke true");
    }

    @Test
    void aGreenletOfAnotherHubWakesWaitersHere() throws Exception {
        Event evt = new Event();
        CountDownLatch otherHubReady = new CountDownLatch(1), waiting = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread otherHub = Thread.ofPlatform().start(() -> {
            try {
                Hub.runWithVirtualClock(() -> {
                    Gevent.spawn(() -> {
                        evt.clear();
                        otherHubReady.countDown();
                        if (!waiting.await(10, TimeUnit.SECONDS)) throw new AssertionError("nobody waited");
                        Gevent.sleep(1);
                        evt.set();
                        return null;
                    }).get();
                    return null;
                });
            } catch (Throwable e) {
                failure.set(e);
                otherHubReady.countDown();
            }
        });
        List<String> log = new CopyOnWriteArrayList<>();
        virtualHub(() -> {
            assertThat(otherHubReady.await(10, TimeUnit.SECONDS)).isTrue();
            List<Greenlet<Void>> waiters = new ArrayList<>();
            for (String n : List.of("a", "b")) {
                waiters.add(Gevent.spawn(() -> {
                    evt.await();
                    log.add(n);
                }));
            }
            Gevent.spawn(waiting::countDown);
            Gevent.joinAll(waiters);
        });
        otherHub.join(10_000);
        assertThat(failure.get()).isNull();
        assertThat(log).containsExactly("a", "b");
    }

    /**
     * As in gevent, a thread the hub has never seen use this object is not a wake-up it can count
     * on: the main greenlet gets LoopExit at once (LoopExit's javadoc says how to hand such a
     * result over instead).
     */
    @Test
    void aPlatformThreadThatFirstTouchesTheEventWhenSettingItIsNotAWakeUpTheHubCanSeeSoMainGetsLoopExitAsInGevent() {
        virtualHub(() -> {
            Event evt = new Event();
            Thread.ofPlatform().start(() -> {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
                evt.set();
            });
            assertThatThrownBy(evt::await).isInstanceOf(org.gevent4j.LoopExit.class);
        });
    }
}
