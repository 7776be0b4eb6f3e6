package org.gevent4j;

import java.time.Instant;

/**
 * A hub's source of time. Every timer of a hub ({@link Gevent#sleep}, {@link Timeout}, timed
 * waits) reads this clock, so a hub made by {@link Hub#runWithVirtualClock} can run hours of
 * timer logic in microseconds. {@link Hub#clock()} returns it.
 */
public interface Clock {
    /**
     * Wall-clock time, consistent with {@link #nanoTime()}.
     *
     * @return the current instant on this clock; virtual time for a virtual-clock hub
     */
    Instant now();

    /**
     * Monotonic nanoseconds, for measuring intervals; the origin is arbitrary.
     *
     * @return the current reading in nanoseconds; only differences between readings mean anything
     */
    long nanoTime();
}
