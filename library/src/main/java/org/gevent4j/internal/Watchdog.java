package org.gevent4j.internal;

import java.lang.ref.WeakReference;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.gevent4j.monitor.BlockingReport;

/*
 * Implementation overview
 *
 * gevent's monitor thread (gevent/_monitor.py), first version: one daemon platform thread samples
 * every monitored loop every maxBlockingTime/4. Off by default; the switch is read once, into a
 * static final boolean, so that with the monitor off Loop's instrumentation is dead code the JIT
 * removes.
 *
 * What a loop publishes (Loop.watch/unwatch, on its carrier): before each task, a task counter
 * bump and the task itself (one volatile write); after it, null. While the main greenlet's own code
 * runs (between two waits), the "task" is the main strand. No clock read on the carrier: the
 * sampler notes when it first saw a (counter, task) pair, and a pair still current maxBlockingTime
 * later is a task that has held the carrier at least that long (gevent's switch counter works the
 * same way). One report per pair: a blocking episode is reported once.
 *
 * Which greenlet: the JDK submits a virtual thread to its scheduler as a Runnable whose one field
 * is the thread (VirtualThread.runContinuation, a bound method reference). That field is found by
 * reflection (java.lang is opened to gevent4j anyway, see Loom) and cached per class; a task with
 * no such field is a hub callback, whose stack is the carrier's own.
 */
public final class Watchdog {
    /** Whether the monitor runs: -Dgevent4j.monitor=true or GEVENT_MONITOR_THREAD_ENABLE. Fixed at start-up. */
    public static final boolean ENABLED = flag("gevent4j.monitor", "GEVENT_MONITOR_THREAD_ENABLE", false);
    /** The blocking threshold: -Dgevent4j.maxBlockingTime (seconds) or GEVENT_MAX_BLOCKING_TIME; 0.1 s. */
    public static final Duration MAX_BLOCKING_TIME = ENABLED
            ? seconds("gevent4j.maxBlockingTime", "GEVENT_MAX_BLOCKING_TIME", 0.1) : Duration.ofMillis(100);
    /** Whether reports are printed to System.err (gevent's print_blocking_reports): -Dgevent4j.monitor.print. */
    public static final boolean PRINT = flag("gevent4j.monitor.print", "GEVENT_PRINT_BLOCKING_REPORTS", true);

    private static final List<Watch> WATCHES = new CopyOnWriteArrayList<>();
    private static final List<Consumer<? super BlockingReport>> LISTENERS = new CopyOnWriteArrayList<>();
    private static final ClassValue<Field> THREAD_FIELD = new ClassValue<>() {
        @Override
        protected Field computeValue(Class<?> type) {
            for (Field f : type.getDeclaredFields()) {
                if (Thread.class.isAssignableFrom(f.getType())) {
                    try {
                        f.setAccessible(true);
                        return f;
                    } catch (RuntimeException e) {
                        return null;
                    }
                }
            }
            return null;
        }
    };
    private static Thread sampler;

    private Watchdog() {}

    /** A loop as the sampler sees it; the loop is weakly held so a dead hub is not kept. */
    private static final class Watch {
        final WeakReference<Loop> loop;
        final Thread carrier;
        long seenSeq = -1;
        Object seenTask;
        long seenAt;
        long reportedSeq = -1;

        Watch(Loop loop) {
            this.loop = new WeakReference<>(loop);
            this.carrier = loop.carrier;
        }
    }

    /** Called by each new loop when the monitor is on; starts the sampler on first use. */
    static synchronized void register(Loop loop) {
        WATCHES.add(new Watch(loop));
        if (sampler == null) {
            sampler = Thread.ofPlatform().daemon().name("gevent4j-monitor").start(Watchdog::sample);
        }
    }

    public static void addListener(Consumer<? super BlockingReport> listener) {
        LISTENERS.add(listener);
    }

    public static boolean removeListener(Consumer<? super BlockingReport> listener) {
        return LISTENERS.remove(listener);
    }

    private static void sample() {
        long period = Math.max(1_000_000L, MAX_BLOCKING_TIME.toNanos() / 4);
        long threshold = MAX_BLOCKING_TIME.toNanos();
        while (true) {
            try {
                Thread.sleep(Duration.ofNanos(period));
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (Watch w : WATCHES) {
                Loop loop = w.loop.get();
                if (loop == null || !w.carrier.isAlive()) {
                    WATCHES.remove(w);
                    continue;
                }
                try {
                    check(w, loop, now, threshold);
                } catch (Throwable t) {
                    // The monitor must outlive whatever one report does wrong.
                    Loop.printError("the gevent4j monitor", t);
                }
            }
        }
    }

    private static void check(Watch w, Loop loop, long now, long threshold) {
        Object task = loop.watchedTask; // volatile read first: it publishes watchedSeq
        long seq = loop.watchedSeq;
        if (task == null || seq != w.seenSeq || task != w.seenTask) {
            w.seenSeq = seq;
            w.seenTask = task;
            w.seenAt = now;
            return;
        }
        if (now - w.seenAt < threshold || w.reportedSeq == seq) return;
        // The main greenlet's own code starves nobody when the hub has no greenlets.
        if (task == loop.main && loop.live == 0) return;
        w.reportedSeq = seq;
        report(loop, task, Duration.ofNanos(now - w.seenAt));
    }

    private static void report(Loop loop, Object task, Duration blockedFor) {
        Thread thread = task == loop.main ? loop.carrier : threadOf(task);
        String who;
        if (task == loop.main) {
            who = "the main greenlet of " + loop.carrier + ", a platform thread whose own JDK calls block its hub"
                    + " (run main as a greenlet: Gevent.run, or ./gevent4j run)";
        } else if (thread != null && thread.getUncaughtExceptionHandler() instanceof Strand s) {
            who = s.toString();
        } else if (thread != null) {
            who = thread.toString();
        } else {
            who = "hub callback " + task;
            thread = loop.runner();
        }
        StackTraceElement[] stack = thread.getStackTrace();
        // Still the same task? Otherwise the stack belongs to whatever ran next: not worth a report.
        if (loop.watchedTask != task) return;
        BlockingReport r = new BlockingReport(loop.carrier, who, thread, blockedFor, MAX_BLOCKING_TIME, List.of(stack));
        if (PRINT) {
            System.err.print(r.format());
            System.err.flush();
        }
        for (Consumer<? super BlockingReport> l : LISTENERS) {
            try {
                l.accept(r);
            } catch (Throwable t) {
                Loop.printError("a gevent4j monitor listener", t);
            }
        }
    }

    private static Thread threadOf(Object task) {
        Field f = THREAD_FIELD.get(task.getClass());
        if (f == null) return null;
        try {
            return (Thread) f.get(task);
        } catch (IllegalAccessException e) {
            return null;
        }
    }

    private static boolean flag(String property, String env, boolean dflt) {
        String v = System.getProperty(property);
        if (v == null) v = System.getenv(env);
        if (v == null || v.isBlank()) return dflt;
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "1", "true", "on", "yes" -> true;
            default -> false;
        };
    }

    private static Duration seconds(String property, String env, double dflt) {
        String v = System.getProperty(property);
        String source = "-D" + property;
        if (v == null) {
            v = System.getenv(env);
            source = env;
        }
        double s = dflt;
        if (v != null && !v.isBlank()) {
            try {
                s = Double.parseDouble(v.trim());
            } catch (NumberFormatException e) {
                s = -1;
            }
            if (!(s > 0) || Double.isInfinite(s)) {
                throw new IllegalArgumentException(source + " must be a positive number of seconds: " + v);
            }
        }
        return Duration.ofNanos(Math.max(1_000_000L, Math.round(s * 1e9)));
    }
}
