package org.gevent4j.bench;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import org.gevent4j.Gevent;
import org.gevent4j.lock.Semaphore;
import org.gevent4j.pool.Pool;
import org.gevent4j.queue.Queue;

/**
 * CPU and bytes per operation of the synchronizers that hand out turns (internal/Turns), measured
 * in-process so that a loaded machine distorts them less than wall time: the CPU time of the
 * busiest thread (the hub's carrier) and the bytes allocated by all threads, per operation.
 *
 * <ul>
 *   <li>{@code queue}, {@code queue16}, {@code queue1}: a producer greenlet puts N items into a
 *       {@code Queue()} ({@code Queue(16)}, {@code Queue(1)}), a consumer greenlet gets them.</li>
 *   <li>{@code sem}: one greenlet acquires and releases a shared {@code Semaphore(1)} N times.</li>
 *   <li>{@code sem2}: two greenlets take turns on a {@code Semaphore(1)} (acquire, sleep(0),
 *       release): every acquire waits.</li>
 *   <li>{@code pool}: N trivial spawns into a {@code Pool(4)}: every spawn beyond 4 waits for a slot.</li>
 * </ul>
 *
 * Usage: {@code ./gevent4j run TurnsBench SCENARIO N}: 3 warm-up runs of N/2, then 5 measured runs
 * of N, one line each.
 */
public final class TurnsBench {
    private TurnsBench() {}

    /** Where the semaphore of {@code sem} escapes to, as one shared by greenlets does (else the JIT elides its monitor). */
    static volatile Object shared;

    public static void main(String[] args) {
        String scenario = args[0];
        int n = Integer.parseInt(args[1]);
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        Gevent.spawn(() -> {
            for (int w = 0; w < 3; w++) run(scenario, n / 2);
            for (int r = 0; r < 5; r++) {
                Map<Long, Long> cpu0 = cpuByThread(threads);
                long bytes0 = threads.getTotalThreadAllocatedBytes(), t0 = System.nanoTime();
                run(scenario, n);
                long t = System.nanoTime() - t0, bytes = threads.getTotalThreadAllocatedBytes() - bytes0;
                long cpu = busiest(cpu0, cpuByThread(threads));
                System.out.printf("%s hub-cpu %.1f ns/op  wall %.1f ns/op  alloc %.1f B/op%n",
                        scenario, (double) cpu / n, (double) t / n, (double) bytes / n);
            }
        }).join();
    }

    static Map<Long, Long> cpuByThread(ThreadMXBean threads) {
        Map<Long, Long> m = new HashMap<>();
        for (long id : threads.getAllThreadIds()) m.put(id, threads.getThreadCpuTime(id));
        return m;
    }

    /** The CPU time of the busiest thread over the run: the hub's carrier. */
    static long busiest(Map<Long, Long> before, Map<Long, Long> after) {
        long max = 0;
        for (var e : after.entrySet()) max = Math.max(max, e.getValue() - before.getOrDefault(e.getKey(), 0L));
        return max;
    }

    static void run(String scenario, int n) {
        switch (scenario) {
            case "queue" -> handoff(new Queue<>(), n);
            case "queue16" -> handoff(new Queue<>(16), n);
            case "queue1" -> handoff(new Queue<>(1), n);
            case "sem" -> {
                Semaphore s = new Semaphore(1);
                shared = s; // escapes, as a semaphore shared by greenlets does
                for (int i = 0; i < n; i++) {
                    s.acquire();
                    s.release();
                }
            }
            case "sem2" -> {
                Semaphore s = new Semaphore(1);
                Runnable r = () -> {
                    for (int i = 0; i < n / 2; i++) {
                        s.acquire();
                        Gevent.sleep(0);
                        s.release();
                    }
                };
                Gevent.joinAll(Gevent.spawn(r), Gevent.spawn(r));
            }
            case "pool" -> {
                Pool p = new Pool(4);
                for (int i = 0; i < n; i++) p.spawn(() -> {});
                p.join();
            }
            default -> throw new IllegalArgumentException(scenario);
        }
    }

    static void handoff(Queue<Integer> q, int n) {
        long sum = SyncBench.handoff(q, n);
        if (sum != (long) n * (n - 1) / 2) throw new AssertionError(sum);
    }
}
