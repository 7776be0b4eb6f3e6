package org.gevent4j.monitor;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * What the monitor saw when a greenlet held its hub's thread too long: gevent's
 * {@code EventLoopBlocked} event.
 *
 * @param hubThread the platform thread of the blocked hub
 * @param greenlet the culprit as its {@code toString()} shows it ({@code <Greenlet "name" at 3>}),
 *        the main greenlet, or a hub callback
 * @param thread the thread whose stack this is: the greenlet's virtual thread, or the hub's own
 *        thread for its main greenlet and for callbacks
 * @param blockedFor how long the hub had been held when the report was made (at least this long)
 * @param threshold the configured maximum blocking time
 * @param stack the culprit's stack when the report was made, innermost frame first
 */
public record BlockingReport(Thread hubThread, String greenlet, Thread thread, Duration blockedFor,
        Duration threshold, List<StackTraceElement> stack) {
    public BlockingReport {
        stack = List.copyOf(stack);
    }

    /** The report as the monitor prints it: a header line, then one {@code \tat frame} line per frame. */
    public String format() {
        StringBuilder sb = new StringBuilder("=== gevent4j hub blocked > ")
                .append(seconds(threshold)).append(" s: ").append(greenlet)
                .append(" (hub thread \"").append(hubThread.getName()).append("\", held for at least ")
                .append(seconds(blockedFor)).append(" s)\n");
        for (StackTraceElement e : stack) sb.append("\tat ").append(e).append('\n');
        return sb.toString();
    }

    private static String seconds(Duration d) {
        String s = String.format(Locale.ROOT, "%.3f", d.toNanos() / 1e9);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s + "0" : s;
    }
}
