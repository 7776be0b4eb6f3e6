package org.gevent4j.queue;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.gevent4j.internal.Sneaky;
import org.gevent4j.internal.Strand;
import org.gevent4j.internal.Turns;
import org.gevent4j.internal.WaitQueue;

/*
 * Implementation overview
 *
 * Items always live in `items`. A waiter is never handed an item, only told that it may be its
 * turn; it takes the item itself when it runs (gevent's design: its _unlock wakes a getter, which
 * then calls _get). That keeps gevent's observable behaviour: an item put while getters wait
 * counts in qsize() until one of them runs, and a get() that finds an item takes it even while
 * others wait, as gevent's get() does.
 *
 * Turns: who gets an item (a free slot) is internal/Turns' policy, one Turns per side over the
 * getters' (putters') WaitQueue, counting items (free slots) as its units, with barging (a get or
 * put that finds an item or room takes it, as gevent's does). Turns keeps, while anyone waits,
 * every available item (free slot) covered by a woken getter (putter) on its way; an operation
 * moves items.size() by at most one, so it grants at most one turn on each side; the wake-up
 * happens after the monitor is released. A woken waiter re-checks when it runs (Turns.claim):
 * it takes, goes back in line at its place (someone barged in first, or an earlier waiter is
 * unserved), or gives up; a woken waiter that is killed passes its turn on (Turns.await).
 * A waiter whose deadline passes unnotified takes what it finds, like any call that does not
 * wait; so does one notified just as its deadline passed.
 *
 * Locking: the queue's monitor guards everything here, the two WaitQueues included. Nobody parks
 * or runs user code while holding it (except PriorityQueue's comparator, documented there).
 */

/**
 * A first-in, first-out queue of items shared by greenlets: gevent's {@code Queue} (and Python's
 * {@code queue.Queue}).
 *
 * <p>{@code new Queue<>()} is unbounded; {@code new Queue<>(maxsize)} holds at most
 * {@code maxsize} items, and {@link #put} waits while it is full. As in current gevent, a
 * {@code maxsize} of zero or less means unbounded (gevent 1.0 changed {@code Queue(0)} from a
 * channel to an unbounded queue; use {@link Channel} for a rendezvous).
 *
 * <h2>Order and fairness</h2>
 * Items come out in the order they were put ({@link LifoQueue} and {@link PriorityQueue} change
 * that order). Greenlets blocked in {@code get} receive items in the order they started waiting,
 * and greenlets blocked in {@code put} get room in the order they started waiting. As in gevent, a
 * {@code get} (or {@code put}) that finds an item (or room) at once takes it even while others
 * wait: it does not queue behind greenlets that were woken but have not run yet. Those then find
 * the queue empty (full) again and keep their place at the head of the waiters: among themselves,
 * waiters are always served in the order they started waiting, even one that was sent back in line
 * this way (a greenlet woken after it, but running before it, lets it go first).
 *
 * <h2>Nothing lost, nothing duplicated</h2>
 * Every item put is returned by exactly one {@code get}, or is still in the queue. A getter killed,
 * or hit by a {@link org.gevent4j.Timeout}, while it waits takes no item, even if it had already
 * been woken for one: that item stays in the queue and the next waiting getter is woken instead.
 * A putter that gives up (its timeout passes, it is killed) has put nothing.
 *
 * <h2>Threads</h2>
 * Thread-safe: greenlets of several hubs and plain platform threads may put and get; a waiter is
 * woken on its own hub. A platform thread that blocks here runs its own hub meanwhile (it is that
 * hub's main greenlet). The non-blocking methods never block and may be called from hub callbacks.
 *
 * <p>A hub learns that another thread may wake its waiting greenlet when that thread first uses the
 * queue. Until then, a main greenlet that waits here with nothing else left to run on its hub gets
 * {@link org.gevent4j.LoopExit}, as in gevent: have the other thread use the queue first (any call
 * that is not a plain query, such as a {@code getNowait}, counts).
 *
 * <h2>Items</h2>
 * {@code null} is not an item: {@code put(null)} throws {@link NullPointerException}, as
 * {@code java.util.concurrent} queues do.
 *
 * <h2>Shutting down</h2>
 * {@link #shutdown()} (Python 3.13's {@code Queue.shutdown}): later puts throw {@link ShutDown};
 * gets drain the remaining items and then throw {@link ShutDown}; every blocked putter and getter is
 * woken with {@link ShutDown}. Iterating over a queue ({@code for (T item : queue)}) gets items
 * until the queue is shut down and empty. {@link #shutdown(Throwable)} closes it with an error
 * instead: every put and get from then on throws {@link ShutDown} caused by that error, and an
 * iteration throws it rather than ending quietly.
 *
 * <h2>Select</h2>
 * {@link Select#get(Pipe)} and {@link Select#put(Pipe, Object)} make clauses of this queue's
 * operations for {@link Select#select}: a select waits for the first of several operations, on
 * several queues and channels, and completes exactly one.
 *
 * @param <T> the type of the items
 */
public sealed class Queue<T> implements Pipe<T> permits LifoQueue, PriorityQueue, JoinableQueue {
    private final java.util.Queue<T> items;
    private final int maxsize;
    final WaitQueue getters = new WaitQueue();
    private final WaitQueue putters = new WaitQueue(getters);
    /* Items are the getters' units, free slots the putters': see Turns for whose turn it is. */
    private final Turns getTurns;
    private final Turns putTurns;
    private volatile boolean shutdown;
    /** Why the queue was shut down with an error ({@link #shutdown(Throwable)}); null: "done". */
    private volatile Throwable error;

    /** An unbounded queue. */
    public Queue() {
        this(0);
    }

    /**
     * A queue holding at most {@code maxsize} items; unbounded if {@code maxsize <= 0} (gevent's
     * rule: {@code Queue(0)} and {@code Queue(None)} are unbounded, and so is a negative size).
     *
     * @param maxsize the most items held at once; 0 or less for unbounded
     */
    public Queue(int maxsize) {
        this(maxsize, new ArrayDeque<>());
    }

    Queue(int maxsize, java.util.Queue<T> items) {
        this.maxsize = Math.max(maxsize, 0);
        this.items = items;
        this.getTurns = new Turns(getters, items::size, true);
        this.putTurns = new Turns(putters, this::room, true);
    }

    // ---- hooks for the subclasses of this package; all but checkItem run under the monitor ----

    /** Rejects an item the storage could not hold; called before anything changes. */
    void checkItem(T item) {}

    /** An item went in. */
    void added() {}

    /** An immediate shutdown discarded {@code n} items; returns waiters to wake, or null. */
    WaitQueue.Waiter discarded(int n) {
        return null;
    }

    // ---- size ----

    /** The bound given to the constructor, or 0 if the queue is unbounded (as Python reports it). */
    public int maxsize() {
        return maxsize;
    }

    /** The number of items in the queue now. */
    public synchronized int qsize() {
        return items.size();
    }

    /** Whether the queue holds no item now. */
    public synchronized boolean empty() {
        return items.isEmpty();
    }

    /** Whether a bounded queue holds {@link #maxsize()} items now; an unbounded queue is never full. */
    public synchronized boolean full() {
        return maxsize > 0 && items.size() >= maxsize;
    }

    private boolean hasRoom() {
        return maxsize == 0 || items.size() < maxsize;
    }

    /** Free slots: the putters' units. Under the monitor. */
    private int room() {
        return maxsize == 0 ? Integer.MAX_VALUE : maxsize - items.size();
    }

    // ---- put ----

    /**
     * Puts {@code item}, waiting as long as it takes for room. See {@link #put(Object, boolean,
     * Duration)}.
     */
    public void put(T item) {
        put(item, true, null);
    }

    /**
     * Puts {@code item}, waiting at most {@code timeout} for room ({@code null}: no limit). See
     * {@link #put(Object, boolean, Duration)}.
     *
     * @throws Full if the queue is still full when the timeout passes
     */
    public void put(T item, Duration timeout) {
        put(item, true, timeout);
    }

    /**
     * Puts {@code item} if there is room now; never blocks.
     *
     * @throws Full if the queue is full
     * @throws ShutDown if the queue was shut down
     */
    public void putNowait(T item) {
        put(item, false, null);
    }

    /**
     * Puts {@code item} at the tail of the queue.
     *
     * <p>Never blocks while there is room: it then returns at once, without yielding, and wakes the
     * first waiting getter (which runs later). On a full queue, with {@code block} false it throws
     * {@link Full} at once; with {@code block} true it waits cooperatively until a get makes room
     * and this putter's turn comes (putters get room in the order they started waiting), until
     * {@code timeout} passes ({@code null}: no limit), or until the queue is shut down.
     *
     * <p>A kill or {@link org.gevent4j.Timeout} aimed at the caller while it waits is raised from
     * here, and the item has not been put (room this putter was woken for goes to the next putter).
     *
     * @throws Full if there is no room and {@code block} is false, or still none when the timeout
     *     passes; the item was not put
     * @throws ShutDown if the queue is shut down, before or while waiting; the item was not put
     * @throws NullPointerException if {@code item} is null
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public void put(T item, boolean block, Duration timeout) {
        Sneaky.checkNotNull("item", item);
        Sneaky.checkTimeout("timeout", timeout);
        checkItem(item);
        WaitQueue.Waiter getter = null;
        WaitQueue.Waiter waiter = null;
        Strand me = null;
        synchronized (this) {
            if (shutdown) throw shutDownForPut();
            if (hasRoom()) {
                getter = store(item);
            } else if (!block) {
                throw new Full("queue is full (maxsize=" + maxsize + ")");
            } else {
                me = Strand.current();
                waiter = putTurns.join(me);
            }
        }
        if (waiter == null) {
            WaitQueue.wakeOne(getter, this);
        } else {
            awaitRoom(item, me, waiter, timeout);
        }
    }

    /** Adds {@code item}; returns the getter to wake for it, if any. Under the monitor. */
    private WaitQueue.Waiter store(T item) {
        items.add(item);
        added();
        return nextGetter();
    }

    private void awaitRoom(T item, Strand me, WaitQueue.Waiter waiter, Duration timeout) {
        long deadline = me.loop.deadlineAfter(timeout);
        while (true) {
            boolean notified = putTurns.await(this, waiter, deadline);
            WaitQueue.Waiter wake = null;
            WaitQueue.Waiter wakeToo = null;
            RuntimeException failed = null;
            synchronized (this) {
                int turn = putTurns.claim(waiter, notified, !shutdown && me.loop.nanoTime() < deadline, true);
                if (shutdown) throw shutDownForPut();
                if (turn == Turns.WAIT) continue;
                if (turn == Turns.NONE) throw new Full("queue still full (maxsize=" + maxsize + ") after " + timeout);
                try {
                    wake = store(item);
                    wakeToo = nextPutter(); // room may be left for putters that gave way to us
                } catch (RuntimeException e) { // a PriorityQueue comparator: the room stays free
                    failed = e;
                    wake = nextPutter();
                }
            }
            WaitQueue.wakeOne(wake, this);
            WaitQueue.wakeOne(wakeToo, this);
            if (failed != null) throw failed;
            return;
        }
    }

    // ---- get and peek ----

    /** Removes and returns the head item, waiting as long as it takes. See {@link #get(boolean, Duration)}. */
    public T get() {
        return take(true, null, true);
    }

    /**
     * Removes and returns the head item, waiting at most {@code timeout} ({@code null}: no limit).
     * See {@link #get(boolean, Duration)}.
     *
     * @throws Empty if the queue is still empty when the timeout passes
     */
    public T get(Duration timeout) {
        return take(true, timeout, true);
    }

    /**
     * Removes and returns the head item if there is one now; never blocks.
     *
     * @throws Empty if the queue is empty
     * @throws ShutDown if the queue was shut down and is empty
     */
    public T getNowait() {
        return take(false, null, true);
    }

    /**
     * Removes and returns the head item.
     *
     * <p>Never blocks while the queue holds an item: it then returns at once, without yielding, and
     * wakes the first waiting putter of a full queue (which runs later). On an empty queue, with
     * {@code block} false it throws {@link Empty} at once; with {@code block} true it waits
     * cooperatively until a put brings an item and this getter's turn comes (getters receive items
     * in the order they started waiting), until {@code timeout} passes ({@code null}: no limit), or
     * until the queue is shut down.
     *
     * <p>A kill or {@link org.gevent4j.Timeout} aimed at the caller while it waits is raised from
     * here, and the caller has taken no item: an item it was woken for stays in the queue for the
     * next getter.
     *
     * @throws Empty if the queue is empty and {@code block} is false, or still empty when the
     *     timeout passes
     * @throws ShutDown if the queue is shut down and empty, before or while waiting
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public T get(boolean block, Duration timeout) {
        return take(block, timeout, true);
    }

    /**
     * Returns the head item without removing it, waiting as long as it takes. See {@link #peek(boolean, Duration)}.
     *
     * @return the head item, left in the queue; never null
     * @throws ShutDown if the queue is shut down and empty, before or while waiting
     */
    public T peek() {
        return take(true, null, false);
    }

    /**
     * Returns the head item without removing it, waiting at most {@code timeout} ({@code null}: no
     * limit). See {@link #peek(boolean, Duration)}.
     *
     * @param timeout the longest wait, {@code null} for no limit; not negative
     * @return the head item, left in the queue; never null
     * @throws Empty if the queue is still empty when the timeout passes
     */
    public T peek(Duration timeout) {
        return take(true, timeout, false);
    }

    /**
     * Returns the head item without removing it if there is one now; never blocks.
     *
     * @return the head item, left in the queue; never null
     * @throws Empty if the queue is empty
     * @throws ShutDown if the queue was shut down and is empty
     */
    public T peekNowait() {
        return take(false, null, false);
    }

    /**
     * Returns the head item without removing it: {@link #get(boolean, Duration)}'s rules, but the
     * item stays (so it frees no room). A peeker waits in line with the getters; when its turn comes
     * it looks, leaves the item, and the next waiting getter is woken for that item.
     *
     * @param block false to fail at once rather than wait
     * @param timeout with {@code block}, the longest wait, {@code null} for no limit; not negative
     * @return the head item, left in the queue; never null
     * @throws Empty if the queue is empty and {@code block} is false, or still empty when the
     *     timeout passes
     * @throws ShutDown if the queue is shut down and empty, before or while waiting
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public T peek(boolean block, Duration timeout) {
        return take(block, timeout, false);
    }

    private T take(boolean block, Duration timeout, boolean remove) {
        Sneaky.checkTimeout("timeout", timeout);
        T item;
        WaitQueue.Waiter putter;
        WaitQueue.Waiter waiter;
        Strand me;
        synchronized (this) {
            getters.recordUse(); // a peek or a failed getNowait asks no queue
            item = remove ? items.poll() : items.peek();
            if (item != null) {
                if (!remove) return item;
                putter = nextPutter();
                waiter = null;
                me = null;
            } else if (shutdown) {
                throw shutDown();
            } else if (!block) {
                throw new Empty("queue is empty");
            } else {
                me = Strand.current();
                waiter = getTurns.join(me);
                putter = null;
            }
        }
        if (waiter == null) {
            WaitQueue.wakeOne(putter, this);
            return item;
        }
        return awaitItem(me, waiter, timeout, remove);
    }

    private T awaitItem(Strand me, WaitQueue.Waiter waiter, Duration timeout, boolean remove) {
        long deadline = me.loop.deadlineAfter(timeout);
        while (true) {
            boolean notified = getTurns.await(this, waiter, deadline);
            T item;
            WaitQueue.Waiter wake;
            WaitQueue.Waiter wakeToo = null;
            synchronized (this) {
                int turn = getTurns.claim(waiter, notified, !shutdown && me.loop.nanoTime() < deadline, true);
                if (turn == Turns.WAIT) continue;
                if (turn == Turns.NONE) throw shutdown ? shutDown() : new Empty("queue still empty after " + timeout);
                if (remove) {
                    item = items.poll();
                    wake = nextPutter(); // taking an item frees room for a putter
                    wakeToo = nextGetter(); // items may be left for getters that gave way to us
                } else {
                    item = items.peek();
                    wake = nextGetter(); // peeking leaves the item to the next getter
                }
            }
            WaitQueue.wakeOne(wake, this);
            WaitQueue.wakeOne(wakeToo, this);
            return item;
        }
    }

    /** Grants a getter its turn if an item has no woken getter yet; returns it to wake. Under the monitor. */
    private WaitQueue.Waiter nextGetter() {
        return getTurns.grant();
    }

    /** Grants a putter its turn if a free slot has no woken putter yet; returns it to wake. Under the monitor. */
    private WaitQueue.Waiter nextPutter() {
        return putTurns.grant();
    }

    // ---- shutdown ----

    /** {@link #shutdown(boolean) shutdown(false)}: gets may still drain the items left. */
    public void shutdown() {
        shutdown(false);
    }

    /**
     * Shuts the queue down (Python 3.13's {@code Queue.shutdown}). From now on every put throws
     * {@link ShutDown}, and every get or peek throws it once the queue is empty; with
     * {@code immediate}, the items left are discarded at once, so gets throw at once (a
     * {@link JoinableQueue} counts each discarded item as done, which may release {@code join}).
     * Every greenlet blocked in {@code put}, {@code get} or {@code peek} is woken: putters throw
     * {@link ShutDown}; getters take an item if one is left, else throw {@link ShutDown}. Calling it
     * again does nothing more (except that {@code immediate} still discards the items). Never blocks.
     */
    public void shutdown(boolean immediate) {
        WaitQueue.Waiter wokenGetters, wokenPutters;
        WaitQueue.Waiter done = null;
        synchronized (this) {
            shutdown = true;
            if (immediate) {
                int n = items.size();
                items.clear();
                done = discarded(n);
            }
            // Every waiter gets a turn, and sees the shutdown when it runs.
            wokenGetters = getTurns.grantAll();
            wokenPutters = putTurns.grantAll();
        }
        WaitQueue.wake(wokenGetters, this);
        WaitQueue.wake(wokenPutters, this);
        WaitQueue.wake(done, this);
    }

    /**
     * Shuts the queue down with an error (Jox's {@code error}, Kotlin's {@code close(cause)}): as
     * {@link #shutdown(boolean) shutdown(true)}, the items left are discarded (a {@link JoinableQueue}
     * counts them done), and from now on every put, get and peek, waiting or later, throws
     * {@link ShutDown} whose {@linkplain ShutDown#getCause() cause} is {@code error}, so that every
     * consumer learns why the producer stopped. A {@link Select} clause on the queue throws the same.
     * If the queue was shut down already, only the discarding happens: the first shutdown decides
     * between "done" and an error. Never blocks.
     *
     * @throws NullPointerException if {@code error} is null
     */
    public void shutdown(Throwable error) {
        Sneaky.checkNotNull("error", error);
        synchronized (this) {
            if (!shutdown) this.error = error;
        }
        shutdown(true);
    }

    /** Whether {@link #shutdown} was called. */
    public boolean isShutDown() {
        return shutdown;
    }

    /** The error given to {@link #shutdown(Throwable)}, or null if the queue is open or was shut down "done". */
    public Throwable shutdownError() {
        return error;
    }

    private ShutDown shutDown() {
        Throwable e = error;
        return e == null ? new ShutDown("queue is shut down and empty") : new ShutDown("queue is shut down with an error", e);
    }

    private ShutDown shutDownForPut() {
        Throwable e = error;
        return e == null ? new ShutDown("queue is shut down: put refused")
                : new ShutDown("queue is shut down with an error: put refused", e);
    }

    // ---- select (see Select's overview); all under the monitor, wake-ups after it ----

    /**
     * A select's clause tries this queue: takes an item (puts its offer) if it can now and the
     * select lets it win; else, with {@code register}, queues the select's waiter with a ticket
     * like any getter (putter). Returns true if the select is decided (by this clause or another).
     */
    @SuppressWarnings("unchecked")
    boolean selectArm(Select.Arm a, Strand me, boolean register) {
        WaitQueue.Waiter wake = null;
        try {
            synchronized (this) {
                getters.recordUse();
                if (a.put ? shutdown : items.isEmpty() && shutdown) {
                    return a.closed(a.put ? shutDownForPut() : shutDown());
                }
                if (a.put ? hasRoom() : !items.isEmpty()) {
                    if (!a.sel.tryWin(a.index)) return true;
                    if (a.put) {
                        try {
                            wake = store((T) a.offer);
                        } catch (RuntimeException e) { // a PriorityQueue comparator: nothing was put
                            a.failure = e;
                        }
                    } else {
                        a.value = items.poll();
                        wake = nextPutter();
                    }
                    return true;
                }
                if (register) a.waiter = (a.put ? putTurns : getTurns).join(me);
                return false;
            }
        } finally {
            WaitQueue.wakeOne(wake, this);
        }
    }

    /**
     * The select's waiter here was woken (its turn came, or a shutdown): as a woken getter (putter)
     * re-checks, but it may take the item (room) only if the select lets it win; if the select is
     * decided otherwise, the turn goes to the next waiter. Returns true if the select is decided.
     */
    @SuppressWarnings("unchecked")
    boolean selectRetry(Select.Arm a) {
        WaitQueue.Waiter wake = null;
        WaitQueue.Waiter wakeToo = null;
        try {
            synchronized (this) {
                WaitQueue.Waiter w = a.waiter;
                if (!w.notified()) return false; // still in line
                boolean closed = a.put ? shutdown : items.isEmpty() && shutdown;
                // A select takes what its turn gives it: it does not yield to earlier woken waiters.
                int turn = (a.put ? putTurns : getTurns).claim(w, true, !closed, false);
                if (turn == Turns.WAIT) return false; // someone barged in first: back in line at our place
                if (closed) return a.closed(a.put ? shutDownForPut() : shutDown()); // NONE comes only here
                if (!a.sel.tryWin(a.index)) {
                    wake = a.put ? nextPutter() : nextGetter(); // the turn goes on
                    return true;
                }
                if (a.put) {
                    try {
                        wake = store((T) a.offer);
                        wakeToo = nextPutter();
                    } catch (RuntimeException e) { // a PriorityQueue comparator: the room stays free
                        a.failure = e;
                        wake = nextPutter();
                    }
                } else {
                    a.value = items.poll();
                    wake = nextPutter();
                    wakeToo = nextGetter();
                }
                return true;
            }
        } finally {
            WaitQueue.wakeOne(wake, this);
            WaitQueue.wakeOne(wakeToo, this);
        }
    }

    /** The select is decided: its waiter leaves the line, passing on a turn it was given and did not use. */
    void selectCancel(Select.Arm a) {
        WaitQueue.Waiter next;
        synchronized (this) {
            WaitQueue.Waiter w = a.waiter;
            if (w == null) return;
            next = (a.put ? putTurns : getTurns).leave(w);
        }
        WaitQueue.wakeOne(next, this);
    }

    /** Whether a select arm's waiter here may be woken by another thread (see WaitQueue.shared). */
    boolean selectShared() {
        return getters.shared();
    }

    // ---- iteration ----

    /**
     * Iterates by taking items with {@link #get()}: {@code hasNext()} blocks until an item comes
     * and returns false once the queue is shut down and empty. (gevent's iteration instead stops at
     * a {@code StopIteration} item; Java has no such value, so shut the queue down to end it.)
     * Each iterator is single-pass; items it takes are gone from the queue.
     */
    @Override
    public Iterator<T> iterator() {
        return new Iterator<>() {
            private T next;

            @Override
            public boolean hasNext() {
                if (next != null) return true;
                try {
                    next = get();
                    return true;
                } catch (ShutDown e) {
                    if (e.getCause() != null) throw e; // shut down with an error: the consumer must see it
                    return false;
                }
            }

            @Override
            public T next() {
                if (!hasNext()) throw new NoSuchElementException("queue is shut down and empty");
                T t = next;
                next = null;
                return t;
            }
        };
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("<").append(getClass().getSimpleName());
        synchronized (this) {
            if (maxsize > 0) s.append(" maxsize=").append(maxsize);
            s.append(" qsize=").append(items.size());
            if (!getters.isEmpty()) s.append(" getters=").append(getters.size());
            if (!putters.isEmpty()) s.append(" putters=").append(putters.size());
            describe(s);
            if (shutdown) s.append(" shut down");
        }
        return s.append('>').toString();
    }

    /** Adds a subclass's state to {@link #toString()}. Under the monitor. */
    void describe(StringBuilder s) {}
}
