package org.gevent4j.bench;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;
import org.gevent4j.Hub;
import org.gevent4j.Timeout;
import org.gevent4j.event.Event;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Timer costs, without measuring the OS's sleep granularity.
 *
 * <ul>
 *   <li>{@code randomSleeps}: {@code sleepers} greenlets each sleep repeatedly for random durations
 *       (1 µs to 1 ms) until {@link #TOTAL_SLEEPS} sleeps are done. It runs on a virtual-clock hub
 *       ({@link Hub#runWithVirtualClock}), where time jumps to the next deadline when nothing is
 *       runnable, so the score is pure CPU per sleep: arm a timer in a heap of {@code sleepers}
 *       entries, park, fire, resume. Comparing the two sizes shows the heap's depth cost.</li>
 *   <li>{@code timedWaitsWokenEarly}: {@code waiters} greenlets pass a token round a ring of
 *       {@code Event}s, each waiting with a 30 s timeout that never expires: every hop is a timed
 *       wait woken early, as a keep-alive connection's read with its idle or head timeout is,
 *       with {@code waiters} such timers in the heap. The score is per hop (wake, switch, and
 *       what the wait's timer costs).</li>
 *   <li>{@code timeoutStartCancel}: {@code Timeout.start(1 s)} then {@code cancel()} on the main
 *       greenlet, nothing fires: what every {@code with Timeout(...)} block pays.</li>
 *   <li>{@code withTimeout}: {@code Gevent.withTimeout(1 s, fn)} around a trivial function.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TimerBenchmark {
    static final int TOTAL_SLEEPS = 1_000_000;
    private static final Duration ONE_SECOND = Duration.ofSeconds(1);
    private static final long MAX_SLEEP_NANOS = 1_000_000;

    /** Only {@link #randomSleeps} depends on the heap size. */
    @State(Scope.Thread)
    public static class Heap {
        /** Greenlets sleeping at once (the timer heap's size); divides {@link #TOTAL_SLEEPS}. */
        @Param({"1000", "100000"})
        public int sleepers;
    }

    @Setup
    public void checkFlags() {
        JvmFlags.check();
    }

    @Benchmark
    @OperationsPerInvocation(TOTAL_SLEEPS)
    public Object randomSleeps(Heap heap) {
        int n = heap.sleepers, each = TOTAL_SLEEPS / n;
        return Hub.runWithVirtualClock(() -> {
            Greenlet<?>[] gs = new Greenlet<?>[n];
            for (int i = 0; i < n; i++) {
                long seed = 0x9E3779B97F4A7C15L * (i + 1);
                gs[i] = Gevent.spawn(() -> sleepRandomly(seed, each));
            }
            return Gevent.joinAll(gs);
        });
    }

    private static void sleepRandomly(long seed, int times) {
        long x = seed;
        for (int i = 0; i < times; i++) {
            x ^= x << 13; // xorshift64: cheap, no shared Random
            x ^= x >>> 7;
            x ^= x << 17;
            Gevent.sleep(Duration.ofNanos(1_000 + Math.floorMod(x, MAX_SLEEP_NANOS)));
        }
    }

    static final int HOPS = 200_000;
    private static final Duration THIRTY_SECONDS = Duration.ofSeconds(30);

    /** Only {@link #timedWaitsWokenEarly} depends on this. */
    @State(Scope.Thread)
    public static class Ring {
        /** Greenlets in the ring, each with its timer in the heap (connections waiting for a request). */
        @Param({"50", "500", "10000"})
        public int waiters;
    }

    @Benchmark
    @OperationsPerInvocation(HOPS)
    public Object timedWaitsWokenEarly(Ring ring) {
        int n = ring.waiters;
        return Hub.runWithVirtualClock(() -> {
            Event[] events = new Event[n];
            for (int i = 0; i < n; i++) events[i] = new Event();
            int[] hops = {0};
            Greenlet<?>[] gs = new Greenlet<?>[n];
            for (int i = 0; i < n; i++) {
                Event mine = events[i], next = events[(i + 1) % n];
                gs[i] = Gevent.spawn(() -> {
                    while (true) {
                        if (!mine.await(THIRTY_SECONDS)) throw new IllegalStateException("a 30 s wait timed out");
                        mine.clear();
                        if (hops[0] >= HOPS) {
                            next.set(); // pass the end on round the ring
                            return null;
                        }
                        hops[0]++;
                        next.set();
                    }
                });
            }
            events[0].set();
            return Gevent.joinAll(gs);
        });
    }

    @Benchmark
    public Timeout timeoutStartCancel() {
        Timeout t = Timeout.start(ONE_SECOND);
        t.cancel();
        return t;
    }

    @Benchmark
    public Integer withTimeout() {
        return Gevent.withTimeout(ONE_SECOND, () -> 42);
    }
}
