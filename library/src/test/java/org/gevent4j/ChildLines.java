package org.gevent4j;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The output lines of a child process (start it with {@code redirectErrorStream(true)} to have
 * both streams), read by a daemon platform thread until end of stream: a test takes them one by
 * one with {@link #poll} and shows {@link #all} in its failure messages.
 */
public final class ChildLines {
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> all = Collections.synchronizedList(new ArrayList<>());

    private ChildLines() {}

    /** Starts reading {@code child}'s standard output. */
    public static ChildLines of(Process child) {
        ChildLines out = new ChildLines();
        Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) {
                    out.all.add(l);
                    out.lines.add(l);
                }
            } catch (Exception ignored) {
                // the child was killed
            }
        });
        return out;
    }

    /** The next line not yet taken, or null if none comes within the timeout. */
    public String poll(long timeout, TimeUnit unit) throws InterruptedException {
        return lines.poll(timeout, unit);
    }

    /** Every line read so far, taken or not. */
    public List<String> all() {
        return all;
    }

    /**
     * The class path for a child JVM running a test class: this JVM's class path, plus its module
     * path when the library runs as a named module (the build's module-path execution).
     */
    public static String classPath() {
        String modules = System.getProperty("jdk.module.path");
        String cp = System.getProperty("java.class.path");
        return modules == null || modules.isEmpty() ? cp : modules + java.io.File.pathSeparator + cp;
    }
}
