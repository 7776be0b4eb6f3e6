package org.gevent4j.bench;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Cost of one cooperative switch, {@code Gevent.sleep(0)}: the yielding greenlet goes to the back
 * of its hub's run queue and the next one is resumed. Scores are ns per {@code sleep(0)} call.
 *
 * <p>The JMH worker thread is a platform thread, so it is its hub's main greenlet: it spawns the
 * greenlets and blocks in {@code joinAll}, which runs the hub until they are all done. Each
 * invocation spawns fresh greenlets; the spawn cost is spread over thousands of switches.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SwitchBenchmark {
    static final int PING_PONG_YIELDS = 10_000;
    static final int HARNESS_N = 100;
    static final int HARNESS_K = 1_000;

    private static final Duration ZERO = Duration.ZERO;

    @Setup
    public void checkFlags() {
        JvmFlags.check();
    }

    private static void yieldLoop(int k) {
        for (int i = 0; i < k; i++) Gevent.sleep(ZERO);
    }

    /** Two greenlets alternating: each sleep(0) hands the carrier to the other one. */
    @Benchmark
    @OperationsPerInvocation(2 * PING_PONG_YIELDS)
    public void pingPong() {
        Greenlet<Void> a = Gevent.spawn(() -> yieldLoop(PING_PONG_YIELDS));
        Greenlet<Void> b = Gevent.spawn(() -> yieldLoop(PING_PONG_YIELDS));
        Gevent.joinAll(a, b);
    }

    /** The side-by-side harness's shape: 100 greenlets each doing K sleep(0), round robin. */
    @Benchmark
    @OperationsPerInvocation(HARNESS_N * HARNESS_K)
    public void harness100() {
        Greenlet<?>[] gs = new Greenlet<?>[HARNESS_N];
        for (int i = 0; i < HARNESS_N; i++) gs[i] = Gevent.spawn(() -> yieldLoop(HARNESS_K));
        Gevent.joinAll(gs);
    }

    /**
     * The main greenlet yielding while one greenlet yields back: main's sleep(0) goes through the
     * hub loop on the platform thread itself (no unmount of main), so this is a different path.
     */
    @Benchmark
    @OperationsPerInvocation(2 * PING_PONG_YIELDS)
    public void mainPingPong() {
        Greenlet<Void> other = Gevent.spawn(() -> yieldLoop(PING_PONG_YIELDS));
        yieldLoop(PING_PONG_YIELDS);
        other.join();
    }
}
