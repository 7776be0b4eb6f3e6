package org.gevent4j.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;
import org.gevent4j.subprocess.Popen;
import org.gevent4j.subprocess.Subprocess;

/**
 * What a child process costs through gevent4j compared with the JDK directly, per call (median of
 * rounds, after warm-up rounds), all from the JVM's main thread (its hub's main greenlet):
 *
 * <ul>
 *   <li>{@code run(true)}: {@code Subprocess.run("true")} vs
 *       {@code new ProcessBuilder("true").start().waitFor()} (streams inherited in both);</li>
 *   <li>{@code capture(echo)}: {@code Popen.builder("echo", "hi").captureOutput().run()} vs
 *       {@code ProcessBuilder} + {@code readAllBytes} of stdout and stderr + {@code waitFor};</li>
 *   <li>{@code parallel(sleep 0.05)}: 20 greenlets each running {@code sleep 0.05}, wall time of the
 *       batch (20 × 50 ms = 1 s if they ran one after another).</li>
 * </ul>
 *
 * Run: {@code ./gevent4j run org.gevent4j.bench.SubprocessCost [calls [rounds]]} (default 200, 5).
 */
public final class SubprocessCost {
    private SubprocessCost() {}

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        report("run(true)", "gevent4j Subprocess.run", measure(calls, rounds, () -> Subprocess.run("true")));
        report("run(true)", "JDK ProcessBuilder", measure(calls, rounds, () -> new ProcessBuilder("true").start().waitFor()));
        report("capture(echo)", "gevent4j captureOutput().run()",
                measure(calls, rounds, () -> Popen.builder("echo", "hi").captureOutput().run()));
        report("capture(echo)", "JDK ProcessBuilder + readAllBytes", measure(calls, rounds, () -> {
            Process p = new ProcessBuilder("echo", "hi").start();
            p.getInputStream().readAllBytes();
            p.getErrorStream().readAllBytes();
            p.waitFor();
        }));
        report("parallel(20 x sleep 0.05)", "gevent4j, 20 greenlets (wall per batch)", measure(1, rounds, () -> {
            List<Greenlet<Object>> gs = new ArrayList<>();
            for (int i = 0; i < 20; i++) gs.add(Gevent.spawn(() -> Subprocess.run("sleep", "0.05")));
            Gevent.joinAll(gs, null, true);
        }));
    }

    @FunctionalInterface
    private interface Call {
        void run() throws IOException, InterruptedException;
    }

    /** Median µs per call over {@code rounds} rounds of {@code calls} calls, after 2 warm-up rounds. */
    private static double measure(int calls, int rounds, Call call) throws Exception {
        double[] perCall = new double[rounds];
        for (int r = -2; r < rounds; r++) {
            long start = System.nanoTime();
            for (int i = 0; i < calls; i++) call.run();
            double us = (System.nanoTime() - start) / 1e3 / calls;
            if (r >= 0) perCall[r] = us;
        }
        Arrays.sort(perCall);
        return perCall[rounds / 2];
    }

    private static void report(String scenario, String what, double us) {
        System.out.printf(Locale.ROOT, "%-26s %-40s %10.1f us%n", scenario, what, us);
    }
}
