package org.gevent4j.integration;

import java.time.Duration;
import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;

/**
 * A greenlet that wakes every {@code every} on the hub and records the longest time between two
 * wake-ups: if anything held the hub's thread, that gap shows it. It stops by itself after 60 s.
 */
final class Ticker {
    private final Greenlet<Void> greenlet;
    private volatile long maxGapNanos;
    private volatile int ticks;

    private Ticker(Duration every) {
        greenlet = Gevent.spawn(() -> {
            long last = System.nanoTime();
            long end = last + 60_000_000_000L;
            while (System.nanoTime() < end) {
                Gevent.sleep(every);
                long now = System.nanoTime();
                maxGapNanos = Math.max(maxGapNanos, now - last);
                ticks++;
                last = now;
            }
        });
    }

    static Ticker start(Duration every) {
        return new Ticker(every);
    }

    /** Stops it; returns the longest gap between two ticks. */
    Duration stop() {
        greenlet.kill();
        return Duration.ofNanos(maxGapNanos);
    }

    int ticks() {
        return ticks;
    }
}
