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
 *   <li>{@code start(true)}: {@code Popen.builder("true").start()} alone, one after another (the
 *       children are awaited outside the timed part);</li>
 *   <li>{@code ticker gap, 20 starts}: a greenlet ticking every 20 ms beside 20 greenlets that each
 *       start {@code true}: the longest gap between two ticks, in µs (20 ms when nothing stalls
 *       the hub; issue 9: a start on the hub thread stalls it for the whole fork/exec).</li>
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
        report("start(true)", "gevent4j Popen start only", measureStarts(calls, rounds));
        report("ticker gap, 20 starts", "max gap of a 20 ms ticker (median round)", tickerGap(rounds));
    }

    /** Median µs per {@code Popen.start()} over {@code rounds} rounds, after 2 warm-up rounds. */
    private static double measureStarts(int calls, int rounds) throws Exception {
        double[] perCall = new double[rounds];
        List<Popen> started = new ArrayList<>(calls);
        for (int r = -2; r < rounds; r++) {
            long start = System.nanoTime();
            for (int i = 0; i < calls; i++) started.add(Popen.builder("true").start());
            double us = (System.nanoTime() - start) / 1e3 / calls;
            for (Popen p : started) p.await();
            started.clear();
            if (r >= 0) perCall[r] = us;
        }
        Arrays.sort(perCall);
        return perCall[rounds / 2];
    }

    /** Median over rounds of the longest gap (µs) between ticks of a 20 ms ticker while 20 children start. */
    private static double tickerGap(int rounds) throws Exception {
        double[] gaps = new double[rounds];
        for (int r = -2; r < rounds; r++) {
            long[] last = {System.nanoTime()};
            long[] maxGap = {0};
            Greenlet<Object> ticker = Gevent.spawn(() -> {
                while (true) {
                    long now = System.nanoTime();
                    maxGap[0] = Math.max(maxGap[0], now - last[0]);
                    last[0] = now;
                    Gevent.sleep(0.02);
                }
            });
            Gevent.sleep(0.05); // the ticker is in its rhythm before the starts
            List<Greenlet<Popen>> gs = new ArrayList<>();
            for (int i = 0; i < 20; i++) gs.add(Gevent.spawn(() -> Popen.builder("true").start()));
            Gevent.joinAll(gs, null, true);
            Gevent.sleep(0.05); // a gap still open when the last start returns is counted too
            ticker.kill();
            for (Greenlet<Popen> g : gs) g.get().await();
            if (r >= 0) gaps[r] = maxGap[0] / 1e3;
        }
        Arrays.sort(gaps);
        return gaps[rounds / 2];
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
