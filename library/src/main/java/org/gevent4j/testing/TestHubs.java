package org.gevent4j.testing;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.gevent4j.Hub;
import org.gevent4j.ThrowingRunnable;
import org.gevent4j.internal.Sneaky;
import org.gevent4j.internal.Strand;

/**
 * Hubs for tests: each test runs its program as the main greenlet of a fresh hub on a platform
 * thread of its own, so greenlets, timers and minimal idents never leak from one test into the
 * next, and nothing waits on a hub that another test left busy.
 *
 * <p>{@link #virtualHub} is the one to use for logic: its clock is virtual (trio's
 * {@code MockClock} with autojump, Go's {@code synctest} bubble). Time stands still while anything
 * can run, and when every greenlet of the hub is blocked in a gevent4j wait with only timers
 * pending, the clock jumps to the next deadline at once: a test of a 30-second timeout takes
 * microseconds and gives the same interleaving on every run. While a greenlet is busy outside
 * gevent4j (in {@code Thread.sleep}, a thread pool, a {@code java.net} call) or waits on a
 * socket, time does not jump: the hub waits in real time for that to finish. {@link #realHub}
 * keeps real time, for tests whose point is real blocking.
 *
 * <p>{@link #waitAllBlocked()} waits until every other greenlet has gone as far as it can (trio's
 * {@code wait_all_tasks_blocked}, Go's {@code synctest.Wait}); {@link Sequencer} forces an order
 * across greenlets.
 */
public final class TestHubs {
    private TestHubs() {}

    /**
     * Runs {@code main} as the main greenlet of a new hub with a virtual clock, on a new platform
     * thread, and destroys the hub afterwards. Blocks the calling thread (not cooperatively) until
     * {@code main} returns. Greenlets {@code main} leaves behind never run again.
     *
     * @param <T> the type of {@code main}'s value
     * @param main the test's body, run as the hub's main greenlet
     * @return {@code main}'s value
     * @throws RuntimeException {@code main}'s exception, rethrown as is (a checked one too, undeclared)
     */
    public static <T> T virtualHub(Callable<T> main) {
        return Hub.runWithVirtualClock(Sneaky.checkNotNull("main", main));
    }

    /**
     * {@link #virtualHub(Callable)} for a program without a value.
     *
     * @param main the test's body, run as the hub's main greenlet
     */
    public static void virtualHub(ThrowingRunnable main) {
        Sneaky.checkNotNull("main", main);
        Hub.runWithVirtualClock(() -> {
            main.runThrowing();
            return null;
        });
    }

    /**
     * Runs {@code main} as the main greenlet of a new platform thread's own hub, which keeps real
     * time, and destroys the hub afterwards (its selector's descriptors are closed at once, not at a
     * garbage collection). Blocks the calling thread until {@code main} returns; an interrupt of
     * the calling thread interrupts the hub's thread and fails the test.
     *
     * @param main the test's body, run as the hub's main greenlet
     * @throws RuntimeException {@code main}'s unchecked exception or error as is; a checked one
     *     wrapped in an {@link AssertionError}
     */
    public static void realHub(ThrowingRunnable main) {
        Sneaky.checkNotNull("main", main);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = Thread.ofPlatform().name("gevent4j-test-real-hub").start(() -> {
            try {
                try {
                    main.runThrowing();
                } finally {
                    Hub.current().destroy();
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
        Throwable f = failure.get();
        if (f instanceof RuntimeException r) throw r;
        if (f instanceof Error r) throw r;
        if (f != null) throw new AssertionError(f);
    }

    /**
     * Waits until nothing else on the caller's hub can run: no greenlet is runnable, no socket
     * the hub watches is ready, and every greenlet started on the hub is parked in a gevent4j
     * wait. A greenlet in a JDK call ({@code Thread.sleep}, a thread-pool task it waits for,
     * {@code java.net} I/O) is not blocked in that sense: the wait goes on until it comes back and
     * blocks in gevent4j. Greenlets of other hubs are not considered.
     *
     * <p>On a {@link #virtualHub}, it returns before the clock jumps: the clock reads the same as
     * when it was called. Greenlets in {@link org.gevent4j.Gevent#idle()} are woken before it.
     *
     * <p>Blocks the calling greenlet cooperatively; a kill or {@link org.gevent4j.Timeout} is
     * raised from here. Waiting on a hub where something always runs (a greenlet looping on
     * {@code sleep(0)}) never returns.
     */
    public static void waitAllBlocked() {
        Strand me = Strand.current();
        me.loop.awaitAllBlocked(me);
    }

    /**
     * The current hub's clock reading, in nanoseconds (virtual on a {@link #virtualHub}).
     *
     * @return the clock's reading in nanoseconds; only differences between readings mean anything
     */
    public static long now() {
        return Hub.current().clock().nanoTime();
    }

    /**
     * How much time the current hub's clock says has passed since {@code startNanos}, a reading of
     * {@link #now()}.
     *
     * @param startNanos an earlier reading of {@link #now()} on the same hub
     * @return the time passed on the hub's clock, negative if {@code startNanos} is in its future
     */
    public static Duration elapsedSince(long startNanos) {
        return Duration.ofNanos(Hub.current().clock().nanoTime() - startNanos);
    }
}
