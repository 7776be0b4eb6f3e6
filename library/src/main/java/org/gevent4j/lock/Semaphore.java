package org.gevent4j.lock;

import java.time.Duration;
import java.util.function.Consumer;
import org.gevent4j.Waitable;
import org.gevent4j.internal.Sneaky;
import org.gevent4j.internal.Strand;
import org.gevent4j.internal.Turns;
import org.gevent4j.internal.WaitQueue;

/*
 * Implementation overview
 *
 * State, guarded by this object's monitor: `counter`, the free permits; `acquirers`, a WaitQueue
 * of greenlets parked in acquire, under `turns` (internal/Turns: the fairness policy, with
 * barging); `watchers`, a WaitQueue of greenlets parked in await and of rawlink callbacks.
 * Watchers are kept apart because they take nothing: in one FIFO with the acquirers, a release
 * could spend its wake-up on a watcher and leave an acquirer asleep next to a free permit.
 *
 * Permits are Turns' units. release() adds one and grants a turn if a free permit has no woken
 * acquirer yet. The permit stays in `counter` until the woken greenlet runs and takes it, so a
 * greenlet that calls acquire() meanwhile may take it first, as in gevent (there the permit is
 * free until the hub's notifier switches to the waiter); the woken acquirer then finds none and
 * goes back in line at its place (Turns.claim). A woken acquirer that is killed or gets a Timeout
 * before taking its permit passes its turn to the next acquirer (Turns.await). One whose own
 * deadline passes after it was woken still takes the permit (it was woken in time); one whose
 * deadline passes before returns false, as gevent's does.
 *
 * Bounds: a Semaphore's counter may grow to Integer.MAX_VALUE; BoundedSemaphore and Lock refuse
 * a release that would take it above their initial value (reserved permits count as free, as in
 * gevent, where the woken waiter has not decremented the counter yet either).
 */

/**
 * A counter of permits, gevent's {@code Semaphore}: {@link #acquire()} takes a permit, waiting
 * while there is none; {@link #release()} gives one back and wakes the longest waiting greenlet.
 * Any greenlet (or thread) may release, whether or not it acquired: a semaphore has no owner. It
 * may therefore be released more often than acquired, which adds permits; {@link BoundedSemaphore}
 * refuses that, and is the safer choice for guarding a resource.
 *
 * <p>Waiters acquire in the order they started waiting (gevent 1.5+). A greenlet calling
 * {@code acquire} while a permit is free takes it without waiting, even when a woken waiter has
 * not run yet; that waiter then keeps its place at the head of the queue.
 *
 * <p>Use {@link #hold()} with try-with-resources for Python's {@code with sem:}.
 *
 * <p>As a {@link Waitable} it is ready while a permit is free, so {@link org.gevent4j.Gevent#wait}
 * can wait for it.
 *
 * <p>Thread-safe: greenlets of any hub and platform threads may acquire and release it.
 */
public sealed class Semaphore implements Waitable permits BoundedSemaphore, DummySemaphore {
    private final WaitQueue acquirers = new WaitQueue();
    /** Whose turn it is among the acquirers; permits are its units. */
    private final Turns turns = new Turns(acquirers, () -> this.counter, true);
    private final WaitQueue watchers = new WaitQueue(acquirers);
    /** Free permits; written under the monitor, read without it. */
    private volatile int counter;
    /** The largest counter a release may produce. */
    private final int bound;

    /**
     * A semaphore with {@code value} permits.
     *
     * @param value the initial number of free permits; releases may add more
     * @throws IllegalArgumentException if {@code value} is negative
     */
    public Semaphore(int value) {
        this(value, Integer.MAX_VALUE);
    }

    Semaphore(int value, int bound) {
        if (value < 0) throw new IllegalArgumentException("semaphore initial value must be >= 0: " + value);
        this.counter = value;
        this.bound = bound;
    }

    /**
     * The number of free permits: how many {@code acquire} calls would succeed without waiting.
     *
     * @return the free permits now, 0 or more; a snapshot that other greenlets may change at once
     */
    public int counter() {
        return counter;
    }

    /**
     * Whether no permit is free, so that {@link #acquire()} would wait.
     *
     * @return true if the counter is 0; a snapshot
     */
    public boolean locked() {
        return counter <= 0;
    }

    /** Whether a permit is free (what {@link org.gevent4j.Gevent#wait} waits for). */
    @Override
    public boolean ready() {
        return counter > 0;
    }

    /**
     * Takes a permit, waiting as long as it takes. Same as {@code acquire(true, null)}.
     *
     * <p>Blocks cooperatively while no permit is free; woken by a {@link #release()} when this
     * greenlet is the longest waiting one. A kill or {@link org.gevent4j.Timeout} aimed at the
     * caller while it waits is raised from here, and then the caller holds no permit (one that
     * a release meant for it goes to the next waiter).
     */
    public void acquire() {
        acquire(true, null);
    }

    /**
     * Takes a permit. If none is free: without {@code blocking}, returns false at once
     * ({@code timeout} is ignored); with it, waits cooperatively until a {@link #release()} wakes
     * this greenlet as the longest waiting one, or until {@code timeout} passes ({@code null}: no
     * limit; zero: do not wait).
     *
     * <p>A kill or {@link org.gevent4j.Timeout} aimed at the caller while it waits is raised from
     * here; the caller then holds no permit, and a permit a release meant for it goes to the next
     * waiter.
     *
     * @param blocking whether to wait while no permit is free
     * @param timeout the longest wait, with {@code blocking}; {@code null}: no limit
     * @return whether a permit was taken: false only without {@code blocking} or on a timeout
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public boolean acquire(boolean blocking, Duration timeout) {
        Sneaky.checkTimeout("timeout", timeout);
        synchronized (this) {
            acquirers.recordUse(); // taking a free permit asks no queue
            if (tryTake()) return true;
        }
        return blocking && acquireSlow(timeout);
    }

    private boolean acquireSlow(Duration timeout) {
        Strand me = Strand.current();
        long deadline = me.loop.deadlineAfter(timeout);
        WaitQueue.Waiter w;
        synchronized (this) {
            if (tryTake()) return true;
            w = turns.join(me);
        }
        while (true) {
            if (!turns.await(this, w, deadline)) return false; // gevent's acquire returns False then too
            WaitQueue.Waiter next;
            synchronized (this) {
                int turn = turns.claim(w, true, me.loop.nanoTime() < deadline, true);
                if (turn == Turns.WAIT) continue;
                if (turn == Turns.NONE) return false;
                counter--;
                next = turns.grant(); // permits may be left for acquirers that gave way to us
            }
            WaitQueue.wakeOne(next, this);
            return true;
        }
    }

    /** Takes a free permit if there is one (barging: see Turns). Under the monitor. */
    private boolean tryTake() {
        if (!turns.mayTake()) return false;
        counter--;
        return true;
    }

    /**
     * Gives a permit back and wakes the longest waiting acquirer (unless one already woken will
     * take it), and every greenlet in {@link #await()} and every {@link #rawlink} callback. Never
     * blocks. Callbacks run in the calling thread before this returns.
     *
     * @throws IllegalStateException if this is a {@link BoundedSemaphore} (or {@link Lock}) already
     *     at its initial value, or the counter would overflow
     */
    public void release() {
        WaitQueue.Waiter acquirer, watching;
        synchronized (this) {
            if (counter >= bound) throw overReleased();
            counter++;
            acquirer = turns.grant();
            watching = watchers.isEmpty() ? null : watchers.takeAll();
        }
        WaitQueue.wakeOne(acquirer, this);
        WaitQueue.wake(watching, this);
    }

    /** The exception for a release above the bound. */
    IllegalStateException overReleased() {
        return new IllegalStateException("Semaphore counter would overflow: " + counter);
    }

    /**
     * Waits until a permit is free, without taking it (gevent's {@code wait}). Returns at once if
     * one is free.
     *
     * <p>Blocks cooperatively; woken by the next {@link #release()}. A kill or
     * {@link org.gevent4j.Timeout} aimed at the caller is raised from here.
     *
     * @return the number of free permits on return; this may be 0 if others acquired meanwhile
     */
    public int await() {
        return await(null);
    }

    /**
     * Waits until a permit is free or {@code timeout} passes ({@code null}: no limit), without
     * taking it. See {@link #await()}.
     *
     * @param timeout the longest wait; {@code null}: no limit; zero: do not wait
     * @return the number of free permits on return (0 after a timeout, or if others acquired first)
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public int await(Duration timeout) {
        Sneaky.checkTimeout("timeout", timeout);
        int c = counter;
        if (c > 0) return c;
        Strand me = Strand.current();
        WaitQueue.Waiter w;
        synchronized (this) {
            if (counter > 0) return counter;
            w = watchers.add(me);
        }
        watchers.await(this, w, me.loop.deadlineAfter(timeout), null);
        return counter;
    }

    /**
     * Takes a permit, waiting as {@link #acquire()} does, and returns it as a {@link Permit} whose
     * {@code close()} releases it: {@code try (var _ = sem.hold()) { ... }}.
     *
     * <p>Blocks cooperatively while no permit is free. A kill or {@link org.gevent4j.Timeout} while
     * waiting is raised from here and leaves nothing held; one raised inside the block releases
     * the permit as the block exits.
     *
     * @return an open permit holding one taken permit
     */
    public Permit hold() {
        acquire();
        return new Permit(this::release);
    }

    /**
     * Calls {@code callback} with this semaphore once a permit is free: at once (in the caller) if
     * one is free now, else from the thread of the next {@link #release()}. One-shot: the callback
     * is removed before it is called. It must be quick, must not block and must not throw.
     */
    @Override
    @SuppressWarnings("unchecked")
    public void rawlink(Consumer<? super Waitable> callback) {
        Sneaky.checkNotNull("callback", callback);
        synchronized (this) {
            if (counter <= 0) {
                watchers.addCallback((Consumer<Object>) callback);
                return;
            }
        }
        callback.accept(this);
    }

    @Override
    public void unlink(Consumer<?> callback) {
        synchronized (this) {
            watchers.removeCallback(callback);
        }
    }

    @Override
    public String toString() {
        int waiting;
        synchronized (this) {
            waiting = turns.waiting() + watchers.size();
        }
        return "<" + getClass().getSimpleName() + " counter=" + counter + " waiters=" + waiting + ">";
    }
}
