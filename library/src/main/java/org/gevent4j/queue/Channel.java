package org.gevent4j.queue;

import java.time.Duration;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.gevent4j.internal.Loop;
import org.gevent4j.internal.Sneaky;
import org.gevent4j.internal.Strand;
import org.gevent4j.internal.WaitQueue;

/*
 * Implementation overview
 *
 * A channel stores nothing: a waiting putter keeps its offer in its own Waiter.item. Whoever comes
 * second completes the hand-off, at once, under the monitor (java.util.concurrent.SynchronousQueue's
 * rule): a get that finds a waiting putter takes its offer and wakes it; a put that finds a waiting
 * getter stores the item in that getter's Waiter.item and wakes it. So at most one side ever waits
 * (getters.isEmpty() || putters.isEmpty()), both sides are served strictly in arrival order, and
 * nobody barges: there is no "woken but not yet served" state as in Queue.
 *
 * A blocking put that handed its item over then yields once, so that on the same hub the getter
 * runs before the putter resumes, as in gevent (whose hub switches to the getter first). Two
 * switches per item is the floor of that order, and the hot path adds as little as it can to
 * them (BENCHMARKS.md, "Issue 14 item 4: Channel hand-off at its floor"): while the channel has
 * been used by one hub only (WaitQueue.shared() false), an untimed get parks directly and reads
 * its item without the monitor (its putter ran on this same thread and was done before it woke
 * the getter), and a wait re-uses the waiter its greenlet's last completed wait left (`spare`),
 * so a hand-off loop allocates nothing. Once another thread uses the channel, every wait takes
 * the general path (WaitQueue.await, the item read under the monitor, a new waiter).
 *
 * Once the hand-off is done the item belongs to the receiver, so an exception (a kill, a Timeout)
 * that reaches a waiter after its hand-off cannot undo it: the call returns normally, the item
 * delivered, and the exception is re-delivered to be raised at the caller's next blocking call (as
 * SynchronousQueue re-asserts an interrupt that came too late). A waiter killed before any hand-off
 * has given or taken nothing. To keep that window small, a hand-off passes over waiters that
 * already have a kill or Timeout pending (they will raise it when they run): they are dequeued as
 * "passed over" (notified, no hand-off) and raise their exception; should it have been withdrawn
 * meanwhile, they go back to the head of the line.
 */

/**
 * A rendezvous point: gevent's {@code Channel}, a queue of capacity zero. {@link #put} hands its
 * item directly to a greenlet in {@link #get} and waits until one takes it; {@link #get} waits until
 * a putter comes. Nothing is ever stored: {@link #qsize()} is always 0, and the channel is both
 * {@link #empty()} and {@link #full()}.
 *
 * <p>Putters are served in the order they started waiting, and so are getters. Every item put is
 * received by exactly one getter, or by none if its put failed: a put that throws has delivered
 * nothing, and a get that throws has taken nothing. A hand-off, once made, stands: a putter (getter)
 * killed or timed out just after a getter took its item (a putter handed it one) returns normally,
 * and the kill or Timeout is raised at its next blocking call.
 *
 * <p>Thread-safe: greenlets of several hubs and platform threads may put and get; a waiter is woken
 * on its own hub. {@code null} is not an item ({@link NullPointerException}).
 *
 * <p>{@link #shutdown()} wakes every waiting putter and getter with {@link ShutDown}; later puts and
 * gets throw it too. Iterating ({@code for (T item : channel)}) gets items until the channel is
 * shut down. {@link #shutdown(Throwable)} closes it with an error instead: the {@link ShutDown}
 * every put and get throws from then on is caused by that error, and an iteration throws it.
 *
 * <p>{@link Select#get(Pipe)} and {@link Select#put(Pipe, Object)} make clauses of this
 * channel's operations for {@link Select#select}, which completes exactly one of several.
 *
 * @param <T> the type of the items
 */
public final class Channel<T> implements Pipe<T> {
    private final WaitQueue getters = new WaitQueue();
    private final WaitQueue putters = new WaitQueue(getters);
    private volatile boolean shutdown;
    /** Why the channel was shut down with an error ({@link #shutdown(Throwable)}); null: "done". */
    private volatile Throwable error;
    /**
     * The waiter of the last put or get that completed a hand-off by waiting, kept for that
     * greenlet's next wait (see waiterIn): a hand-off loop then allocates nothing. Only while the
     * channel is not shared: then whoever woke the waiter did so on this hub's thread and was done
     * with it before the waiter ran (a waker on another thread could still be touching it). It
     * keeps that one strand reachable until the next wait on this channel. Under the monitor,
     * or on the one hub's thread while not shared.
     */
    private WaitQueue.Waiter spare;

    /** A new channel. */
    public Channel() {}

    /** Always 0: a channel holds no item. */
    public int maxsize() {
        return 0;
    }

    /** Always 0: a channel holds no item (an offer of a waiting putter is not in the channel). */
    public int qsize() {
        return 0;
    }

    /** Always true. */
    public boolean empty() {
        return true;
    }

    /** Always true: a put cannot complete without a getter. */
    public boolean full() {
        return true;
    }

    /**
     * The number of greenlets waiting in {@code put} minus those waiting in {@code get} (gevent's
     * {@code balance}): positive when items wait for getters, negative when getters wait for items.
     *
     * @return putters waiting minus getters waiting, at this moment
     */
    public synchronized int balance() {
        return putters.size() - getters.size();
    }

    // ---- put ----

    /** Puts {@code item}, waiting as long as it takes for a getter. See {@link #put(Object, boolean, Duration)}. */
    public void put(T item) {
        put(item, true, null);
    }

    /**
     * Puts {@code item}, waiting at most {@code timeout} for a getter ({@code null}: no limit). See
     * {@link #put(Object, boolean, Duration)}.
     *
     * @throws Full if no getter took the item when the timeout passes
     */
    public void put(T item, Duration timeout) {
        put(item, true, timeout);
    }

    /**
     * Hands {@code item} to a greenlet waiting in {@code get}, if one waits now; never blocks or
     * yields. The getter receives it even if it is killed before it runs again (the kill is then
     * raised at its next blocking call).
     *
     * @throws Full if no getter is waiting
     * @throws ShutDown if the channel was shut down
     */
    public void putNowait(T item) {
        put(item, false, null);
    }

    /**
     * Puts {@code item}: hands it to a getter, waiting for one if needed.
     *
     * <p>With {@code block} true, always blocks cooperatively. If greenlets wait in {@code get}, the
     * first of them receives the item at once and this call yields (on the same hub, that getter runs
     * before this call returns). Otherwise it waits until a getter takes the item (putters are served
     * in the order they started waiting), until {@code timeout} passes ({@code null}: no limit), or
     * until the channel is shut down. With {@code block} false, see {@link #putNowait}.
     *
     * <p>A kill or {@link org.gevent4j.Timeout} aimed at the caller while it waits is raised from
     * here if no getter has taken the item yet: nothing was delivered. If a getter has taken it, the
     * put has happened: this call returns normally and the kill or Timeout is raised at the caller's
     * next blocking call.
     *
     * @throws Full if {@code block} is false and no getter waits, or no getter took the item before
     *     the timeout passed; nothing was delivered
     * @throws ShutDown if the channel is shut down, before or while waiting; nothing was delivered
     * @throws NullPointerException if {@code item} is null
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public void put(T item, boolean block, Duration timeout) {
        Sneaky.checkNotNull("item", item);
        Sneaky.checkTimeout("timeout", timeout);
        WaitQueue.Waiter getter;
        WaitQueue.Waiter waiter = null;
        Strand me = null;
        synchronized (this) {
            if (shutdown) throw shutDown(": put refused");
            getter = firstLive(getters);
            if (getter != null) {
                getters.take(getter);
                handTo(getter, item); // handed over: this getter returns it whatever happens next
            } else if (!block) {
                throw new Full("no getter is waiting on the channel");
            } else {
                me = Strand.current();
                waiter = waiterIn(putters, me);
                waiter.item(item);
            }
        }
        if (getter != null) {
            Strand g = getter.strand();
            g.unpark(); // a getter is always a strand (a select's too), never a callback
            if (block) {
                // Yields once if the getter is on this hub, so it runs first (gevent's order).
                me = Strand.current();
                if (g.loop == me.loop && !me.hasPending()) {
                    try {
                        me.yieldNow();
                    } catch (Throwable t) {
                        me.deliver(t); // the put has happened: raise it at the next blocking call instead
                    }
                }
            }
            return;
        }
        awaitTaken(me, waiter, timeout);
    }

    private void awaitTaken(Strand me, WaitQueue.Waiter waiter, Duration timeout) {
        long deadline = me.loop.deadlineAfter(timeout);
        while (true) {
            boolean notified;
            try {
                notified = putters.await(this, waiter, deadline, null);
            } catch (Throwable t) {
                boolean taken;
                synchronized (this) {
                    taken = waiter.notified() && waiter.item() == null;
                    waiter.item(null);
                }
                if (!taken) throw t;
                me.deliver(t); // a getter has the item: the put happened, the exception comes later
                return;
            }
            WaitQueue.Waiter getter = null;
            synchronized (this) {
                if (notified && waiter.item() == null) { // taken
                    if (!putters.shared()) spare = waiter;
                    return;
                }
                if (notified && !shutdown && me.loop.nanoTime() < deadline) {
                    // Passed over for a kill that was then withdrawn: hand over now, or wait again.
                    getter = firstLive(getters);
                    if (getter == null) {
                        putters.addFirst(waiter);
                        continue;
                    }
                    getters.take(getter);
                    handTo(getter, waiter.item());
                }
                waiter.item(null);
            }
            if (getter != null) {
                WaitQueue.wakeOne(getter, this);
                return;
            }
            if (shutdown) throw shutDown(": put refused");
            throw new Full("no getter took the item within " + timeout);
        }
    }

    // ---- get ----

    /** Takes an item from a putter, waiting as long as it takes. See {@link #get(boolean, Duration)}. */
    public T get() {
        return get(true, null);
    }

    /**
     * Takes an item from a putter, waiting at most {@code timeout} ({@code null}: no limit). See
     * {@link #get(boolean, Duration)}.
     *
     * @throws Empty if no putter came before the timeout passed
     */
    public T get(Duration timeout) {
        return get(true, timeout);
    }

    /**
     * Takes the item of a greenlet waiting in {@code put}, if one waits now; never blocks.
     *
     * @throws Empty if no putter is waiting
     * @throws ShutDown if the channel was shut down
     */
    public T getNowait() {
        return get(false, null);
    }

    /**
     * Takes an item from a putter.
     *
     * <p>If greenlets wait in {@code put}, takes the item of the first of them at once, without
     * yielding, and wakes it. Otherwise, with {@code block} false it throws {@link Empty}; with
     * {@code block} true it waits cooperatively until a putter hands it an item (getters are served
     * in the order they started waiting), until {@code timeout} passes ({@code null}: no limit), or
     * until the channel is shut down.
     *
     * <p>A kill or {@link org.gevent4j.Timeout} aimed at the caller while it waits is raised from
     * here if no putter has handed it an item yet: it took nothing. If one has, the get has happened:
     * this call returns the item and the kill or Timeout is raised at the caller's next blocking call.
     *
     * @throws Empty if no putter waits and {@code block} is false, or none came before the timeout
     * @throws ShutDown if the channel is shut down, before or while waiting
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public T get(boolean block, Duration timeout) {
        Sneaky.checkTimeout("timeout", timeout);
        WaitQueue.Waiter putter;
        WaitQueue.Waiter waiter = null;
        Strand me = null;
        T item = null;
        synchronized (this) {
            putter = firstLive(putters);
            if (putter != null) {
                item = claim(putter);
            } else if (shutdown) {
                throw shutDown("");
            } else if (!block) {
                throw new Empty("no putter is waiting on the channel");
            } else {
                me = Strand.current();
                waiter = waiterIn(getters, me);
            }
        }
        if (waiter == null) {
            WaitQueue.wakeOne(putter, this);
            return item;
        }
        return awaitItem(me, waiter, timeout);
    }

    /**
     * Queues {@code me} in {@code line}: in the waiter its last completed put or get on this
     * channel left behind ({@link #spare}) when it may, else in a new one. Under the monitor.
     */
    private WaitQueue.Waiter waiterIn(WaitQueue line, Strand me) {
        WaitQueue.Waiter w = spare;
        if (w != null && w.strand() == me && line.isEmpty() && !line.shared()) {
            spare = null;
            line.addFirst(w); // first in an empty line is last: the place add() gives
            return w;
        }
        return line.add(me);
    }

    /**
     * The first waiter of {@code line} that has no kill or Timeout pending; those before it are
     * passed over (dequeued as notified, with nothing handed over). Under the monitor.
     */
    private static WaitQueue.Waiter firstLive(WaitQueue line) {
        WaitQueue.Waiter w;
        while ((w = line.first()) != null && !(w.item() instanceof Select.Arm) && w.strand().hasPending()) {
            line.take(w); // its pending kill woke it
        }
        return w == null || !(w.item() instanceof Select.Arm) ? w : match(line, null);
    }

    /**
     * The first waiter of {@code line} that a hand-off can be made with now, for a plain put or
     * get ({@code self} null) or for the clause {@code self} of a select, in line order. A waiter of
     * a select is claimed for it (its select decided for its clause) before it is returned, and so is
     * {@code self}'s select; both selects are decided or neither (see Select's overview: PENDING).
     * Passed over: a plain waiter with a kill pending (dequeued, as firstLive does), a waiter of a
     * select that was decided otherwise or cancelled (dequeued: it no longer waits here), one of a
     * select that is busy deciding elsewhere (left in line; that select looks again if it stays
     * undecided), and {@code self}'s own. Returns null if no waiter fits, or if {@code self}'s select
     * was decided by someone else meanwhile. The caller takes the waiter from the line. Under the
     * monitor.
     */
    private static WaitQueue.Waiter match(WaitQueue line, Select.Arm self) {
        WaitQueue.Waiter w = line.first();
        while (w != null) {
            WaitQueue.Waiter next = line.next(w);
            if (w.item() instanceof Select.Arm b) {
                if (self != null && b.sel == self.sel) {
                    w = next;
                    continue;
                }
                if (self != null && !self.sel.pend()) return null;
                int found = b.sel.claim(b.index);
                if (found == Select.Selector.WAITING) {
                    if (self != null) self.sel.won(self.index);
                    return w;
                }
                if (self != null) self.sel.unpend();
                // Judged by the state the CAS met, not by a second read: a select met PENDING may be
                // WAITING again by now, and must keep its waiter here for the parties after us.
                if (found != Select.Selector.PENDING) line.remove(w);
            } else if (w.strand().hasPending()) {
                line.take(w); // its pending kill woke it
            } else {
                if (self != null && !self.sel.tryWin(self.index)) return null;
                return w;
            }
            w = next;
        }
        return null;
    }

    /** Hands {@code item} to a getter taken from the line: a plain one or a select's. Under the monitor. */
    private static void handTo(WaitQueue.Waiter getter, Object item) {
        if (getter.item() instanceof Select.Arm b) b.value = item; else getter.item(item);
    }

    /** Takes the offer of a waiting putter and marks it taken. Under the monitor. */
    @SuppressWarnings("unchecked")
    private T claim(WaitQueue.Waiter putter) {
        putters.take(putter);
        Object o = putter.item();
        if (o instanceof Select.Arm b) return (T) b.offer; // a select's put: decided for this clause in match
        putter.item(null);
        return (T) o;
    }

    @SuppressWarnings("unchecked")
    private T awaitItem(Strand me, WaitQueue.Waiter waiter, Duration timeout) {
        long deadline = me.loop.deadlineAfter(timeout);
        while (true) {
            boolean notified;
            try {
                if (deadline == Loop.FOREVER && !getters.shared()) {
                    do me.park(); while (!waiter.notified());
                    T handed = (T) waiter.item();
                    if (handed != null && !getters.shared()) {
                        waiter.item(null);
                        spare = waiter;
                        return handed;
                    }
                    notified = true;
                } else {
                    notified = getters.await(this, waiter, deadline, null);
                }
            } catch (Throwable t) {
                T handed;
                synchronized (this) {
                    getters.remove(waiter);
                    handed = waiter.notified() ? (T) waiter.item() : null;
                    waiter.item(null);
                }
                if (handed == null) throw t;
                me.deliver(t); // a putter handed us the item: the get happened, the exception comes later
                return handed;
            }
            T item = null;
            WaitQueue.Waiter putter = null;
            synchronized (this) {
                T handed = (T) waiter.item();
                waiter.item(null);
                if (handed != null) {
                    if (!getters.shared()) spare = waiter;
                    return handed;
                }
                if (notified && !shutdown && me.loop.nanoTime() < deadline) {
                    // Passed over for a kill that was then withdrawn: take an offer now, or wait again.
                    putter = firstLive(putters);
                    if (putter == null) {
                        getters.addFirst(waiter);
                        continue;
                    }
                    item = claim(putter);
                }
            }
            if (putter != null) {
                WaitQueue.wakeOne(putter, this);
                return item;
            }
            if (shutdown) throw shutDown("");
            throw new Empty("no putter came within " + timeout);
        }
    }

    // ---- shutdown ----

    /** Shuts the channel down: see {@link #shutdown(boolean)}. */
    public void shutdown() {
        shutdown(false);
    }

    /**
     * Shuts the channel down: every greenlet waiting in {@code put} or {@code get} is woken and
     * throws {@link ShutDown} (a waiting putter's item is not delivered), and so do later puts and
     * gets. A channel holds no items, so {@code immediate} changes nothing; it is accepted for
     * symmetry with {@link Queue#shutdown(boolean)}. Never blocks.
     */
    public void shutdown(boolean immediate) {
        WaitQueue.Waiter g;
        WaitQueue.Waiter p;
        synchronized (this) {
            shutdown = true;
            g = getters.takeAll();
            p = putters.takeAll();
        }
        WaitQueue.wake(g, this);
        WaitQueue.wake(p, this);
    }

    /**
     * Shuts the channel down with an error (Jox's {@code error}, Kotlin's {@code close(cause)}):
     * as {@link #shutdown()}, but every waiting and later put and get throws {@link ShutDown} whose
     * {@linkplain ShutDown#getCause() cause} is {@code error}, and an iteration throws it rather than
     * ending quietly. If the channel was shut down already, nothing changes: the first shutdown
     * decides between "done" and an error. Never blocks.
     *
     * @throws NullPointerException if {@code error} is null
     */
    public void shutdown(Throwable error) {
        Sneaky.checkNotNull("error", error);
        synchronized (this) {
            if (!shutdown) this.error = error;
        }
        shutdown(false);
    }

    /** Whether {@link #shutdown} was called. */
    public boolean isShutDown() {
        return shutdown;
    }

    /** The error given to {@link #shutdown(Throwable)}, or null if the channel is open or was shut down "done". */
    public Throwable shutdownError() {
        return error;
    }

    private ShutDown shutDown(String what) {
        Throwable e = error;
        return e == null ? new ShutDown("channel is shut down" + what)
                : new ShutDown("channel is shut down with an error" + what, e);
    }

    // ---- select (see Select's overview) ----

    /**
     * A select's clause tries this channel: completes a hand-off with a waiting getter (putter) if
     * one can be matched now; else, with {@code register}, queues the select's waiter (once: a second
     * look, after the select's own decision was briefly busy, only matches). Returns true if the
     * select is decided (by this clause or another).
     */
    boolean selectArm(Select.Arm a, Strand me, boolean register) {
        WaitQueue.Waiter other;
        synchronized (this) {
            if (shutdown) return a.closed(shutDown(a.put ? ": put refused" : ""));
            WaitQueue line = a.put ? getters : putters;
            other = match(line, a);
            if (other == null) {
                if (!a.sel.waiting()) return true;
                if (register && a.waiter == null) {
                    a.waiter = (a.put ? putters : getters).add(me);
                    a.waiter.item(a);
                } else {
                    line.recordUse();
                }
                return false;
            }
            if (a.put) {
                getters.take(other);
                handTo(other, a.offer);
            } else {
                a.value = claim(other);
            }
        }
        WaitQueue.wakeOne(other, this);
        return true;
    }

    /** The select's waiter here was woken undecided: only a shutdown does that. Returns true if decided. */
    synchronized boolean selectRetry(Select.Arm a) {
        if (!shutdown) return false;
        return a.closed(shutDown(a.put ? ": put refused" : ""));
    }

    /** The select is decided: its waiter leaves the line (if no hand-off took it already). */
    synchronized void selectCancel(Select.Arm a) {
        if (a.waiter != null) (a.put ? putters : getters).remove(a.waiter);
    }

    /** Whether a select arm's waiter here may be woken by another thread (see WaitQueue.shared). */
    boolean selectShared() {
        return getters.shared();
    }

    // ---- iteration ----

    /**
     * Iterates by taking items with {@link #get()}: {@code hasNext()} blocks until a putter comes and
     * returns false once the channel is shut down. Single-pass.
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
                if (!hasNext()) throw new NoSuchElementException("channel is shut down");
                T t = next;
                next = null;
                return t;
            }
        };
    }

    @Override
    public synchronized String toString() {
        StringBuilder s = new StringBuilder("<Channel");
        if (!getters.isEmpty()) s.append(" getters=").append(getters.size());
        if (!putters.isEmpty()) s.append(" putters=").append(putters.size());
        if (shutdown) s.append(" shut down");
        return s.append('>').toString();
    }
}
