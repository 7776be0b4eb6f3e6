package org.gevent4j.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gevent4j.TestHubs.virtualHub;

import java.util.ArrayList;
import java.util.List;
import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;
import org.junit.jupiter.api.Test;

/** {@link Queue}: the contract, FIFO, plus what only the plain queue shows. */
class QueueTest extends BufferedQueueContract {
    @Override
    Queue<Integer> create(int maxsize) {
        return new Queue<>(maxsize);
    }

    @Override
    List<Integer> drained(List<Integer> putOrder) {
        return putOrder;
    }

    @Test
    void theDefaultQueueIsUnbounded() {
        assertThat(new Queue<String>().maxsize()).isZero();
        assertThat(new Queue<String>().full()).isFalse();
    }

    @Test
    void toStringShowsTheBoundTheSizeAndTheWaiters() {
        virtualHub(() -> {
            Queue<String> q = new Queue<>(3);
            q.put("x");
            assertThat(q).hasToString("<Queue maxsize=3 qsize=1>");
            Queue<String> empty = new Queue<>();
            Gevent.spawn(() -> empty.get());
            Gevent.sleep(0);
            assertThat(empty).hasToString("<Queue qsize=0 getters=1>");
            empty.shutdown();
            assertThat(empty).hasToString("<Queue qsize=0 shut down>");
        });
    }

    /**
     * The sample jqwik found (QueuePropertiesTest.wokenWaitersThatLoseTheRaceKeepTheirPlace): p0
     * is woken, main barges into its slot, p0 goes back in line and is woken again only after p1
     * was woken; p1 runs first but must not take the slot meant for p0.
     */
    @Test
    void wokenPuttersAreServedInTheOrderTheyWaitedEvenWhenMainBarges() {
        virtualHub(() -> {
            Queue<Integer> q = new Queue<>(2);
            List<String> log = new ArrayList<>();
            Greenlet<Void> p0 = Gevent.spawn(() -> {
                q.put(1);
                log.add("p0 put 1");
            });
            Greenlet<Void> p1 = Gevent.spawn(() -> {
                q.put(2);
                log.add("p1 put 2");
            });
            Greenlet<Void> g2 = getter(q, "g2", log);
            q.putNowait(3);
            q.putNowait(4);
            Gevent.sleep(0); // p0 and p1 wait on the full queue; g2 gets 3 and wakes p0
            Greenlet<Void> g3 = getter(q, "g3", log), g4 = getter(q, "g4", log);
            assertThat(q.getNowait()).isEqualTo(4); // wakes p1
            q.putNowait(5); // main barges into both free slots before p0 and p1 run
            q.putNowait(6);
            // p0 finds no room and goes back in line; g3 gets 5, g4 gets 6 (which wakes p0 again);
            // p1, woken before p0 was woken again, runs first: it must let p0 put first.
            Gevent.joinAll(p0, p1, g2, g3, g4);

            assertThat(log).containsExactly("g2 got 3", "g3 got 5", "g4 got 6", "p0 put 1", "p1 put 2");
            assertThat(List.of(q.getNowait(), q.getNowait())).containsExactly(1, 2);
        });
    }

    /** The same on the getter side: a getter woken later gives way to one that went back in line. */
    @Test
    void wokenGettersAreServedInTheOrderTheyWaitedEvenWhenMainBarges() {
        virtualHub(() -> {
            Queue<Integer> q = new Queue<>();
            List<String> log = new ArrayList<>();
            Greenlet<Void> a = getter(q, "a", log), b = getter(q, "b", log);
            Gevent.sleep(0);
            q.put(1); // wakes a
            assertThat(q.getNowait()).isEqualTo(1); // main barges: a will find nothing
            Greenlet<Void> c = Gevent.spawn(() -> { // runs after a, before b
                q.put(7);
                q.put(8); // the second item wakes a again, after b
            });
            q.put(2);
            q.put(3); // wakes b
            assertThat(List.of(q.getNowait(), q.getNowait())).containsExactly(2, 3);
            Gevent.joinAll(a, b, c);

            assertThat(log).containsExactly("a got 7", "b got 8");
        });
    }

    /**
     * As in gevent, a thread the hub has never seen use the queue is not a wake-up it can count on:
     * the producer first touches the queue 100 ms after main started waiting, so main gets LoopExit
     * at once (LoopExit's javadoc says how to hand such work over instead).
     */
    @Test
    void mainWaitingForAThreadThatHasNeverUsedTheQueueGetsLoopExitAsInGevent() {
        virtualHub(() -> {
            Queue<Integer> q = new Queue<>();
            Thread producer = Thread.ofPlatform().start(() -> {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
                q.put(1);
            });
            try {
                assertThatThrownBy(q::get).isInstanceOf(org.gevent4j.LoopExit.class);
            } finally {
                producer.join(10_000);
            }
        });
    }
}
