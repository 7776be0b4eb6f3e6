package org.gevent4j.internal;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every loop (hub) of the process, for run-info, and racy snapshots of their state.
 *
 * <p>Loops are made once per platform thread, so a copy-on-write list costs nothing that matters;
 * each is weakly held, so a hub whose thread has ended is not kept. A snapshot reads state that
 * only the loop's own thread writes, with plain reads from whichever thread asks: the values may
 * be a moment stale or mutually inconsistent (a count from before a task, a list from after it),
 * but the walk of the live strands always ends, since each link leads to an older strand.
 */
public final class LiveLoops {
    private static final List<WeakReference<Loop>> LOOPS = new CopyOnWriteArrayList<>();
    /** Bounds a walk of one loop's strands whatever the races do. */
    private static final int MAX_STRANDS = 10_000_000;

    private LiveLoops() {}

    static void add(Loop loop) {
        LOOPS.removeIf(r -> {
            Loop l = r.get();
            return l == null || l.carrier.getState() == Thread.State.TERMINATED;
        });
        LOOPS.add(new WeakReference<>(loop));
    }

    /** The loops whose threads have started and not ended, oldest first. */
    public static List<Loop> all() {
        List<Loop> out = new ArrayList<>();
        for (WeakReference<Loop> r : LOOPS) {
            Loop l = r.get();
            if (l != null && l.carrier.isAlive()) out.add(l);
        }
        return out;
    }

    /** What a loop was doing when looked at; every field a racy read (see the class comment). */
    public record State(
            Thread carrier,
            Thread runner,
            boolean virtualClock,
            int queued,
            int timers,
            int selectorKeys,
            int ioWaiters,
            boolean sleeping,
            long iterationNanos,
            long lagNanos,
            long tasksRun,
            long timersFired,
            long keysSelected,
            long iterations,
            int live,
            int parked) {}

    /** A racy snapshot of {@code loop}'s counters; exact when called on the loop's own thread. */
    public static State state(Loop loop) {
        long now = loop.clock().nanoTime();
        boolean sleeping = loop.isSleeping();
        return new State(loop.carrier, loop.runner(), loop.isVirtualClock(), loop.queued(), loop.timerCount(),
                loop.selectorKeys(), loop.ioWaiters(), sleeping, sleeping ? 0 : Math.max(0, now - loop.tickNanos),
                loop.timerLagNanos, loop.tasksRun, loop.timersFired, loop.keysSelected, loop.iterations,
                loop.live, loop.parked);
    }

    /** The strands running on {@code loop} (started, not finished), oldest first; racy off the loop. */
    public static List<Strand> strands(Loop loop) {
        List<Strand> out = new ArrayList<>();
        int n = 0;
        for (Strand s = loop.firstLive(); s != null && n < MAX_STRANDS; s = s.nextLive(), n++) out.add(s);
        java.util.Collections.reverse(out);
        return out;
    }
}
