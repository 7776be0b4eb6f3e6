package org.gevent4j.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Plain JDK virtual threads on the JDK's default scheduler (a ForkJoinPool with one carrier per
 * core), for comparison with {@link SwitchBenchmark} and {@link SpawnBenchmark}. Each benchmark
 * also runs in a JVM with {@code -Djdk.virtualThreadScheduler.parallelism=1} (the
 * {@code ...OneCarrier} methods): one carrier, like a gevent4j hub.
 *
 * <p>The spawn benchmarks start threads from the JMH platform thread, as the harness's java peer
 * does, except {@code spawnJoin}, which runs its loop in a virtual thread.
 *
 * <p>Note: with two carriers, the two "ping-pong" threads mostly run in parallel, each yielding
 * to an empty queue on its own core, so that figure is a throughput, not a hand-over cost.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class JdkVirtualThreadBenchmark {
    static final String ONE_CARRIER = "-Djdk.virtualThreadScheduler.parallelism=1";
    static final int PING_PONG_YIELDS = 10_000;
    static final int HARNESS_N = 100;
    static final int HARNESS_K = 1_000;
    static final int BATCH = 1_000;

    private static final Runnable TRIVIAL = () -> {};

    @Setup
    public void checkFlags() {
        JvmFlags.check();
    }

    private static Thread yielder(int k) {
        return Thread.ofVirtual().start(() -> {
            for (int i = 0; i < k; i++) Thread.yield();
        });
    }

    private static void runPingPong() throws InterruptedException {
        Thread a = yielder(PING_PONG_YIELDS), b = yielder(PING_PONG_YIELDS);
        a.join();
        b.join();
    }

    private static void runHarness() throws InterruptedException {
        Thread[] ts = new Thread[HARNESS_N];
        for (int i = 0; i < HARNESS_N; i++) ts[i] = yielder(HARNESS_K);
        for (Thread t : ts) t.join();
    }

    /*
     * Sequential start + join from a virtual thread, as a greenlet main would do it: joining from
     * the JMH platform thread instead would measure a platform thread's park/unpark (~5 µs).
     */
    private static void runSpawnJoin() throws InterruptedException {
        Thread.ofVirtual().start(() -> {
            try {
                for (int i = 0; i < BATCH; i++) Thread.ofVirtual().start(TRIVIAL).join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }).join();
    }

    private static void runSpawnBatch() throws InterruptedException {
        Thread[] ts = new Thread[BATCH];
        for (int i = 0; i < BATCH; i++) ts[i] = Thread.ofVirtual().start(TRIVIAL);
        for (Thread t : ts) t.join();
    }

    /** Two virtual threads each doing Thread.yield(): ns per yield. */
    @Benchmark
    @OperationsPerInvocation(2 * PING_PONG_YIELDS)
    public void yieldPingPong() throws InterruptedException {
        runPingPong();
    }

    @Benchmark
    @OperationsPerInvocation(2 * PING_PONG_YIELDS)
    @Fork(jvmArgsAppend = ONE_CARRIER)
    public void yieldPingPongOneCarrier() throws InterruptedException {
        runPingPong();
    }

    /** 100 virtual threads each doing K Thread.yield(): the harness's switch scenario. */
    @Benchmark
    @OperationsPerInvocation(HARNESS_N * HARNESS_K)
    public void yieldHarness100() throws InterruptedException {
        runHarness();
    }

    @Benchmark
    @OperationsPerInvocation(HARNESS_N * HARNESS_K)
    @Fork(jvmArgsAppend = ONE_CARRIER)
    public void yieldHarness100OneCarrier() throws InterruptedException {
        runHarness();
    }

    /** In a virtual thread, 1000 times: start one trivial virtual thread and join it. ns per thread. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void spawnJoin() throws InterruptedException {
        runSpawnJoin();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    @Fork(jvmArgsAppend = ONE_CARRIER)
    public void spawnJoinOneCarrier() throws InterruptedException {
        runSpawnJoin();
    }

    /** Start 1000 trivial virtual threads, then join them all: ns per thread. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void spawnBatch1000() throws InterruptedException {
        runSpawnBatch();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    @Fork(jvmArgsAppend = ONE_CARRIER)
    public void spawnBatch1000OneCarrier() throws InterruptedException {
        runSpawnBatch();
    }
}
