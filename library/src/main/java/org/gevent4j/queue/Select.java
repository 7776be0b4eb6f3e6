package org.gevent4j.queue;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import org.gevent4j.Timeout;
import org.gevent4j.Waitable;
import org.gevent4j.internal.Loop;
import org.gevent4j.internal.Sneaky;
import org.gevent4j.internal.Strand;
import org.gevent4j.internal.WaitQueue;

/*
 * Implementation overview
 *
 * A select is one Selector (its decision, an int changed only by CAS) and one Arm per clause (that
 * clause's registration in one queue, channel or Waitable). Whoever completes a clause first wins
 * the selector for it (CAS WAITING -> index) and only then moves the item, under the monitor of
 * the one queue or channel involved; the selecting greenlet never holds two monitors.
 *
 * - A Queue clause is a getter (putter) in that queue's line (internal/Turns), with a ticket like
 *   any other, so it waits its turn in arrival order. The queue only tells a waiter that its turn came (see Queue's
 *   overview); the selecting greenlet then takes the item itself, if it still wins the selector
 *   (Queue.selectRetry), or hands the turn on to the next waiter if another clause won.
 * - A Channel clause is a waiter whose Waiter.item is its Arm. The other party of the hand-off
 *   claims the selector (Channel.match) and moves the item under the channel's monitor, as for a
 *   plain waiter. When both sides are selects, the one completing the hand-off must decide both:
 *   it marks its own selector PENDING (no one else can win it meanwhile), then claims the other's;
 *   if that fails it goes back to WAITING and looks at every channel clause again (a rescan),
 *   because a party that met it PENDING passed it over and may now be waiting for it. That party
 *   leaves the PENDING select's waiters in line (judged by the state its own CAS met, as a second
 *   read may already see WAITING), since that select may park again counting on them. PENDING
 *   lasts one short critical section under one monitor, with no park inside.
 * - A Waitable clause is a rawlink that unparks the selecting strand; it wins when ready().
 *
 * The selecting greenlet parks until its selector is decided or a clause wakes it (a queue turn,
 * a shutdown, a Waitable), then tries the woken clauses in argument order. A kill, Timeout or
 * deadline first moves the selector WAITING -> CANCELLED: after that nobody can win it, so no
 * item moves. If the CAS fails a clause won already: its result stands and the exception is
 * re-delivered (raised at the next blocking call), as a plain Channel hand-off does. A result
 * moved by another thread is read under that channel's monitor, which the mover held.
 */

/**
 * Waits for the first of several queue and channel operations, and any {@link Waitable}, and
 * completes exactly one of them: Go's {@code select}, Kotlin's {@code select {}}, Jox's
 * {@code select}. gevent itself stops at {@link org.gevent4j.Gevent#wait}; this goes further.
 *
 * <pre>{@code
 * String r = Select.select(
 *         Select.get(requests).map(req -> "request " + req),
 *         Select.put(results, answer).map(a -> "sent"),
 *         Select.ready(stop).map(e -> "stopping"));
 * }</pre>
 *
 * <h2>Clauses</h2>
 * {@link #get(Pipe)} takes an item and {@link #put(Pipe, Object)} puts one, on a queue or a
 * channel; {@link #ready(Waitable)} completes when the object is
 * ready (an event set, a greenlet finished) and takes nothing. Every kind of queue works
 * ({@link Queue}, {@link LifoQueue}, {@link PriorityQueue}, {@link JoinableQueue}), with its own
 * order. {@link #defaultClause(Object)} makes the select return at once when no other clause can
 * complete now. A clause's value is the item got, the item put, or the Waitable;
 * {@link Clause#map} turns it into the select's result. A clause describes an operation and may be
 * reused in later selects. A select whose put clause hands an item to a channel's getter returns
 * without yielding (a plain {@link Channel#put(Object)} yields once so that the getter runs first,
 * as gevent's does; a select does not, since it may have completed a get instead).
 *
 * <h2>Exactly one</h2>
 * A select completes exactly one clause: an item is taken from exactly one queue or channel, or
 * one value is put into exactly one, and every other clause has done nothing. A select that throws
 * (a kill, a {@link Timeout}, its own timeout) has completed no clause, with one exception: a
 * channel clause completes when the <em>other</em> party makes the hand-off, which may be on
 * another thread at the very moment the kill arrives. Then the hand-off stands: the select returns
 * its result normally, and the kill or Timeout is raised at the caller's next blocking call (as
 * {@link Channel#get()} does). So nothing is lost either way.
 *
 * <h2>Fairness</h2>
 * When several clauses can complete at once, the first of them in argument order wins (as Jox
 * and Kotlin do; Go picks at random). The order is the caller's: put the clause that must not
 * starve first, or rotate the clauses between calls. A select that waits is in line at every
 * queue and channel like a plain getter or putter, in the order it started waiting, so a select
 * is served no sooner and no later than a plain {@code get} that started waiting at the same
 * moment. (One difference from a plain getter of a {@link Queue}: a select woken for an item does
 * not give way to an earlier woken getter that has not run yet; that getter then finds the queue
 * empty and keeps its place, as it does after any {@code get} that barged in.)
 *
 * <h2>Closed queues and channels</h2>
 * A clause on a queue or channel that is shut down completes by throwing the {@link ShutDown}
 * its plain operation would throw (for a get, only once the queue is drained; for a queue shut
 * down with an error, one caused by that error). Being closed counts as being ready: in argument
 * order, the first clause that can complete or is closed decides the select.
 *
 * <h2>Threads</h2>
 * The queues, channels and Waitables may belong to other hubs and be used from platform threads:
 * a select on one hub over a channel another hub's greenlet sends on works, and so does a select
 * called from a platform thread (it runs its hub meanwhile, as every gevent4j wait does).
 */
public final class Select {
    private Select() {}

    /**
     * One operation a select may complete; its value is turned into the select's result by the
     * functions given to {@link #map}. Immutable; made by the factory methods of {@link Select}.
     *
     * @param <R> the type of the result
     */
    public static final class Clause<R> {
        final int kind;
        final Object target;
        final Object offer;
        final Function<Object, ? extends R> map;

        Clause(int kind, Object target, Object offer, Function<Object, ? extends R> map) {
            this.kind = kind;
            this.target = target;
            this.offer = offer;
            this.map = map;
        }

        /**
         * This clause with its result turned by {@code f}, which runs in the selecting greenlet
         * after the select has completed this clause (so it may block; if it throws, the select
         * throws that, and the clause has completed).
         *
         * @param <U> the type of the new result
         * @param f turns this clause's result into the select's result; not null
         * @return a new clause; this one is unchanged
         * @throws NullPointerException if {@code f} is null
         */
        @SuppressWarnings("unchecked")
        public <U> Clause<U> map(Function<? super R, ? extends U> f) {
            Objects.requireNonNull(f, "f");
            Function<Object, ? extends R> inner = map;
            return new Clause<>(kind, target, offer, v -> f.apply(inner == null ? (R) v : inner.apply(v)));
        }
    }

    static final int GET_QUEUE = 0;
    static final int PUT_QUEUE = 1;
    static final int GET_CHANNEL = 2;
    static final int PUT_CHANNEL = 3;
    static final int READY = 4;
    static final int DEFAULT = 5;

    /**
     * A clause that takes an item from {@code pipe}: the head item of a {@link Queue}, or the item
     * of a {@link Channel}'s putter. Its value is the item.
     *
     * @param <T> the type of the items
     * @param pipe the queue or channel to take from; not null
     * @return a clause whose value is the item taken
     * @throws NullPointerException if {@code pipe} is null
     */
    public static <T> Clause<T> get(Pipe<T> pipe) {
        Objects.requireNonNull(pipe, "pipe");
        return new Clause<>(pipe instanceof Queue ? GET_QUEUE : GET_CHANNEL, pipe, null, null);
    }

    /**
     * A clause that puts {@code item} into {@code pipe}: into a {@link Queue} when it has room, to a
     * getter of a {@link Channel}. Its value is the item.
     *
     * @param <T> the type of the item
     * @param pipe the queue or channel to put into; not null
     * @param item the item to put; not null; put only if this clause is the one completed
     * @return a clause whose value is {@code item}
     * @throws NullPointerException if either is null
     * @throws ClassCastException if {@code pipe} is a {@link PriorityQueue} without a comparator
     *     and {@code item} is not {@link Comparable}
     */
    public static <T> Clause<T> put(Pipe<? super T> pipe, T item) {
        Objects.requireNonNull(pipe, "pipe");
        Sneaky.checkNotNull("item", item);
        if (pipe instanceof Queue<?> queue) {
            @SuppressWarnings("unchecked")
            Queue<Object> q = (Queue<Object>) queue;
            q.checkItem(item);
            return new Clause<>(PUT_QUEUE, pipe, item, null);
        }
        return new Clause<>(PUT_CHANNEL, pipe, item, null);
    }

    /**
     * A clause that completes when {@code waitable} is {@linkplain Waitable#ready() ready}; its value is the waitable.
     *
     * @param <W> the type of the waitable
     * @param waitable the event, greenlet or result to wait for; not null
     * @return a clause whose value is {@code waitable}
     * @throws NullPointerException if {@code waitable} is null
     */
    public static <W extends Waitable> Clause<W> ready(W waitable) {
        return new Clause<>(READY, Objects.requireNonNull(waitable, "waitable"), null, null);
    }

    /**
     * The clause that completes, with {@code value}, when no other clause of the select can complete
     * at once: with it, a select never waits (Go's {@code default}, Jox's {@code defaultClause}).
     * {@code value} may be null.
     *
     * @param <R> the type of the value
     * @param value the select's result when this clause is taken; may be null
     * @return the default clause
     */
    public static <R> Clause<R> defaultClause(R value) {
        return new Clause<>(DEFAULT, null, value, null);
    }

    /**
     * Completes exactly one of {@code clauses}, waiting as long as it takes; returns its mapped
     * value. See {@link #select(Duration, Clause[])}.
     *
     * @param <R> the type of the result
     * @param clauses the operations to choose from; at least one, at most one default clause
     * @return the completed clause's value, turned by its map functions
     * @throws ShutDown if the clause that decides is on a shut-down queue or channel
     */
    @SafeVarargs
    @SuppressWarnings("varargs") // passed on to the select below, which only reads it
    public static <R> R select(Clause<? extends R>... clauses) {
        return select(null, clauses);
    }

    /**
     * {@link #select(Duration, Clause[])} over a list of clauses built at run time (no generic array
     * needed); the list is read once, at the call.
     *
     * @param <R> the type of the result
     * @param timeout the longest wait, {@code null} for no limit; not negative
     * @param clauses the operations to choose from; at least one, at most one default clause
     * @return the completed clause's value, turned by its map functions
     * @throws Timeout (a new one) if {@code timeout} passes first; no clause completed
     * @throws ShutDown if the clause that decides is on a shut-down queue or channel
     */
    @SuppressWarnings("unchecked")
    public static <R> R select(Duration timeout, java.util.List<? extends Clause<? extends R>> clauses) {
        Objects.requireNonNull(clauses, "clauses");
        Clause<? extends R>[] array = (Clause<? extends R>[]) clauses.toArray(new Clause<?>[0]);
        return select(timeout, array);
    }

    /**
     * Completes exactly one of {@code clauses} and returns its value, turned by its
     * {@linkplain Clause#map map} functions.
     *
     * <p>Never blocks if a clause can complete now (the first such in argument order wins) or there
     * is a {@linkplain #defaultClause default clause}. Otherwise blocks cooperatively until a clause
     * can complete (an item or room comes and this select's turn in that queue's line comes, a
     * channel party comes, a Waitable becomes ready, a queue or channel is shut down), or until
     * {@code timeout} passes ({@code null}: no limit).
     *
     * <p>A kill or {@link Timeout} aimed at the caller while it waits is raised from here and no
     * clause has completed: nothing was taken or put, and a queue turn this select was woken for
     * goes to the next waiter. The exception: a channel hand-off that another party made just
     * before stands; the select returns its result and the kill or Timeout is raised at the
     * caller's next blocking call. The same holds when {@code timeout} passes.
     *
     * @param <R> the type of the result
     * @param timeout the longest wait, {@code null} for no limit; not negative
     * @param clauses the operations to choose from, in order of preference when several can
     *     complete at once; at least one, at most one default clause
     * @return the completed clause's value, turned by its map functions
     * @throws Timeout (a new one, as {@link org.gevent4j.event.AsyncResult#get(boolean, Duration)}
     *     throws) if {@code timeout} passes first; no clause completed
     * @throws ShutDown if the clause that decides is on a shut-down queue or channel; no clause
     *     completed
     * @throws IllegalArgumentException if there is no clause, more than one default clause, or
     *     {@code timeout} is negative
     * @throws NullPointerException if a clause is null
     */
    @SafeVarargs
    @SuppressWarnings("unchecked")
    public static <R> R select(Duration timeout, Clause<? extends R>... clauses) {
        Sneaky.checkTimeout("timeout", timeout);
        Objects.requireNonNull(clauses, "clauses");
        if (clauses.length == 0) throw new IllegalArgumentException("select needs at least one clause");
        Selector sel = new Selector();
        Arm[] arms = new Arm[clauses.length];
        int dflt = -1;
        for (int i = 0; i < clauses.length; i++) {
            Clause<? extends R> c = Objects.requireNonNull(clauses[i], "clause");
            if (c.kind == DEFAULT) {
                if (dflt >= 0) throw new IllegalArgumentException("more than one default clause");
                dflt = i;
            }
            arms[i] = new Arm(sel, i, c);
        }
        Strand me = Strand.current();
        Arm winner;
        try {
            winner = decide(sel, arms, me, dflt, timeout);
        } finally {
            for (Arm a : arms) a.cancel(me);
        }
        Clause<? extends R> c = clauses[winner.index];
        if (winner.failure != null) throw winner.failure;
        Object v = c.kind == DEFAULT ? c.offer : winner.result();
        return c.map == null ? (R) v : c.map.apply(v);
    }

    /** Returns the arm that won; the caller cancels every arm. */
    private static Arm decide(Selector sel, Arm[] arms, Strand me, int dflt, Duration timeout) {
        boolean register = dflt < 0;
        if (pass(arms, me, register, false)) return arms[sel.state];
        while (sel.rescan) {
            Thread.onSpinWait(); // another select was deciding: look again at the channels
            if (pass(arms, me, false, true)) return arms[sel.state];
        }
        if (!register) {
            if (sel.tryWin(dflt)) return arms[dflt];
            return arms[sel.state]; // unreachable: nothing was registered to be won
        }
        Loop waker = wakerOf(arms, me.loop);
        long deadline = me.loop.deadlineAfter(timeout);
        boolean timedOut = false;
        try {
            while (sel.waiting()) {
                if (!me.park(deadline, waker)) {
                    timedOut = sel.cancel();
                    break;
                }
                for (Arm a : arms) {
                    if (!sel.waiting() || a.retry()) break;
                }
            }
        } catch (Throwable t) {
            if (sel.cancel()) throw t;
            me.deliver(t); // a clause completed first: its result stands, the exception comes later
        }
        if (timedOut) throw (Timeout) new Timeout(timeout).fillInStackTrace();
        return arms[sel.state];
    }

    /**
     * Tries every arm in order (registering each, with {@code register}); true once the select is
     * decided. A rescan looks again only at channel arms (see the overview).
     */
    private static boolean pass(Arm[] arms, Strand me, boolean register, boolean rescan) {
        Selector sel = arms[0].sel;
        sel.rescan = false;
        for (Arm a : arms) {
            if (!sel.waiting()) return true;
            if (rescan && !(a.target instanceof Channel<?>)) continue;
            if (a.arm(me, register)) return true;
        }
        return !sel.waiting();
    }

    /** The loop whose greenlets alone can wake this select, or null for any thread (Strand.park). */
    private static Loop wakerOf(Arm[] arms, Loop mine) {
        for (Arm a : arms) {
            if (a.target instanceof Queue<?> q ? q.selectShared()
                    : a.target instanceof Channel<?> ch ? ch.selectShared() : a.target != null) {
                return null;
            }
        }
        return mine;
    }

    /** A select's decision: WAITING, PENDING (deciding a hand-off with another select), CANCELLED, or the winning index. */
    static final class Selector {
        static final int WAITING = -1;
        static final int PENDING = -2;
        static final int CANCELLED = -3;
        private static final VarHandle STATE;

        static {
            try {
                STATE = MethodHandles.lookup().findVarHandle(Selector.class, "state", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        volatile int state = WAITING;
        /** Set when this select went back from PENDING: parties that met it then may wait for it. Its own thread only. */
        boolean rescan;

        boolean waiting() {
            return state == WAITING;
        }

        boolean tryWin(int index) {
            return STATE.compareAndSet(this, WAITING, index);
        }

        /**
         * For another party: tries to win this select for clause {@code index}; returns the state it
         * met, so WAITING if it won. PENDING means this select is deciding a hand-off elsewhere and may
         * go back to WAITING at any moment: its waiters must stay in line. Any other state is final.
         */
        int claim(int index) {
            return (int) STATE.compareAndExchange(this, WAITING, index);
        }

        boolean cancel() {
            return STATE.compareAndSet(this, WAITING, CANCELLED);
        }

        boolean pend() {
            return STATE.compareAndSet(this, WAITING, PENDING);
        }

        /** From PENDING: the other select was won too. */
        void won(int index) {
            state = index;
        }

        /** From PENDING: the other select could not be won; look again later. */
        void unpend() {
            state = WAITING;
            rescan = true;
        }
    }

    /** One clause's part in one select: its registration and its outcome. */
    static final class Arm {
        final Selector sel;
        final int index;
        final Object target;
        final boolean put;
        final Object offer;
        /** The item got, written under the target's monitor by whoever completed this clause. */
        Object value;
        /** A closed queue or channel, or a comparator that threw: what the select throws. */
        RuntimeException failure;
        WaitQueue.Waiter waiter;
        private boolean linked;

        Arm(Selector sel, int index, Clause<?> c) {
            this.sel = sel;
            this.index = index;
            this.target = c.target;
            this.put = c.kind == PUT_QUEUE || c.kind == PUT_CHANNEL;
            this.offer = c.offer;
        }

        /** Tries to complete this clause now; registers it with {@code register}. True if the select is decided. */
        boolean arm(Strand me, boolean register) {
            if (target instanceof Queue<?> q) return q.selectArm(this, me, register);
            if (target instanceof Channel<?> ch) return ch.selectArm(this, me, register);
            if (target instanceof Waitable w) {
                if (w.ready()) return sel.tryWin(index) || true;
                if (register && !linked) {
                    linked = true;
                    w.rawlink(me); // a strand is a Consumer that unparks it
                    if (w.ready()) return sel.tryWin(index) || true;
                }
                return false;
            }
            return false; // the default clause: decided by the caller
        }

        /** After a wake-up: completes this clause if what woke it lets it. True if the select is decided. */
        boolean retry() {
            if (target instanceof Queue<?> q) return waiter != null && q.selectRetry(this);
            if (target instanceof Channel<?> ch) return waiter != null && waiter.notified() && ch.selectRetry(this);
            if (target instanceof Waitable w) return w.ready() && (sel.tryWin(index) || true);
            return false;
        }

        /** A closed queue or channel decides the select, if nothing did before. Always true. Under its monitor. */
        boolean closed(ShutDown e) {
            if (sel.tryWin(index)) failure = e;
            return true;
        }

        /** The select is over: leaves the line or unlinks. Harmless for the winner. */
        void cancel(Strand me) {
            if (target instanceof Queue<?> q) {
                q.selectCancel(this);
            } else if (target instanceof Channel<?> ch) {
                ch.selectCancel(this);
            } else if (linked && target instanceof Waitable w) {
                w.unlink(me);
            }
        }

        /** The value of this winning clause. */
        Object result() {
            if (put) return offer;
            if (target instanceof Waitable) return target;
            synchronized (target) { // another thread may have moved it, holding this monitor
                return value;
            }
        }
    }
}
