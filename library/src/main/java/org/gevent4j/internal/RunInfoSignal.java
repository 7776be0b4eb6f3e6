package org.gevent4j.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import org.gevent4j.util.RunInfo;

/**
 * The way to ask a running process for its run-info without changing its code: with
 * {@code -Dgevent4j.runInfoSignal=USR2} (or {@code GEVENT4J_RUN_INFO_SIGNAL}), that signal prints
 * {@link RunInfo#format()} to standard error, or appends it to {@code -Dgevent4j.runInfoFile}
 * ({@code GEVENT4J_RUN_INFO_FILE}); with {@code -Dgevent4j.runInfoFormat=json}
 * ({@code GEVENT4J_RUN_INFO_FORMAT}), {@link RunInfo#json()} on one line instead. Installed once,
 * when the first loop class loads.
 *
 * <p>The JVM runs a signal's handler on a new platform thread of its own, so the report is taken
 * off every hub and works while a hub is stuck. A handler that {@code Gevent.signal} installs for
 * the same signal later takes it over until cancelled (then this one is back). {@code USR2} is
 * refused: HotSpot sends it to its own threads to suspend them (JFR's sampler does, many times a
 * second), and each would print a report.
 */
public final class RunInfoSignal {
    private static final String PROPERTY = "gevent4j.runInfoSignal", ENV = "GEVENT4J_RUN_INFO_SIGNAL";
    private static final String FILE_PROPERTY = "gevent4j.runInfoFile", FILE_ENV = "GEVENT4J_RUN_INFO_FILE";
    private static final String FORMAT_PROPERTY = "gevent4j.runInfoFormat", FORMAT_ENV = "GEVENT4J_RUN_INFO_FORMAT";
    private static boolean installed;

    private RunInfoSignal() {}

    /** Installs the handler if the property or environment asks for one; a bad name is reported, not thrown. */
    static synchronized void installFromSettings() {
        if (installed) return;
        installed = true;
        String name = setting(PROPERTY, ENV);
        if (name == null || name.isBlank()) return;
        String file = setting(FILE_PROPERTY, FILE_ENV);
        boolean json = "json".equalsIgnoreCase(setting(FORMAT_PROPERTY, FORMAT_ENV));
        String sig = name.trim().toUpperCase(Locale.ROOT);
        if (sig.startsWith("SIG")) sig = sig.substring(3);
        if (sig.equals("USR2")) {
            // Measured on JDK 25 (Linux): with a JFR recording running, this handler ran hundreds of
            // times a second, unasked: HotSpot suspends threads with SIGUSR2 to sample them.
            System.err.println("gevent4j: not installing the run-info handler on SIGUSR2 (" + PROPERTY + "/" + ENV
                    + "): the JVM uses it to suspend threads (JFR's sampler); use USR1, WINCH or URG");
            return;
        }
        try {
            JdkSignals.handle(JdkSignals.signal(sig), s -> report(file, json));
        } catch (IllegalArgumentException e) {
            System.err.println("gevent4j: cannot install the run-info handler for signal " + name + " (" + PROPERTY
                    + "/" + ENV + "): " + e.getMessage());
        }
    }

    private static String setting(String property, String env) {
        String v = System.getProperty(property);
        return v != null ? v : System.getenv(env);
    }

    private static void report(String file, boolean json) {
        String text;
        try {
            text = json ? RunInfo.json() + "\n" : RunInfo.format();
        } catch (Throwable t) {
            text = "gevent4j run info failed: " + t + "\n";
        }
        if (file == null || file.isBlank()) {
            System.err.print(text);
            System.err.flush();
            return;
        }
        try {
            Files.writeString(Path.of(file), text + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException | RuntimeException e) {
            System.err.println("gevent4j: cannot write run info to " + file + ": " + e);
            System.err.print(text);
        }
    }
}
