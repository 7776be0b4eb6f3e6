package org.gevent4j.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gevent4j.TestHubs.virtualHub;

import java.util.List;
import org.gevent4j.Gevent;
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
