package org.gevent4j.internal.jfr;

import java.util.List;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;
import org.gevent4j.monitor.BlockingReport;

/**
 * A monitor report in a JFR recording: one event per {@link BlockingReport}, committed by the
 * monitor's thread when it makes the report (so its JFR thread and stack would be the monitor's:
 * the culprit's stack is a field instead). Costs nothing unless a recording enables it.
 */
@Name("org.gevent4j.BlockingReport")
@Label("gevent4j Blocking Report")
@Category({"gevent4j", "Monitor"})
@Description("The gevent4j monitor saw a hub held too long: a blocking greenlet or callback, a pinned greenlet, or short stalls adding up")
@StackTrace(false)
public final class BlockingReportEvent extends Event {
    private static final int MAX_FRAMES = 32;

    @Label("Kind")
    @Description("BLOCKED, CALLBACK, PINNED or LAG")
    String kind;

    @Label("Hub Thread")
    String hub;

    @Label("Culprit")
    String culprit;

    @Label("Blocked For")
    @Timespan(Timespan.NANOSECONDS)
    long blockedFor;

    @Label("Threshold")
    @Timespan(Timespan.NANOSECONDS)
    long threshold;

    @Label("Pinned Reason")
    String pinnedReason;

    @Label("Culprit Stack")
    @Description("The culprit's stack, innermost frame first (at most 32 frames), or the stalls of a LAG report")
    String stack;

    /** Records {@code r} when a recording wants it. */
    public static void commit(BlockingReport r) {
        BlockingReportEvent e = new BlockingReportEvent();
        if (!e.shouldCommit()) return;
        e.kind = r.kind().name();
        e.hub = r.hubThread().getName();
        e.culprit = r.greenlet();
        e.blockedFor = r.blockedFor().toNanos();
        e.threshold = r.threshold().toNanos();
        e.pinnedReason = r.pinning() == null ? null : r.pinning().toString();
        StringBuilder sb = new StringBuilder();
        List<StackTraceElement> frames = r.stack();
        for (int i = 0; i < Math.min(MAX_FRAMES, frames.size()); i++) sb.append(frames.get(i)).append('\n');
        for (BlockingReport.Stall s : r.stalls()) sb.append(s.duration().toNanos() / 1_000_000.0).append(" ms ")
                .append(s.culprit()).append('\n');
        e.stack = sb.toString();
        e.commit();
    }
}
