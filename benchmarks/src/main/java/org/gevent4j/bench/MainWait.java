package org.gevent4j.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;

/**
 * What one wait of a platform thread's main costs: main and one greenlet alternate
 * {@code Gevent.sleep(0)} N times, on a fresh platform thread that uses gevent4j directly (as a
 * JUnit test or a plain {@code java} main does), and, for comparison, the same alternation with
 * main itself a greenlet ({@code Gevent.run}). By default a platform main hands the loop to its
 * hub's runner thread for each wait (docs/design.md, "main: a greenlet, or a platform thread that
 * hands the loop over"); {@code -Dgevent4j.mainRunsLoop=true} keeps the loop on main's thread.
 *
 * <p>{@code ./gevent4j run org.gevent4j.bench.MainWait [N] [rounds]}: 2 warm-up rounds, then the
 * median, in ns per main wait (one switch away and back).
 */
public final class MainWait {
    private MainWait() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        System.out.printf(Locale.ROOT, "platform main (mainRunsLoop=%s): %.0f ns/wait%n",
                Boolean.getBoolean("gevent4j.mainRunsLoop"), median(rounds, () -> onPlatformThread(n, false)));
        System.out.printf(Locale.ROOT, "main as a greenlet (Gevent.run): %.0f ns/wait%n",
                median(rounds, () -> onPlatformThread(n, true)));
    }

    interface Round {
        double run() throws Exception;
    }

    private static double median(int rounds, Round r) throws Exception {
        List<Double> rs = new ArrayList<>();
        for (int i = 0; i < rounds + 2; i++) {
            double v = r.run();
            if (i >= 2) rs.add(v);
        }
        Collections.sort(rs);
        return rs.get(rs.size() / 2);
    }

    /** A fresh platform thread (a hub of its own) alternating with one greenlet; ns per wait of main. */
    private static double onPlatformThread(int n, boolean asGreenlet) throws Exception {
        double[] out = new double[1];
        Thread t = Thread.ofPlatform().start(() -> {
            Runnable body = () -> {
                Greenlet<Void> peer = Gevent.spawn(() -> {
                    for (int i = 0; i < n; i++) Gevent.sleep(0);
                });
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) Gevent.sleep(0);
                out[0] = (System.nanoTime() - t0) / (double) n;
                peer.join();
            };
            if (asGreenlet) {
                try {
                    Gevent.run(body::run);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            } else {
                body.run();
            }
        });
        t.join();
        return out[0];
    }
}
