package org.gevent4j.monitor;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * What the monitor saw when a hub's thread was held too long: gevent's {@code EventLoopBlocked}
 * event, in four {@linkplain Kind kinds}.
 *
 * @param kind what held the hub: a greenlet, a hub callback, a pinned greenlet, or many short stalls
 * @param hubThread the platform thread of the blocked hub
 * @param greenlet the culprit as its {@code toString()} shows it ({@code <Greenlet "name" at 3>}),
 *        the main greenlet, a hub callback ({@code timer callback ...}, {@code selector callback ...}),
 *        a pinned virtual thread, or for {@link Kind#LAG} a summary of the stalls
 * @param thread the thread whose stack this is: the greenlet's virtual thread, or the hub's own
 *        thread (or the helper thread running its loop) for its main greenlet and for callbacks;
 *        null for {@link Kind#PINNED} (the JVM names the thread, see {@code greenlet}) and
 *        {@link Kind#LAG}
 * @param blockedFor how long the hub had been held when the report was made (at least this long);
 *        for {@link Kind#PINNED} how long the greenlet was pinned; for {@link Kind#LAG} the sum of
 *        the stalls
 * @param threshold the maximum blocking time in force when the report was made
 * @param stack the culprit's stack when the report was made, innermost frame first (for
 *        {@link Kind#PINNED} the stack the JVM recorded, for {@link Kind#LAG} empty)
 * @param pinning why the greenlet could not leave its carrier, when it was parked while pinned
 *        (else null)
 * @param stalls for {@link Kind#LAG}, the stalls that added up, oldest first (at most
 *        {@value #MAX_STALLS}); empty for the other kinds
 */
public record BlockingReport(Kind kind, Thread hubThread, String greenlet, Thread thread, Duration blockedFor,
        Duration threshold, List<StackTraceElement> stack, Pinning pinning, List<Stall> stalls)
        implements MonitorEvent {
    /** The most stalls a {@link Kind#LAG} report lists (it still counts them all). */
    public static final int MAX_STALLS = 32;

    /** What held the hub. */
    public enum Kind {
        /**
         * A greenlet (or the hub's main greenlet, between two waits) kept the hub's thread longer
         * than the threshold: reported while it still does, with its stack.
         */
        BLOCKED,
        /**
         * A timer action or a selector (I/O readiness) callback, which run on the hub's own thread,
         * ran longer than the threshold: reported while it still runs, with the hub thread's stack.
         */
        CALLBACK,
        /**
         * The JVM's {@code jdk.VirtualThreadPinned} event: a greenlet of a watched hub tried to
         * wait but was pinned to its carrier (a native frame, a class initialiser) for longer than
         * the threshold, so its whole hub stood still. Reported after the pin ended (the JVM
         * records the event then, and delivers it within about a second), with the JVM's reason.
         */
        PINNED,
        /**
         * Stalls each shorter than the threshold (the longest task or callback runs, from a
         * twentieth of the threshold up) added up to more than the threshold within a window of
         * ten thresholds: timers and I/O of the hub ran that much late although no single task
         * was reported. Reported when the sum crosses the threshold, once per window.
         */
        LAG
    }

    /**
     * Why a greenlet could not leave its carrier thread while it waited.
     *
     * @param reason what pinned it: the JVM's own words for {@link Kind#PINNED} (its
     *        {@code pinnedReason}, e.g. {@code "Native or VM frame on stack"}), else what its stack
     *        shows ({@code "class initialiser"}; {@code "native frame"} when a native method is on it;
     *        else {@code "native frame or JDK critical section ..."}, as an FFM upcall's or JNI's
     *        native frames do not show on a Java stack; {@code "unknown"} for a stack with no frame
     *        of the greenlet's own)
     * @param frame the culprit frame: the innermost class initialiser ({@code <clinit>}) or native
     *        method on the stack, else the innermost frame of the greenlet's own code; null when
     *        the stack has none
     */
    public record Pinning(String reason, StackTraceElement frame) {
        @Override
        public String toString() {
            return reason + (frame == null ? "" : " at " + frame);
        }
    }

    /**
     * One of the short stalls of a {@link Kind#LAG} report.
     *
     * @param culprit who ran: a greenlet's {@code toString()}, or a hub callback
     * @param duration how long it held the hub's thread
     */
    public record Stall(String culprit, Duration duration) {
    }

    /** A report; keeps unmodifiable copies of {@code stack} and {@code stalls}. */
    public BlockingReport {
        stack = List.copyOf(stack);
        stalls = List.copyOf(stalls);
    }

    /**
     * A {@link Kind#BLOCKED} report with no pinning and no stalls: the report of gevent4j 0.1.
     *
     * @param hubThread the platform thread of the blocked hub
     * @param greenlet the culprit as its {@code toString()} shows it
     * @param thread the thread whose stack this is
     * @param blockedFor how long the hub had been held when the report was made
     * @param threshold the blocking threshold in force
     * @param stack the culprit's stack, innermost frame first
     * @deprecated use the canonical constructor, which says the report's kind
     */
    @Deprecated
    public BlockingReport(Thread hubThread, String greenlet, Thread thread, Duration blockedFor, Duration threshold,
            List<StackTraceElement> stack) {
        this(Kind.BLOCKED, hubThread, greenlet, thread, blockedFor, threshold, stack, null, List.of());
    }

    /**
     * The report as the monitor prints it: a header line, a {@code pinned:} line when it was
     * pinned, then one {@code \tat frame} line per frame (or one {@code \t<duration> s culprit}
     * line per stall for {@link Kind#LAG}).
     *
     * @return the multi-line report, ending with a line break
     */
    public String format() {
        StringBuilder sb = new StringBuilder("=== gevent4j hub ");
        String hub = "hub thread \"" + hubThread.getName() + "\"";
        switch (kind) {
            case BLOCKED, CALLBACK -> sb.append("blocked > ").append(seconds(threshold)).append(" s: ")
                    .append(greenlet).append(" (").append(hub).append(", held for at least ")
                    .append(seconds(blockedFor)).append(" s)\n");
            case PINNED -> sb.append("blocked > ").append(seconds(threshold)).append(" s: ").append(greenlet)
                    .append(" was pinned to its carrier for ").append(seconds(blockedFor)).append(" s (")
                    .append(hub).append(")\n");
            case LAG -> sb.append("lagging: stalls under ").append(seconds(threshold)).append(" s added up to ")
                    .append(seconds(blockedFor)).append(" s (").append(hub).append("): ").append(greenlet)
                    .append('\n');
        }
        if (pinning != null) sb.append("pinned: ").append(pinning).append('\n');
        for (Stall s : stalls) {
            sb.append('\t').append(seconds(s.duration())).append(" s ").append(s.culprit()).append('\n');
        }
        for (StackTraceElement e : stack) sb.append("\tat ").append(e).append('\n');
        return sb.toString();
    }

    private static String seconds(Duration d) {
        String s = String.format(Locale.ROOT, "%.3f", d.toNanos() / 1e9);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s + "0" : s;
    }
}
