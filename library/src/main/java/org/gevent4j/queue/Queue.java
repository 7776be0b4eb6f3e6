package org.gevent4j.queue;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.gevent4j.internal.Sneaky;
import org.gevent4j.internal.Strand;
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
 * Turns. wokenGetters holds the getters that were dequeued and notified but have not run yet; each
 * of them expects one item. wokenPutters does the same for putters and free slots. Invariant,
 * restored under the monitor by every operation:
 *
 *     getters.isEmpty() || items.size() <= wokenGetters.size()
 *     putters.isEmpty() || room() <= wokenPutters.size()   (room(): free slots of a bounded queue)
 *
 * that is, while anyone waits, every available item (free slot) has a notified getter (putter) on
 * its way. An operation moves items.size() by at most one, so it notifies at most one waiter of
 * each kind (nextGetter / nextPutter); the wake-up happens after the monitor is released.
 *
 * Tickets. Each waiter carries an arrival ticket in Waiter.item, and waiters are served strictly in
 * ticket order: a notified waiter re-checks when it runs, and
 *  - if someone barged in first (a get or put that was not waiting, as gevent allows) and it finds
 *    nothing, it goes back in line ahead of everyone who came after it (requeue: a plain addFirst
 *    would reverse several such waiters);
 *  - if it finds an item (a slot) but a waiter with a lower ticket is still unserved, it gives way:
 *    it goes back in line and gives up its turn. That happens when a waiter that went back in line
 *    is woken again while a later one, woken before it, has not run yet: the later one runs first
 *    (run queues are FIFO) and would otherwise take what was meant for the earlier (gevent cannot
 *    get there: its _unlock switches to each waiter as it wakes it). If the earlier waiter is back
 *    in line, the turn goes to the head of the line, which is that waiter; if it is woken already,
 *    it hands the turn on itself once it is served (every served waiter notifies the next waiter
 *    of its own kind if items or slots are left) or gives up;
 *  - otherwise it takes the item (the slot).
 * wokenGetters and wokenPutters are kept in ticket order so that "an earlier waiter is woken" is a
 * look at their head; they are nearly always in order already, so that costs nothing.
 *
 * A notified waiter killed (or hit by its Timeout) before it ran took nothing: its turn goes to
 * the next waiter, so the item it was woken for is neither lost nor stranded. A waiter whose
 * deadline passes unnotified is dequeued by WaitQueue.await; one notified just as its deadline
 * passed still gets its re-check, then takes what it finds like any call that does not wait.
 *
 * The turn is passed on in our own catch block rather than through WaitQueue.await's passOn
 * callback, so that this wake-up too happens after the monitor is released.
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
 * {@link Select#get(Queue)} and {@link Select#put(Queue, Object)} make clauses of this queue's
 * operations for {@link Select#select}: a select waits for the first of several operations, on
 * several queues and channels, and completes exactly one.
 *
 * @param <T> the type of the items
 */
public sealed class Queue<T> implements Iterable<T> permits LifoQueue, PriorityQueue, JoinableQueue {
    private final java.util.Queue<T> items;
    private final int maxsize;
    final WaitQueue getters = new WaitQueue();
    private final WaitQueue putters = new WaitQueue(getters);
    /* Notified waiters that have not run yet, in ticket order: their number is the turns. */
    private final ArrayDeque<WaitQueue.Waiter> wokenGetters = new ArrayDeque<>();
    private final ArrayDeque<WaitQueue.Waiter> wokenPutters = new ArrayDeque<>();
    private long tickets;
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
     */
    public Queue(int maxsize) {
        this(maxsize, new ArrayDeque<>());
    }

    Queue(int maxsize, java.util.Queue<T> items) {
        this.maxsize = Math.max(maxsize, 0);
        this.items = items;
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
                waiter = putters.add(me);
                waiter.item = ++tickets;
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
            boolean notified;
            try {
                notified = putters.await(this, waiter, deadline, null);
            } catch (Throwable t) {
                WaitQueue.Waiter next = null;
                synchronized (this) {
                    if (waiter.notified() && unwake(wokenPutters, waiter)) next = nextPutter();
                }
                WaitQueue.wakeOne(next, this);
                throw t;
            }
            WaitQueue.Waiter wake = null;
            WaitQueue.Waiter wakeToo = null;
            RuntimeException failed = null;
            boolean again = false;
            synchronized (this) {
                if (notified) unwake(wokenPutters, waiter);
                if (shutdown) throw shutDownForPut();
                boolean inTime = me.loop.nanoTime() < deadline;
                if (hasRoom()) {
                    if (notified && inTime && (again = earlierWaiter(wokenPutters, putters, waiter))) {
                        wake = giveWay(wokenPutters, putters, waiter) ? nextPutter() : null;
                    } else {
                        try {
                            wake = store(item);
                            wakeToo = nextPutter(); // room may be left for putters that gave way to us
                        } catch (RuntimeException e) { // a PriorityQueue comparator: the room stays free
                            failed = e;
                            wake = nextPutter();
                        }
                    }
                } else if (!notified || !inTime) {
                    throw new Full("queue still full (maxsize=" + maxsize + ") after " + timeout);
                } else {
                    requeue(putters, waiter); // someone took the room first: wait again, keeping our place
                    continue;
                }
            }
            WaitQueue.wakeOne(wake, this);
            WaitQueue.wakeOne(wakeToo, this);
            if (failed != null) throw failed;
            if (!again) return;
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

    /** Returns the head item without removing it, waiting as long as it takes. See {@link #peek(boolean, Duration)}. */
    public T peek() {
        return take(true, null, false);
    }

    /**
     * Returns the head item without removing it, waiting at most {@code timeout} ({@code null}: no
     * limit). See {@link #peek(boolean, Duration)}.
     *
     * @throws Empty if the queue is still empty when the timeout passes
     */
    public T peek(Duration timeout) {
        return take(true, timeout, false);
    }

    /**
     * Returns the head item without removing it if there is one now; never blocks.
     *
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
                waiter = getters.add(me);
                waiter.item = ++tickets;
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
            boolean notified;
            try {
                notified = getters.await(this, waiter, deadline, null);
            } catch (Throwable t) {
                WaitQueue.Waiter next = null;
                synchronized (this) {
                    if (waiter.notified() && unwake(wokenGetters, waiter)) next = nextGetter();
                }
                WaitQueue.wakeOne(next, this);
                throw t;
            }
            T item = null;
            WaitQueue.Waiter wake = null;
            WaitQueue.Waiter wakeToo = null;
            synchronized (this) {
                if (notified) unwake(wokenGetters, waiter);
                boolean inTime = me.loop.nanoTime() < deadline;
                if (!items.isEmpty()) {
                    if (notified && inTime && !shutdown && earlierWaiter(wokenGetters, getters, waiter)) {
                        wake = giveWay(wokenGetters, getters, waiter) ? nextGetter() : null;
                    } else if (remove) {
                        item = items.poll();
                        wake = nextPutter(); // taking an item frees room for a putter
                        wakeToo = nextGetter(); // items may be left for getters that gave way to us
                    } else {
                        item = items.peek();
                        wake = nextGetter(); // peeking leaves the item to the next getter
                    }
                } else if (shutdown) {
                    throw shutDown();
                } else if (!notified || !inTime) {
                    throw new Empty("queue still empty after " + timeout);
                } else {
                    requeue(getters, waiter); // someone took the item first: wait again, keeping our place
                    continue;
                }
            }
            WaitQueue.wakeOne(wake, this);
            WaitQueue.wakeOne(wakeToo, this);
            if (item != null) return item;
        }
    }

    /**
     * Whether a waiter that came before {@code w} (a ticket below its own) is still unserved: woken
     * and not run yet, or back in line. {@code w} itself is no longer among the woken. Under the
     * monitor.
     */
    private static boolean earlierWaiter(ArrayDeque<WaitQueue.Waiter> woken, WaitQueue line, WaitQueue.Waiter w) {
        long ticket = ticket(w);
        WaitQueue.Waiter e = woken.peekFirst();
        if (e != null && ticket(e) < ticket) return true;
        e = line.first();
        return e != null && ticket(e) < ticket;
    }

    /**
     * A woken waiter that must let an earlier one go first goes back in line, giving up its turn.
     * Returns whether the turn must be handed on now: yes if the earlier waiter is back in line
     * (the caller wakes the head of the line, which is it); no if it is woken already (it hands
     * the turn on itself when it is served, gives up or dies, and waking the head of the line now
     * would wake {@code w} again and again before it runs). Under the monitor.
     */
    private static boolean giveWay(ArrayDeque<WaitQueue.Waiter> woken, WaitQueue line, WaitQueue.Waiter w) {
        WaitQueue.Waiter e = woken.peekFirst();
        boolean earlierIsWoken = e != null && ticket(e) < ticket(w);
        requeue(line, w);
        return !earlierIsWoken;
    }

    /**
     * Puts back in line a woken waiter that found nothing, ahead of every waiter that came after it.
     * Under the monitor. Usually it goes first; only when several woken waiters came back does it
     * pass those that arrived before it.
     */
    private static void requeue(WaitQueue line, WaitQueue.Waiter w) {
        long ticket = ticket(w);
        WaitQueue.Waiter first = line.first();
        if (first == null || ticket(first) > ticket) {
            line.addFirst(w);
            return;
        }
        ArrayDeque<WaitQueue.Waiter> ahead = new ArrayDeque<>();
        while ((first = line.first()) != null && ticket(first) < ticket) {
            line.remove(first);
            ahead.push(first);
        }
        line.addFirst(w);
        while (!ahead.isEmpty()) line.addFirst(ahead.pop());
    }

    /** Notifies the first waiting getter if an item has no notified getter yet. Under the monitor. */
    private WaitQueue.Waiter nextGetter() {
        if (getters.isEmpty() || items.size() <= wokenGetters.size()) return null;
        return woke(wokenGetters, getters.takeFirst());
    }

    /** Notifies the first waiting putter if a free slot has no notified putter yet. Under the monitor. */
    private WaitQueue.Waiter nextPutter() {
        if (putters.isEmpty() || (maxsize != 0 && maxsize - items.size() <= wokenPutters.size())) return null;
        return woke(wokenPutters, putters.takeFirst());
    }

    private static long ticket(WaitQueue.Waiter w) {
        return w.item instanceof Select.Arm a ? a.ticket : (Long) w.item;
    }

    /** Records a notified waiter among the woken, in ticket order; returns it. Under the monitor. */
    private static WaitQueue.Waiter woke(ArrayDeque<WaitQueue.Waiter> woken, WaitQueue.Waiter w) {
        WaitQueue.Waiter last = woken.peekLast();
        if (last == null || ticket(last) < ticket(w)) {
            woken.addLast(w); // the usual case: the line is in ticket order
            return w;
        }
        // A waiter that went back in line is woken after later ones that have not run yet.
        ArrayDeque<WaitQueue.Waiter> later = new ArrayDeque<>();
        while (!woken.isEmpty() && ticket(woken.peekLast()) > ticket(w)) later.push(woken.pollLast());
        woken.addLast(w);
        while (!later.isEmpty()) woken.addLast(later.pop());
        return w;
    }

    /** Removes a woken waiter that runs, or died, from the woken; false if it was not there. Under the monitor. */
    private static boolean unwake(ArrayDeque<WaitQueue.Waiter> woken, WaitQueue.Waiter w) {
        if (woken.peekFirst() == w) {
            woken.pollFirst();
            return true;
        }
        return woken.remove(w);
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
        java.util.List<WaitQueue.Waiter> woken = new java.util.ArrayList<>();
        WaitQueue.Waiter done = null;
        synchronized (this) {
            shutdown = true;
            if (immediate) {
                int n = items.size();
                items.clear();
                done = discarded(n);
            }
            // Woken like any notified waiter, so each takes back its turn when it runs.
            WaitQueue.Waiter w;
            while ((w = getters.takeFirst()) != null) woken.add(woke(wokenGetters, w));
            while ((w = putters.takeFirst()) != null) woken.add(woke(wokenPutters, w));
        }
        for (WaitQueue.Waiter w : woken) WaitQueue.wakeOne(w, this);
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
                if (register) {
                    a.waiter = (a.put ? putters : getters).add(me);
                    a.ticket = ++tickets;
                    a.waiter.item = a;
                }
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
                boolean mine = unwake(a.put ? wokenPutters : wokenGetters, w);
                if (!mine) return false; // served already (a cancel passed the turn on)
                if (a.put ? shutdown : items.isEmpty() && shutdown) return a.closed(a.put ? shutDownForPut() : shutDown());
                if (a.put ? hasRoom() : !items.isEmpty()) {
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
                requeue(a.put ? putters : getters, w); // someone barged in first: keep our place
                return false;
            }
        } finally {
            WaitQueue.wakeOne(wake, this);
            WaitQueue.wakeOne(wakeToo, this);
        }
    }

    /** The select is decided: its waiter leaves the line, passing on a turn it was given and did not use. */
    void selectCancel(Select.Arm a) {
        WaitQueue.Waiter next = null;
        synchronized (this) {
            WaitQueue.Waiter w = a.waiter;
            if (w == null) return;
            WaitQueue line = a.put ? putters : getters;
            if (!line.remove(w) && w.notified() && unwake(a.put ? wokenPutters : wokenGetters, w)) {
                next = a.put ? nextPutter() : nextGetter();
            }
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
