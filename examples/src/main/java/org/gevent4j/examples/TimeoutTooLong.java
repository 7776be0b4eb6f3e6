package org.gevent4j.examples;

import java.io.Serial;
import java.util.Locale;
import org.gevent4j.Gevent;
import org.gevent4j.Timeout;

/**
 * A {@link Timeout} that raises a custom exception cuts a too-long sleep short.
 *
 * <p>From tutorial 003 ("浅谈coroutine和gevent"), section "超时" (timeouts):
 * {@snippet lang=python :
 * import gevent
 * from gevent import Timeout
 *
 * time_to_wait = 5  # seconds
 *
 * class TooLong(Exception):
 *     pass
 *
 * with Timeout(time_to_wait, TooLong):
 *     gevent.sleep(10)
 * }
 * In Python, {@code TooLong} escapes the {@code with} block after 5 s and ends the program with a
 * traceback. Here main catches it and says so, which is what the program is there to show:
 * <pre>
 * TooLong raised after 5.0 seconds: gevent.sleep(10) was cut short
 * </pre>
 * The seconds are measured on the hub's clock (about 5.0 in real time). When the sleep is shorter
 * than the timeout ({@code ./gevent4j run TimeoutTooLong 5 1}), the timeout is cancelled as the
 * {@code try} block ends, and the program prints {@code gevent.sleep(1) finished: no timeout}.
 *
 * <p>{@code TooLong} extends {@code RuntimeException}: Java lets a {@code catch} name a checked
 * exception only where the {@code try} block declares it, and {@code Gevent.sleep} declares none.
 *
 * <p>Run: {@code ./gevent4j run TimeoutTooLong [timeToWait [sleepSeconds]]} (default 5 and 10).
 */
public final class TimeoutTooLong {
    private TimeoutTooLong() {}

    /** The tutorial's custom exception. */
    static final class TooLong extends RuntimeException {
        @Serial
        private static final long serialVersionUID = 1L;
    }

    public static void main(String[] args) {
        double timeToWait = Args.seconds(args, 0, 5); // seconds
        double sleepSeconds = Args.seconds(args, 1, 10);

        long start = Gevent.getHub().clock().nanoTime();
        try (Timeout _ = Timeout.start(Args.duration(timeToWait), new TooLong())) {
            Gevent.sleep(sleepSeconds);
            System.out.printf(Locale.ROOT, "gevent.sleep(%s) finished: no timeout%n", format(sleepSeconds));
        } catch (TooLong e) {
            double elapsed = (Gevent.getHub().clock().nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "TooLong raised after %.1f seconds: gevent.sleep(%s) was cut short%n", elapsed,
                    format(sleepSeconds));
        }
    }

    /** 10.0 as Python writes the literal 10. */
    private static String format(double seconds) {
        return seconds == Math.rint(seconds) ? Long.toString((long) seconds) : Double.toString(seconds);
    }
}
