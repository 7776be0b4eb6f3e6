package org.gevent4j.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.gevent4j.Gevent;
import org.gevent4j.pool.Pool;
import org.gevent4j.queue.Channel;
import org.gevent4j.queue.Pipe;
import org.gevent4j.queue.Queue;

/**
 * gevent4j's program for the events/queues/locks/pools comparison ({@code benchmarks/run-sync.sh}),
 * measurement for measurement the same as its peers, {@code benchmarks/peers/gevent/sync_bench.py}
 * (gevent) and {@code benchmarks/peers/java/SyncBench.java} (java.util.concurrent on virtual
 * threads):
 *
 * <ul>
 *   <li>{@code queue}: a producer greenlet puts N items into a {@code new Queue<>()} (unbounded), a
 *       consumer greenlet gets them; ns per item, spawning and joining included.</li>
 *   <li>{@code queue1}: the same through {@code new Queue<>(1)}: every put waits for the previous
 *       item's get, so each item costs two switches.</li>
 *   <li>{@code channel}: the same through a {@link Channel} (rendezvous).</li>
 *   <li>{@code map}: {@link Pool#map} of a trivial function over N items, on a pool with no bound
 *       (gevent's {@code Pool()}); ns per item.</li>
 *   <li>{@code map100}: the same on {@code new Pool(100)}.</li>
 * </ul>
 *
 * Usage: {@code SyncBench SCENARIO [N] [ROUNDS]}, N = 100000 and ROUNDS = 5 by default. 3 warm-up
 * rounds, then ROUNDS measured ones; prints the median round as one JSON line on stdout (the format
 * of shared/bench). Every round checks that each item arrived exactly once.
 *
 * <p>Everything runs on one hub: the JVM's main thread spawns the greenlets and blocks in
 * {@code joinAll} (or {@code map}), which runs the hub.
 */
public final class SyncBench {
    /** Warm-up rounds before the measured ones (the same in every peer). */
    static final int WARMUP_ROUNDS = 3;

    private SyncBench() {}

    @FunctionalInterface
    private interface Round {
        double run();
    }

    /**
     * A producer greenlet puts 0..n-1 into {@code q}, a consumer greenlet gets n items and sums
     * them; both are joined. Returns the sum ({@code n * (n - 1) / 2} when each item arrived once).
     * The one hand-off round of SyncBench, {@link HandoffCpu} and {@link TurnsBench}.
     */
    static long handoff(Pipe<Integer> q, int n) {
        long[] total = new long[1];
        Gevent.joinAll(
                Gevent.spawn(() -> {
                    for (int i = 0; i < n; i++) q.put(i);
                }),
                Gevent.spawn(() -> {
                    long s = 0;
                    for (int i = 0; i < n; i++) s += q.get();
                    total[0] = s;
                }));
        return total[0];
    }

    /** {@link #handoff} of n items through a new pipe; ns per item, spawning and joining included. */
    static double handoffRound(Supplier<Pipe<Integer>> make, int n) {
        Pipe<Integer> q = make.get();
        long t0 = System.nanoTime();
        long total = handoff(q, n);
        double ns = (double) (System.nanoTime() - t0) / n;
        if (total != (long) n * (n - 1) / 2) throw new AssertionError("items lost or duplicated: sum " + total);
        return ns;
    }

    /** {@code pool.map} of a trivial function over the items; ns per item. */
    static double mapRound(Supplier<Pool> make, List<Integer> items) {
        int n = items.size();
        long t0 = System.nanoTime();
        List<Integer> results = make.get().map(Function.identity(), items);
        double ns = (double) (System.nanoTime() - t0) / n;
        if (results.size() != n || results.get(n - 1) != n - 1) throw new AssertionError("map returned " + results.size());
        return ns;
    }

    public static void main(String[] args) {
        String scenario = args.length > 0 ? args[0] : "";
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        List<Integer> items = new ArrayList<>(n);
        for (int i = 0; i < n; i++) items.add(i);
        Round round = switch (scenario) {
            case "queue" -> () -> handoffRound(() -> new Queue<>(), n);
            case "queue1" -> () -> handoffRound(() -> new Queue<>(1), n);
            case "channel" -> () -> handoffRound(() -> new Channel<>(), n);
            // gevent's Pool() has no bound; gevent4j's Pool takes a size, so: the largest.
            case "map" -> () -> mapRound(() -> new Pool(), items);
            case "map100" -> () -> mapRound(() -> new Pool(100), items);
            default -> null;
        };
        if (round == null) {
            System.err.println("usage: SyncBench queue|queue1|channel|map|map100 [N] [ROUNDS]");
            System.exit(2);
        }
        for (int w = 0; w < WARMUP_ROUNDS; w++) round.run();
        List<Double> rs = new ArrayList<>();
        for (int r = 0; r < rounds; r++) rs.add(round.run());
        System.out.println("{\"scenario\":\"" + scenario + "\",\"value\":" + Micro.fmt(Micro.median(rs))
                + ",\"unit\":\"ns/item\",\"params\":{\"n\":" + n + ",\"rounds\":" + rounds + "},\"rounds\":"
                + Micro.list(rs) + "," + Micro.runtime() + "}");
    }
}
