package org.gevent4j.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gevent4j.TestHubs.elapsedSince;
import static org.gevent4j.TestHubs.now;
import static org.gevent4j.TestHubs.virtualHub;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;
import org.gevent4j.GreenletExit;
import org.gevent4j.LoopExit;
import org.gevent4j.Timeout;
import org.junit.jupiter.api.Test;

/**
 * What every queue type promises, Channel included (JCTools' QueueSanityTest pattern: one subclass
 * per implementation). Translates the cases of gevent's test__queue.py that hold for all of them:
 * test_send_last, test_multiple_waiters, test_waiters_that_cancel, test_two_waiters_one_dies,
 * test_two_bogus_waiters, test_peek_empty (LoopExit), TestGetInterrupt, test_iterable, and the
 * shutdown cases. Every test runs on a hub of its own with a virtual clock, and asserts an event
 * log, so the orderings are exact.
 */
@org.junit.jupiter.api.Timeout(20)
abstract class QueueContract {
    /** A fresh unbounded queue of the type under test (a channel, for ChannelTest). */
    abstract Pipe<Integer> make();

    /** The order in which items put in {@code putOrder}, all before any get, come out. */
    abstract List<Integer> drained(List<Integer> putOrder);

    static Greenlet<Void> getter(Pipe<Integer> q, String name, List<String> log) {
        return Gevent.spawn(() -> {
            log.add(name + " got " + q.get());
        });
    }

    /**
     * Has the calling thread use the (empty) queue. A hub learns that another thread may wake its
     * greenlet only once that thread has used the queue (WaitQueue.touch); a cross-thread test must
     * not depend on which thread comes first.
     */
    static void useFromThisThread(Pipe<Integer> q) {
        assertThatThrownBy(q::getNowait).isInstanceOf(Empty.class);
    }

    @Test
    void blockedGettersAreServedInTheOrderTheyStartedWaiting() {
        virtualHub(() -> {
            Pipe<Integer> q = make();
            List<String> log = new ArrayList<>();
            Greenlet<Void> a = getter(q, "a", log), b = getter(q, "b", log), c = getter(q, "c", log);
            Gevent.sleep(0);
            assertThat(log).isEmpty();

            q.put(1);
            q.put(2);
            q.put(3);
            Gevent.joinAll(a, b, c);

            List<Integer> items = drained(List.of(1, 2, 3));
            assertThat(log).containsExactly("a got " + items.get(0), "b got " + items.get(1), "c got " + items.get(2));
        });
    }

    @Test
    void aGetterWaitingBeforeThePutReceivesTheItem() {
        // gevent's test_send_last
        virtualHub(() -> {
            Pipe<Integer> q = make();
            Greenlet<Integer> g = Gevent.spawn(() -> q.get());
            Gevent.sleep(0.01);
            q.put(7);
            Gevent.sleep(0.01);
            assertThat(g.get(false, null)).isEqualTo(7);
        });
    }

    @Test
    void getTimesOutWithEmptyExactlyWhenTheTimeoutPasses() {
        // gevent's TestGetInterrupt
        virtualHub(() -> {
            Pipe<Integer> q = make();
            long start = now();
            assertThatThrownBy(() -> q.get(Duration.ofSeconds(2)))
                    .isInstanceOf(Empty.class)
                    .hasMessageContaining("PT2S");
            assertThat(elapsedSince(start)).isEqualTo(Duration.ofSeconds(2));
        });
    }

    @Test
    void getNowaitOnAnEmptyQueueThrowsEmptyWithoutYielding() {
        virtualHub(() -> {
            Pipe<Integer> q = make();
            List<String> log = new ArrayList<>();
            Gevent.spawn(() -> {
                log.add("ran");
            });
            assertThatThrownBy(q::getNowait).isInstanceOf(Empty.class);
            assertThat(log).isEmpty();
        });
    }

    @Test
    void mainWaitingOnAQueueNothingCanFillGetsLoopExit() {
        // gevent's test_peek_empty: "No putters waiting, in the main loop: LoopExit"
        virtualHub(() -> {
            Pipe<Integer> q = make();
            assertThatThrownBy(q::get).isInstanceOf(LoopExit.class);
            // The failed wait left nothing behind: the next getter still gets the next item.
            List<String> log = new ArrayList<>();
            Greenlet<Void> g = getter(q, "g", log);
            Gevent.sleep(0);
            q.put(1);
            g.join();
            assertThat(log).containsExactly("g got 1");
        });
    }

    @Test
    void aGetterKilledWhileWaitingTakesNothing() {
        virtualHub(() -> {
            Pipe<Integer> q = make();
            List<String> log = new ArrayList<>();
            Greenlet<Void> a = getter(q, "a", log), b = getter(q, "b", log);
            Gevent.sleep(0);

            a.kill();
            q.put(1);
            b.join();

            assertThat(log).containsExactly("b got 1");
            assertThat(a.dead()).isTrue();
            assertThat(q.qsize()).isZero();
        });
    }

    @Test
    void aGetterWhoseTimeoutFiresWhileWaitingTakesNothing() {
        // gevent's test_two_waiters_one_dies
        virtualHub(() -> {
            Pipe<Integer> q = make();
            List<String> log = new ArrayList<>();
            Greenlet<Void> dying = Gevent.spawn(() -> {
                try (Timeout _ = Timeout.start(Duration.ZERO, new IllegalStateException("too slow"))) {
                    log.add("dying got " + q.get());
                } catch (IllegalStateException e) {
                    log.add("dying timed out");
                }
            });
            Greenlet<Void> waiting = getter(q, "waiting", log);
            Gevent.sleep(0.1);
            q.put(1);
            Gevent.joinAll(dying, waiting);
            assertThat(log).containsExactly("dying timed out", "waiting got 1");
        });
    }

    @Test
    void twoGettersThatTimeOutLeaveTheItemInTheQueue() {
        // gevent's test_two_bogus_waiters, for every type: the item is still there for a later get
        virtualHub(() -> {
            Pipe<Integer> q = make();
            List<String> log = new ArrayList<>();
            for (String name : List.of("e1", "e2")) {
                Gevent.spawn(() -> {
                    try {
                        log.add(name + " got " + q.get(Duration.ZERO));
                    } catch (Empty e) {
                        log.add(name + " timed out");
                    }
                });
            }
            Gevent.sleep(0.1);
            assertThat(log).containsExactly("e1 timed out", "e2 timed out");
            Greenlet<Void> later = getter(q, "later", log);
            q.put(1);
            later.join();
            assertThat(log).containsExactly("e1 timed out", "e2 timed out", "later got 1");
        });
    }

    @Test
    void shutdownWakesEveryBlockedGetterWithShutDownAndRefusesPuts() {
        virtualHub(() -> {
            Pipe<Integer> q = make();
            List<String> log = new ArrayList<>();
            List<Greenlet<Void>> gs = new ArrayList<>();
            for (String name : List.of("a", "b")) {
                gs.add(Gevent.spawn(() -> {
                    try {
                        log.add(name + " got " + q.get());
                    } catch (ShutDown e) {
                        log.add(name + " shut down");
                    }
                }));
            }
            Gevent.sleep(0);
            assertThat(q.isShutDown()).isFalse();

            q.shutdown(false);
            Gevent.joinAll(gs);

            assertThat(log).containsExactly("a shut down", "b shut down");
            assertThat(q.isShutDown()).isTrue();
            assertThatThrownBy(() -> q.put(1)).isInstanceOf(ShutDown.class).hasMessageContaining("put refused");
            assertThatThrownBy(() -> q.putNowait(1)).isInstanceOf(ShutDown.class);
            assertThatThrownBy(q::get).isInstanceOf(ShutDown.class);
            assertThatThrownBy(q::getNowait).isInstanceOf(ShutDown.class);
            assertThatThrownBy(() -> q.get(Duration.ofSeconds(1))).isInstanceOf(ShutDown.class);
        });
    }

    @Test
    void iterationGetsItemsUntilTheQueueIsShutDown() {
        // gevent's test_iterable ends at a StopIteration item; here, at shutdown
        virtualHub(() -> {
            Pipe<Integer> q = make();
            Gevent.spawn(() -> {
                q.put(2);
                q.put(3);
                q.put(1);
                q.shutdown(false);
            });
            List<Integer> got = new ArrayList<>();
            for (int item : q) got.add(item);
            assertThat(got).isEqualTo(drained(List.of(2, 3, 1)));
        });
    }

    @Test
    void badArgumentsAreRefusedWithAMessageNamingThem() {
        virtualHub(() -> {
            Pipe<Integer> q = make();
            assertThatThrownBy(() -> q.put(null)).isInstanceOf(NullPointerException.class)
                    .hasMessage("item must not be null");
            assertThatThrownBy(() -> q.putNowait(null)).isInstanceOf(NullPointerException.class)
                    .hasMessage("item must not be null");
            assertThatThrownBy(() -> q.put(1, Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("timeout must not be negative: PT-1S");
            assertThatThrownBy(() -> q.get(Duration.ofMillis(-5))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("timeout must not be negative: PT-0.005S");
            assertThat(q.qsize()).isZero();
        });
    }

    @Test
    void aPlatformThreadPutsIntoAQueueAGreenletOfAVirtualClockHubWaitsOn() {
        virtualHub(() -> {
            Pipe<Integer> q = make();
            CountDownLatch used = new CountDownLatch(1);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread producer = Thread.ofPlatform().start(() -> {
                try {
                    useFromThisThread(q);
                    used.countDown();
                    for (int i = 1; i <= 3; i++) {
                        Thread.sleep(20); // real time: the consumer is most likely waiting by now
                        q.put(i);
                    }
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            assertThat(used.await(10, TimeUnit.SECONDS)).isTrue();
            Greenlet<List<Integer>> consumer = Gevent.spawn(() -> {
                List<Integer> got = new ArrayList<>();
                for (int i = 0; i < 3; i++) got.add(q.get());
                return got;
            });
            assertThat(consumer.get()).containsExactlyInAnyOrder(1, 2, 3);
            producer.join(10_000);
            assertThat(failure.get()).isNull();
            assertThat(q.qsize()).isZero();
        });
    }

    @Test
    void greenletsOfAnotherHubGetWhatThisHubPutsEachItemExactlyOnce() {
        virtualHub(() -> {
            Pipe<Integer> q = make();
            useFromThisThread(q);
            List<Integer> got = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch used = new CountDownLatch(1);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread consumers = Thread.ofPlatform().start(() -> {
                try {
                    useFromThisThread(q);
                    used.countDown();
                    List<Greenlet<Void>> gs = new ArrayList<>();
                    for (int c = 0; c < 4; c++) {
                        gs.add(Gevent.spawn(() -> {
                            for (int item : q) got.add(item);
                        }));
                    }
                    Gevent.joinAll(gs);
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            assertThat(used.await(10, TimeUnit.SECONDS)).isTrue();
            List<Greenlet<Void>> producers = new ArrayList<>();
            for (int p = 0; p < 4; p++) {
                int base = p * 100;
                producers.add(Gevent.spawn(() -> {
                    for (int i = 1; i <= 100; i++) {
                        q.put(base + i);
                        if (i % 10 == 0) Gevent.sleep(0);
                    }
                }));
            }
            Gevent.joinAll(producers);
            q.shutdown(false);
            consumers.join(10_000);
            assertThat(consumers.isAlive()).isFalse();
            assertThat(failure.get()).isNull();
            List<Integer> expected = new ArrayList<>();
            for (int i = 1; i <= 400; i++) expected.add(i);
            assertThat(got).containsExactlyInAnyOrderElementsOf(expected);
        });
    }
}
