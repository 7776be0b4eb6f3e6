package org.gevent4j.event;

import java.time.Duration;
import org.gevent4j.internal.Sneaky;

/**
 * A flag that greenlets wait for: gevent's {@code Event} (and {@code threading.Event}).
 * {@link #set()} wakes every waiter, in the order they started waiting; while the flag is set,
 * {@link #await()} returns at once; {@link #clear()} lowers it again.
 *
 * <p>The flag may be set and cleared many times before a woken greenlet runs: all it knows is that
 * the flag was set <em>at least once</em> while it waited, which is what {@code await} returns.
 *
 * <p>Unlike gevent's, it is thread-safe: a platform thread or a greenlet of another hub may
 * {@code set} it, and greenlets of any hub may wait.
 */
public final class Event extends Linkable {
    private volatile boolean flag;

    /** An event whose flag is down. */
    public Event() {}

    /** Raises the flag and wakes every waiter. Never blocks. */
    public void set() {
        becomeReady(() -> flag = true);
    }

    /** Lowers the flag: later {@code await} calls block until the next {@link #set()}. */
    public void clear() {
        synchronized (this) {
            waiters.recordUse(); // lowering the flag asks no queue
            flag = false;
        }
    }

    /**
     * Whether the flag is up. Never blocks.
     *
     * @return true between a {@link #set()} and the next {@link #clear()}
     */
    public boolean isSet() {
        return flag;
    }

    @Override
    boolean isReady() {
        return flag;
    }

    /**
     * Waits until the flag is set (returns at once if it is). Gevent's {@code wait}: Java keeps
     * {@code wait()} for monitors.
     *
     * <p>Blocks cooperatively; a kill or {@link org.gevent4j.Timeout} aimed at the caller is raised
     * from here.
     *
     * @return true
     */
    public boolean await() {
        return await(null);
    }

    /**
     * Waits until the flag is set or {@code timeout} passes ({@code null}: no limit). Blocks as
     * {@link #await()} does.
     *
     * @param timeout the longest wait; {@code null}: no limit; zero: do not wait
     * @return true if the flag was up on entry or was set at any point during the wait; false if
     *     the timeout passed first
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public boolean await(Duration timeout) {
        return awaitReady(timeout);
    }

    @Override
    public String toString() {
        return "<Event " + (flag ? "set" : "clear") + " waiters=" + waiterCount() + ">";
    }
}
