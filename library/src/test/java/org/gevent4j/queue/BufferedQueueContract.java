package org.gevent4j.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gevent4j.TestHubs.elapsedSince;
import static org.gevent4j.TestHubs.now;
import static org.gevent4j.TestHubs.virtualHub;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;
import org.gevent4j.GreenletExit;
import org.gevent4j.Timeout;
import org.junit.jupiter.api.Test;

/**
 * What every queue that stores items promises (Queue, LifoQueue, PriorityQueue, JoinableQueue):
 * order, size, bounds, peek, barging, and shutdown draining. Translates gevent's test_max_size,
 * test_peek_*, test_get_nowait_unlock, test_waiters_that_cancel, TestPutInterrupt and
 * _shutdown_all_methods_in_one_thread.
 */
abstract class BufferedQueueContract extends QueueContract {
    /** A fresh queue of the type under test holding at most {@code maxsize} items (<= 0: unbounded). */
    abstract Queue<Integer> create(int maxsize);

    @Override
    Pipe<Integer> make() {
        return create(0);
    }

    @Test
    void itemsComeOutInTheOrderOfTheType() {
        virtualHub(() -> {
            Queue<Integer> q = create(0);
            for (int item : List.of(2, 3, 1)) q.putNowait(item);
            List<Integer> got = List.of(q.getNowait(), q.getNowait(), q.getNowait());
            assertThat(got).isEqualTo(drained(List.of(2, 3, 1)));
            assertThatThrownBy(q::getNowait).isInstanceOf(Empty.class).hasMessage("queue is empty");
        });
    }

    @Test
    void sizeEmptyAndFullDescribeABoundedQueue() {
        virtualHub(() -> {
            Queue<Integer> q = create(2);
            assertThat(q.maxsize()).isEqualTo(2);
            assertThat(List.of(q.qsize(), q.empty(), q.full())).containsExactly(0, true, false);
            q.put(1);
            assertThat(List.of(q.qsize(), q.empty(), q.full())).containsExactly(1, false, false);
            q.put(2);
            assertThat(List.of(q.qsize(), q.empty(), q.full())).containsExactly(2, false, true);
            q.get();
            assertThat(List.of(q.qsize(), q.empty(), q.full())).containsExactly(1, false, false);
        });
    }

    @Test
    void aMaxsizeOfZeroOrLessMeansUnbounded() {
        virtualHub(() -> {
            for (int maxsize : List.of(0, -1, -100)) {
                Queue<Integer> q = create(maxsize);
                assertThat(q.maxsize()).isZero();
                for (int i = 0; i < 1000; i++) q.putNowait(i);
                assertThat(q.qsize()).isEqualTo(1000);
                assertThat(q.full()).isFalse();
            }
        });
    }

    @Test
    void aPutIntoAFullQueueWaitsAndBlockedPuttersResumeInTheOrderTheyStartedWaiting() {
        // gevent's test_max_size, with two putters
        virtualHub(() -> {
            Queue<Integer> q = create(1);
            List<String> log = new ArrayList<>();
            q.put(0);
            Greenlet<Void> p1 = Gevent.spawn(() -> {
                q.put(1);
                log.add("p1 put");
            });
            Greenlet<Void> p2 = Gevent.spawn(() -> {
                q.put(2);
                log.add("p2 put");
            });
            Gevent.sleep(0);
            assertThat(log).isEmpty();

            assertThat(q.get()).isZero();
            Gevent.sleep(0);
            assertThat(log).containsExactly("p1 put");
            assertThat(q.get()).isEqualTo(1);
            Gevent.sleep(0);
            assertThat(log).containsExactly("p1 put", "p2 put");
            assertThat(q.get()).isEqualTo(2);
            Gevent.joinAll(p1, p2);
        });
    }

    @Test
    void putTimesOutWithFullExactlyWhenTheTimeoutPassesAndPutsNothing() {
        // gevent's TestPutInterrupt
        virtualHub(() -> {
            Queue<Integer> q = create(1);
            q.put(1);
            long start = now();
            assertThatThrownBy(() -> q.put(2, Duration.ofSeconds(3)))
                    .isInstanceOf(Full.class)
                    .hasMessage("queue still full (maxsize=1) after PT3S");
            assertThat(elapsedSince(start)).isEqualTo(Duration.ofSeconds(3));
            assertThat(q.getNowait()).isEqualTo(1);
            assertThatThrownBy(q::getNowait).isInstanceOf(Empty.class);
        });
    }

    @Test
    void putNowaitIntoAFullQueueThrowsFullAtOnce() {
        virtualHub(() -> {
            Queue<Integer> q = create(1);
            q.putNowait(1);
            assertThatThrownBy(() -> q.putNowait(2)).isInstanceOf(Full.class).hasMessage("queue is full (maxsize=1)");
            assertThatThrownBy(() -> q.put(2, false, Duration.ofSeconds(5))).isInstanceOf(Full.class);
            assertThat(q.qsize()).isEqualTo(1);
        });
    }

    @Test
    void aPutterKilledWhileWaitingPutsNothing() {
        virtualHub(() -> {
            Queue<Integer> q = create(1);
            q.put(1);
            Greenlet<Void> p = Gevent.spawn(() -> q.put(2));
            Gevent.sleep(0);
            p.kill();
            assertThat(q.getNowait()).isEqualTo(1);
            assertThatThrownBy(q::getNowait).isInstanceOf(Empty.class);
            assertThat(q.toString()).doesNotContain("putters");
        });
    }

    @Test
    void aPutterWokenForRoomButKilledBeforeItRanPassesTheRoomToTheNextPutter() {
        virtualHub(() -> {
            Queue<Integer> q = create(1);
            List<String> log = new ArrayList<>();
            q.put(0);
            Greenlet<Void> p1 = Gevent.spawn(() -> {
                q.put(1);
                log.add("p1 put");
            });
            Greenlet<Void> p2 = Gevent.spawn(() -> {
                q.put(2);
                log.add("p2 put");
            });
            Gevent.sleep(0);
            // One hub iteration: the getter makes room and wakes p1; the killer kills p1 before it runs.
            Greenlet<Void> g = Gevent.spawn(() -> {
                log.add("got " + q.get());
            });
            Greenlet<Void> killer = Gevent.spawn(() -> {
                log.add("p1 woken: " + q.toString().contains("putters=1"));
                p1.kill(new GreenletExit(), false, null);
            });
            Gevent.joinAll(p1, p2, g, killer);

            assertThat(log).containsExactly("got 0", "p1 woken: true", "p2 put");
            assertThat(q.getNowait()).isEqualTo(2);
            assertThat(q.empty()).isTrue();
        });
    }

    @Test
    void aGetThatFindsAnItemTakesItWhileWokenGettersWaitAndTheyKeepTheirPlace() {
        // gevent's get() checks qsize() first: it does not queue behind woken getters
        virtualHub(() -> {
            Queue<Integer> q = create(0);
            List<String> log = new ArrayList<>();
            Greenlet<Void> a = getter(q, "a", log), b = getter(q, "b", log);
            Gevent.sleep(0);

            q.put(1); // wakes a, which has not run yet
            assertThat(q.getNowait()).isEqualTo(1);
            Gevent.sleep(0); // a runs, finds nothing, waits again at the head of the line
            assertThat(log).isEmpty();

            q.put(2);
            q.put(3);
            Gevent.joinAll(a, b);
            List<Integer> items = drained(List.of(2, 3));
            assertThat(log).containsExactly("a got " + items.get(0), "b got " + items.get(1));
        });
    }

    @Test
    void aGetterThatTimedOutDoesNotStopLaterPutsAndGets() {
        // gevent's test_waiters_that_cancel
        virtualHub(() -> {
            Queue<Integer> q = create(0);
            Greenlet<String> g = Gevent.spawn(() -> {
                try {
                    return "got " + q.get(Duration.ZERO);
                } catch (Empty e) {
                    return "timed out";
                }
            });
            assertThat(g.get()).isEqualTo("timed out");
            q.put(1);
            assertThat(q.get()).isEqualTo(1);
        });
    }

    @Test
    void peekReturnsTheHeadWithoutRemovingIt() {
        // gevent's test_send_first
        virtualHub(() -> {
            Queue<Integer> q = create(0);
            assertThatThrownBy(q::peekNowait).isInstanceOf(Empty.class);
            q.put(2);
            q.put(1);
            int head = drained(List.of(2, 1)).get(0);
            assertThat(q.peek()).isEqualTo(head);
            assertThat(q.peekNowait()).isEqualTo(head);
            assertThat(q.peek(Duration.ofSeconds(1))).isEqualTo(head);
            assertThat(q.qsize()).isEqualTo(2);
            assertThat(q.get()).isEqualTo(head);
        });
    }

    @Test
    void aWaitingPeekerSeesTheItemAndLeavesItToTheNextWaitingGetter() {
        // gevent's test_peek_multi_greenlet, plus a getter behind the peeker
        virtualHub(() -> {
            Queue<Integer> q = create(0);
            List<String> log = new ArrayList<>();
            Greenlet<Void> peeker = Gevent.spawn(() -> {
                log.add("peeked " + q.peek());
            });
            Greenlet<Void> g = getter(q, "g", log);
            Gevent.sleep(0);
            q.putNowait(5);
            Gevent.joinAll(peeker, g);
            assertThat(log).containsExactly("peeked 5", "g got 5");
            assertThat(q.empty()).isTrue();
        });
    }

    @Test
    void peekTimesOutWithEmpty() {
        // gevent's test_peek_empty (the greenlet part)
        virtualHub(() -> {
            Queue<Integer> q = create(0);
            long start = now();
            assertThatThrownBy(() -> q.peek(Duration.ofMillis(10))).isInstanceOf(Empty.class);
            assertThat(elapsedSince(start)).isEqualTo(Duration.ofMillis(10));
        });
    }

    @Test
    void getNowaitTakesWhatAGreenletPutAndThatPutterIsDone() {
        // gevent's test_get_nowait_unlock
        virtualHub(() -> {
            Queue<Integer> q = create(1);
            Greenlet<Void> p = Gevent.spawn(() -> q.put(5));
            assertThat(q.empty()).isTrue();
            Gevent.sleep(0);
            assertThat(q.full()).isTrue();
            assertThat(q.getNowait()).isEqualTo(5);
            assertThat(q.empty()).isTrue();
            assertThat(p.dead()).isTrue();
        });
    }

    @Test
    void afterShutdownGetsDrainTheItemsLeftThenThrowShutDown() {
        // gevent's _shutdown_all_methods_in_one_thread(immediate=False)
        virtualHub(() -> {
            Queue<Integer> q = create(0);
            q.put(2);
            q.putNowait(1);
            q.shutdown();
            assertThatThrownBy(() -> q.put(3)).isInstanceOf(ShutDown.class);
            assertThatThrownBy(() -> q.putNowait(4)).isInstanceOf(ShutDown.class);
            List<Integer> items = drained(List.of(2, 1));
            assertThat(q.peek()).isEqualTo(items.get(0));
            assertThat(q.get()).isEqualTo(items.get(0));
            assertThat(q.getNowait()).isEqualTo(items.get(1));
            assertThatThrownBy(q::get).isInstanceOf(ShutDown.class).hasMessage("queue is shut down and empty");
            assertThatThrownBy(q::getNowait).isInstanceOf(ShutDown.class);
            assertThatThrownBy(q::peek).isInstanceOf(ShutDown.class);
            assertThatThrownBy(() -> q.get(true, Duration.ofSeconds(1))).isInstanceOf(ShutDown.class);
        });
    }

    @Test
    void anImmediateShutdownDiscardsTheItems() {
        virtualHub(() -> {
            Queue<Integer> q = create(0);
            q.put(1);
            q.put(2);
            q.shutdown(true);
            assertThat(q.qsize()).isZero();
            assertThatThrownBy(q::get).isInstanceOf(ShutDown.class);
            assertThatThrownBy(q::getNowait).isInstanceOf(ShutDown.class);
            assertThatThrownBy(() -> q.put(3)).isInstanceOf(ShutDown.class);
        });
    }

    @Test
    void shutdownWakesBlockedPuttersWithShutDownAndTheirItemsAreNotPut() {
        virtualHub(() -> {
            Queue<Integer> q = create(1);
            List<String> log = new ArrayList<>();
            q.put(1);
            Greenlet<Void> p = Gevent.spawn(() -> {
                try {
                    q.put(2);
                    log.add("put 2");
                } catch (ShutDown e) {
                    log.add("p shut down");
                }
            });
            Gevent.sleep(0);
            q.shutdown();
            p.join();
            assertThat(log).containsExactly("p shut down");
            assertThat(q.getNowait()).isEqualTo(1);
            assertThatThrownBy(q::getNowait).isInstanceOf(ShutDown.class);
        });
    }

    @Test
    void aGetterWokenForAnItemButKilledBeforeItRanLeavesTheItemToTheNextGetter() {
        virtualHub(() -> {
            Pipe<Integer> q = make();
            List<String> log = new ArrayList<>();
            Greenlet<Void> a = getter(q, "a", log), b = getter(q, "b", log);
            Gevent.sleep(0);

            // One hub iteration: the putter wakes a, then the killer kills a before a runs.
            Greenlet<Void> putter = Gevent.spawn(() -> q.put(1));
            Greenlet<Void> killer = Gevent.spawn(() -> {
                log.add("a woken: " + q.toString().contains("getters=1"));
                a.kill(new GreenletExit(), false, null);
            });
            Gevent.joinAll(a, b, putter, killer);

            assertThat(log).containsExactly("a woken: true", "b got 1");
            assertThat(q.qsize()).isZero();
        });
    }

    @Test
    void aGetterWokenForAnItemWhoseTimeoutFiresBeforeItRanLeavesTheItemToTheNextGetter() {
        virtualHub(() -> {
            Pipe<Integer> q = make();
            List<String> log = new ArrayList<>();
            // dying and waiting wait; in the same iteration the putter wakes dying; dying's zero
            // Timeout fires at the start of the next iteration, before dying runs.
            Greenlet<Void> dying = Gevent.spawn(() -> {
                try (Timeout _ = Timeout.start(Duration.ZERO)) {
                    log.add("dying got " + q.get());
                } catch (Timeout e) {
                    log.add("dying timed out");
                }
            });
            Greenlet<Void> waiting = getter(q, "waiting", log);
            Greenlet<Void> putter = Gevent.spawn(() -> q.put(1));
            Gevent.joinAll(dying, waiting, putter);
            assertThat(log).containsExactly("dying timed out", "waiting got 1");
        });
    }

    @Test
    void severalWokenGettersThatFoundNothingKeepTheirOrder() {
        virtualHub(() -> {
            Queue<Integer> q = create(0);
            List<String> log = new ArrayList<>();
            Greenlet<Void> a = getter(q, "a", log), b = getter(q, "b", log);
            Gevent.sleep(0);
            q.put(1); // wakes a
            q.put(2); // wakes b
            q.getNowait(); // both items taken before a and b run
            q.getNowait();
            Gevent.sleep(0); // a, then b, find nothing and go back in line: a must stay first
            assertThat(log).isEmpty();
            q.put(3);
            q.put(4);
            Gevent.joinAll(a, b);
            List<Integer> items = drained(List.of(3, 4));
            assertThat(log).containsExactly("a got " + items.get(0), "b got " + items.get(1));
        });
    }

    @Test
    void severalWokenPuttersThatFoundNoRoomKeepTheirOrder() {
        virtualHub(() -> {
            Queue<Integer> q = create(2);
            List<String> log = new ArrayList<>();
            q.put(0);
            q.put(0);
            Greenlet<Void> a = Gevent.spawn(() -> {
                q.put(1);
                log.add("a put");
            });
            Greenlet<Void> b = Gevent.spawn(() -> {
                q.put(2);
                log.add("b put");
            });
            Gevent.sleep(0);
            q.get(); // wakes a
            q.get(); // wakes b
            q.putNowait(9); // both slots taken before a and b run
            q.putNowait(9);
            Gevent.sleep(0); // a, then b, find no room and go back in line: a must stay first
            assertThat(log).isEmpty();
            q.get();
            Gevent.sleep(0);
            assertThat(log).containsExactly("a put");
            q.get();
            Gevent.joinAll(a, b);
            assertThat(log).containsExactly("a put", "b put");
        });
    }
}
