package org.gevent4j.bench;

import java.util.concurrent.TimeUnit;
import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;
import org.gevent4j.Local;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What an inheritable {@link Local} costs a spawn: {@code SpawnBenchmark.spawnJoin} from a main
 * greenlet that has set one (each child gets a copy of the creator's inheritable locals). Compare
 * with {@code SpawnBenchmark.spawnJoin} in the same run, where none is set.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class InheritableSpawnBenchmark {
    private static final Local<String> TRACE = Local.inheritable();
    private static final Runnable TRIVIAL = () -> {};

    @Setup
    public void setTrace() {
        JvmFlags.check();
        TRACE.set("trace-0001");
    }

    private final Greenlet<?>[] batch = new Greenlet<?>[SpawnBenchmark.BATCH];

    /** {@code SpawnBenchmark.spawnBatch1000}, each of the 1000 inheriting the trace id. */
    @Benchmark
    @OperationsPerInvocation(SpawnBenchmark.BATCH)
    public Object spawnBatch1000Inheriting() {
        Greenlet<?>[] gs = batch;
        for (int i = 0; i < gs.length; i++) gs[i] = Gevent.spawn(TRIVIAL);
        return Gevent.joinAll(gs);
    }

    /** Spawn one greenlet (it inherits the trace id), then join it. */
    @Benchmark
    public Greenlet<Void> spawnJoinInheriting() {
        return Gevent.spawn(TRIVIAL).join();
    }
}
