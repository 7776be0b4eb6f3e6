package org.gevent4j;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * Fresh hubs for specification tests: the public testing kit's {@link org.gevent4j.testing.TestHubs},
 * under the names the library's tests have always used, plus {@link #captureStderr}. Every test
 * runs its program as the main greenlet of a hub of its own, so greenlets, timers and minimal
 * idents never leak from one test into the next (the JUnit thread's own hub would be shared by all
 * of them).
 */
public final class TestHubs {
    private TestHubs() {}

    /** Runs {@code main} on a fresh hub with a virtual clock; returns its value, rethrows its exception. */
    public static <T> T virtualHub(Callable<T> main) {
        return org.gevent4j.testing.TestHubs.virtualHub(main);
    }

    /** Runs {@code main} on a fresh hub with a virtual clock; rethrows its exception. */
    public static void virtualHub(ThrowingRunnable main) {
        org.gevent4j.testing.TestHubs.virtualHub(main);
    }

    /**
     * Runs {@code main} as the main greenlet of a new platform thread's own hub, which keeps real
     * time: for the few specifications about real blocking (JDK sleeps, sockets, busy loops).
     */
    public static void realHub(ThrowingRunnable main) {
        org.gevent4j.testing.TestHubs.realHub(main);
    }

    /** Waits until every other greenlet of the current hub is blocked (see the kit). */
    public static void waitAllBlocked() {
        org.gevent4j.testing.TestHubs.waitAllBlocked();
    }

    /** The current hub's clock reading, in nanoseconds. */
    public static long now() {
        return org.gevent4j.testing.TestHubs.now();
    }

    /** The current hub's clock reading since {@code startNanos}, as a Duration. */
    public static Duration elapsedSince(long startNanos) {
        return org.gevent4j.testing.TestHubs.elapsedSince(startNanos);
    }

    /** Runs {@code body} with {@code System.err} captured; returns what was printed there. */
    public static String captureStderr(ThrowingRunnable body) {
        PrintStream original = System.err;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            body.runThrowing();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            System.setErr(original);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
