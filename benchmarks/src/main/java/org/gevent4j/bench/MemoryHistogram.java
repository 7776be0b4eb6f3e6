package org.gevent4j.bench;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.ObjectName;
import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;

/**
 * What a greenlet costs, counted rather than timed (the figures do not depend on the machine's load,
 * except through how soon the JIT compiles the sleep path):
 *
 * <ul>
 *   <li>{@code sleep N [WARM]}: N greenlets blocked in {@code Gevent.sleep(1 h)}, as the harness's
 *       memory scenario ({@link Micro}) makes them; then a class histogram, per greenlet, of every
 *       class with at least N/2 instances, and the live heap per greenlet. With WARM &gt; 0, five
 *       rounds of WARM greenlets sleeping 1 ms run first, so that (with
 *       {@code -XX:-BackgroundCompilation}) the N greenlets park with compiled frames only; with
 *       {@code -Xint}, with interpreted ones: the two ends of a parked greenlet's stack chunk.</li>
 *   <li>{@code spawn M ROUNDS}: bytes allocated per greenlet spawned (by the spawning thread) and per
 *       greenlet run and joined (by every thread), M trivial greenlets per round.</li>
 * </ul>
 *
 * {@code ./gevent4j run MemoryHistogram sleep 1000000}, {@code GEVENT4J_JAVA_OPTS=-XX:-BackgroundCompilation
 * ./gevent4j run MemoryHistogram sleep 50000 50000}. Run {@code spawn} with plain {@code java --add-opens
 * java.base/java.lang=ALL-UNNAMED -cp library/target/classes:benchmarks/target/classes
 * org.gevent4j.bench.MemoryHistogram spawn 100000 8}: through {@code ./gevent4j run} the spawning
 * thread's allocation counter read 0 (not investigated).
 */
public final class MemoryHistogram {
    private static final Duration HOUR = Duration.ofSeconds(3600);

    private MemoryHistogram() {}

    public static void main(String[] args) throws Exception {
        if (args.length >= 2 && args[0].equals("sleep")) {
            sleep(Integer.parseInt(args[1]), args.length > 2 ? Integer.parseInt(args[2]) : 0);
        } else if (args.length >= 3 && args[0].equals("spawn")) {
            spawn(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
        } else {
            System.err.println("usage: MemoryHistogram sleep N [WARM] | spawn M ROUNDS");
            System.exit(2);
        }
    }

    private static Runnable sleeper(AtomicInteger started, Duration d) {
        return () -> {
            started.incrementAndGet();
            Gevent.sleep(d);
        };
    }

    static void sleep(int n, int warm) throws Exception {
        AtomicInteger started = new AtomicInteger();
        for (int r = 0; r < 5 && warm > 0; r++) {
            Greenlet<?>[] ws = new Greenlet<?>[warm];
            for (int i = 0; i < warm; i++) ws[i] = Gevent.spawn(sleeper(started, Duration.ofMillis(1)));
            Gevent.joinAll(ws);
        }
        started.set(0);
        Runnable body = sleeper(started, HOUR);
        System.gc();
        Runtime rt = Runtime.getRuntime();
        long before = rt.totalMemory() - rt.freeMemory();
        Greenlet<?>[] gs = new Greenlet<?>[n];
        for (int i = 0; i < n; i++) gs[i] = Gevent.spawn(body);
        while (started.get() < n) Gevent.sleep(Duration.ofMillis(1));
        Gevent.sleep(Duration.ofMillis(100));
        System.gc();
        long after = rt.totalMemory() - rt.freeMemory();
        System.out.printf(Locale.ROOT, "%d greenlets in Gevent.sleep (warm-up %d): live heap %.1f B per greenlet%n",
                n, warm, (after - before) / (double) n);
        String histogram = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
        long total = 0;
        for (String line : histogram.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 4 || !f[0].endsWith(":")) continue;
            long instances = Long.parseLong(f[1]), bytes = Long.parseLong(f[2]);
            if (instances < n / 2) continue;
            System.out.printf(Locale.ROOT, "  %-58s %9d %8.1f B%n", f[3], instances, bytes / (double) n);
            total += bytes;
        }
        System.out.printf(Locale.ROOT, "  %-58s %9s %8.1f B%n", "(these classes)", "", total / (double) n);
        System.out.flush();
        Runtime.getRuntime().halt(0); // skip unwinding n sleeping greenlets
    }

    static void spawn(int m, int rounds) {
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long me = Thread.currentThread().threadId();
        Runnable trivial = () -> {};
        for (int r = 0; r < rounds; r++) {
            Greenlet<?>[] gs = new Greenlet<?>[m];
            long b0 = mx.getThreadAllocatedBytes(me);
            for (int i = 0; i < m; i++) gs[i] = Gevent.spawn(trivial);
            long spawned = mx.getThreadAllocatedBytes(me) - b0;
            long t0 = mx.getTotalThreadAllocatedBytes();
            Gevent.joinAll(gs);
            long ran = mx.getTotalThreadAllocatedBytes() - t0;
            if (r >= rounds - 3) {
                System.out.printf(Locale.ROOT, "round %d: spawn %.1f B, run+join %.1f B, total %.1f B per greenlet%n",
                        r, spawned / (double) m, ran / (double) m, (spawned + ran) / (double) m);
            }
        }
    }
}
