package org.gevent4j.pool;

import java.time.Duration;
import java.util.concurrent.Callable;
import org.gevent4j.Greenlet;
import org.gevent4j.LoopExit;
import org.gevent4j.ThrowingRunnable;
import org.gevent4j.Timeout;
import org.gevent4j.internal.Sneaky;
import org.gevent4j.internal.Strand;
import org.gevent4j.internal.Turns;
import org.gevent4j.internal.WaitQueue;

/**
 * A {@link Group} of at most {@link #maxsize()} greenlets: gevent's {@code Pool}. Adding to a full
 * pool ({@link #spawn}, {@link #start}, {@link #add}) waits until a member dies or is discarded;
 * waiters get the freed slots in the order they started waiting (a newcomer never takes a slot
 * promised to an earlier waiter). The non-blocking and timed forms throw {@link PoolFull}.
 *
 * {@snippet lang=java :
 * Pool pool = new Pool(10);
 * for (String url : urls) pool.spawn(() -> fetch(url)); // at most 10 fetches at a time
 * pool.join();
 * }
 *
 * <p>{@code new Pool(0)} can never hold a greenlet: spawning into it waits forever (in the main
 * greenlet, with nothing else to run, that is a {@link LoopExit}); use {@link #waitAvailable} or the
 * timed forms. Thread-safe, like {@link Group}.
 */
public final class Pool extends Group {
    private final int maxsize;
    /*
     * Guarded by the monitor. slots = free slots, those promised to a woken slot waiter included.
     * Who gets a slot is internal/Turns' policy, without barging: a newcomer takes a slot only if
     * none is promised or wanted by a waiter. A member leaving grants its slot to the first slot
     * waiter, or else wakes the waitAvailable waiters.
     */
    private int slots;
    private final WaitQueue slotWaiters = new WaitQueue(emptyWaiters);
    private final Turns turns = new Turns(slotWaiters, () -> slots, false);
    private final WaitQueue availableWaiters = new WaitQueue(emptyWaiters);

    /** A pool with no bound (gevent's {@code Pool()}, whose size is None): adding never waits. */
    public Pool() {
        this(Integer.MAX_VALUE);
    }

    /**
     * A pool of at most {@code size} running greenlets.
     *
     * @param size the most members at a time, 0 or more (with 0, no add ever succeeds)
     * @throws IllegalArgumentException if {@code size} is negative
     */
    public Pool(int size) {
        if (size < 0) throw new IllegalArgumentException("size must not be negative: " + size);
        this.maxsize = size;
        this.slots = size;
    }

    /**
     * The bound given at construction (gevent's {@code pool.size}); {@link #size()} counts members.
     *
     * @return the size given to the constructor; {@link Integer#MAX_VALUE} for an unbounded pool
     */
    public int maxsize() {
        return maxsize;
    }

    /** Whether adding a greenlet now would block. */
    @Override
    public boolean full() {
        return freeCount() <= 0;
    }

    /** How many greenlets could be added now without blocking. */
    @Override
    public synchronized int freeCount() {
        return turns.free();
    }

    /**
     * Waits until a slot is free, at most {@code timeout} ({@code null}: no limit), without taking
     * it; returns {@link #freeCount()} (0 if the timeout passed first). Blocks cooperatively; wakes
     * when a member leaves and no earlier {@code add} waiter claims its slot. A kill or
     * {@link Timeout} aimed at the caller is raised from here.
     *
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    @Override
    public int waitAvailable(Duration timeout) {
        Sneaky.checkTimeout("timeout", timeout);
        Strand me = Strand.current();
        WaitQueue.Waiter w;
        synchronized (this) {
            int free = turns.free();
            if (free > 0) return free;
            w = availableWaiters.add(me);
        }
        availableWaiters.await(this, w, me.loop.deadlineAfter(timeout), null);
        return freeCount();
    }

    /** Adds {@code greenlet}, waiting as long as it takes for a slot. */
    @Override
    public void add(Greenlet<?> greenlet) {
        add(greenlet, true, null);
    }

    /**
     * Adds {@code greenlet}, taking a slot (adding a member again does nothing). If the pool is full:
     * without {@code blocking}, throws {@link PoolFull} at once; with it, waits cooperatively up to
     * {@code timeout} ({@code null}: no limit) for a member to leave, in FIFO order with other
     * waiters. A kill or {@link Timeout} aimed at the caller is raised from here, and the slot it
     * may have been promised goes to the next waiter.
     *
     * <p>Add greenlets that have not started (or use {@link #start}): a started one may run to
     * completion while this call waits.
     *
     * @param greenlet the greenlet to add, best not yet started; not {@code null}
     * @param blocking whether to wait for a slot while the pool is full
     * @param timeout the longest wait, with {@code blocking}; {@code null}: no limit
     * @throws PoolFull if the pool is full and {@code blocking} is false, or {@code timeout} passed
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public void add(Greenlet<?> greenlet, boolean blocking, Duration timeout) {
        Sneaky.checkNotNull("greenlet", greenlet);
        Sneaky.checkTimeout("timeout", timeout);
        WaitQueue.Waiter w;
        Strand me = Strand.current();
        synchronized (this) {
            if (turns.mayTake()) {
                if (!addMember(greenlet)) return; // a member already
                slots--;
                w = null;
            } else if (contains(greenlet)) {
                return;
            } else if (!blocking) {
                throw new PoolFull("pool is full (" + size() + " of " + maxsize + " running): " + this);
            } else {
                w = turns.join(me);
            }
        }
        if (w != null && !awaitSlot(greenlet, me, w, timeout)) return;
        link(greenlet);
    }

    /** Waits for the turn of {@code w}, then adds {@code greenlet}; false if it was added meanwhile (no slot taken). */
    private boolean awaitSlot(Greenlet<?> greenlet, Strand me, WaitQueue.Waiter w, Duration timeout) {
        long deadline = me.loop.deadlineAfter(timeout);
        while (true) {
            boolean notified;
            try {
                notified = turns.await(this, w, deadline); // a kill: a slot granted to us goes to the next waiter
            } catch (Throwable t) {
                WaitQueue.Waiter available;
                synchronized (this) {
                    available = turns.free() > 0 ? availableWaiters.takeAll() : null; // or is free now
                }
                WaitQueue.wake(available, this);
                throw t;
            }
            boolean added;
            WaitQueue.Waiter next;
            synchronized (this) {
                int turn = turns.claim(w, notified, me.loop.nanoTime() < deadline, true);
                if (turn == Turns.WAIT) continue;
                if (turn == Turns.NONE) {
                    throw new PoolFull("no free slot in " + timeout + " (pool of " + maxsize + "): " + this);
                }
                added = addMember(greenlet);
                if (added) slots--;
                next = passOn(); // the slot, if added by someone else meanwhile; or slots left for waiters that gave way
            }
            WaitQueue.wake(next, this);
            return added;
        }
    }

    @Override
    WaitQueue.Waiter slotFreed() {
        slots++;
        return passOn();
    }

    /** A free slot goes to the first slot waiter, else wakes the waitAvailable waiters; returns whom to wake. */
    private WaitQueue.Waiter passOn() {
        WaitQueue.Waiter next = turns.grant();
        if (next != null) return next;
        return turns.free() > 0 ? availableWaiters.takeAll() : null;
    }

    /**
     * {@link #add(Greenlet, boolean, Duration)}, then starts the greenlet.
     *
     * @param greenlet a greenlet that has not been started yet; not {@code null}
     * @param blocking whether to wait for a slot while the pool is full
     * @param timeout the longest wait, with {@code blocking}; {@code null}: no limit
     * @throws PoolFull if no slot was free in time (the greenlet is then not started)
     */
    public void start(Greenlet<?> greenlet, boolean blocking, Duration timeout) {
        add(greenlet, blocking, timeout);
        greenlet.start();
    }

    /**
     * {@link #spawn(Callable)}, waiting at most {@code timeout} ({@code null}: no limit) for a slot.
     *
     * @param <T> the type of {@code fn}'s value
     * @param fn the greenlet's body; its value becomes the greenlet's value
     * @param timeout the longest wait for a slot; {@code null}: no limit
     * @return the started greenlet, a member until it dies
     * @throws PoolFull if no slot was free in time (the greenlet is then never started)
     */
    public <T> Greenlet<T> spawn(Callable<? extends T> fn, Duration timeout) {
        Greenlet<T> g = new Greenlet<>(fn);
        start(g, true, timeout);
        return g;
    }

    /**
     * {@link #spawn(Runnable)}, waiting at most {@code timeout} for a slot; else {@link PoolFull}.
     *
     * @param fn the greenlet's body
     * @param timeout the longest wait for a slot; {@code null}: no limit
     * @return the started greenlet, a member until it dies
     * @throws PoolFull if no slot was free in time (the greenlet is then never started)
     */
    public Greenlet<Void> spawn(Runnable fn, Duration timeout) {
        Greenlet<Void> g = new Greenlet<>(fn);
        start(g, true, timeout);
        return g;
    }

    /**
     * {@link #spawn(ThrowingRunnable)}, waiting at most {@code timeout} for a slot; else
     * {@link PoolFull}.
     *
     * @param fn the greenlet's body; what it throws becomes the greenlet's exception
     * @param timeout the longest wait for a slot; {@code null}: no limit
     * @return the started greenlet, a member until it dies
     * @throws PoolFull if no slot was free in time (the greenlet is then never started)
     */
    public Greenlet<Void> spawn(ThrowingRunnable fn, Duration timeout) {
        Greenlet<Void> g = new Greenlet<>(fn);
        start(g, true, timeout);
        return g;
    }

    @Override
    synchronized String describe() {
        return "free=" + turns.free() + "/" + maxsize + " " + super.describe();
    }
}
