package org.gevent4j.internal;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * gevent's report of an error nobody caught (Hub.print_exception): the traceback, then
 * {@code <time> <context> failed with <ExceptionClass>}, written to {@code System.err} in one
 * piece so that reports from several threads do not interleave.
 */
final class ErrorPrinter {
    private static final DateTimeFormatter GMCTIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private ErrorPrinter() {}

    static void print(Object context, Throwable t) {
        StringWriter out = new StringWriter();
        PrintWriter pw = new PrintWriter(out);
        t.printStackTrace(pw);
        pw.print(GMCTIME.format(Instant.now().truncatedTo(ChronoUnit.SECONDS)));
        if (context == null) {
            pw.print('\n');
        } else {
            pw.print(' ' + describe(context) + " failed with " + t.getClass().getSimpleName() + "\n\n");
        }
        pw.flush();
        System.err.print(out);
        System.err.flush();
    }

    /** The context's toString, or its class name if that throws: a report must never fail. */
    private static String describe(Object context) {
        try {
            return String.valueOf(context);
        } catch (Throwable e) {
            return context.getClass().getName();
        }
    }
}
