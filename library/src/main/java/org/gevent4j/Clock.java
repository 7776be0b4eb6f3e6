package org.gevent4j;

import java.time.Instant;

/**
 * A hub's source of time. Every timer of a hub ({@link Gevent#sleep}, {@link Timeout}, timed
 * waits) reads this clock, so a hub made by {@link Hub#runWithVirtualClock} can run hours of
 * timer logic in microseconds. {@link Hub#clock()} returns it.
 */
public interface Clock {
    /** Wall-clock time, consistent with {@link #nanoTime()}. */
    Instant now();

    /** Monotonic nanoseconds, for measuring intervals; the origin is arbitrary. */
    long nanoTime();
}
