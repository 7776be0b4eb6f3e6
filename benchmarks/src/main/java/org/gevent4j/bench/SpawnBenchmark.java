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

/**
 * Spawning and joining trivial greenlets, from the JMH worker thread as main greenlet. Scores are
 * ns per greenlet: create, start (queue on the hub), run to completion, notify the joiner.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SpawnBenchmark {
    static final int BATCH = 1_000;

    private static final Runnable TRIVIAL = () -> {};

    private final Greenlet<?>[] batch = new Greenlet<?>[BATCH];

    @Setup
    public void checkFlags() {
        JvmFlags.check();
    }

    /** Spawn one greenlet, then join it: a full hub round trip per greenlet. */
    @Benchmark
    public Greenlet<Void> spawnJoin() {
        return Gevent.spawn(TRIVIAL).join();
    }

    /** Spawn 1000 greenlets, then Gevent.joinAll them (the harness's spawn scenario, in small). */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Object spawnBatch1000() {
        Greenlet<?>[] gs = batch;
        for (int i = 0; i < BATCH; i++) gs[i] = Gevent.spawn(TRIVIAL);
        return Gevent.joinAll(gs);
    }

    /** Spawn 1000 greenlets, then join each in turn (no joinAll/iwait machinery). */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Object spawnBatch1000JoinEach() {
        Greenlet<?>[] gs = batch;
        for (int i = 0; i < BATCH; i++) gs[i] = Gevent.spawn(TRIVIAL);
        Object last = null;
        for (Greenlet<?> g : gs) last = g.join();
        return last;
    }
}
