package org.gevent4j.lock;

import java.time.Duration;
import java.util.function.Consumer;
import org.gevent4j.Waitable;
import org.gevent4j.internal.Sneaky;

/**
 * A semaphore with unlimited permits, gevent's {@code DummySemaphore}: none of its methods ever
 * blocks. Pass it where code takes a {@link Semaphore} but this use needs no limit (gevent's
 * {@code Pool} without a size does).
 */
public final class DummySemaphore extends Semaphore {
    /** A semaphore that is never exhausted. */
    public DummySemaphore() {
        super(0);
    }

    /** {@link Integer#MAX_VALUE}: there is always a permit. */
    @Override
    public int counter() {
        return Integer.MAX_VALUE;
    }

    /** Always false. */
    @Override
    public boolean locked() {
        return false;
    }

    /** Always true. */
    @Override
    public boolean ready() {
        return true;
    }

    /**
     * Returns true at once; never blocks.
     *
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    @Override
    public boolean acquire(boolean blocking, Duration timeout) {
        Sneaky.checkTimeout("timeout", timeout);
        return true;
    }

    /** Does nothing. */
    @Override
    public void release() {}

    /**
     * Returns {@link Integer#MAX_VALUE} at once; never blocks.
     *
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    @Override
    public int await(Duration timeout) {
        Sneaky.checkTimeout("timeout", timeout);
        return Integer.MAX_VALUE;
    }

    /** Calls {@code callback} at once: a dummy semaphore is always ready. */
    @Override
    public void rawlink(Consumer<? super Waitable> callback) {
        Sneaky.checkNotNull("callback", callback).accept(this);
    }

    /** Does nothing: no callback is ever kept. */
    @Override
    public void unlink(Consumer<?> callback) {}

    @Override
    public String toString() {
        return "<DummySemaphore>";
    }
}
