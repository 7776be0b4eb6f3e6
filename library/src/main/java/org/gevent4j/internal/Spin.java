package org.gevent4j.internal;

/**
 * Adaptive spinning before a thread sleeps, for one thread's use (a hub's carrier, a pool worker).
 *
 * <p>Waking a sleeping thread costs several microseconds (a futex and a reschedule); a thread
 * that expects another's hand-off within that time does better to spin briefly. But a spin that
 * does not pay off only burns a core another thread may need (on a loaded machine it can make a
 * round trip slower). So each spinner keeps a small credit: a spin that sees the hand-off earns
 * credit, one that times out loses more; with no credit left it sleeps at once and spins again
 * only on every 16th wait, to notice when spinning would pay again.
 *
 * <p>{@code -Dgevent4j.spinMicros=N} sets the longest spin (default 20; 0 never spins).
 */
public final class Spin {
    /** The longest spin, in nanoseconds. */
    public static final long MAX_NANOS = Long.getLong("gevent4j.spinMicros", 20) * 1000;
    private static final int MAX_CREDIT = 8;

    private int credit = MAX_CREDIT;
    private int skipped;

    /** Whether the next wait should spin first. */
    public boolean shouldSpin() {
        if (MAX_NANOS <= 0) return false;
        if (credit > 0) return true;
        return (++skipped & 15) == 0;
    }

    /** What the spin saw: the hand-off ({@code true}) or only its time running out. */
    public void record(boolean handedOff) {
        credit = handedOff ? Math.min(MAX_CREDIT, credit + 1) : Math.max(0, credit - 2);
    }
}
