package org.gevent4j.internal.jfr;

/**
 * Records {@link HubTickEvent}s for one loop. Used only by the loop's own thread (the carrier or
 * its HubRunner, which hand the loop over with a happens-before edge), so it needs no locking.
 */
public final class TickRecorder {
    /** Never committed: its isEnabled() is the flag the loop checks, a static field once instrumented. */
    private static final HubTickEvent PROBE = new HubTickEvent();

    private HubTickEvent event;
    private long tasks0, timers0, keys0;

    /** Whether a recording wants hub ticks now: the one check a loop pays per iteration when none does. */
    public static boolean enabled() {
        return PROBE.isEnabled();
    }

    public void begin(long tasksRun, long timersFired) {
        HubTickEvent e = new HubTickEvent();
        tasks0 = tasksRun;
        timers0 = timersFired;
        event = e;
        e.begin();
    }

    /** Commits the tick begun last, if it ran anything (an iteration that only decides to wait is noise). */
    public void end(Thread carrier, long tasksRun, long timersFired, long keysSelected, int queued) {
        HubTickEvent e = event;
        if (e == null) return;
        event = null;
        e.end();
        int tasks = (int) (tasksRun - tasks0), timers = (int) (timersFired - timers0);
        int keys = (int) (keysSelected - keys0);
        keys0 = keysSelected;
        if ((tasks | timers | keys) == 0 || !e.shouldCommit()) return;
        e.hub = carrier.getName();
        e.tasks = tasks;
        e.timers = timers;
        e.keys = keys;
        e.queued = queued;
        e.commit();
    }
}
