package org.gevent4j.examples;

import static org.gevent4j.Gevent.sleep;

import java.util.List;
import java.util.stream.IntStream;
import org.gevent4j.lock.BoundedSemaphore;
import org.gevent4j.pool.Pool;

/**
 * A {@link BoundedSemaphore} of 2 lets at most two greenlets in at a time; {@link Pool#map} runs a
 * worker per item and waits for them all. {@code worker1} acquires and releases by hand,
 * {@code worker2} holds a permit for the length of a try-with-resources block (Python's
 * {@code with sem:}).
 *
 * <p>From tutorial 003 ("浅谈coroutine和gevent"), section "锁和信号量" (locks and semaphores)
 * (Python 2: {@code xrange} is {@code range}; {@code gevent.coros} is today's {@code gevent.lock}):
 * {@snippet lang=python :
 * from gevent import sleep
 * from gevent.pool import Pool
 * from gevent.coros import BoundedSemaphore
 *
 * sem = BoundedSemaphore(2)
 *
 *
 * def worker1(n):
 *     sem.acquire()
 *     print('Worker %i acquired semaphore' % n)
 *     sleep(0)
 *     sem.release()
 *     print('Worker %i released semaphore' % n)
 *
 *
 * def worker2(n):
 *     with sem:
 *         print('Worker %i acquired semaphore' % n)
 *         sleep(0)
 *     print('Worker %i released semaphore' % n)
 *
 *
 * pool = Pool()
 * pool.map(worker1, xrange(0, 2))
 * pool.map(worker2, xrange(3, 6))
 * }
 * Output (the tutorial shows none; gevent 22.10 prints the same):
 * <pre>
 * Worker 0 acquired semaphore
 * Worker 1 acquired semaphore
 * Worker 0 released semaphore
 * Worker 1 released semaphore
 * Worker 3 acquired semaphore
 * Worker 4 acquired semaphore
 * Worker 3 released semaphore
 * Worker 4 released semaphore
 * Worker 5 acquired semaphore
 * Worker 5 released semaphore
 * </pre>
 * Worker 5 waits for a permit until worker 3 releases one. {@code new Pool()} has no bound, as
 * gevent's {@code Pool()}. The workers return {@code Void} (Python's
 * {@code None}) because {@code map} takes a function and collects what it returns.
 *
 * <p>Run: {@code ./gevent4j run SemaphorePoolMap}
 */
public final class SemaphorePoolMap {
    private SemaphorePoolMap() {}

    // The tutorial's module-level sem; a fresh one per run, so main can run twice in one JVM.
    private static BoundedSemaphore sem;

    static Void worker1(int n) {
        sem.acquire();
        System.out.println("Worker " + n + " acquired semaphore");
        sleep(0);
        sem.release();
        System.out.println("Worker " + n + " released semaphore");
        return null;
    }

    static Void worker2(int n) {
        try (var _ = sem.hold()) {
            System.out.println("Worker " + n + " acquired semaphore");
            sleep(0);
        }
        System.out.println("Worker " + n + " released semaphore");
        return null;
    }

    /** Python's {@code range(from, to)}. */
    static List<Integer> range(int from, int to) {
        return IntStream.range(from, to).boxed().toList();
    }

    public static void main(String[] args) {
        sem = new BoundedSemaphore(2);

        Pool pool = new Pool();
        pool.map(SemaphorePoolMap::worker1, range(0, 2));
        pool.map(SemaphorePoolMap::worker2, range(3, 6));
    }
}
