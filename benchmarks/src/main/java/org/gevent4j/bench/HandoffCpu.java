package org.gevent4j.bench;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;
import org.gevent4j.Gevent;
import org.gevent4j.queue.Channel;
import org.gevent4j.queue.Queue;

/**
 * The hub thread's CPU time and allocation per item of a hand-off between two greenlets, round by
 * round: a figure that other processes on a busy machine disturb far less than elapsed time (they
 * take the CPU away from the hub, which a CPU clock does not count), for machines where
 * {@code perf stat -e instructions} is not available (a VM without hardware counters).
 *
 * <ul>
 *   <li>{@code channel}: {@link Channel} put/get, as {@link HandoffBenchmark#channel}.</li>
 *   <li>{@code floor}: the floor of the channel's order, as {@link HandoffBenchmark#channelOrderFloor}:
 *       unpark the getter and yield, the getter parks; no channel.</li>
 *   <li>{@code queue}: {@code Queue()} put/get, as {@link HandoffBenchmark#queueUnbounded}.</li>
 *   <li>{@code switch}: two greenlets doing {@code sleep(0)}; per switch.</li>
 * </ul>
 *
 * Usage: {@code HandoffCpu SCENARIO [N] [ROUNDS]} (N = 200000 items per round, 21 rounds after 5
 * warm-up ones). Each round runs in {@link Gevent#run} on a platform thread of its own, so the
 * loop runs on that thread and its CPU clock and allocation counter cover the hub and both
 * greenlets. Prints the minimum and
 * median CPU ns per item, the median bytes allocated per item, and the rounds in order.
 */
public final class HandoffCpu {
    private HandoffCpu() {}

    public static void main(String[] args) throws Exception {
        // On a platform thread of its own: `./gevent4j run` makes main a greenlet, a virtual thread,
        // whose CPU clock the JDK does not keep.
        Throwable[] failed = new Throwable[1];
        Thread t = Thread.ofPlatform().name("handoff-cpu").start(() -> {
            try {
                measure(args);
            } catch (Throwable e) {
                failed[0] = e;
            }
        });
        t.join();
        if (failed[0] != null) throw new IllegalStateException("HandoffCpu failed", failed[0]);
    }

    private static void measure(String[] args) throws Exception {
        String scenario = args.length > 0 ? args[0] : "channel";
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 21;
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] cpu = new long[rounds];
        long[] bytes = new long[rounds];
        for (int r = -5; r < rounds; r++) {
            long c0 = mx.getCurrentThreadCpuTime();
            long a0 = mx.getCurrentThreadAllocatedBytes();
            long sum = Gevent.run(() -> round(scenario, n));
            long c1 = mx.getCurrentThreadCpuTime();
            long a1 = mx.getCurrentThreadAllocatedBytes();
            if (!scenario.equals("switch") && sum != (long) n * (n - 1) / 2) {
                throw new AssertionError("items lost or duplicated: sum " + sum);
            }
            if (r >= 0) {
                cpu[r] = (c1 - c0) / n;
                bytes[r] = (a1 - a0) / n;
            }
        }
        long[] inOrder = cpu.clone();
        Arrays.sort(cpu);
        Arrays.sort(bytes);
        System.out.printf("%s: hub CPU ns/item min %d median %d, B/item %d; rounds %s%n", scenario, cpu[0],
                cpu[rounds / 2], bytes[rounds / 2], Arrays.toString(inOrder));
    }

    private static long round(String scenario, int n) {
        long[] total = new long[1];
        switch (scenario) {
            case "channel" -> total[0] = SyncBench.handoff(new Channel<>(), n);
            case "queue" -> total[0] = SyncBench.handoff(new Queue<>(), n);
            case "floor" -> {
                Integer[] box = new Integer[1];
                Thread[] getter = new Thread[1];
                Gevent.joinAll(
                        Gevent.spawn(() -> {
                            getter[0] = Thread.currentThread();
                            long s = 0;
                            for (int i = 0; i < n; i++) {
                                Integer item;
                                while ((item = box[0]) == null) LockSupport.park();
                                box[0] = null;
                                s += item;
                            }
                            total[0] = s;
                        }),
                        Gevent.spawn(() -> {
                            for (int i = 0; i < n; i++) {
                                box[0] = i;
                                LockSupport.unpark(getter[0]);
                                Thread.yield();
                            }
                        }));
            }
            case "switch" -> Gevent.joinAll(
                    Gevent.spawn(() -> {
                        for (int i = 0; i < n / 2; i++) Gevent.sleep(0);
                    }),
                    Gevent.spawn(() -> {
                        for (int i = 0; i < n / 2; i++) Gevent.sleep(0);
                    }));
            default -> throw new IllegalArgumentException("usage: HandoffCpu channel|floor|queue|switch [N] [ROUNDS]");
        }
        return total[0];
    }
}
