package org.gevent4j.lock;

import java.time.Duration;
import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;

/**
 * A mutex that its owner may acquire again, gevent's {@code RLock} ({@code threading.RLock}). The
 * owner is the greenlet that acquired it (for a platform thread, its hub's main greenlet); each
 * {@link #acquire()} by the owner must be paired with a {@link #release()}, and the lock is free
 * again after the last one. Only the owner may release it.
 *
 * <p>Greenlets waiting for it acquire it in the order they started waiting. Thread-safe: greenlets
 * of any hub and platform threads may use it.
 */
public final class RLock {
    /** Held by the owner from its first acquire to its last release. */
    private final Semaphore block = new Semaphore(1);
    /** Written only by the owner while it holds {@link #block}; read by anyone. */
    private volatile Greenlet<?> owner;
    /** Only the owner reads or writes it. */
    private int count;

    /** An unlocked lock. */
    public RLock() {}

    /**
     * Acquires it, waiting as long as it takes; returns at once if the caller owns it already.
     *
     * <p>Blocks cooperatively while another greenlet owns it; woken when that greenlet releases it
     * for the last time and the caller is the longest waiting greenlet. A kill or
     * {@link org.gevent4j.Timeout} aimed at the caller while it waits is raised from here, and the
     * caller then does not own it.
     */
    public void acquire() {
        acquire(true, null);
    }

    /**
     * Acquires it; returns at once (true) if the caller owns it already. If another greenlet owns
     * it: without {@code blocking}, returns false at once; with it, waits cooperatively until it is
     * released to the caller, or {@code timeout} passes ({@code null}: no limit).
     *
     * <p>A kill or {@link org.gevent4j.Timeout} aimed at the caller while it waits is raised from
     * here; the caller then does not own the lock.
     *
     * @param blocking whether to wait while another greenlet owns it
     * @param timeout the longest wait, with {@code blocking}; {@code null}: no limit
     * @return whether the caller now owns it
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws IllegalStateException if the owner's re-entries would overflow
     */
    public boolean acquire(boolean blocking, Duration timeout) {
        Greenlet<?> me = Gevent.getCurrent();
        if (owner == me) {
            if (count == Integer.MAX_VALUE) throw new IllegalStateException("maximum lock count exceeded: " + this);
            count++;
            return true;
        }
        if (!block.acquire(blocking, timeout)) return false;
        owner = me;
        count = 1;
        return true;
    }

    /**
     * Releases one level of ownership; the last release frees the lock and wakes the longest
     * waiting greenlet. Never blocks.
     *
     * @throws IllegalStateException "cannot release un-acquired lock" naming the owner and the
     *     caller, if the caller does not own it (gevent raises {@code RuntimeError})
     */
    public void release() {
        Greenlet<?> me = Gevent.getCurrent();
        Greenlet<?> o = owner;
        if (o != me) {
            throw new IllegalStateException("cannot release un-acquired lock. Owner: " + o + " Current: " + me);
        }
        if (--count == 0) {
            owner = null;
            block.release();
        }
    }

    /**
     * Acquires it as {@link #acquire()} does and returns a {@link Permit} whose {@code close()}
     * releases one level: {@code try (var _ = lock.hold()) { ... }}. Close it in the greenlet that
     * acquired it.
     *
     * @return an open permit for one level of ownership
     */
    public Permit hold() {
        acquire();
        return new Permit(this::release);
    }

    /**
     * Whether some greenlet owns it. A snapshot: it may change as soon as this returns.
     *
     * @return true while any greenlet (the caller or another) owns it
     */
    public boolean locked() {
        // The semaphore, not `owner`: it is taken before `owner` is set and freed after it is cleared.
        return block.locked();
    }

    /**
     * Whether the calling greenlet owns it.
     *
     * @return true if the caller acquired it and has not released it the same number of times
     */
    public boolean ownedByCurrent() {
        return owner == Gevent.getCurrent();
    }

    @Override
    public String toString() {
        Greenlet<?> o = owner;
        return o == null ? "<RLock unlocked>" : "<RLock owner=" + o + " count=" + count + ">";
    }
}
