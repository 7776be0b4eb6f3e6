package org.gevent4j.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;

/**
 * What the monitor's hooks cost the hot paths, in CPU per operation (the whole process's CPU time,
 * so a loaded machine's preemptions do not count) and wall time per operation: a switch (two
 * greenlets alternating {@code Gevent.sleep(0)}) and a spawn+join ({@code Gevent.spawn(trivial).join()}
 * from a greenlet). Run it with the monitor off (the default) and on
 * ({@code GEVENT4J_JAVA_OPTS=-Dgevent4j.monitor=true}); it only uses API that every gevent4j
 * version has, so the same file measures a build from before the monitor could be switched live.
 * Arguments: {@code [ROUNDS [SWITCHES [SPAWNS]]]} (default 7, 2,000,000, 400,000); prints the median
 * of the rounds after 3 warm-up rounds. The process CPU clock ticks in 10 ms: keep a round above 0.2 s.
 */
public final class MonitorCost {
    private MonitorCost() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        int switches = args.length > 1 ? Integer.parseInt(args[1]) : 2_000_000;
        int spawns = args.length > 2 ? Integer.parseInt(args[2]) : 400_000;
        Gevent.run(() -> {
            double[][] sw = measure(rounds, switches, MonitorCost::pingPong);
            double[][] sp = measure(rounds, spawns, MonitorCost::spawnJoin);
            System.out.printf(Locale.ROOT, "monitor=%s switch: %.1f ns CPU/op, %.1f ns wall/op; spawn+join: %.1f ns CPU/op,"
                    + " %.1f ns wall/op%n", System.getProperty("gevent4j.monitor", "false"),
                    median(sw[0]), median(sw[1]), median(sp[0]), median(sp[1]));
        });
    }

    private interface Round {
        void run(int n) throws Exception;
    }

    private static double[][] measure(int rounds, int n, Round r) throws Exception {
        double[] cpu = new double[rounds];
        double[] wall = new double[rounds];
        for (int i = -3; i < rounds; i++) {
            Duration c0 = ProcessHandle.current().info().totalCpuDuration().orElseThrow();
            long w0 = System.nanoTime();
            r.run(n);
            long w = System.nanoTime() - w0;
            Duration c = ProcessHandle.current().info().totalCpuDuration().orElseThrow().minus(c0);
            if (i >= 0) {
                cpu[i] = (double) c.toNanos() / n;
                wall[i] = (double) w / n;
            }
        }
        return new double[][] {cpu, wall};
    }

    private static void pingPong(int n) {
        Greenlet<Void> a = Gevent.spawn(() -> {
            for (int i = 0; i < n / 2; i++) Gevent.sleep(0);
        });
        Greenlet<Void> b = Gevent.spawn(() -> {
            for (int i = 0; i < n / 2; i++) Gevent.sleep(0);
        });
        a.join();
        b.join();
    }

    private static void spawnJoin(int n) {
        Gevent.spawn(() -> {
            for (int i = 0; i < n; i++) Gevent.spawn(() -> 1).join();
        }).join();
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
