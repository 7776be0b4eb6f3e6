package org.gevent4j.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.gevent4j.monitor.BlockingReport;

/*
 * What a monitored loop publishes for the Watchdog, and the Watchdog's notes about it.
 *
 * Carrier side (begin/end, only while the loop is monitored): before each task, timer action or
 * selector callback, a counter bump, the start time and the task itself (the volatile write
 * publishes the rest); after it, null. The sampler reads (task, seq, startedAt) and reports a run
 * older than the threshold. The same clock reads feed the stall window (Kind.LAG): a run that took from a twentieth of the threshold up to the threshold
 * is a stall, and stalls that add up past the threshold within ten thresholds are handed to the
 * sampler, once per window. Runs of a threshold or more are the sampler's (BLOCKED/CALLBACK), not
 * counted twice.
 *
 * Nested runs: a selector callback dispatched by a greenlet's own poll (select()/poll()) belongs to
 * that greenlet's run, so begin() refuses while something is already published.
 */
final class HubProbe {
    /** A lag episode handed from the carrier to the sampler. */
    record Lag(Loop loop, long sumNanos, int count, long windowNanos, List<BlockingReport.Stall> stalls) {}

    private final Loop loop;
    // Published to the sampler: what holds the carrier now (the volatile write publishes seq).
    volatile Object task;
    long seq;
    long startedAt;
    /** The greenlet of the run, resolved at its start: a finished virtual thread no longer leads to it. */
    private Object owner;
    // The stall window, carrier only.
    private long windowStart;
    private long stallSum;
    private int stallCount;
    private boolean lagReported;
    private final List<BlockingReport.Stall> stalls = new ArrayList<>();
    // The sampler's note, sampler only: the run it reported last.
    long reportedSeq = -1;

    HubProbe(Loop loop) {
        this.loop = loop;
    }

    /** Publishes {@code t} as holding the carrier; false (and nothing done) inside another run. */
    boolean begin(Object t) {
        if (task != null) return false;
        seq++;
        startedAt = System.nanoTime();
        owner = Watchdog.ownerOf(t);
        task = t;
        return true;
    }

    /** The run begun last has ended. */
    void end() {
        Object t = task;
        task = null;
        if (t == null) return;
        long now = System.nanoTime();
        long d = now - startedAt;
        long threshold = Watchdog.thresholdNanos;
        if (d < threshold / 20 || d >= threshold) return;
        if (t == loop.main && loop.live == 0) return; // main's own code held up nobody
        stall(t, d, now, threshold);
    }

    /** Ends main's own run, if that is what is published (main is about to wait). */
    void endMain() {
        if (task == loop.main) end();
    }

    private void stall(Object t, long d, long now, long threshold) {
        if (stallCount == 0 || now - windowStart > 10 * threshold) {
            windowStart = now - d;
            stallSum = 0;
            stallCount = 0;
            lagReported = false;
            stalls.clear();
        }
        stallSum += d;
        stallCount++;
        if (stalls.size() < BlockingReport.MAX_STALLS) {
            stalls.add(new BlockingReport.Stall(owner != null ? owner.toString() : Watchdog.describe(loop, t),
                    Duration.ofNanos(d)));
        }
        if (stallSum >= threshold && !lagReported) {
            lagReported = true;
            Watchdog.lagged(new Lag(loop, stallSum, stallCount, now - windowStart, List.copyOf(stalls)));
        }
    }
}
