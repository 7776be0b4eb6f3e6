package org.gevent4j.monitor;

import java.time.Duration;
import java.util.function.Consumer;
import org.gevent4j.internal.Sneaky;
import org.gevent4j.internal.Watchdog;

/**
 * The blocking-call guard, for development: gevent's monitor thread. When it is on, a daemon
 * thread ({@code gevent4j-monitor}) watches every hub, and a greenlet that keeps its hub's thread
 * busy for longer than {@link #maxBlockingTime()} without letting the others run (a CPU-bound
 * loop, file I/O, a native call, {@code synchronized} contention with a platform thread) is
 * reported, once per episode, with its stack: printed to {@code System.err}
 * ({@code === gevent4j hub blocked > 0.1 s: <Greenlet at 3> ...}) and passed to every
 * {@linkplain #addListener listener}. A hub's main greenlet is watched too, while it runs its own
 * code between two waits, if its hub has greenlets that it holds up.
 *
 * <h2>Configuration</h2>
 * Read once, when gevent4j starts; the JVM's system properties win over gevent's environment
 * variables:
 * <table class="striped">
 * <caption>Monitor settings</caption>
 * <tr><th>system property</th><th>environment</th><th>meaning</th></tr>
 * <tr><td>{@code gevent4j.monitor=true}</td><td>{@code GEVENT_MONITOR_THREAD_ENABLE=1}</td><td>turn the
 *     monitor on (default off)</td></tr>
 * <tr><td>{@code gevent4j.maxBlockingTime=0.1}</td><td>{@code GEVENT_MAX_BLOCKING_TIME}</td><td>the
 *     threshold in seconds (default 0.1); the hubs are sampled every quarter of it</td></tr>
 * <tr><td>{@code gevent4j.monitor.print=false}</td><td>{@code GEVENT_PRINT_BLOCKING_REPORTS=0}</td>
 *     <td>report to listeners only</td></tr>
 * </table>
 * When the monitor is off (the default) it costs nothing: the hub's bookkeeping for it is
 * compiled away.
 *
 * <p>Differences from gevent: reports name the culprit greenlet and show its own stack (a virtual
 * thread's stack, taken while it runs), not the hub thread's; there is no memory monitor and no
 * {@code ignore_current_greenlet_blocking}.
 */
public final class Monitor {
    private Monitor() {}

    /** Whether the monitor runs in this JVM. */
    public static boolean enabled() {
        return Watchdog.ENABLED;
    }

    /** The blocking threshold (0.1 s unless configured). */
    public static Duration maxBlockingTime() {
        return Watchdog.MAX_BLOCKING_TIME;
    }

    /**
     * Calls {@code listener} with each report, on the monitor's thread, after printing it. A
     * listener must return quickly; what it throws is printed and otherwise ignored. Listeners are
     * only ever called when the monitor is {@linkplain #enabled() enabled}.
     */
    public static void addListener(Consumer<? super BlockingReport> listener) {
        Watchdog.addListener(Sneaky.checkNotNull("listener", listener));
    }

    /** Removes {@code listener}; false if it was not registered. */
    public static boolean removeListener(Consumer<? super BlockingReport> listener) {
        return Watchdog.removeListener(listener);
    }
}
