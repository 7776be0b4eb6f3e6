package org.gevent4j.lock;

import java.time.Duration;

/**
 * A mutual-exclusion lock that is not reentrant: Python's {@code threading.Lock} as gevent provides
 * it (a {@link BoundedSemaphore} of one). It has no owner: any greenlet or thread may release it,
 * but only while it is locked. A greenlet that acquires it twice without releasing waits for
 * itself; use {@link RLock} for re-entry.
 */
public final class Lock extends BoundedSemaphore {
    /** An unlocked lock. */
    public Lock() {
        super(1);
    }

    /**
     * Locks it, as {@link Semaphore#acquire(boolean, Duration)} does.
     *
     * <p>Blocks cooperatively while it is locked (only with {@code blocking}); woken by a
     * {@link #release()} when the caller is the longest waiting greenlet, or by the timeout. A
     * kill or {@link org.gevent4j.Timeout} aimed at the caller while it waits is raised from here,
     * and the lock is then not held by it.
     *
     * @return whether the lock was taken
     * @throws IllegalArgumentException if {@code timeout} is negative, or given without
     *     {@code blocking} ({@code threading.Lock}'s "can't specify a timeout for a non-blocking
     *     call")
     */
    @Override
    public boolean acquire(boolean blocking, Duration timeout) {
        if (!blocking && timeout != null) {
            throw new IllegalArgumentException("can't specify a timeout for a non-blocking call: " + timeout);
        }
        return super.acquire(blocking, timeout);
    }

    /**
     * Unlocks it and wakes the longest waiting greenlet. Never blocks.
     *
     * @throws IllegalStateException "release unlocked lock" if it is not locked
     */
    @Override
    public void release() {
        super.release();
    }

    @Override
    IllegalStateException overReleased() {
        return new IllegalStateException("release unlocked lock");
    }
}
