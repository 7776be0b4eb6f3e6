package org.gevent4j.lock;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A held permit, lock or semaphore, as returned by {@code hold()}: closing it releases what was
 * acquired, once, however many times it is closed. Made for try-with-resources, Python's
 * {@code with sem:}:
 *
 * {@snippet lang=java :
 * try (var _ = sem.hold()) {
 *     // at most sem's initial value of greenlets run here at a time
 * }
 * }
 *
 * <p>The block releases on every exit, including a kill ({@link org.gevent4j.GreenletExit}) or a
 * {@link org.gevent4j.Timeout} raised inside it.
 */
public final class Permit implements AutoCloseable {
    private final Runnable release;
    private volatile boolean closed;

    private static final VarHandle CLOSED;

    static {
        try {
            CLOSED = MethodHandles.lookup().findVarHandle(Permit.class, "closed", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    Permit(Runnable release) {
        this.release = release;
    }

    /**
     * Releases the permit; does nothing if it was released already. Never blocks.
     *
     * @throws IllegalStateException if the release itself is refused (an {@link RLock} closed by a
     *     greenlet that does not own it, or a lock released behind the permit's back)
     */
    @Override
    public void close() {
        // A CAS, not a plain check: a permit handed to another thread must still release only once.
        if (CLOSED.compareAndSet(this, false, true)) release.run();
    }

    /**
     * Whether {@link #close()} has been called.
     *
     * @return true once the permit has been closed (and its release attempted), by any thread
     */
    public boolean closed() {
        return closed;
    }
}
