package org.gevent4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;

/**
 * gevent4j's program for the side-by-side harness's micro scenarios (shared/bench, {@code run.sh
 * micro --target './gevent4j run Micro'}). It mirrors the gevent and JDK peers
 * (peers/gevent/micro.py, peers/java/Micro.java) measurement for measurement:
 *
 * <ul>
 *   <li>{@code switch}: N greenlets each doing K {@code Gevent.sleep(0)}; ns per sleep(0) = round
 *       time (spawns and joinAll included, as in the peers) / (N·K).</li>
 *   <li>{@code spawn}: M {@code Gevent.spawn} of a trivial function, then {@code Gevent.joinAll};
 *       ns per greenlet.</li>
 *   <li>{@code memory}: COUNT greenlets each blocked in {@code Gevent.sleep(3600)}; once all have
 *       started, GC, then (RSS after − RSS before) / COUNT from /proc/self/statm, plus the live
 *       heap per greenlet in {@code extra}. One shot; the process halts without unwinding them.</li>
 * </ul>
 *
 * Parameters come from the environment ({@code BENCH_SCENARIO}, {@code BENCH_N}, {@code BENCH_K},
 * {@code BENCH_M}, {@code BENCH_COUNT}, {@code BENCH_ROUNDS}) or, for use by hand, from the
 * arguments as the peers take them: {@code switch N K [ROUNDS] | spawn M [ROUNDS] | memory COUNT}.
 * switch and spawn run 3 unreported warm-up rounds, then ROUNDS measured ones, and report the median.
 * Prints one JSON line on stdout.
 *
 * <p>Everything runs on the JVM's main thread, which is its hub's main greenlet: it spawns, then
 * blocks in {@code joinAll} (or sleeps), which runs the hub.
 */
public final class Micro {
    /** Warm-up rounds before the measured ones in switch and spawn (the same in every peer). */
    static final int WARMUP_ROUNDS = 3;

    private static final Duration ZERO = Duration.ZERO;

    private Micro() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> env = System.getenv();
        String scenario = args.length > 0 ? args[0] : env.getOrDefault("BENCH_SCENARIO", "");
        switch (scenario) {
            case "switch" -> {
                int n = param(args, 1, env, "BENCH_N", 100);
                int k = param(args, 2, env, "BENCH_K", 5000);
                int rounds = param(args, 3, env, "BENCH_ROUNDS", 5);
                for (int w = 0; w < WARMUP_ROUNDS; w++) switchRound(n, k);
                List<Double> rs = new ArrayList<>();
                for (int r = 0; r < rounds; r++) rs.add(switchRound(n, k));
                System.out.println("{\"scenario\":\"switch\",\"value\":" + fmt(median(rs))
                        + ",\"unit\":\"ns/switch\",\"params\":{\"n\":" + n + ",\"k\":" + k + ",\"rounds\":" + rounds
                        + "},\"rounds\":" + list(rs) + "," + runtime() + "}");
            }
            case "spawn" -> {
                int m = param(args, 1, env, "BENCH_M", 100_000);
                int rounds = param(args, 2, env, "BENCH_ROUNDS", 5);
                for (int w = 0; w < WARMUP_ROUNDS; w++) spawnRound(m);
                List<Double> rs = new ArrayList<>();
                for (int r = 0; r < rounds; r++) rs.add(spawnRound(m));
                System.out.println("{\"scenario\":\"spawn\",\"value\":" + fmt(median(rs))
                        + ",\"unit\":\"ns/task\",\"params\":{\"m\":" + m + ",\"rounds\":" + rounds
                        + "},\"rounds\":" + list(rs) + "," + runtime() + "}");
            }
            case "memory" -> {
                memory(param(args, 1, env, "BENCH_COUNT", 100_000));
                System.out.flush();
                Runtime.getRuntime().halt(0); // skip unwinding `count` sleeping greenlets
            }
            default -> {
                System.err.println("usage: BENCH_SCENARIO=switch|spawn|memory (BENCH_N, BENCH_K, BENCH_M, BENCH_COUNT,"
                        + " BENCH_ROUNDS) Micro, or Micro switch N K [ROUNDS] | spawn M [ROUNDS] | memory COUNT");
                System.exit(2);
            }
        }
    }

    /** N greenlets each doing K sleep(0); ns per sleep(0), spawning and joining included. */
    static double switchRound(int n, int k) {
        Runnable yielder = () -> {
            for (int j = 0; j < k; j++) Gevent.sleep(ZERO);
        };
        Greenlet<?>[] gs = new Greenlet<?>[n];
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) gs[i] = Gevent.spawn(yielder);
        Gevent.joinAll(gs);
        return (double) (System.nanoTime() - t0) / ((long) n * k);
    }

    /** M trivial greenlets spawned, then joined all at once; ns per greenlet. */
    static double spawnRound(int m) {
        Runnable trivial = () -> {};
        Greenlet<?>[] gs = new Greenlet<?>[m];
        long t0 = System.nanoTime();
        for (int i = 0; i < m; i++) gs[i] = Gevent.spawn(trivial);
        Gevent.joinAll(gs);
        return (double) (System.nanoTime() - t0) / m;
    }

    static void memory(int count) throws IOException {
        AtomicInteger started = new AtomicInteger();
        Duration hour = Duration.ofSeconds(3600);
        Runnable sleeper = () -> {
            started.incrementAndGet();
            Gevent.sleep(hour); // blocked sleeping until the process halts
        };
        System.gc();
        long before = rssBytes();
        Runtime rt = Runtime.getRuntime();
        long heapBefore = rt.totalMemory() - rt.freeMemory();
        long t0 = System.nanoTime();
        Greenlet<?>[] gs = new Greenlet<?>[count];
        for (int i = 0; i < count; i++) gs[i] = Gevent.spawn(sleeper);
        Duration ms = Duration.ofMillis(1);
        while (started.get() < count) Gevent.sleep(ms); // the hub runs them meanwhile
        Gevent.sleep(Duration.ofMillis(100)); // as the peers do: let the last ones park
        double spawnS = (System.nanoTime() - t0) / 1e9;
        long afterNoGc = rssBytes();
        System.gc();
        long after = rssBytes();
        long heapAfter = rt.totalMemory() - rt.freeMemory();
        System.out.println("{\"scenario\":\"memory\",\"value\":" + fmt((double) (after - before) / count)
                + ",\"unit\":\"B/task\",\"params\":{\"count\":" + count + "},\"extra\":{\"rss_before\":" + before
                + ",\"rss_after\":" + after + ",\"rss_after_before_gc\":" + afterNoGc
                + ",\"heap_live_per_task\":" + fmt((double) (heapAfter - heapBefore) / count)
                + ",\"heap_committed\":" + rt.totalMemory() + ",\"spawn_s\":" + fmt(spawnS)
                + ",\"greenlets_held\":" + gs.length + "}," + runtime() + "}");
    }

    static long rssBytes() throws IOException {
        String[] f = Files.readString(Path.of("/proc/self/statm")).trim().split("\\s+");
        return Long.parseLong(f[1]) * 4096L;
    }

    static int param(String[] args, int i, Map<String, String> env, String name, int def) {
        if (args.length > i) return Integer.parseInt(args[i]);
        String v = env.get(name);
        return v == null || v.isBlank() ? def : Integer.parseInt(v.trim());
    }

    static double median(List<Double> xs) {
        double[] s = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    static String fmt(double d) {
        return String.format(Locale.ROOT, "%.3f", d);
    }

    static String list(List<Double> xs) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < xs.size(); i++) b.append(i > 0 ? "," : "").append(fmt(xs.get(i)));
        return b.append("]").toString();
    }

    /** What ran, and the JVM options that shape the figures (GC and heap flags matter for memory). */
    static String runtime() {
        List<String> opts = new ArrayList<>();
        for (String a : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("-XX:") || a.startsWith("-Xm") || a.startsWith("-Xs")) opts.add(a);
        }
        return "\"runtime\":\"gevent4j / java " + Runtime.version() + " (one hub)\",\"jvm_opts\":\""
                + String.join(" ", opts).replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
