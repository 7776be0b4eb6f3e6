package org.gevent4j.pool;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Function;
import org.gevent4j.Greenlet;
import org.gevent4j.GreenletExit;
import org.gevent4j.Hub;
import org.gevent4j.Timeout;
import org.gevent4j.Waitable;
import org.gevent4j.event.AsyncResult;
import org.gevent4j.internal.Loop;
import org.gevent4j.internal.Sneaky;
import org.gevent4j.internal.Strand;
import org.gevent4j.internal.WaitQueue;

/**
 * The results of an {@code imap} or {@code imapUnordered} of a {@link Group} (or {@link Pool}) or of
 * a {@link org.gevent4j.threadpool.ThreadPool}: both an {@link Iterator} and an {@link Iterable}
 * over them, single pass, like a Python generator. gevent's {@code IMap} and
 * {@code IMapUnordered}, one class for groups and thread pools as in gevent.
 *
 * <p>A producer greenlet (not a member of the group), spawned on the caller's hub, iterates the
 * input and starts one task per item, as the group or pool allows: a full {@link Pool} or thread
 * pool makes it wait. {@code imap} yields the results in input order, {@code imapUnordered} in the
 * order the items finished.
 *
 * <h2>Blocking and errors</h2>
 * {@link #hasNext()} (and so {@link #next()}) waits cooperatively until the next result is ready or
 * the input is exhausted; a kill or {@link Timeout} aimed at the caller is raised from there and
 * loses no result. An item whose function threw is thrown from {@code next()} when iteration
 * reaches it (unchecked exceptions as they are, checked ones wrapped in
 * {@link java.util.concurrent.CompletionException}, as {@link Greenlet#get()} wraps them), and
 * iteration may go on past it. An exception from iterating the input is thrown after the results of
 * the items before it ({@code imap}) or where it happened among the completions
 * ({@code imapUnordered}); it ends the input.
 *
 * <h2>Backpressure: {@code maxsize}</h2>
 * With a positive {@code maxsize}, the producer starts an item only while fewer than
 * {@code maxsize} items are started and not yet taken; each call that asks for the next result lets
 * one more start (gevent's result semaphore, released by every {@code next}). So at most
 * {@code maxsize} results wait to be read. {@code maxsize} 0, the default, means no bound, as
 * gevent's {@code maxsize=None} or {@code 0} (its {@code if maxsize:} leaves the semaphore out): the
 * producer starts items as fast as the group or pool admits them, and finished results wait for the
 * reader however many there are. (A thread pool admits one more unfinished task than it has
 * threads, a {@link Pool} its size, a plain {@link Group} every item at once.)
 *
 * <p>{@link #close()} stops the producer: no further item starts and iteration ends. Items already
 * started keep running (as members of the group, or on the pool's threads); their results are
 * dropped. Thread-safe, though meant for one consumer.
 *
 * @param <R> the type of the results
 */
@SuppressWarnings("deprecation") // permits the deprecated thread-pool IMap, which goes with it
public sealed class IMap<R> implements Iterator<R>, Iterable<R>, AutoCloseable
        permits org.gevent4j.threadpool.IMap {
    /** An exception from iterating the input, queued among the results. */
    private record InputFailure(Throwable error) {}

    private static final Object END = new Object();

    private final boolean ordered;
    private final boolean bounded;
    private final WaitQueue consumers = new WaitQueue();
    private final WaitQueue producerWaiter = new WaitQueue(consumers);
    private final Consumer<Object> onTaskDone = t -> taskDone((Waitable) t);
    private final Greenlet<Void> producer;
    /*
     * Guarded by this. ordered: the started tasks in input order (delivered once the head is ready);
     * unordered: the finished tasks (and an InputFailure) in completion order. A task is a Greenlet
     * (a group's member) or an AsyncResult (a thread pool's task).
     */
    private final ArrayDeque<Object> results = new ArrayDeque<>();
    private int running;
    private boolean producerDone, closed, iterated;
    /** ordered: the input's exception, delivered after every result before it. */
    private Throwable inputFailure;
    /** bounded: how many more items the producer may start. */
    private int permits;
    /** bounded: the consumer already let one more item start for the result it is waiting for. */
    private boolean releasedForNext;

    /** The results of {@code fn} over {@code items}, each run as a member of {@code group}. */
    <A> IMap(Group group, Function<? super A, ? extends R> fn, Iterable<? extends A> items, boolean ordered,
            int maxsize) {
        this(group::spawn, false, fn, items, ordered, maxsize);
    }

    /**
     * The results of {@code fn} over {@code items}, each run by {@code spawn} (a thread pool's
     * {@code spawn}, which may wait for room and completes the result on another thread). Only for
     * the deprecated {@link org.gevent4j.threadpool.IMap}, the one subclass this sealed class
     * permits; it goes with that class.
     *
     * @param <A> the type of the items
     * @param spawn starts a task and returns its result, completed later on any thread
     * @param fn the function applied to each item
     * @param items the input, iterated once by the producer greenlet
     * @param ordered results in input order ({@code imap}), else in completion order
     * @param maxsize at most this many results wait to be read; 0: no bound
     * @throws IllegalArgumentException if {@code maxsize} is negative
     */
    protected <A> IMap(Function<Callable<R>, AsyncResult<R>> spawn, Function<? super A, ? extends R> fn,
            Iterable<? extends A> items, boolean ordered, int maxsize) {
        this(spawn::apply, true, fn, items, ordered, maxsize);
    }

    private <A> IMap(Function<Callable<R>, ? extends Waitable> spawn, boolean shared,
            Function<? super A, ? extends R> fn, Iterable<? extends A> items, boolean ordered, int maxsize) {
        Sneaky.checkNotNull("fn", fn);
        Sneaky.checkNotNull("items", items);
        if (maxsize < 0) throw new IllegalArgumentException("maxsize must not be negative: " + maxsize);
        this.ordered = ordered;
        this.bounded = maxsize > 0;
        this.permits = maxsize;
        Hub hub = Hub.current(); // the producer runs here, and a group's tasks too
        synchronized (this) {
            // Thread-pool tasks finish on other threads: a consumer's wait keeps its hub open.
            if (shared) consumers.markShared(); else consumers.usedBy(hub.thread());
        }
        this.producer = Greenlet.spawn(() -> produce(spawn, fn, items));
        producer.rawlink(p -> producerDied((Greenlet<?>) p));
    }

    private <A> void produce(Function<Callable<R>, ? extends Waitable> spawn, Function<? super A, ? extends R> fn,
            Iterable<? extends A> items) {
        try {
            for (A item : items) {
                awaitPermit();
                Waitable task = spawn.apply(() -> fn.apply(item));
                synchronized (this) {
                    running++;
                    if (ordered) results.addLast(task);
                }
                task.rawlink(onTaskDone);
            }
            inputEnded(null);
        } catch (Throwable t) {
            inputEnded(t);
            throw t;
        }
    }
    /** A producer killed before it ran never ends the input itself. */
    private void producerDied(Greenlet<?> p) {
        synchronized (this) {
            if (producerDone) return;
        }
        Throwable e = p.exception();
        inputEnded(e != null ? e : new GreenletExit("the imap producer was killed before it started"));
    }

    private void awaitPermit() {
        if (!bounded) return;
        Strand me = Strand.current();
        WaitQueue.Waiter w;
        synchronized (this) {
            if (permits > 0) {
                permits--;
                return;
            }
            w = producerWaiter.add(me);
        }
        // Only one producer: a permit it was handed but could not use just goes back.
        producerWaiter.await(this, w, Loop.FOREVER, () -> permits++);
    }

    /** Holding the monitor: lets the producer start one more item; returns it if it was waiting. */
    private WaitQueue.Waiter releasePermit() {
        WaitQueue.Waiter w = producerWaiter.takeFirst();
        if (w == null) permits++;
        return w;
    }

    private void inputEnded(Throwable error) {
        WaitQueue.Waiter woken;
        synchronized (this) {
            if (producerDone) return;
            producerDone = true;
            if (error != null && !closed) {
                if (ordered) inputFailure = error; else results.addLast(new InputFailure(error));
            }
            woken = consumers.takeAll();
        }
        WaitQueue.wake(woken, this);
    }

    /** A task's rawlink: runs on the hub (a group's member) or on the pool thread that finished it. */
    private void taskDone(Waitable task) {
        WaitQueue.Waiter woken = null;
        synchronized (this) {
            running--;
            if (ordered ? results.peekFirst() == task : results.add(task)) woken = consumers.takeAll();
        }
        WaitQueue.wake(woken, this);
    }

    /**
     * Waits until the next result is ready (true) or the input is exhausted or this is closed
     * (false). Blocks cooperatively; a kill or {@link Timeout} aimed at the caller is raised from
     * here, and the result stays for the next call.
     */
    @Override
    public boolean hasNext() {
        return awaitNext(false) != END;
    }

    /**
     * The next result, waiting for it as {@link #hasNext()} does; an item's exception (or the
     * input's) is thrown instead when iteration reaches it.
     *
     * @throws NoSuchElementException if the input is exhausted or this is closed
     */
    @Override
    @SuppressWarnings("unchecked")
    public R next() {
        Object entry = awaitNext(true);
        if (entry == END) throw new NoSuchElementException("no more results");
        if (entry instanceof InputFailure f) throw Sneaky.unchecked(f.error());
        if (entry instanceof Greenlet<?> g) {
            if (g.exception() != null) throw Sneaky.unchecked(g.exception());
            return (R) g.value();
        }
        AsyncResult<?> r = (AsyncResult<?>) entry;
        if (r.exception() != null) throw Sneaky.unchecked(r.exception());
        return (R) r.value();
    }

    /** Waits for the next entry (a dead task or an input failure), taking it if {@code take}; END at the end. */
    private Object awaitNext(boolean take) {
        Strand me = null;
        for (;;) {
            WaitQueue.Waiter permit = null, w;
            synchronized (this) {
                if (closed) return END;
                if (bounded && !releasedForNext) {
                    releasedForNext = true;
                    permit = releasePermit();
                }
                Object entry = ready();
                if (entry != null) {
                    if (take) {
                        releasedForNext = false;
                        if (entry == inputFailure) inputFailure = null; else results.pollFirst();
                        if (entry instanceof Throwable t) entry = new InputFailure(t);
                    }
                    WaitQueue.wake(permit, this); // the producer is a parked strand: no user code here
                    return entry;
                }
                if (producerDone && results.isEmpty() && (ordered || running == 0)) return END;
                if (me == null) me = Strand.current();
                w = consumers.add(me);
            }
            WaitQueue.wake(permit, this);
            consumers.await(this, w, Loop.FOREVER, null);
        }
    }

    /** Holding the monitor: the next deliverable entry, or null if none is ready yet. */
    private Object ready() {
        Object head = results.peekFirst();
        if (!ordered) return head;
        if (head != null) return ((Waitable) head).ready() ? head : null;
        return producerDone ? inputFailure : null;
    }

    /** This object: it can be iterated once. */
    @Override
    public Iterator<R> iterator() {
        synchronized (this) {
            if (iterated) throw new IllegalStateException("imap results can be iterated only once");
            iterated = true;
        }
        return this;
    }

    /**
     * Stops: the producer starts no further item (this waits for it to die) and iteration ends
     * ({@link #hasNext()} returns false, also in a consumer waiting now). Items already started keep
     * running in the group (kill the group to stop them) or on the pool's threads; their results are
     * dropped. Idempotent.
     */
    @Override
    public void close() {
        WaitQueue.Waiter woken;
        synchronized (this) {
            if (closed) return;
            closed = true;
            woken = consumers.takeAll();
        }
        WaitQueue.wake(woken, this);
        if (Strand.current().owner() != producer) producer.kill(new GreenletExit(), true, null);
    }

    @Override
    public synchronized String toString() {
        return "<IMap" + (ordered ? "" : "Unordered") + " running=" + running + " buffered=" + results.size()
                + (closed ? " closed" : producerDone ? " input done" : "") + ">";
    }
}
