package org.gevent4j.bench;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;
import org.gevent4j.Hub;
import org.gevent4j.HubGroup;
import org.gevent4j.queue.Channel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A hub inside a {@link HubGroup} against a lone hub, and a wake-up across hubs against one within
 * a hub (issue 11). Each invocation runs a driver greenlet that does the measured loop, on the JMH
 * thread's own hub ({@code ...LoneHub}) or on hub 0 of a group of two ({@code ...GroupHub}); the
 * driver's own start and join (more thread wake-ups for the group: see {@code SWITCHES}) are
 * spread over the loop.
 *
 * <ul>
 *   <li>{@code switch*}: two greenlets alternating {@code sleep(0)}; ns per switch (compare
 *       {@link SwitchBenchmark#pingPong}).
 *   <li>{@code spawnJoin*}: {@code spawn(trivial).join()} in a loop; ns per greenlet (compare
 *       {@link SpawnBenchmark#spawnJoin}).
 *   <li>{@code driver*}: the JMH thread starting and joining a trivial driver; ns per invocation
 *       of the others (overhead they spread over their loop).
 *   <li>{@code channelRoundTrip*}: a greenlet sends on one {@link Channel} and receives the answer
 *       on another, the echoing greenlet on the same hub ({@code SameHub}) or on hub 1
 *       ({@code CrossHub}); ns per round trip, that is per two wake-ups.
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HubGroupBenchmark {
    /*
     * Large enough that the driver's start and join hardly count: for the group hub they take three
     * thread wake-ups (hub 0, then the JMH thread's hub and its main), against one for the lone hub
     * (issue 11: ~15 us more on an idle machine, and each wake can wait ms for a core on a busy one;
     * with 10,000 switches that was up to 44 % of the group hub's score, though a switch costs the
     * same on both hubs).
     */
    static final int SWITCHES = 100_000;
    static final int SPAWNS = 1_000;
    static final int ROUND_TRIPS = 1_000;

    private static final Duration ZERO = Duration.ZERO;
    private static final Runnable TRIVIAL = () -> {};

    private HubGroup group;
    private Hub hub0, hub1;

    @Setup(Level.Trial)
    public void start() {
        JvmFlags.check();
        group = HubGroup.start("bench", 2);
        hub0 = group.hub(0);
        hub1 = group.hub(1);
    }

    @TearDown(Level.Trial)
    public void stop() {
        group.close();
    }

    private static void yieldLoop(int k) {
        for (int i = 0; i < k; i++) Gevent.sleep(ZERO);
    }

    private static Object switches() {
        Greenlet<Void> a = Gevent.spawn(() -> yieldLoop(SWITCHES));
        Greenlet<Void> b = Gevent.spawn(() -> yieldLoop(SWITCHES));
        return Gevent.joinAll(a, b);
    }

    private static Object spawnJoins() {
        Object last = null;
        for (int i = 0; i < SPAWNS; i++) last = Gevent.spawn(TRIVIAL).join();
        return last;
    }

    @Benchmark
    @OperationsPerInvocation(2 * SWITCHES)
    public Object switchLoneHub() {
        return Gevent.spawn(HubGroupBenchmark::switches).get();
    }

    @Benchmark
    @OperationsPerInvocation(2 * SWITCHES)
    public Object switchGroupHub() {
        return group.spawnOn(hub0, HubGroupBenchmark::switches).get();
    }

    @Benchmark
    @OperationsPerInvocation(SPAWNS)
    public Object spawnJoinLoneHub() {
        return Gevent.spawn(HubGroupBenchmark::spawnJoins).get();
    }

    @Benchmark
    @OperationsPerInvocation(SPAWNS)
    public Object spawnJoinGroupHub() {
        return group.spawnOn(hub0, HubGroupBenchmark::spawnJoins).get();
    }

    /** The driver's own start and join, with nothing to do: ns per invocation of the benchmarks above. */
    @Benchmark
    public Object driverLoneHub() {
        return Gevent.spawn(TRIVIAL).get();
    }

    @Benchmark
    public Object driverGroupHub() {
        return group.spawnOn(hub0, TRIVIAL).get();
    }

    /** The pinging greenlet, on hub 0; the echo runs on {@code echoHub}. */
    private Object roundTrips(Hub echoHub) {
        Channel<Integer> ping = new Channel<>();
        Channel<Integer> pong = new Channel<>();
        Greenlet<Void> echo = group.spawnOn(echoHub, () -> {
            for (int i = 0; i < ROUND_TRIPS; i++) pong.put(ping.get());
        });
        int sum = 0;
        for (int i = 0; i < ROUND_TRIPS; i++) {
            ping.put(i);
            sum += pong.get();
        }
        echo.join();
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(ROUND_TRIPS)
    public Object channelRoundTripSameHub() {
        return group.spawnOn(hub0, () -> roundTrips(hub0)).get();
    }

    @Benchmark
    @OperationsPerInvocation(ROUND_TRIPS)
    public Object channelRoundTripCrossHub() {
        return group.spawnOn(hub0, () -> roundTrips(hub1)).get();
    }
}
