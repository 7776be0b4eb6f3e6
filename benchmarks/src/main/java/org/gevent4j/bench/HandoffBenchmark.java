package org.gevent4j.bench;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.gevent4j.Gevent;
import org.gevent4j.queue.Channel;
import org.gevent4j.queue.Queue;
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
 * A producer hands {@link #N} items to a consumer, ns per item: gevent4j's {@link Channel} and
 * {@link Queue} between two greenlets of one hub, beside {@code java.util.concurrent} queues and
 * Jox's channels ({@code com.softwaremill.jox}) between two JDK virtual threads, on the default
 * scheduler (one carrier per core) and, in the {@code ...OneCarrier} methods, on one carrier like
 * a hub. Jox's own benchmarks have the same shape (a sender and a receiver virtual thread).
 * Every invocation checks the sum of what arrived, so a lost or duplicated item fails it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HandoffBenchmark {
    static final int N = 10_000;
    static final long SUM = (long) N * (N - 1) / 2;

    @Setup
    public void checkFlags() {
        JvmFlags.check();
    }

    private interface Ends {
        void put(Integer item) throws InterruptedException;

        Integer take() throws InterruptedException;
    }

    private static void check(long sum) {
        if (sum != SUM) throw new AssertionError("items lost or duplicated: sum " + sum);
    }

    private static long greenlets(Ends e) {
        long[] total = new long[1];
        Gevent.joinAll(
                Gevent.spawn(() -> {
                    for (int i = 0; i < N; i++) e.put(i);
                    return null;
                }),
                Gevent.spawn(() -> {
                    long s = 0;
                    for (int i = 0; i < N; i++) s += e.take();
                    total[0] = s;
                    return null;
                }));
        check(total[0]);
        return total[0];
    }

    private static long virtualThreads(Ends e) throws InterruptedException {
        long[] total = new long[1];
        Thread p = Thread.ofVirtual().start(() -> {
            try {
                for (int i = 0; i < N; i++) e.put(i);
            } catch (InterruptedException x) {
                throw new IllegalStateException(x);
            }
        });
        Thread c = Thread.ofVirtual().start(() -> {
            long s = 0;
            try {
                for (int i = 0; i < N; i++) s += e.take();
            } catch (InterruptedException x) {
                throw new IllegalStateException(x);
            }
            total[0] = s;
        });
        p.join();
        c.join();
        check(total[0]);
        return total[0];
    }

    private static Ends of(Channel<Integer> c) {
        return new Ends() {
            @Override
            public void put(Integer item) {
                c.put(item);
            }

            @Override
            public Integer take() {
                return c.get();
            }
        };
    }

    private static Ends of(Queue<Integer> q) {
        return new Ends() {
            @Override
            public void put(Integer item) {
                q.put(item);
            }

            @Override
            public Integer take() {
                return q.get();
            }
        };
    }

    private static Ends of(BlockingQueue<Integer> q) {
        return new Ends() {
            @Override
            public void put(Integer item) throws InterruptedException {
                q.put(item);
            }

            @Override
            public Integer take() throws InterruptedException {
                return q.take();
            }
        };
    }

    private static Ends of(com.softwaremill.jox.Channel<Integer> c) {
        return new Ends() {
            @Override
            public void put(Integer item) throws InterruptedException {
                c.send(item);
            }

            @Override
            public Integer take() throws InterruptedException {
                return c.receive();
            }
        };
    }

    // ---- gevent4j: two greenlets of one hub ----

    @Benchmark
    @OperationsPerInvocation(N)
    public long channel() {
        return greenlets(of(new Channel<>()));
    }

    /**
     * The floor of {@link Channel}'s order on one hub, with no channel: the putter leaves the item
     * in a box, unparks the getter and yields (so the getter runs before the put returns, as
     * gevent's {@code Channel.put} does); the getter parks until the box is full. Two switches per
     * item and the JDK's park/unpark, nothing else: what {@link #channel} costs above this is the
     * channel's own work.
     */
    @Benchmark
    @OperationsPerInvocation(N)
    public long channelOrderFloor() {
        Integer[] box = new Integer[1];
        Thread[] getter = new Thread[1];
        long[] total = new long[1];
        Gevent.joinAll(
                Gevent.spawn(() -> {
                    getter[0] = Thread.currentThread();
                    long s = 0;
                    for (int i = 0; i < N; i++) {
                        Integer item;
                        while ((item = box[0]) == null) LockSupport.park();
                        box[0] = null;
                        s += item;
                    }
                    total[0] = s;
                    return null;
                }),
                Gevent.spawn(() -> {
                    for (int i = 0; i < N; i++) {
                        box[0] = i;
                        LockSupport.unpark(getter[0]);
                        Thread.yield();
                    }
                    return null;
                }));
        check(total[0]);
        return total[0];
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public long queueUnbounded() {
        return greenlets(of(new Queue<>()));
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public long queue16() {
        return greenlets(of(new Queue<>(16)));
    }

    // ---- JDK virtual threads, default scheduler ----

    @Benchmark
    @OperationsPerInvocation(N)
    public long synchronousQueue() throws InterruptedException {
        return virtualThreads(of(new SynchronousQueue<>()));
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public long linkedBlockingQueue() throws InterruptedException {
        return virtualThreads(of(new LinkedBlockingQueue<>()));
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public long arrayBlockingQueue16() throws InterruptedException {
        return virtualThreads(of(new ArrayBlockingQueue<>(16)));
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public long joxRendezvous() throws InterruptedException {
        return virtualThreads(of(com.softwaremill.jox.Channel.<Integer>newRendezvousChannel()));
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public long joxBuffered16() throws InterruptedException {
        return virtualThreads(of(com.softwaremill.jox.Channel.<Integer>newBufferedChannel(16)));
    }

    // ---- the same on one carrier ----

    @Benchmark
    @OperationsPerInvocation(N)
    @Fork(jvmArgsAppend = JdkVirtualThreadBenchmark.ONE_CARRIER)
    public long synchronousQueueOneCarrier() throws InterruptedException {
        return synchronousQueue();
    }

    @Benchmark
    @OperationsPerInvocation(N)
    @Fork(jvmArgsAppend = JdkVirtualThreadBenchmark.ONE_CARRIER)
    public long linkedBlockingQueueOneCarrier() throws InterruptedException {
        return linkedBlockingQueue();
    }

    @Benchmark
    @OperationsPerInvocation(N)
    @Fork(jvmArgsAppend = JdkVirtualThreadBenchmark.ONE_CARRIER)
    public long joxRendezvousOneCarrier() throws InterruptedException {
        return joxRendezvous();
    }

    @Benchmark
    @OperationsPerInvocation(N)
    @Fork(jvmArgsAppend = JdkVirtualThreadBenchmark.ONE_CARRIER)
    public long joxBuffered16OneCarrier() throws InterruptedException {
        return joxBuffered16();
    }
}
