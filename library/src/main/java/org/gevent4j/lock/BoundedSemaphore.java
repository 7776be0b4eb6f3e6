package org.gevent4j.lock;

/**
 * A {@link Semaphore} that cannot be released above its initial value, gevent's
 * {@code BoundedSemaphore}. Semaphores usually guard a resource of fixed capacity; releasing one
 * more often than it was acquired is a bug, and this class reports it where it happens instead of
 * letting the capacity grow.
 *
 * <p>Permits promised to a woken waiter that has not run yet still count as free: a release
 * beyond the initial value is refused even then (as in gevent).
 */
public sealed class BoundedSemaphore extends Semaphore permits Lock {
    private final int initialValue;

    /**
     * A semaphore with {@code value} permits, and at most {@code value}.
     *
     * @param value the initial and the largest number of free permits; 0 makes a semaphore that
     *     every release overfills
     * @throws IllegalArgumentException if {@code value} is negative
     */
    public BoundedSemaphore(int value) {
        super(value, value);
        this.initialValue = value;
    }

    /**
     * The initial value: the most permits this semaphore can hold.
     *
     * @return the {@code value} it was created with
     */
    public int initialValue() {
        return initialValue;
    }

    /**
     * Gives a permit back, as {@link Semaphore#release()} does. Never blocks.
     *
     * @throws IllegalStateException "Semaphore released too many times" if the counter is already
     *     at the initial value (gevent raises {@code ValueError})
     */
    @Override
    public void release() {
        super.release();
    }

    @Override
    IllegalStateException overReleased() {
        return new IllegalStateException("Semaphore released too many times");
    }
}
