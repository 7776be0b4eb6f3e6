package org.gevent4j.bench;

import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.gevent4j.Gevent;
import org.gevent4j.threadpool.ThreadPool;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A thread-pool round trip: a greenlet hands a trivial function to a ThreadPool and waits
 * cooperatively for its value (one wake-up of a pool thread, one wake-up of the hub). Scores are
 * µs per {@code apply}. For scale: the same trip through a plain JDK executor with a blocking
 * {@code Future.get()} from a platform thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ThreadPoolBenchmark {
    private ThreadPool pool;
    private ExecutorService jdk;

    @Setup
    public void setUp() {
        JvmFlags.check();
        pool = new ThreadPool(10);
        jdk = Executors.newFixedThreadPool(10);
    }

    @TearDown
    public void tearDown() {
        pool.close();
        jdk.shutdownNow();
    }

    /** {@code apply(() -> null)} from the JMH thread: the hub's main greenlet. */
    @Benchmark
    public Object applyFromMain() {
        return pool.apply(() -> null);
    }

    /** The same from a greenlet, main joining it every 100 applies (join cost amortised). */
    @Benchmark
    @org.openjdk.jmh.annotations.OperationsPerInvocation(100)
    public Object applyFromGreenlet() {
        return Gevent.spawn(() -> {
            Object last = null;
            for (int i = 0; i < 100; i++) last = pool.apply(() -> null);
            return last;
        }).get();
    }

    /** Reference: a JDK fixed pool, submit + blocking get from a platform thread. */
    @Benchmark
    public Object jdkSubmitGet() throws Exception {
        return jdk.submit(() -> null).get();
    }
}
