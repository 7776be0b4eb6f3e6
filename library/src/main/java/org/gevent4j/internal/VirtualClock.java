package org.gevent4j.internal;

import java.time.Instant;
import org.gevent4j.Clock;

/**
 * Time that only moves when the loop jumps it to the next timer's deadline (trio's
 * {@code MockClock} with autojump): when every greenlet is waiting and only timers are pending,
 * waiting is pointless, so the loop advances the clock instead of sleeping.
 */
final class VirtualClock implements Clock {
    private final Instant origin = Instant.now();
    private volatile long nanos;

    @Override
    public Instant now() {
        return origin.plusNanos(nanos);
    }

    @Override
    public long nanoTime() {
        return nanos;
    }

    void advanceTo(long deadline) {
        if (deadline > nanos) nanos = deadline;
    }

    @Override
    public String toString() {
        return "VirtualClock[" + now() + "]";
    }
}
