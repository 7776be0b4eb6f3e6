package org.gevent4j;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Fresh hubs for specification tests. Every test runs its program as the main greenlet of a hub of
 * its own, so greenlets, timers and minimal idents never leak from one test into the next (the
 * JUnit thread's own hub would be shared by all of them).
 */
public final class TestHubs {
    private TestHubs() {}

    /** Runs {@code main} on a fresh hub with a virtual clock; returns its value, rethrows its exception. */
    public static <T> T virtualHub(Callable<T> main) {
        return Hub.runWithVirtualClock(main);
    }

    /** Runs {@code main} on a fresh hub with a virtual clock; rethrows its exception. */
    public static void virtualHub(ThrowingRunnable main) {
        Hub.runWithVirtualClock(() -> {
            main.runThrowing();
            return null;
        });
    }

    /**
     * Runs {@code main} as the main greenlet of a new platform thread's own hub, which keeps real
     * time: for the few specifications about real blocking (JDK sleeps, sockets, busy loops).
     */
    public static void realHub(ThrowingRunnable main) {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = Thread.ofPlatform().name("gevent4j-test-real-hub").start(() -> {
            try {
                try {
                    main.runThrowing();
                } finally {
                    Hub.current().destroy(); // its selector's descriptors are closed now, not at a GC
                }
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        try {
            t.join();
        } catch (InterruptedException e) {
            t.interrupt();
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while the real-time hub ran", e);
        }
        if (failure.get() instanceof RuntimeException r) throw r;
        if (failure.get() instanceof Error r) throw r;
        if (failure.get() != null) throw new AssertionError(failure.get());
    }

    /** The current hub's clock reading, in nanoseconds. */
    public static long now() {
        return Hub.current().clock().nanoTime();
    }

    /** The current hub's clock reading since {@code startNanos}, as a Duration. */
    public static Duration elapsedSince(long startNanos) {
        return Duration.ofNanos(Hub.current().clock().nanoTime() - startNanos);
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
