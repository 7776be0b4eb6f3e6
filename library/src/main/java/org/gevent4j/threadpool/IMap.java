package org.gevent4j.threadpool;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Function;
import org.gevent4j.Timeout;
import org.gevent4j.event.AsyncResult;
import org.gevent4j.internal.Loop;
import org.gevent4j.internal.Sneaky;
import org.gevent4j.internal.Strand;
import org.gevent4j.internal.WaitQueue;

/**
 * The results of {@link ThreadPool#imap} or {@link ThreadPool#imapUnordered}: both an
 * {@link Iterator} and an {@link Iterable} over them, single pass, like a Python generator (the
 * thread-pool counterpart of {@link org.gevent4j.pool.IMap}).
 *
 * <p>The reader drives it: each {@link #hasNext()} first submits items to the pool until
 * {@code maxsize} of them are submitted and not yet read (the pool's {@link ThreadPool#maxsize()}
 * unless given), then waits for the next result. So at most {@code maxsize} results wait to be read,
 * and the input iterator is called in the reader's greenlet (gevent uses a producer greenlet).
 * {@code imap} yields results in input order, {@code imapUnordered} in the order the items finished.
 *
 * <h2>Blocking and errors</h2>
 * {@link #hasNext()} (and so {@link #next()}) waits cooperatively for the next result, and for room
 * in a full pool; a kill or {@link Timeout} aimed at the reader is raised from there and loses no
 * result. An item whose function threw is thrown from {@code next()} when iteration reaches it
 * (unchecked exceptions as they are, checked ones wrapped in
 * {@link java.util.concurrent.CompletionException}), and iteration may go on past it. An exception
 * from iterating the input ends the input; it is thrown after the results of the items before it.
 *
 * <p>{@link #close()} stops: no further item is submitted and iteration ends; items already
 * submitted keep running. Meant for one reader at a time.
 *
 * @param <R> the type of the results
 */
public final class IMap<R> implements Iterator<R>, Iterable<R>, AutoCloseable {
    private final ThreadPool pool;
    private final Function<Object, ? extends R> fn;
    private final Iterator<?> input;
    private final boolean ordered;
    private final int window;
    /** Ordered only: submitted, not yet handed to the reader, in input order. */
    private final ArrayDeque<AsyncResult<R>> pending = new ArrayDeque<>();
    /** Unordered only: finished results, guarded by the monitor (pool threads add to it). */
    private final ArrayDeque<AsyncResult<R>> done = new ArrayDeque<>();
    private final WaitQueue reader = new WaitQueue();
    private int inFlight;
    private Throwable inputFailure;
    private boolean inputDone;
    private boolean closed;
    private boolean iterated;
    /** What hasNext() found and next() hands over: an AsyncResult, or INPUT_FAILED. */
    private Object prepared;
    private static final Object INPUT_FAILED = new Object();

    @SuppressWarnings("unchecked")
    IMap(ThreadPool pool, Function<?, ? extends R> fn, Iterable<?> items, boolean ordered, int window) {
        this.pool = pool;
        this.fn = (Function<Object, ? extends R>) Sneaky.checkNotNull("fn", fn);
        this.input = Sneaky.checkNotNull("items", items).iterator();
        this.ordered = ordered;
        this.window = window;
        reader.markShared(); // completions come from pool threads
    }

    /**
     * Waits until the next result is ready (true) or the input is exhausted or this is closed
     * (false), after submitting what the window allows. Blocks cooperatively; a kill or
     * {@link Timeout} is raised from here and the result stays for the next call.
     */
    @Override
    public boolean hasNext() {
        if (prepared != null) return true;
        if (closed) return false;
        topUp();
        if (inFlight == 0) {
            if (inputFailure == null) return false;
            prepared = INPUT_FAILED;
            return true;
        }
        AsyncResult<R> r;
        if (ordered) {
            r = pending.peekFirst();
            r.await(); // a kill raised here leaves the head in place
            pending.pollFirst();
        } else {
            r = awaitDone();
        }
        inFlight--;
        prepared = r;
        return true;
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
        if (!hasNext()) throw new NoSuchElementException("no more results");
        Object entry = prepared;
        prepared = null;
        if (entry == INPUT_FAILED) {
            Throwable e = inputFailure;
            inputFailure = null;
            throw Sneaky.unchecked(e);
        }
        return ((AsyncResult<R>) entry).get(); // ready: never waits
    }

    /** Submits items while the window has room and the input has more. */
    private void topUp() {
        int limit = window > 0 ? window : Math.max(1, pool.maxsize());
        while (!inputDone && inFlight < limit) {
            Object item;
            try {
                if (!input.hasNext()) {
                    inputDone = true;
                    return;
                }
                item = input.next();
            } catch (Throwable e) {
                inputDone = true;
                inputFailure = e;
                return;
            }
            AsyncResult<R> r = pool.spawn(() -> fn.apply(item));
            inFlight++;
            if (ordered) pending.addLast(r);
            else r.rawlink(ignored -> finished(r)); // runs on the pool thread that sets it
        }
    }

    private void finished(AsyncResult<R> r) {
        WaitQueue.Waiter woken;
        synchronized (this) {
            done.addLast(r);
            woken = reader.takeAll();
        }
        WaitQueue.wake(woken, this);
    }

    /** Unordered: waits for the first finished result and takes it. */
    private AsyncResult<R> awaitDone() {
        Strand me = null;
        while (true) {
            WaitQueue.Waiter w;
            synchronized (this) {
                AsyncResult<R> r = done.pollFirst();
                if (r != null) return r;
                if (me == null) me = Strand.current();
                w = reader.add(me);
            }
            reader.await(this, w, Loop.FOREVER, null);
        }
    }

    /** This object: it can be iterated once. */
    @Override
    public Iterator<R> iterator() {
        if (iterated) throw new IllegalStateException("imap results can be iterated only once");
        iterated = true;
        return this;
    }

    /**
     * Stops: no further item is submitted and iteration ends. Items already submitted keep running
     * on the pool; their results are dropped. Idempotent; never blocks.
     */
    @Override
    public void close() {
        closed = true;
        prepared = null;
        pending.clear();
        synchronized (this) {
            done.clear();
        }
    }

    @Override
    public String toString() {
        return "<IMap " + (ordered ? "ordered" : "unordered") + " inFlight=" + inFlight
                + (closed ? " closed" : inputDone ? " input done" : "") + ">";
    }
}
