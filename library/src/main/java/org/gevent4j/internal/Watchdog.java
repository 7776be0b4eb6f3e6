package org.gevent4j.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.gevent4j.internal.jfr.BlockingReportEvent;
import org.gevent4j.monitor.BlockingReport;
import org.gevent4j.monitor.BlockingReport.Kind;
import org.gevent4j.monitor.MemoryUsageThresholdExceeded;
import org.gevent4j.monitor.MemoryUsageUnderThreshold;
import org.gevent4j.monitor.MonitorEvent;

/*
 * Implementation overview
 *
 * gevent's monitor thread (gevent/_monitor.py). One daemon platform thread, the sampler
 * ("gevent4j-monitor"), runs while at least one loop is monitored and samples each monitored loop
 * every maxBlockingTime/4.
 *
 * Switching: every loop registers here when created (a weak map, so a dead hub is not kept); a
 * loop is monitored when its own setting says so (Monitor.enable/disable(hub)), else when the
 * monitor is on for all (Monitor.start/stop, initially -Dgevent4j.monitor). The answer is written
 * into the loop's volatile `monitored`, which the loop reads once per iteration: off costs one
 * volatile read per iteration and an untaken branch per task.
 *
 * What a loop publishes, and the stall window: see HubProbe. A run still published a threshold
 * after it began (the carrier's clock read at its start) has held the carrier that long (BLOCKED
 * for a greenlet or main, CALLBACK for a timer, selector or other hub callback); one report per
 * run (its seq). Lag episodes arrive from the carriers in a queue that the sampler drains.
 *
 * Which greenlet: the JDK submits a virtual thread to its scheduler as a Runnable whose one field
 * is the thread (VirtualThread.runContinuation, a bound method reference). That field is found by
 * reflection (java.lang is opened to gevent4j anyway, see Loom) and cached per class; a task with
 * no such field is a hub callback, whose stack is the carrier's own.
 *
 * Pinning: a blocked greenlet whose stack shows VirtualThread.parkOnCarrierThread tried to wait
 * and could not unmount; its stack names the culprit frame. The JVM's own account
 * (jdk.VirtualThreadPinned) comes from a JFR stream (PinnedEvents) that runs while the sampler does.
 *
 * Memory: gevent's max_memory_usage, checked by the sampler every memoryMonitorPeriod.
 */
public final class Watchdog {
    /** The monitor's state at start-up: -Dgevent4j.monitor=true or GEVENT_MONITOR_THREAD_ENABLE. */
    public static final boolean INITIALLY_ON = flag("gevent4j.monitor", "GEVENT_MONITOR_THREAD_ENABLE", false);

    static volatile long thresholdNanos = seconds("gevent4j.maxBlockingTime", "GEVENT_MAX_BLOCKING_TIME", 0.1)
            .toNanos();
    private static volatile boolean print = flag("gevent4j.monitor.print", "GEVENT_PRINT_BLOCKING_REPORTS",
            flag("gevent4j.monitor.print", "GEVENT_MONITOR_PRINT_BLOCKING_REPORTS", true));
    private static volatile long maxMemory = bytes("gevent4j.maxMemoryUsage", "GEVENT_MONITOR_MEMORY_MAX");
    private static volatile long memoryPeriodNanos =
            seconds("gevent4j.memoryMonitorPeriod", "GEVENT_MONITOR_MEMORY_PERIOD", 5).toNanos();

    /** Every loop, with its own setting (null: follows `all`). Guarded by Watchdog.class. */
    private static final Map<Loop, Boolean> LOOPS = new WeakHashMap<>();
    private static boolean all = INITIALLY_ON;
    private static Thread sampler;
    /** The monitored loops, for the sampler; rebuilt on every switch. */
    private static volatile List<java.lang.ref.WeakReference<Loop>> watched = List.of();

    private static final List<Consumer<? super BlockingReport>> LISTENERS = new CopyOnWriteArrayList<>();
    private static final List<Consumer<? super MonitorEvent>> EVENT_LISTENERS = new CopyOnWriteArrayList<>();
    private static final ConcurrentLinkedQueue<HubProbe.Lag> LAGS = new ConcurrentLinkedQueue<>();
    // Sampler only.
    private static final MemoryRule MEMORY = new MemoryRule();
    private static volatile long lastMemoryCheck;

    private Watchdog() {}

    // ---------------------------------------------------------------- switching

    /** Called by each new loop. */
    static synchronized void register(Loop loop) {
        LOOPS.put(loop, null);
        if (all) apply(); // follows `all`: monitored, in `watched`, the sampler started
    }

    public static synchronized void start() {
        all = true;
        apply();
    }

    /** Off for every loop, and every loop's own setting forgotten. */
    public static synchronized void stop() {
        all = false;
        LOOPS.replaceAll((l, v) -> null);
        apply();
    }

    public static synchronized boolean isOn() {
        return all;
    }

    /** Sets the loop of {@code carrier}'s own setting; false if no live loop has that carrier. */
    public static synchronized boolean set(Thread carrier, boolean on) {
        Loop loop = loopOf(carrier);
        if (loop == null) return false;
        LOOPS.put(loop, on);
        apply();
        return true;
    }

    public static synchronized boolean isMonitored(Thread carrier) {
        Loop loop = loopOf(carrier);
        return loop != null && loop.monitored;
    }

    private static Loop loopOf(Thread carrier) {
        for (Loop l : LOOPS.keySet()) {
            if (l.carrier == carrier) return l;
        }
        return null;
    }

    private static void apply() {
        List<java.lang.ref.WeakReference<Loop>> now = new ArrayList<>();
        for (Map.Entry<Loop, Boolean> e : LOOPS.entrySet()) {
            Loop l = e.getKey();
            boolean on = e.getValue() != null ? e.getValue() : all;
            l.monitored = on;
            if (on) now.add(new java.lang.ref.WeakReference<>(l));
        }
        watched = List.copyOf(now);
        if (!now.isEmpty() && sampler == null) {
            startSampler();
        } else if (now.isEmpty() && sampler != null) {
            LockSupport.unpark(sampler); // it sees nothing to watch and ends
        }
    }

    private static void startSampler() {
        sampler = Thread.ofPlatform().daemon().name("gevent4j-monitor").start(Watchdog::sample);
    }

    /** Ends the sampler when nothing is watched; false then. */
    private static synchronized boolean keepSampling() {
        if (!watched.isEmpty()) return true;
        sampler = null;
        return false;
    }

    // ---------------------------------------------------------------- settings

    public static Duration maxBlockingTime() {
        return Duration.ofNanos(thresholdNanos);
    }

    public static void setMaxBlockingTime(Duration d) {
        thresholdNanos = Math.max(1_000_000L, d.toNanos());
        Thread s = sampler;
        if (s != null) LockSupport.unpark(s); // sample at the new pace now
    }

    public static boolean printReports() {
        return print;
    }

    public static void setPrintReports(boolean on) {
        print = on;
    }

    public static long maxMemoryUsage() {
        return maxMemory;
    }

    public static void setMaxMemoryUsage(long bytes) {
        maxMemory = bytes;
        lastMemoryCheck = 0; // the sampler checks at its next round
        Thread s = sampler;
        if (s != null) LockSupport.unpark(s);
    }

    public static Duration memoryMonitorPeriod() {
        return Duration.ofNanos(memoryPeriodNanos);
    }

    public static void setMemoryMonitorPeriod(Duration d) {
        memoryPeriodNanos = d.toNanos();
    }

    public static void addListener(Consumer<? super BlockingReport> listener) {
        LISTENERS.add(listener);
    }

    public static boolean removeListener(Consumer<? super BlockingReport> listener) {
        return LISTENERS.remove(listener);
    }

    public static void addEventListener(Consumer<? super MonitorEvent> listener) {
        EVENT_LISTENERS.add(listener);
    }

    public static boolean removeEventListener(Consumer<? super MonitorEvent> listener) {
        return EVENT_LISTENERS.remove(listener);
    }

    // ---------------------------------------------------------------- the sampler

    private static void sample() {
        PinnedEvents pinned = new PinnedEvents();
        try {
            while (keepSampling()) {
                long threshold = thresholdNanos;
                pinned.ensure(threshold);
                LockSupport.parkNanos(Math.max(1_000_000L, threshold / 4));
                long now = System.nanoTime();
                for (java.lang.ref.WeakReference<Loop> ref : watched) {
                    Loop loop = ref.get();
                    if (loop == null || !loop.carrier.isAlive() || !loop.monitored) continue;
                    try {
                        check(loop, now, threshold);
                    } catch (Throwable t) {
                        // The monitor must outlive whatever one report does wrong.
                        Loop.printError("the gevent4j monitor", t);
                    }
                }
                HubProbe.Lag lag;
                while ((lag = LAGS.poll()) != null) {
                    if (lag.loop().monitored) report(lagReport(lag, threshold));
                }
                checkMemory(now);
            }
        } finally {
            pinned.close();
        }
    }

    /** A carrier's lag episode, for the sampler. */
    static void lagged(HubProbe.Lag lag) {
        LAGS.offer(lag);
    }

    private static void check(Loop loop, long now, long threshold) {
        HubProbe p = loop.probe;
        Object task = p.task; // volatile read first: it publishes seq and startedAt
        long seq = p.seq;
        long started = p.startedAt;
        // The carrier's own start time, not the sampler's first sight of the run: a sampler
        // starved of CPU (a loaded machine) still reports a run it sees once, past the threshold.
        if (task == null || now - started < threshold || p.reportedSeq == seq) return;
        // The main greenlet's own code starves nobody when the hub has no greenlets.
        if (task == loop.main && loop.live == 0) return;
        p.reportedSeq = seq;
        BlockingReport r = blockedReport(loop, task, Duration.ofNanos(now - started), threshold);
        // Still the same run? Otherwise the stack belongs to whatever ran next: not worth a report.
        if (r != null && p.task == task && p.seq == seq) report(r);
    }

    private static BlockingReport blockedReport(Loop loop, Object task, Duration blockedFor, long threshold) {
        Thread thread;
        Kind kind = Kind.BLOCKED;
        if (task == loop.main) {
            thread = loop.carrier;
        } else if (isCallback(task) || (thread = threadOf(task)) == null) {
            kind = Kind.CALLBACK;
            thread = loop.runner();
        }
        List<StackTraceElement> stack = List.of(thread.getStackTrace());
        BlockingReport.Pinning pinning = thread.isVirtual() ? pinningOf(stack) : null;
        return new BlockingReport(kind, loop.carrier, describe(loop, task), thread, blockedFor,
                Duration.ofNanos(threshold), stack, pinning, List.of());
    }

    private static BlockingReport lagReport(HubProbe.Lag lag, long threshold) {
        String summary = lag.count() + " stalls within " + secondsText(lag.windowNanos()) + " s, none reaching "
                + secondsText(threshold) + " s: timers and I/O of this hub ran that much late";
        return new BlockingReport(Kind.LAG, lag.loop().carrier, summary, null, Duration.ofNanos(lag.sumNanos()),
                Duration.ofNanos(threshold), List.of(), null, lag.stalls());
    }

    /** Who a published run is, in words. */
    static String describe(Loop loop, Object task) {
        if (task == loop.main) {
            return "the main greenlet of " + loop.carrier + ", a platform thread whose own JDK calls block its hub"
                    + " (run main as a greenlet: Gevent.run, or ./gevent4j run)";
        }
        if (task instanceof Strand s) return s.toString(); // queued by Strand.start: its thread may not exist yet
        if (task instanceof Timer t) return "timer callback " + t;
        if (task instanceof Loop.IoHandler h) return "selector callback " + h;
        Thread thread = threadOf(task);
        if (thread != null && thread.getUncaughtExceptionHandler() instanceof Strand s) return s.toString();
        if (thread != null) return thread.toString();
        return "hub callback " + task;
    }

    /** The strand whose virtual thread {@code task} runs, else null (main, callbacks). Cheap: a cached field. */
    static Strand ownerOf(Object task) {
        if (task instanceof Strand s) return s;
        if (isCallback(task)) return null;
        Thread t = threadOf(task);
        return t != null && t.getUncaughtExceptionHandler() instanceof Strand s ? s : null;
    }

    static final String PARK_ON_CARRIER = "parkOnCarrierThread";

    /**
     * Why a virtual thread whose stack this is could not unmount: null unless it is parked on its
     * carrier (VirtualThread.parkOnCarrierThread, the JDK's fallback when the yield fails).
     */
    static BlockingReport.Pinning pinningOf(List<StackTraceElement> stack) {
        boolean parkedPinned = stack.stream().anyMatch(e -> e.getClassName().equals("java.lang.VirtualThread")
                && e.getMethodName().equals(PARK_ON_CARRIER));
        return parkedPinned ? new BlockingReport.Pinning(reasonOf(stack), culpritOf(stack)) : null;
    }

    static String reasonOf(List<StackTraceElement> stack) {
        StackTraceElement f = culpritOf(stack);
        if (f == null) return "unknown";
        if (f.getMethodName().equals("<clinit>")) return "class initialiser";
        if (f.isNativeMethod()) return "native frame";
        // What else pins on JDK 25 (JEP 491 freed monitors): a native frame a Java stack does not
        // show (an FFM upcall, JNI calling back into Java), or a JDK-internal critical section.
        return "native frame or JDK critical section (no class initialiser on the stack)";
    }

    /** The innermost class initialiser or native method outside the JDK's parking code, else the innermost user frame. */
    static StackTraceElement culpritOf(List<StackTraceElement> stack) {
        StackTraceElement firstUser = null;
        for (StackTraceElement e : stack) {
            String c = e.getClassName();
            boolean jdkPark = c.equals("java.lang.VirtualThread") || c.startsWith("jdk.internal.")
                    || c.equals("java.lang.Thread") || c.startsWith("java.util.concurrent.locks.");
            if (jdkPark) continue;
            if (e.getMethodName().equals("<clinit>") || e.isNativeMethod()) return e;
            if (firstUser == null && !c.startsWith("java.") && !c.startsWith("sun.")) firstUser = e;
        }
        return firstUser;
    }

    static void report(BlockingReport r) {
        if (print) {
            System.err.print(r.format());
            System.err.flush();
        }
        BlockingReportEvent.commit(r);
        for (Consumer<? super BlockingReport> l : LISTENERS) {
            try {
                l.accept(r);
            } catch (Throwable t) {
                Loop.printError("a gevent4j monitor listener", t);
            }
        }
        notifyEvent(r);
    }

    private static void notifyEvent(MonitorEvent e) {
        for (Consumer<? super MonitorEvent> l : EVENT_LISTENERS) {
            try {
                l.accept(e);
            } catch (Throwable t) {
                Loop.printError("a gevent4j monitor listener", t);
            }
        }
    }

    /** The monitored loop whose carrier or loop-running thread has this id; null if none. */
    static Loop loopRunBy(long threadId) {
        for (java.lang.ref.WeakReference<Loop> ref : watched) {
            Loop l = ref.get();
            if (l != null && l.monitored && l.runsOn(threadId)) {
                return l;
            }
        }
        return null;
    }

    /*
     * A Strand is a Timer too (its timed waits), but in the run queue it is a greenlet queued by
     * Strand.start whose thread Loop.runTask creates and runs: a greenlet's run, not a callback.
     */
    private static boolean isCallback(Object task) {
        return (task instanceof Timer && !(task instanceof Strand)) || task instanceof Loop.IoHandler;
    }

    private static Thread threadOf(Object task) {
        if (task instanceof Strand s) return s.thread();
        return Loom.threadOfTask(task);
    }

    // ---------------------------------------------------------------- memory

    private static void checkMemory(long now) {
        long max = maxMemory;
        if (max <= 0) {
            MEMORY.reset();
            return;
        }
        if (lastMemoryCheck != 0 && now - lastMemoryCheck < memoryPeriodNanos) return;
        lastMemoryCheck = now;
        MonitorEvent e = MEMORY.check(memoryUsage(), max);
        if (e != null) notifyEvent(e);
    }

    /** gevent's monitor_memory_usage: an event on crossing up, on growing further above, on crossing down. */
    static final class MemoryRule {
        /** The usage of the last "exceeded" event while above the threshold, else 0. */
        private long exceeded;

        MonitorEvent check(long usage, long max) {
            MonitorEvent e = null;
            if (usage > max) {
                if (usage > exceeded) e = new MemoryUsageThresholdExceeded(usage, max);
                exceeded = usage;
            } else {
                if (exceeded != 0) e = new MemoryUsageUnderThreshold(usage, max, exceeded);
                exceeded = 0;
            }
            return e;
        }

        void reset() {
            exceeded = 0;
        }
    }

    /** The resident set size from /proc/self/status, else the Java heap in use. */
    static long memoryUsage() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.ISO_8859_1)) {
                if (line.startsWith("VmRSS:")) {
                    String[] f = line.substring(6).trim().split("\\s+");
                    return Long.parseLong(f[0]) * 1024; // the kernel's unit is kB
                }
            }
        } catch (Exception e) {
            // Not Linux: the heap is the next best measure.
        }
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    // ---------------------------------------------------------------- configuration

    static String secondsText(long nanos) {
        String s = String.format(Locale.ROOT, "%.3f", nanos / 1e9);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s + "0" : s;
    }

    private static String setting(String property, String env) {
        String v = System.getProperty(property);
        return v != null ? v : System.getenv(env);
    }

    private static boolean flag(String property, String env, boolean dflt) {
        String v = setting(property, env);
        if (v == null || v.isBlank()) return dflt;
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "1", "true", "on", "yes" -> true;
            default -> false;
        };
    }

    private static Duration seconds(String property, String env, double dflt) {
        String v = setting(property, env);
        String source = System.getProperty(property) != null ? "-D" + property : env;
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

    /** gevent's byte count: a number with an optional kb, mb or gb suffix (powers of 1024); 0 if unset. */
    static long bytes(String property, String env) {
        String v = setting(property, env);
        if (v == null || v.isBlank()) return 0;
        return parseBytes(v, System.getProperty(property) != null ? "-D" + property : env);
    }

    static long parseBytes(String v, String source) {
        String s = v.trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        if (s.endsWith("kb")) unit = 1L << 10;
        else if (s.endsWith("mb")) unit = 1L << 20;
        else if (s.endsWith("gb")) unit = 1L << 30;
        if (unit != 1) s = s.substring(0, s.length() - 2).trim();
        try {
            long n = Math.multiplyExact(Long.parseLong(s), unit);
            if (n > 0) return n;
        } catch (NumberFormatException | ArithmeticException e) {
            // falls through to the error below
        }
        throw new IllegalArgumentException(source + " must be a positive byte count (e.g. 512mb): " + v);
    }
}
