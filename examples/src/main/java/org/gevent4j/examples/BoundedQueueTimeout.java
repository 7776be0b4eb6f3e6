package org.gevent4j.examples;

import java.time.Duration;
import java.util.List;
import org.gevent4j.Gevent;
import org.gevent4j.queue.Empty;
import org.gevent4j.queue.Queue;

/**
 * A boss and three workers run at once on a {@link Queue} that holds at most 3 tasks: the boss's
 * {@code put} waits while the queue is full, and a worker quits when {@code get} has waited 1 s for
 * a task in vain ({@link Empty}).
 *
 * <p>From tutorial 003 ("浅谈coroutine和gevent"), section "队列" (queues), second program
 * (Python 2: {@code xrange} is {@code range}):
 * {@snippet lang=python :
 * import gevent
 * from gevent.queue import Queue, Empty
 *
 * tasks = Queue(maxsize=3)
 *
 *
 * def worker(n):
 *     try:
 *         while True:
 *             task = tasks.get(timeout=1)  # decrements queue size by 1
 *             print('Worker %s got task %s' % (n, task))
 *             gevent.sleep(0)
 *     except Empty:
 *         print('Quitting time!')
 *
 *
 * def boss():
 *     """
 *     Boss will wait to hand out work until a individual worker is
 *     free since the maxsize of the task queue is 3.
 *     """
 *
 *     for i in xrange(1, 10):
 *         tasks.put(i)
 *     print('Assigned all work in iteration 1')
 *
 *     for i in xrange(10, 20):
 *         tasks.put(i)
 *     print('Assigned all work in iteration 2')
 *
 *
 * gevent.joinall([
 *     gevent.spawn(boss),
 *     gevent.spawn(worker, 'steve'),
 *     gevent.spawn(worker, 'john'),
 *     gevent.spawn(worker, 'bob'),
 * ])
 * }
 * Output (the tutorial shows none; gevent 22.10 prints the same); the three "Quitting time!" come 1 s
 * after the last task:
 * <pre>
 * Worker steve got task 1
 * Worker john got task 2
 * Worker bob got task 3
 * Worker steve got task 4
 * Worker john got task 5
 * Worker bob got task 6
 * Assigned all work in iteration 1
 * Worker steve got task 7
 * ...
 * Worker bob got task 18
 * Assigned all work in iteration 2
 * Worker steve got task 19
 * Quitting time!
 * Quitting time!
 * Quitting time!
 * </pre>
 *
 * <p>Run: {@code ./gevent4j run BoundedQueueTimeout}
 */
public final class BoundedQueueTimeout {
    private BoundedQueueTimeout() {}

    // The tutorial's module-level tasks; a fresh one per run, so main can run twice in one JVM.
    private static Queue<Integer> tasks;

    static void worker(String n) {
        try {
            while (true) {
                int task = tasks.get(Duration.ofSeconds(1)); // decrements queue size by 1
                System.out.println("Worker " + n + " got task " + task);
                Gevent.sleep(0);
            }
        } catch (Empty e) {
            System.out.println("Quitting time!");
        }
    }

    /** Waits to hand out work until an individual worker is free, since the queue holds at most 3 tasks. */
    static void boss() {
        for (int i = 1; i < 10; i++) {
            tasks.put(i);
        }
        System.out.println("Assigned all work in iteration 1");

        for (int i = 10; i < 20; i++) {
            tasks.put(i);
        }
        System.out.println("Assigned all work in iteration 2");
    }

    public static void main(String[] args) {
        tasks = new Queue<>(3);

        Gevent.joinAll(List.of(
                Gevent.spawn(BoundedQueueTimeout::boss),
                Gevent.spawn(() -> worker("steve")),
                Gevent.spawn(() -> worker("john")),
                Gevent.spawn(() -> worker("bob"))));
    }
}
