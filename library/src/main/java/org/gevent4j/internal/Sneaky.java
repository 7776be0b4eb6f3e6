package org.gevent4j.internal;

import java.time.Duration;
import java.util.concurrent.CompletionException;

/** Small helpers shared by every package: argument checks and exception plumbing. */
public final class Sneaky {
    private Sneaky() {}

    /** Throws {@code t} unchanged, checked or not (gevent raises whatever it was given). */
    @SuppressWarnings("unchecked")
    public static <T extends Throwable> RuntimeException rethrow(Throwable t) throws T {
        throw (T) t;
    }

    /** Unchecked exceptions and errors as they are; a checked one wrapped, the original as cause. */
    public static RuntimeException unchecked(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new CompletionException(t);
    }

    /** Rejects a negative duration with a message naming it; {@code null} (forever) passes. */
    public static Duration checkTimeout(String what, Duration d) {
        if (d != null && d.isNegative()) {
            throw new IllegalArgumentException(what + " must not be negative: " + d);
        }
        return d;
    }

    public static <T> T checkNotNull(String what, T value) {
        if (value == null) throw new NullPointerException(what + " must not be null");
        return value;
    }

    /** Nanoseconds in {@code d}, saturating instead of overflowing for huge durations. */
    public static long toNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 2;
        }
    }
}
