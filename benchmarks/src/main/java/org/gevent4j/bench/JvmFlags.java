package org.gevent4j.bench;

import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * Checks, inside a forked benchmark JVM, that it got the flags gevent4j needs. JMH forks inherit
 * the launcher's JVM arguments only as long as no benchmark replaces them ({@code @Fork(jvmArgs)});
 * a fork without {@code -Djdk.trackAllThreads=false} would silently measure slower spawns.
 */
final class JvmFlags {
    private JvmFlags() {}

    static void check() {
        List<String> args = ManagementFactory.getRuntimeMXBean().getInputArguments();
        if (!"false".equals(System.getProperty("jdk.trackAllThreads"))) {
            throw new IllegalStateException("benchmark JVM lacks -Djdk.trackAllThreads=false; run through ./gevent4j bench. Args: " + args);
        }
        if (!String.join(" ", args).contains("java.base/java.lang=ALL-UNNAMED")) {
            throw new IllegalStateException("benchmark JVM lacks --add-opens java.base/java.lang=ALL-UNNAMED; args: " + args);
        }
    }
}
