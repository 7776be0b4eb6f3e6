package org.gevent4j.internal;

/**
 * An entry of a {@link Loop}'s timer heap. {@link #fire()} runs on the hub's carrier thread and
 * must not block: it typically unparks a strand.
 */
public abstract class Timer {
    long deadline;
    /** Its place among timers of equal deadline: an int that wraps, compared as TimerHeap.less says. */
    int seq;
    int index = -1;

    /** Whether this timer is in its loop's heap, waiting to fire. */
    public final boolean scheduled() {
        return index >= 0;
    }

    public final long deadline() {
        return deadline;
    }

    protected abstract void fire();
}
