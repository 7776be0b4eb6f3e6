package org.gevent4j.monitor;

import java.time.Duration;
import java.util.function.Consumer;
import org.gevent4j.Hub;
import org.gevent4j.internal.Sneaky;
import org.gevent4j.internal.Watchdog;

/**
 * The blocking-call guard: gevent's monitor thread. While it is on for a hub, a daemon thread
 * ({@code gevent4j-monitor}) watches that hub, and reports, printed to {@code System.err}
 * ({@code === gevent4j hub blocked > 0.1 s: <Greenlet at 3> ...}) and passed to every
 * {@linkplain #addListener listener}, each of these {@linkplain BlockingReport.Kind kinds}:
 * <ul>
 * <li>{@link BlockingReport.Kind#BLOCKED BLOCKED}: a greenlet that keeps its hub's thread busy for
 *     longer than {@link #maxBlockingTime()} without letting the others run (a CPU-bound loop, file
 *     I/O, a native call), once per episode, with its stack. When the greenlet was parked but pinned
 *     to its carrier, the report says why ({@link BlockingReport#pinning()}: a class initialiser, a
 *     native frame) and names the culprit frame. A hub's main greenlet is watched too, while it runs
 *     its own code between two waits, if its hub has greenlets that it holds up.</li>
 * <li>{@link BlockingReport.Kind#CALLBACK CALLBACK}: a timer action or a selector (I/O readiness)
 *     callback that runs on the hub's thread for longer than the threshold.</li>
 * <li>{@link BlockingReport.Kind#PINNED PINNED}: the JVM's own account of a greenlet pinned to its
 *     carrier for longer than the threshold ({@code jdk.VirtualThreadPinned}, read from a JFR stream
 *     that runs only while the monitor does), with the JVM's reason, after the pin ended.</li>
 * <li>{@link BlockingReport.Kind#LAG LAG}: many short stalls (from a twentieth of the threshold up)
 *     that together held the hub longer than the threshold within ten thresholds, each named.</li>
 * </ul>
 * With {@linkplain #setMaxMemoryUsage a memory threshold} it also sends gevent's
 * {@link MemoryUsageThresholdExceeded} and {@link MemoryUsageUnderThreshold} events to the
 * {@linkplain #addEventListener event listeners}, which hear every {@link MonitorEvent}.
 *
 * <h2>Switching</h2>
 * At run time, for every hub ({@link #start()}, {@link #stop()}) or for one
 * ({@link #enable(Hub)}, {@link #disable(Hub)}); a hub's own setting wins over {@code start()} and
 * {@code stop()} forgets every hub's own setting. The threshold can be changed live
 * ({@link #setMaxBlockingTime}). The monitor's thread runs only while some hub is watched. A hub
 * that is not watched pays one volatile read per loop iteration for it.
 *
 * <h2>Configuration at start-up</h2>
 * The initial state; the JVM's system properties win over gevent's environment variables:
 * <table class="striped">
 * <caption>Monitor settings</caption>
 * <tr><th>system property</th><th>environment</th><th>meaning</th></tr>
 * <tr><td>{@code gevent4j.monitor=true}</td><td>{@code GEVENT_MONITOR_THREAD_ENABLE=1}</td><td>start with
 *     the monitor on for every hub (default off)</td></tr>
 * <tr><td>{@code gevent4j.maxBlockingTime=0.1}</td><td>{@code GEVENT_MAX_BLOCKING_TIME}</td><td>the
 *     threshold in seconds (default 0.1); the hubs are sampled every quarter of it</td></tr>
 * <tr><td>{@code gevent4j.monitor.print=false}</td><td>{@code GEVENT_PRINT_BLOCKING_REPORTS=0} or
 *     {@code GEVENT_MONITOR_PRINT_BLOCKING_REPORTS=0}</td><td>report to listeners only</td></tr>
 * <tr><td>{@code gevent4j.maxMemoryUsage=512mb}</td><td>{@code GEVENT_MONITOR_MEMORY_MAX}</td><td>the
 *     memory threshold in bytes, with an optional {@code kb}, {@code mb} or {@code gb} suffix
 *     (default none)</td></tr>
 * <tr><td>{@code gevent4j.memoryMonitorPeriod=5}</td><td>{@code GEVENT_MONITOR_MEMORY_PERIOD}</td><td>seconds
 *     between two memory checks (default 5)</td></tr>
 * </table>
 *
 * <p>Differences from gevent: reports name the culprit greenlet and show its own stack (a virtual
 * thread's stack, taken while it runs), not the hub thread's; one monitor thread watches every
 * hub; memory is the process's resident set size ({@code /proc/self/status}; the Java heap in use
 * where there is none), not psutil's USS, and its period has no 2-second floor; there is no
 * {@code ignore_current_greenlet_blocking} and no {@code add_monitoring_function}.
 */
public final class Monitor {
    private Monitor() {}

    /**
     * Turns the monitor on for every hub, present and future, except hubs {@linkplain #disable(Hub)
     * disabled} one by one. Starts the monitor's thread if it was not running. Never blocks.
     */
    public static void start() {
        Watchdog.start();
    }

    /**
     * Turns the monitor off for every hub, forgetting each hub's own setting; the monitor's thread
     * ends within a sample period. A report being made meanwhile is still delivered. Never blocks.
     */
    public static void stop() {
        Watchdog.stop();
    }

    /**
     * Whether the monitor is on for every hub ({@link #start()}, or switched on at start-up).
     *
     * @return true while the monitor watches every hub by default
     */
    public static boolean enabled() {
        return Watchdog.isOn();
    }

    /**
     * Whether {@code hub} is watched now (its own setting, else {@link #enabled()}).
     *
     * @param hub the hub to ask about
     * @return true if {@code hub} is watched now
     */
    public static boolean enabled(Hub hub) {
        return Watchdog.isMonitored(Sneaky.checkNotNull("hub", hub).thread());
    }

    /**
     * Watches {@code hub} whatever {@link #start()}/{@link #stop()} say, until {@link #stop()}. Never blocks.
     *
     * @param hub a live hub
     * @throws IllegalArgumentException if {@code hub} is destroyed
     */
    public static void enable(Hub hub) {
        set(hub, true);
    }

    /**
     * Stops watching {@code hub} whatever {@link #start()} says, until {@link #stop()} or
     * {@link #enable(Hub)}.
     *
     * @param hub a live hub
     * @throws IllegalArgumentException if {@code hub} is destroyed
     */
    public static void disable(Hub hub) {
        set(hub, false);
    }

    private static void set(Hub hub, boolean on) {
        if (!Watchdog.set(Sneaky.checkNotNull("hub", hub).thread(), on)) {
            throw new IllegalArgumentException("no live hub runs on " + hub.thread() + " (destroyed?)");
        }
    }

    /**
     * The blocking threshold (0.1 s unless configured).
     *
     * @return the threshold, positive
     */
    public static Duration maxBlockingTime() {
        return Watchdog.maxBlockingTime();
    }

    /**
     * Sets the blocking threshold, live: the next sample uses it (gevent's {@code max_blocking_time}).
     * Below 1 ms it is taken as 1 ms.
     *
     * @param threshold the new threshold, positive
     * @throws IllegalArgumentException if {@code threshold} is not positive
     */
    public static void setMaxBlockingTime(Duration threshold) {
        if (!Sneaky.checkNotNull("threshold", threshold).isPositive()) {
            throw new IllegalArgumentException("the maximum blocking time must be positive: " + threshold);
        }
        Watchdog.setMaxBlockingTime(threshold);
    }

    /**
     * Whether reports are printed to {@code System.err} (gevent's {@code print_blocking_reports}).
     *
     * @return true if reports are printed
     */
    public static boolean printBlockingReports() {
        return Watchdog.printReports();
    }

    /**
     * Prints reports to {@code System.err}, or not; listeners hear of them either way.
     *
     * @param print true to print reports to {@code System.err}
     */
    public static void setPrintBlockingReports(boolean print) {
        Watchdog.setPrintReports(print);
    }

    /**
     * The memory threshold in bytes, 0 when there is none (gevent's {@code max_memory_usage}).
     *
     * @return the threshold in bytes, or 0 for none
     */
    public static long maxMemoryUsage() {
        return Watchdog.maxMemoryUsage();
    }

    /**
     * Sets the memory threshold in bytes, live; 0 removes it. Checked by the monitor's thread every
     * {@link #memoryMonitorPeriod()} while some hub is watched, the first time at its next sample.
     *
     * @param bytes the threshold in bytes, 0 or more (0: none)
     * @throws IllegalArgumentException if {@code bytes} is negative
     */
    public static void setMaxMemoryUsage(long bytes) {
        if (bytes < 0) throw new IllegalArgumentException("the memory threshold cannot be negative: " + bytes);
        Watchdog.setMaxMemoryUsage(bytes);
    }

    /**
     * How often memory is checked against {@link #maxMemoryUsage()} (5 s unless configured).
     *
     * @return the period, positive
     */
    public static Duration memoryMonitorPeriod() {
        return Watchdog.memoryMonitorPeriod();
    }

    /**
     * Sets how often memory is checked (gevent's {@code memory_monitor_period}).
     *
     * @param period the new period, positive
     * @throws IllegalArgumentException if {@code period} is not positive
     */
    public static void setMemoryMonitorPeriod(Duration period) {
        if (!Sneaky.checkNotNull("period", period).isPositive()) {
            throw new IllegalArgumentException("the memory monitor period must be positive: " + period);
        }
        Watchdog.setMemoryMonitorPeriod(period);
    }

    /**
     * Calls {@code listener} with each blocking report, of every kind, on the monitor's thread (or
     * for {@link BlockingReport.Kind#PINNED} on its JFR stream's thread), after printing it. A
     * listener must return quickly; what it throws is printed and otherwise ignored.
     *
     * @param listener called with each report; not {@code null}
     */
    public static void addListener(Consumer<? super BlockingReport> listener) {
        Watchdog.addListener(Sneaky.checkNotNull("listener", listener));
    }

    /**
     * Removes {@code listener}; false if it was not registered.
     *
     * @param listener a listener added by {@link #addListener}
     * @return true if it was registered and is now removed
     */
    public static boolean removeListener(Consumer<? super BlockingReport> listener) {
        return Watchdog.removeListener(listener);
    }

    /**
     * Calls {@code listener} with every {@link MonitorEvent}: blocking reports (after the
     * {@linkplain #addListener report listeners}) and memory events, on the monitor's thread, as
     * gevent's {@code zope.event} subscribers. Same rules as {@link #addListener}.
     *
     * @param listener called with each event; not {@code null}
     */
    public static void addEventListener(Consumer<? super MonitorEvent> listener) {
        Watchdog.addEventListener(Sneaky.checkNotNull("listener", listener));
    }

    /**
     * Removes {@code listener}; false if it was not registered.
     *
     * @param listener a listener added by {@link #addEventListener}
     * @return true if it was registered and is now removed
     */
    public static boolean removeEventListener(Consumer<? super MonitorEvent> listener) {
        return Watchdog.removeEventListener(listener);
    }
}
