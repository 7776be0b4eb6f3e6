package org.gevent4j.examples;

import java.util.List;
import org.gevent4j.Gevent;
import org.gevent4j.queue.Queue;

/**
 * A boss fills a {@link Queue} with 24 tasks, then three workers take them in turns: each task goes
 * to exactly one worker, and {@code Gevent.sleep(0)} after each task makes the workers alternate.
 *
 * <p>From tutorial 003 ("浅谈coroutine和gevent"), section "队列" (queues), first program:
 * {@snippet lang=python :
 * import gevent
 * from gevent.queue import Queue
 *
 * tasks = Queue()
 *
 *
 * def worker(n):
 *     while not tasks.empty():
 *         task = tasks.get()
 *         print('Worker %s got task %s' % (n, task))
 *         gevent.sleep(0)
 *
 *     print('Quitting time!')
 *
 *
 * def boss():
 *     for i in range(1, 25):
 *         tasks.put_nowait(i)
 *
 *
 * gevent.spawn(boss).join()
 *
 * gevent.joinall([
 *     gevent.spawn(worker, 'steve'),
 *     gevent.spawn(worker, 'john'),
 *     gevent.spawn(worker, 'nancy'),
 * ])
 * }
 * Output (the tutorial shows none; gevent 22.10 prints the same):
 * <pre>
 * Worker steve got task 1
 * Worker john got task 2
 * Worker nancy got task 3
 * Worker steve got task 4
 * ...
 * Worker nancy got task 24
 * Quitting time!
 * Quitting time!
 * Quitting time!
 * </pre>
 * steve, john and nancy in that order, each getting every third task.
 *
 * <p>Run: {@code ./gevent4j run QueueBossWorkers}
 */
public final class QueueBossWorkers {
    private QueueBossWorkers() {}

    // The tutorial's module-level tasks; a fresh one per run, so main can run twice in one JVM.
    private static Queue<Integer> tasks;

    static void worker(String n) {
        while (!tasks.empty()) {
            int task = tasks.get();
            System.out.println("Worker " + n + " got task " + task);
            Gevent.sleep(0);
        }

        System.out.println("Quitting time!");
    }

    static void boss() {
        for (int i = 1; i < 25; i++) {
            tasks.putNowait(i);
        }
    }

    public static void main(String[] args) {
        tasks = new Queue<>();

        Gevent.spawn(QueueBossWorkers::boss).join();

        Gevent.joinAll(List.of(
                Gevent.spawn(() -> worker("steve")),
                Gevent.spawn(() -> worker("john")),
                Gevent.spawn(() -> worker("nancy"))));
    }
}
