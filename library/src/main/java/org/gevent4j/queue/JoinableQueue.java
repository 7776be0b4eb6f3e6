package org.gevent4j.queue;

import java.time.Duration;
import org.gevent4j.internal.Sneaky;
import org.gevent4j.internal.Strand;
import org.gevent4j.internal.WaitQueue;

/**
 * A FIFO {@link Queue} that also counts unfinished tasks: gevent's {@code JoinableQueue} (Python's
 * {@code queue.Queue} with {@code task_done} and {@code join}). Every item put adds one unfinished
 * task; a consumer calls {@link #taskDone()} when it has finished with an item it got; {@link #join()}
 * waits until the count is back to zero.
 *
 * <p>(Since gevent 25.4.1 every gevent queue has {@code task_done} and {@code join}; here, as in
 * earlier gevent, only this class does.)
 *
 * @param <T> the type of the items
 */
public final class JoinableQueue<T> extends Queue<T> {
    private final WaitQueue joiners = new WaitQueue(getters);
    private int unfinished;

    /** An unbounded joinable queue. */
    public JoinableQueue() {
        super(0);
    }

    /**
     * A joinable queue holding at most {@code maxsize} items; unbounded if {@code maxsize <= 0}.
     *
     * @param maxsize the most items held at once; 0 or less for unbounded
     */
    public JoinableQueue(int maxsize) {
        super(maxsize);
    }

    @Override
    void added() {
        unfinished++;
    }

    @Override
    WaitQueue.Waiter discarded(int n) {
        if (unfinished == 0) return null;
        unfinished = Math.max(0, unfinished - n); // Python's rule: never below zero
        return unfinished == 0 ? joiners.takeAll() : null;
    }

    /**
     * The number of items put and not yet marked done with {@link #taskDone()}.
     *
     * @return the unfinished count, 0 or more; items discarded by an immediate shutdown count as done
     */
    public synchronized int unfinishedTasks() {
        return unfinished;
    }

    /**
     * Marks one task done: a consumer calls it once for each item it got, when it has finished with
     * it. When the count of unfinished tasks reaches zero, every greenlet in {@link #join()} wakes.
     * Never blocks.
     *
     * @throws IllegalStateException if called more times than items were put (gevent's
     *     {@code ValueError}); the count stays at zero
     */
    public void taskDone() {
        WaitQueue.Waiter woken = null;
        synchronized (this) {
            if (unfinished <= 0) throw new IllegalStateException("taskDone() called too many times");
            if (--unfinished == 0) woken = joiners.takeAll();
        }
        WaitQueue.wake(woken, this);
    }

    /**
     * Waits until every item put has been marked done with {@link #taskDone()} (returns at once if
     * none is unfinished). See {@link #join(Duration)}.
     *
     * @return true
     */
    public boolean join() {
        return join(null);
    }

    /**
     * Waits until every item put has been marked done, or until {@code timeout} passes
     * ({@code null}: no limit).
     *
     * <p>Blocks cooperatively while tasks are unfinished; the last {@link #taskDone()} wakes every
     * joiner, in the order they started waiting. A kill or {@link org.gevent4j.Timeout} aimed at the
     * caller while it waits is raised from here.
     *
     * @param timeout the longest wait, {@code null} for no limit; not negative
     * @return true if the count was zero on entry or reached zero during the wait (even if new items
     *     were put before the caller ran again); false if the timeout passed first
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public boolean join(Duration timeout) {
        Sneaky.checkTimeout("timeout", timeout);
        Strand me;
        WaitQueue.Waiter w;
        synchronized (this) {
            if (unfinished == 0) return true;
            me = Strand.current();
            w = joiners.add(me);
        }
        return joiners.await(this, w, me.loop.deadlineAfter(timeout), null);
    }

    @Override
    void describe(StringBuilder s) {
        if (unfinished > 0) s.append(" tasks=").append(unfinished);
        if (!joiners.isEmpty()) s.append(" joiners=").append(joiners.size());
    }
}
