package org.gevent4j.event;

import java.time.Duration;
import java.util.function.Consumer;
import org.gevent4j.Waitable;
import org.gevent4j.internal.Sneaky;
import org.gevent4j.internal.Strand;
import org.gevent4j.internal.WaitQueue;

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
public final class Event implements Waitable {
    private final WaitQueue waiters = new WaitQueue();
    private volatile boolean flag;

    /** Raises the flag and wakes every waiter. Never blocks. */
    public void set() {
        WaitQueue.Waiter woken;
        synchronized (this) {
            waiters.touch();
            flag = true;
            woken = waiters.takeAll();
        }
        WaitQueue.wake(woken, this);
    }

    /** Lowers the flag: later {@code await} calls block until the next {@link #set()}. */
    public void clear() {
        synchronized (this) {
            waiters.touch();
            flag = false;
        }
    }

    /** Whether the flag is up. */
    public boolean isSet() {
        return flag;
    }

    /** Whether the flag is up (what {@link org.gevent4j.Gevent#wait} waits for). */
    @Override
    public boolean ready() {
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
     * Waits until the flag is set or {@code timeout} passes ({@code null}: no limit).
     *
     * @return true if the flag was up on entry or was set at any point during the wait; false if
     *     the timeout passed first
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public boolean await(Duration timeout) {
        Sneaky.checkTimeout("timeout", timeout);
        Strand me = Strand.current();
        WaitQueue.Waiter w;
        synchronized (this) {
            waiters.touch();
            if (flag) return true;
            w = waiters.add(me);
        }
        return waiters.await(this, w, me.loop.deadlineAfter(timeout), null);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void rawlink(Consumer<? super Waitable> callback) {
        Sneaky.checkNotNull("callback", callback);
        synchronized (this) {
            waiters.touch();
            if (!flag) {
                waiters.addCallback((Consumer<Object>) callback);
                return;
            }
        }
        callback.accept(this);
    }

    @Override
    public void unlink(Consumer<?> callback) {
        synchronized (this) {
            waiters.removeCallback(callback);
        }
    }

    @Override
    public String toString() {
        int n;
        synchronized (this) {
            n = waiters.size();
        }
        return "<Event " + (flag ? "set" : "clear") + " waiters=" + n + ">";
    }
}
