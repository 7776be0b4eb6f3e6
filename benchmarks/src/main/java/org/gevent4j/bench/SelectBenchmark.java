package org.gevent4j.bench;

import java.util.concurrent.TimeUnit;
import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;
import org.gevent4j.queue.Channel;
import org.gevent4j.queue.Queue;
import org.gevent4j.queue.Select;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What a {@link Select} costs over the plain operation, for one item passed from a producer
 * greenlet to a consumer greenlet of the same hub (the JMH thread's own); ns per item, spawning
 * and joining included (amortised over {@link #ITEMS}):
 *
 * <ul>
 *   <li>{@code channelGet}: the consumer calls {@code Channel.get()}.</li>
 *   <li>{@code channelSelect2}: the consumer selects over {@code get} of two channels; the producer
 *       puts on the first (so each select registers in both and cancels one).</li>
 *   <li>{@code queueGet} / {@code queueSelect2}: the same with two {@code Queue(1)}s (every put
 *       waits for the previous item's get: each item costs two switches, as a channel's does).</li>
 * </ul>
 *
 * <p>The JMH scores are wall time, which a loaded machine inflates; {@link #main} measures the
 * process's CPU time instead (GC and compiler threads included; the run is one hub): {@code ./gevent4j run
 * SelectBenchmark [ROUNDS]} runs each variant in turn, ROUNDS times (default 15) after a warm-up, and
 * prints the median CPU ns per item of each.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SelectBenchmark {
    static final int ITEMS = 10_000;
    /** Invocations per CPU-time reading in main: the process clock ticks every 10 ms or so. */
    static final int BATCH = 50;

    @Setup
    public void check() {
        JvmFlags.check();
    }

    /** Process CPU ns per item of each variant, medians of alternating rounds, on a new platform thread's hub. */
    public static void main(String[] args) throws InterruptedException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        // A platform thread of our own, whose hub it is (the launcher's main runs as a greenlet).
        Thread t = Thread.ofPlatform().name("select-cpu").start(() -> measure(rounds));
        t.join();
    }

    private static void measure(int rounds) {
        SelectBenchmark b = new SelectBenchmark();
        String[] names = {"channelGet", "channelSelect2", "queueGet", "queueSelect2"};
        java.util.function.LongSupplier[] variants = {b::channelGet, b::channelSelect2, b::queueGet, b::queueSelect2};
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        for (int w = 0; w < 30; w++) for (var v : variants) v.getAsLong(); // warm-up
        double[][] perItem = new double[variants.length][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < variants.length; i++) {
                long t0 = os.getProcessCpuTime();
                for (int k = 0; k < BATCH; k++) variants[i].getAsLong();
                perItem[i][r] = (os.getProcessCpuTime() - t0) / ((double) BATCH * ITEMS);
            }
        }
        for (int i = 0; i < variants.length; i++) {
            double[] a = perItem[i].clone();
            java.util.Arrays.sort(a);
            System.out.printf("%-15s median %7.1f CPU ns/item (min %7.1f, max %7.1f)%n", names[i], a[rounds / 2], a[0],
                    a[rounds - 1]);
        }
    }

    private static long run(Runnable producer, java.util.function.IntSupplier consumer) {
        Greenlet<Void> p = Gevent.spawn(producer);
        Greenlet<Long> c = Gevent.spawn(() -> {
            long sum = 0;
            for (int i = 0; i < ITEMS; i++) sum += consumer.getAsInt();
            return sum;
        });
        p.join();
        return c.get();
    }

    private static void produce(Channel<Integer> ch) {
        for (int i = 0; i < ITEMS; i++) ch.put(i);
    }

    private static void produce(Queue<Integer> q) {
        for (int i = 0; i < ITEMS; i++) q.put(i);
    }

    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public long channelGet() {
        Channel<Integer> a = new Channel<>();
        return run(() -> produce(a), a::get);
    }

    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public long channelSelect2() {
        Channel<Integer> a = new Channel<>();
        Channel<Integer> b = new Channel<>();
        Select.Clause<Integer> ga = Select.get(a);
        Select.Clause<Integer> gb = Select.get(b);
        return run(() -> produce(a), () -> Select.select(ga, gb));
    }

    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public long queueGet() {
        Queue<Integer> a = new Queue<>(1);
        return run(() -> produce(a), a::get);
    }

    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public long queueSelect2() {
        Queue<Integer> a = new Queue<>(1);
        Queue<Integer> b = new Queue<>(1);
        Select.Clause<Integer> ga = Select.get(a);
        Select.Clause<Integer> gb = Select.get(b);
        return run(() -> produce(a), () -> Select.select(ga, gb));
    }
}
