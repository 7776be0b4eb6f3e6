package org.gevent4j.internal.jfr;

/**
 * Records {@link HubTickEvent}s for one loop. Used only by the loop's own thread (the carrier or
 * its HubRunner, which hand the loop over with a happens-before edge), so it needs no locking.
 */
public final class TickRecorder {
    /** Never committed: its isEnabled() is the flag the loop checks, a static field once instrumented. */
    private static final HubTickEvent PROBE = new HubTickEvent();

    private long start, tasks0, timers0, keys0;
    /** GreenletEvents' count of commits when this loop last committed a tick. */
    private int greenletCommits;

    /** Whether a recording wants hub ticks now: the one check a loop pays per iteration when none does. */
    public static boolean enabled() {
        return PROBE.isEnabled();
    }

    public void begin(long tasksRun, long timersFired) {
        tasks0 = tasksRun;
        timers0 = timersFired;
        start = System.nanoTime();
    }

    /** Commits the tick begun last, if it ran anything (an iteration that only decides to wait is noise). */
    public void end(Thread carrier, long tasksRun, long timersFired, long keysSelected, int queued) {
        long took = System.nanoTime() - start;
        int tasks = (int) (tasksRun - tasks0), timers = (int) (timersFired - timers0);
        int keys = (int) (keysSelected - keys0);
        keys0 = keysSelected;
        if ((tasks | timers | keys) == 0) return;
        // Made here, with the iteration's time in a field: no JFR duration spanning the greenlets it ran.
        HubTickEvent e = new HubTickEvent();
        if (!e.shouldCommit()) return;
        int commits = GreenletEvents.commits;
        if (commits != greenletCommits) {
            greenletCommits = commits;
            new WriterSyncEvent().commit(); // see WriterSyncEvent
        }
        e.hub = carrier.getName();
        e.tasks = tasks;
        e.timers = timers;
        e.keys = keys;
        e.queued = queued;
        e.took = took;
        e.commit();
    }
}
