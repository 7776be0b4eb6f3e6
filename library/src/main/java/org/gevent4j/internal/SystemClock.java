package org.gevent4j.internal;

import java.time.Instant;
import org.gevent4j.Clock;

/** Real time: {@link System#nanoTime()} for intervals, {@link Instant#now()} for the wall clock. */
final class SystemClock implements Clock {
    static final SystemClock INSTANCE = new SystemClock();

    @Override
    public Instant now() {
        return Instant.now();
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public String toString() {
        return "SystemClock";
    }
}
