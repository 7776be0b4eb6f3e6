package org.gevent4j.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gevent4j.TestHubs.virtualHub;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;
import org.junit.jupiter.api.Test;

/**
 * The seed program for locks (the gevent tutorial's BoundedSemaphore section): two workers that
 * acquire and release by hand, then three that use {@code with sem:}, mapped over an unbounded
 * pool. {@code Pool().map(f, xs)} spawns one greenlet per item and waits for all of them, which is
 * what {@link #map} does here.
 *
 * <pre>
 * sem = BoundedSemaphore(2)
 *
 * def worker1(n):
 *     sem.acquire()
 *     print('Worker %i acquired semaphore' % n)
 *     sleep(0)
 *     sem.release()
 *     print('Worker %i released semaphore' % n)
 *
 * def worker2(n):
 *     with sem:
 *         print('Worker %i acquired semaphore' % n)
 *         sleep(0)
 *     print('Worker %i released semaphore' % n)
 *
 * pool = Pool()
 * pool.map(worker1, xrange(0, 2))
 * pool.map(worker2, xrange(3, 6))
 * </pre>
 */
@org.junit.jupiter.api.Timeout(20)
class BoundedSemaphoreSeedTest {

    private static void map(IntConsumer worker, int from, int to) {
        List<Greenlet<Void>> running = new ArrayList<>();
        IntStream.range(from, to).forEach(n -> running.add(Gevent.spawn(() -> worker.accept(n))));
        Gevent.joinAll(running);
    }

    @Test
    void theSeedPrintsWhatGeventPrints() {
        List<String> out = new ArrayList<>();
        virtualHub(() -> {
            BoundedSemaphore sem = new BoundedSemaphore(2);
            IntConsumer worker1 = n -> {
                sem.acquire();
                out.add("Worker " + n + " acquired semaphore");
                Gevent.sleep(0);
                sem.release();
                out.add("Worker " + n + " released semaphore");
            };
            IntConsumer worker2 = n -> {
                try (var _ = sem.hold()) {
                    out.add("Worker " + n + " acquired semaphore");
                    Gevent.sleep(0);
                }
                out.add("Worker " + n + " released semaphore");
            };
            map(worker1, 0, 2);
            map(worker2, 3, 6);
            assertThat(sem.counter()).isEqualTo(2);
        });

        assertThat(out).containsExactly(
                "Worker 0 acquired semaphore",
                "Worker 1 acquired semaphore",
                "Worker 0 released semaphore",
                "Worker 1 released semaphore",
                "Worker 3 acquired semaphore",
                "Worker 4 acquired semaphore",
                "Worker 3 released semaphore",
                "Worker 4 released semaphore",
                "Worker 5 acquired semaphore",
                "Worker 5 released semaphore");
    }
}
