package org.gevent4j.examples;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.gevent4j.Gevent;
import org.gevent4j.Hub;

/**
 * Runs an example's {@code main} as a program would run it (on a fresh platform thread, so with a
 * hub of its own) while capturing what it prints. Tests run one at a time, so swapping
 * {@code System.out} and {@code System.err} is safe; every greenlet prints through them too.
 */
final class ExampleRun {
    private ExampleRun() {}

    /** An example's main method. */
    @FunctionalInterface
    interface Main {
        void main(String[] args) throws Exception;
    }

    /**
     * What one run printed and how long it took.
     *
     * @param clock elapsed time on the example's hub clock (virtual or real)
     * @param wall elapsed real time
     */
    record Output(String out, String err, Duration clock, Duration wall) {
        List<String> lines() {
            return out.lines().toList();
        }
    }

    /** Runs {@code main(args)} as the main greenlet (Gevent.run) of a hub with a virtual clock. */
    static Output virtualClock(Main main, String... args) {
        return capture(() -> {
            AtomicLong clock = new AtomicLong();
            Hub.runWithVirtualClock(() -> {
                clock.set(timed(main, args));
                return null;
            });
            return clock.get();
        });
    }

    /** Runs {@code main(args)} as the main greenlet (Gevent.run) of a fresh platform thread's hub, real clock. */
    static Output realTime(Main main, String... args) {
        return capture(() -> {
            AtomicLong clock = new AtomicLong();
            AtomicReference<Throwable> error = new AtomicReference<>();
            Thread t = Thread.ofPlatform().name("example-main").start(() -> {
                try {
                    clock.set(timed(main, args));
                } catch (Throwable e) {
                    error.set(e);
                }
            });
            t.join();
            if (error.get() != null) throw error.get();
            return clock.get();
        });
    }

    private static long timed(Main main, String[] args) throws Exception {
        long start = Gevent.getHub().clock().nanoTime();
        Gevent.run(() -> main.main(args)); // main as a greenlet, as ./gevent4j run runs it
        return Gevent.getHub().clock().nanoTime() - start;
    }

    @FunctionalInterface
    private interface Body {
        long run() throws Throwable;
    }

    private static Output capture(Body body) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        long start = System.nanoTime();
        long clock;
        try (PrintStream o = new PrintStream(out, true, UTF_8); PrintStream e = new PrintStream(err, true, UTF_8)) {
            System.setOut(o);
            System.setErr(e);
            clock = body.run();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new AssertionError("the example threw " + e, e);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        Duration wall = Duration.ofNanos(System.nanoTime() - start);
        return new Output(out.toString(UTF_8), err.toString(UTF_8), Duration.ofNanos(clock), wall);
    }
}
