package org.gevent4j.examples;

import java.time.Duration;

/** Optional command-line arguments of the examples: each one has the tutorial's value as its default. */
final class Args {
    private Args() {}

    /** {@code args[i]} as a number of seconds, or {@code dflt} when absent. */
    static double seconds(String[] args, int i, double dflt) {
        if (args.length <= i) return dflt;
        double s;
        try {
            s = Double.parseDouble(args[i]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("argument " + (i + 1) + " must be a number of seconds: " + args[i], e);
        }
        if (!(s >= 0) || Double.isInfinite(s)) {
            throw new IllegalArgumentException("argument " + (i + 1) + " must be >= 0 seconds: " + args[i]);
        }
        return s;
    }

    /** {@code args[i]} as a non-negative integer, or {@code dflt} when absent. */
    static long integer(String[] args, int i, long dflt) {
        if (args.length <= i) return dflt;
        try {
            long n = Long.parseLong(args[i]);
            if (n < 0) throw new NumberFormatException("negative");
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("argument " + (i + 1) + " must be a whole number >= 0: " + args[i], e);
        }
    }

    /** {@code args[i]}, or {@code dflt} when absent. */
    static String string(String[] args, int i, String dflt) {
        return args.length <= i ? dflt : args[i];
    }

    /** Seconds as a Duration, as {@code time.sleep} and {@code gevent.sleep} take them. */
    static Duration duration(double seconds) {
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }
}
