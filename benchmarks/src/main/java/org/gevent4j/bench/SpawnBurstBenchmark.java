package org.gevent4j.bench;

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
import org.openjdk.jmh.annotations.TearDown;

/**
 * The harness's spawn round (100,000 greenlets spawned, then joined all at once) from two kinds of
 * spawner: one that passes nothing on to its children, whose greenlets get their virtual threads
 * only when the hub reaches them, and one holding an {@link InheritableThreadLocal} value, whose
 * greenlets get them at spawn (the children must inherit it). Run with {@code -prof gc}: the
 * difference is what young collections copy while 100,000 greenlets wait to run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SpawnBurstBenchmark {
    static final int M = 100_000;
    private static final Runnable TRIVIAL = () -> {};
    private static final InheritableThreadLocal<String> CONTEXT = new InheritableThreadLocal<>();

    private final Greenlet<?>[] gs = new Greenlet<?>[M];

    @Setup
    public void checkFlags() {
        JvmFlags.check();
    }

    private Object round() {
        for (int i = 0; i < M; i++) gs[i] = Gevent.spawn(TRIVIAL);
        return Gevent.joinAll(gs);
    }

    /** A spawner with nothing to pass on: threads are created when the hub runs each greenlet. */
    @Benchmark
    @OperationsPerInvocation(M)
    public Object plainSpawner() {
        return round();
    }

    /** A spawner with an inheritable thread local: threads are created at spawn. */
    @Benchmark
    @OperationsPerInvocation(M)
    public Object inheritingSpawner() {
        CONTEXT.set("trace-id");
        try {
            return round();
        } finally {
            CONTEXT.remove();
        }
    }

    @TearDown
    public void clear() {
        java.util.Arrays.fill(gs, null);
    }
}
