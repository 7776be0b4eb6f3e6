package org.gevent4j.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingStream;
import org.gevent4j.monitor.BlockingReport;

/*
 * The JVM's account of pinning: a JFR stream of jdk.VirtualThreadPinned, which the JVM commits when
 * a virtual thread that had to park on its carrier (VirtualThread.parkOnCarrierThread) resumes, with
 * its pinnedReason and stack. It runs while the sampler does (started and closed on the sampler's
 * thread, never on a hub: starting JFR costs tens of milliseconds), with the blocking threshold as
 * the event's threshold, so only pins that stalled a hub that long arrive. An event whose carrier
 * is (or runs the loop of) a monitored hub becomes a PINNED report, on the stream's own thread.
 *
 * A JVM without JFR (or one where it cannot start) gets the reports without the JVM's account:
 * the stack-based pinning of BLOCKED reports is still there.
 */
final class PinnedEvents {
    private static final String EVENT = "jdk.VirtualThreadPinned";

    // Written by the starter thread and the sampler; the starter's start-up may take seconds.
    private volatile RecordingStream stream;
    private volatile boolean closed;
    private boolean starting;
    private long threshold = -1;

    /**
     * Starts the stream, on a thread of its own (JFR's start-up must not hold up the sampling), or
     * moves its threshold; sampler thread only.
     */
    void ensure(long thresholdNanos) {
        if (!starting) {
            starting = true;
            threshold = thresholdNanos;
            Thread.ofPlatform().daemon().name("gevent4j-monitor-pinning").start(() -> open(thresholdNanos));
            return;
        }
        RecordingStream rs = stream;
        if (rs == null || thresholdNanos == threshold) return;
        try {
            rs.enable(EVENT).withThreshold(Duration.ofNanos(thresholdNanos)).withStackTrace();
            threshold = thresholdNanos;
        } catch (Throwable t) {
            Loop.printError("the gevent4j monitor's jdk.VirtualThreadPinned stream", t);
        }
    }

    private void open(long thresholdNanos) {
        RecordingStream rs = null;
        try {
            rs = new RecordingStream();
            rs.setReuse(false);
            rs.enable(EVENT).withThreshold(Duration.ofNanos(thresholdNanos)).withStackTrace();
            rs.onEvent(EVENT, PinnedEvents::onPinned);
            rs.startAsync();
            stream = rs;
            if (closed) close(); // the sampler ended meanwhile
        } catch (Throwable t) {
            Loop.printError("the gevent4j monitor's jdk.VirtualThreadPinned stream (no PINNED reports)", t);
            if (rs != null) closeQuietly(rs);
        }
    }

    /** Closes the stream (now, or once it has started); sampler thread, or the starter. */
    void close() {
        closed = true;
        RecordingStream rs = stream;
        stream = null;
        if (rs != null) closeQuietly(rs);
    }

    private static void closeQuietly(RecordingStream rs) {
        try {
            rs.close();
        } catch (Throwable ignored) {
            // closing a JFR stream at JVM exit may fail; nothing to keep
        }
    }

    private static void onPinned(RecordedEvent e) {
        try {
            RecordedThread carrier = e.getThread("carrierThread");
            if (carrier == null) return;
            Loop loop = Watchdog.loopRunBy(carrier.getJavaThreadId());
            if (loop == null) return;
            List<StackTraceElement> stack = stackOf(e.getStackTrace());
            String reason = e.getString("pinnedReason");
            if (reason == null || reason.isBlank()) reason = Watchdog.reasonOf(stack);
            String op = e.getString("blockingOperation");
            if (op != null && !op.isBlank()) reason = reason + " (while in " + op + ")";
            RecordedThread vt = e.getThread();
            String who = vt == null ? "a virtual thread"
                    : "virtual thread #" + vt.getJavaThreadId()
                            + (vt.getJavaName() == null || vt.getJavaName().isEmpty() ? "" : " \"" + vt.getJavaName() + "\"");
            Watchdog.report(new BlockingReport(BlockingReport.Kind.PINNED, loop.carrier, who, null, e.getDuration(),
                    Watchdog.maxBlockingTime(), stack, new BlockingReport.Pinning(reason, Watchdog.culpritOf(stack)),
                    List.of()));
        } catch (Throwable t) {
            Loop.printError("the gevent4j monitor's jdk.VirtualThreadPinned handler", t);
        }
    }

    private static List<StackTraceElement> stackOf(RecordedStackTrace trace) {
        List<StackTraceElement> stack = new ArrayList<>();
        if (trace == null) return stack;
        boolean top = true;
        for (RecordedFrame f : trace.getFrames()) {
            if (!f.isJavaFrame()) continue;
            String cls = f.getMethod().getType().getName();
            // The event is committed from the JDK's parking code: start at the frame that parked.
            if (top && cls.equals("java.lang.VirtualThread") && !f.getMethod().getName().startsWith("park")) continue;
            top = false;
            int line = f.getLineNumber();
            // -2 is StackTraceElement's "native method" line number.
            boolean nativeMethod = java.lang.reflect.Modifier.isNative(f.getMethod().getModifiers());
            stack.add(new StackTraceElement(cls, f.getMethod().getName(), sourceFileOf(cls), nativeMethod ? -2 : line));
        }
        return stack;
    }

    /** JFR records no source file: the usual one, the top-level class's name, so frames print as the JDK's do. */
    private static String sourceFileOf(String className) {
        String simple = className.substring(className.lastIndexOf('.') + 1);
        int nested = simple.indexOf('$');
        return (nested > 0 ? simple.substring(0, nested) : simple) + ".java";
    }
}
