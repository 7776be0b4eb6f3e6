package org.gevent4j.threadpool;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.gevent4j.Hub;
import org.gevent4j.ThrowingCallable;
import org.gevent4j.Timeout;
import org.gevent4j.event.AsyncResult;
import org.gevent4j.internal.Loop;
import org.gevent4j.internal.Sneaky;
import org.gevent4j.internal.Strand;
import org.gevent4j.internal.Turns;
import org.gevent4j.internal.WaitQueue;

/*
 * Implementation overview
 *
 * State (the task queue, counts, idle workers, the two wait queues) is guarded by this object's
 * monitor. Nobody parks or runs user code while holding it: greenlets take it for a few field
 * updates, worker threads the same, and parking happens outside it (greenlets through WaitQueue,
 * workers through LockSupport). So a hub's carrier may take it too (the deadlock rule of Loop).
 *
 * A submitted task travels: spawn (greenlet) -> queue -> a worker thread -> Task.execute(), which
 * completes the AsyncResult and so unparks the waiting greenlet: one cross-thread wake-up back. The
 * way there is one LockSupport.unpark of an idle worker (or a new thread).
 *
 * Slots (gevent's `_available_worker_threads_greenlet_sem`, which starts at 1 and is raised by
 * maxsize): at most maxsize + 1 tasks are unfinished (queued or running) at once; a spawn beyond
 * that waits. Who gets a freed slot is internal/Turns' policy, without barging: spawners in the
 * order they came, a newcomer never takes a slot promised to a woken spawner, and a woken spawner
 * that is killed before using its slot passes it on.
 *
 * The threads themselves (starting, idling, retiring) are Workers, under this same monitor.
 */

/**
 * A pool of platform threads for work that would stall a hub: blocking system calls (file I/O, DNS,
 * native code) and long computations. gevent's {@code gevent.threadpool.ThreadPool}. A greenlet
 * hands a function to {@link #spawn} and gets an {@link AsyncResult}; waiting for it is cooperative,
 * so the hub runs its other greenlets meanwhile, and the pool thread wakes the waiter when the
 * function returns (one cross-thread wake-up).
 *
 * <p>Each hub has a pool of its own, made on first use: {@link Hub#threadpool()} (maxsize 10, as in
 * gevent). Make a pool yourself to isolate some work or to bound it differently, and close it.
 *
 * <h2>Threads</h2>
 * Threads are started on demand, one per task that finds no idle thread, up to {@link #maxsize()};
 * they are daemon platform threads named {@code gevent4j-threadpool-N}. A thread idle for the
 * pool's idle timeout ends; {@link #setMaxsize} shrinks the pool as threads finish their current
 * task. A function runs on a plain platform thread: gevent4j calls made there use that thread's own
 * hub, not the caller's.
 *
 * <h2>Blocking</h2>
 * {@link #spawn} waits while the pool is full: when {@code maxsize + 1} tasks are unfinished
 * (queued or running), as in gevent. {@link #apply}, {@link #map}, {@link #join}, {@link #close} and
 * the iterators of {@link #imap} wait for tasks. Every wait is cooperative, from a greenlet and from
 * a plain platform thread (its hub's main greenlet), and may be interrupted by a kill or a
 * {@link Timeout} aimed at the waiter, which is then raised there. <b>A task that has started keeps
 * running</b> on its thread when its waiter goes away; its result is dropped. Java cannot stop a
 * thread safely, and gevent behaves the same. While tasks submitted from a hub are unfinished, that
 * hub does not raise {@link org.gevent4j.LoopExit}.
 *
 * <h2>Differences from gevent</h2>
 * <ul>
 *   <li>Thread-safe: any thread or hub may submit to a pool and wait for its results (gevent allows
 *       only the thread of the pool's hub).</li>
 *   <li>A failing function is not printed through the hub's error handler: its exception goes to
 *       whoever gets the result, as {@code java.util.concurrent} does (except for
 *       {@link ThreadPoolExecutor#execute}, where nobody would see it).</li>
 *   <li>Idle threads end after 60 seconds by default (gevent keeps them forever unless asked):
 *       otherwise the pool of a hub whose thread has ended would keep its threads forever.</li>
 *   <li>{@link #close()} exists: it refuses new tasks, waits for the queued ones and for the threads
 *       to end.</li>
 * </ul>
 */
public final class ThreadPool implements AutoCloseable {
    private static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);

    private final Duration idleTimeout;
    private final Workers workers;
    // maxsize, queue and closed are read by Workers too, under this monitor.
    int maxsize;
    final ArrayDeque<Task<?>> queue = new ArrayDeque<>();
    boolean closed;
    /** Tasks queued or running. */
    private int unfinished;
    /** Greenlets waiting in spawn for a slot. */
    private final WaitQueue spawners = new WaitQueue();
    /** Whose turn it is among the spawners; free slots are its units. */
    private final Turns turns = new Turns(spawners, () -> maxsize + 1 - unfinished, false);
    /** Greenlets waiting in join or close; each re-checks its own condition. */
    private final WaitQueue joiners = new WaitQueue(spawners);

    /**
     * A pool of at most {@code maxsize} threads; idle threads end after 60 seconds.
     *
     * @param maxsize the most threads at once, 0 or more (0: a paused pool)
     * @throws IllegalArgumentException if {@code maxsize} is negative
     */
    public ThreadPool(int maxsize) {
        this(maxsize, DEFAULT_IDLE_TIMEOUT);
    }

    /**
     * A pool of at most {@code maxsize} threads (0 makes a paused pool: tasks wait until
     * {@link #setMaxsize} allows threads); a thread idle for {@code idleTimeout} ends ({@code null}:
     * never, gevent's default).
     *
     * @param maxsize the most threads at once, 0 or more
     * @param idleTimeout how long a thread may wait for work before it ends; {@code null} for never
     * @throws IllegalArgumentException if {@code maxsize} or {@code idleTimeout} is negative
     */
    public ThreadPool(int maxsize, Duration idleTimeout) {
        checkMaxsize(maxsize);
        Sneaky.checkTimeout("idleTimeout", idleTimeout);
        this.maxsize = maxsize;
        this.idleTimeout = idleTimeout;
        this.workers = new Workers(this, idleTimeout == null ? Long.MAX_VALUE : Sneaky.toNanos(idleTimeout));
        // Woken by worker threads: a greenlet waiting here must keep its hub out of LoopExit.
        spawners.markShared(); // and joiners, which share its record
    }

    private static void checkMaxsize(int n) {
        if (n < 0) throw new IllegalArgumentException("maxsize must not be negative: " + n);
    }

    /* ---------------------------------------------------------------- submitting ---- */

    /**
     * Runs {@code fn} on a pool thread; the result is set to its value or its exception. Waits
     * cooperatively while the pool is full ({@code maxsize + 1} unfinished tasks); a kill or
     * {@link Timeout} raised during that wait submits nothing.
     *
     * @param <T> the type of the value
     * @param fn the task; it runs on a pool thread, not on a hub
     * @return the result, set from the pool thread when {@code fn} ends
     * @throws IllegalStateException if the pool is closed
     */
    public <T> AsyncResult<T> spawn(Callable<? extends T> fn) {
        return AsyncResult.from(submit(Sneaky.checkNotNull("fn", fn), false));
    }

    /**
     * {@link #spawn(Callable)} for a function with no value: the result is set to {@code null}.
     *
     * @param fn the task; it runs on a pool thread, not on a hub
     * @return the result, set to {@code null} or the exception when {@code fn} ends
     */
    public AsyncResult<Void> spawn(Runnable fn) {
        Sneaky.checkNotNull("fn", fn);
        return spawn(() -> {
            fn.run();
            return null;
        });
    }

    /**
     * Runs {@code fn} on a pool thread and waits cooperatively for its value: {@code spawn(fn).get()}.
     * Called on one of this pool's own threads (a task applying recursively), it runs {@code fn}
     * directly instead, as gevent does, since waiting there could deadlock a full pool.
     *
     * @param <T> the type of the value
     * @param fn the task; it runs on a pool thread, not on a hub
     * @return the value of {@code fn}
     * @throws RuntimeException {@code fn}'s unchecked exception (or error) as it is; a checked one
     *     wrapped in {@link CompletionException}
     * @throws IllegalStateException if the pool is closed
     */
    public <T> T apply(Callable<? extends T> fn) {
        Sneaky.checkNotNull("fn", fn);
        if (onOwnThread()) {
            try {
                return fn.call();
            } catch (Throwable e) {
                throw Sneaky.unchecked(e);
            }
        }
        return spawn(fn).get();
    }

    /**
     * {@link #apply(Callable)} for a lambda: its checked exception comes through as itself, so
     * {@code pool.apply(() -> Files.readString(p))} throws {@code IOException}.
     *
     * @param <T> the type of the value
     * @param <X> the checked exception {@code fn} may throw
     * @param fn the task; it runs on a pool thread, not on a hub
     * @return the value of {@code fn}
     * @throws X what {@code fn} throws
     * @throws IllegalStateException if the pool is closed
     */
    public <T, X extends Exception> T apply(ThrowingCallable<? extends T, X> fn) throws X {
        Sneaky.checkNotNull("fn", fn);
        if (onOwnThread()) return fn.call();
        AsyncResult<T> r = spawn(fn);
        r.await();
        Throwable e = r.exception();
        if (e != null) throw Sneaky.<RuntimeException>rethrow(e);
        return r.value();
    }

    /**
     * Applies {@code fn} to every item on the pool's threads, up to {@link #maxsize()} at a time, and
     * returns the results in input order, waiting cooperatively for all of them. The first failing
     * item's exception is thrown (as by {@link #apply}); items already submitted keep running.
     *
     * @param <A> the type of the items
     * @param <R> the type of the results
     * @param fn the function; it runs on pool threads, several items at once
     * @param items the items; iterated on the caller's hub, by a producer greenlet as for {@link #imap}
     * @return the results, one per item, in input order
     */
    public <A, R> List<R> map(Function<? super A, ? extends R> fn, Iterable<? extends A> items) {
        Sneaky.checkNotNull("fn", fn);
        Sneaky.checkNotNull("items", items);
        List<R> out = new ArrayList<>();
        if (onOwnThread()) {
            for (A a : items) out.add(fn.apply(a));
            return out;
        }
        try (org.gevent4j.pool.IMap<R> results = imap(fn, items)) {
            while (results.hasNext()) out.add(results.next());
        }
        return out;
    }

    /**
     * Applies {@code fn} to the items on the pool's threads; iterating the result yields the values
     * in input order. A producer greenlet on the caller's hub submits the items as the pool admits
     * them ({@link #spawn} waits while it is full), with no bound on the finished results waiting to
     * be read (gevent's default). See {@link org.gevent4j.pool.IMap} for waiting, errors and close.
     * Declare the result as an {@code org.gevent4j.pool.IMap}: the type returned here is
     * deprecated.
     *
     * @param <A> the type of the items
     * @param <R> the type of the results
     * @param fn the function; it runs on pool threads, several items at once
     * @param items the items; iterated lazily by the producer greenlet
     * @return an iterator over the results in input order; close it to stop early
     */
    @SuppressWarnings("deprecation") // the return type, kept so that callers naming it compile
    public <A, R> IMap<R> imap(Function<? super A, ? extends R> fn, Iterable<? extends A> items) {
        return imap(fn, items, 0);
    }

    /**
     * {@link #imap(Function, Iterable)} with at most {@code maxsize} results started ahead of the
     * reader (see {@link org.gevent4j.pool.IMap}); 0 means no bound, as in gevent.
     *
     * @param <A> the type of the items
     * @param <R> the type of the results
     * @param fn the function; it runs on pool threads, several items at once
     * @param items the items; iterated lazily by the producer greenlet
     * @param maxsize the most results started ahead of the reader, 0 or more (0: no bound)
     * @return an iterator over the results in input order; close it to stop early
     * @throws IllegalArgumentException if {@code maxsize} is negative
     */
    @SuppressWarnings("deprecation")
    public <A, R> IMap<R> imap(Function<? super A, ? extends R> fn, Iterable<? extends A> items, int maxsize) {
        return new IMap<>(this::spawn, fn, items, true, maxsize);
    }

    /**
     * As {@link #imap(Function, Iterable)}, but yields the values in the order the items finish.
     *
     * @param <A> the type of the items
     * @param <R> the type of the results
     * @param fn the function; it runs on pool threads, several items at once
     * @param items the items; iterated lazily by the producer greenlet
     * @return an iterator over the results as they finish; close it to stop early
     */
    @SuppressWarnings("deprecation")
    public <A, R> IMap<R> imapUnordered(Function<? super A, ? extends R> fn, Iterable<? extends A> items) {
        return imapUnordered(fn, items, 0);
    }

    /**
     * {@link #imapUnordered(Function, Iterable)} with the {@code maxsize} of
     * {@link #imap(Function, Iterable, int)}.
     *
     * @param <A> the type of the items
     * @param <R> the type of the results
     * @param fn the function; it runs on pool threads, several items at once
     * @param items the items; iterated lazily by the producer greenlet
     * @param maxsize the most results started ahead of the reader, 0 or more (0: no bound)
     * @return an iterator over the results as they finish; close it to stop early
     */
    @SuppressWarnings("deprecation")
    public <A, R> IMap<R> imapUnordered(Function<? super A, ? extends R> fn, Iterable<? extends A> items,
            int maxsize) {
        return new IMap<>(this::spawn, fn, items, false, maxsize);
    }

    /** Whether the caller is one of this pool's threads. */
    private boolean onOwnThread() {
        return Workers.isWorkerOf(this);
    }

    /**
     * Queues {@code fn}, waiting for a slot; the submitting hub is referenced until the outcome is
     * set. {@code report}: also report a failure to that hub (fire-and-forget submissions).
     */
    <T> Task<T> submit(Callable<? extends T> fn, boolean report) {
        // A virtual thread of the JDK's own scheduler has no hub: it may submit while there is room.
        Strand me = Strand.currentOrNull();
        Task<T> task = new Task<>(fn, me == null ? null : me.loop, report);
        Workers.Worker wake = null;
        boolean start = false, queued = false;
        synchronized (this) {
            if (closed) throw closedException();
            if (turns.mayTake()) {
                unfinished++;
                wake = enqueue(task);
                start = wake == null && workers.needThread();
                queued = true;
            }
        }
        if (!queued) {
            awaitSlot(me != null ? me : Strand.current());
            synchronized (this) {
                if (closed) {
                    releaseSlot();
                    throw closedException();
                }
                wake = enqueue(task);
                start = wake == null && workers.needThread();
            }
        }
        if (wake != null) LockSupport.unpark(wake.thread);
        else if (start) workers.start();
        return task;
    }

    /** Holding the monitor: queues a task that owns a slot; returns the idle worker to wake, if any. */
    private Workers.Worker enqueue(Task<?> task) {
        task.hold();
        queue.addLast(task);
        return workers.signalOne();
    }

    /** Waits for a slot, in FIFO order (see Turns), and takes it; throws if the pool is closed meanwhile. */
    private void awaitSlot(Strand me) {
        WaitQueue.Waiter w;
        synchronized (this) {
            if (turns.mayTake()) { // freed meanwhile
                unfinished++;
                return;
            }
            w = turns.join(me);
        }
        while (true) {
            turns.await(this, w, Loop.FOREVER); // a kill: a slot granted to this waiter goes to the next one
            synchronized (this) {
                int turn = turns.claim(w, true, !closed, true);
                if (turn == Turns.WAIT) continue;
                if (closed) throw closedException(); // shutdown woke every spawner: none takes a slot
                unfinished++;
                return;
            }
        }
    }

    private static IllegalStateException closedException() {
        return new IllegalStateException("the thread pool is closed");
    }

    /** Holding the monitor: a slot is free again; the first spawner waiting gets it, else it is counted free. */
    void releaseSlot() {
        unfinished--;
        WaitQueue.wakeOne(turns.grant(), this); // unparks a strand: no user code
        if (unfinished == 0 && !joiners.isEmpty()) WaitQueue.wake(joiners.takeAll(), this);
    }

    /** Holding the monitor: takes the greenlets waiting in join or close (null if none), to wake after. */
    WaitQueue.Waiter takeJoiners() {
        return joiners.isEmpty() ? null : joiners.takeAll();
    }

    /* ---------------------------------------------------------------- size and control ---- */

    /**
     * The most threads this pool runs at once.
     *
     * @return the current limit, 0 or more
     */
    public synchronized int maxsize() {
        return maxsize;
    }

    /**
     * Changes the most threads this pool runs at once. Growing starts threads for queued tasks and
     * lets waiting spawners in; shrinking makes surplus threads end once their current task is done.
     * Never blocks.
     *
     * @param n the new limit, 0 or more (0 pauses the pool: running tasks finish, queued ones wait)
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public void setMaxsize(int n) {
        checkMaxsize(n);
        List<Workers.Worker> toWake = new ArrayList<>();
        List<WaitQueue.Waiter> admitted = new ArrayList<>();
        int toStart;
        synchronized (this) {
            maxsize = n;
            toStart = workers.resize(toWake);
            admitSpawners(admitted);
        }
        for (WaitQueue.Waiter w : admitted) WaitQueue.wakeOne(w, this);
        Workers.wake(toWake);
        for (int i = 0; i < toStart; i++) workers.start();
    }

    /** Holding the monitor: hands the free slots to waiting spawners, in order; wake them after. */
    private void admitSpawners(List<WaitQueue.Waiter> admitted) {
        for (WaitQueue.Waiter w; (w = turns.grant()) != null; ) admitted.add(w);
    }

    /**
     * The number of live threads now (busy, idle, or finishing their last task before ending).
     *
     * @return the number of threads alive, which may briefly exceed {@link #maxsize()} after shrinking
     */
    public synchronized int size() {
        return workers.size();
    }

    /**
     * The number of unfinished tasks: queued or running (gevent's {@code len(pool)}). Never blocks.
     *
     * @return the number of tasks queued or running
     */
    public synchronized int unfinished() {
        return unfinished;
    }

    /**
     * The idle timeout after which a thread ends, or {@code null} for never.
     *
     * @return the idle timeout given at construction, or {@code null}
     */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /**
     * Waits cooperatively until no task is unfinished (queued or running), as gevent's {@code join}.
     * A kill or {@link Timeout} aimed at the caller is raised here; the tasks go on.
     */
    public void join() {
        awaitCondition(() -> unfinished == 0);
    }

    /**
     * Drops the queued tasks (their results get a {@link CancellationException}) and makes every
     * thread end once its current task is done; running tasks are not stopped. The pool stays usable:
     * a later {@link #spawn} starts new threads (gevent's {@code kill} too leaves it usable). Never
     * blocks.
     */
    public void kill() {
        killQueued();
    }

    /** kill(); returns the functions of the dropped tasks. */
    List<Callable<?>> killQueued() {
        List<Task<?>> dropped;
        List<WaitQueue.Waiter> admitted = new ArrayList<>();
        WaitQueue.Waiter joined = null;
        List<Workers.Worker> toWake = new ArrayList<>();
        synchronized (this) {
            dropped = new ArrayList<>(queue);
            queue.clear();
            unfinished -= dropped.size();
            workers.retireAll(toWake);
            admitSpawners(admitted); // their tasks will start new threads
            if (unfinished == 0) joined = joiners.takeAll();
        }
        for (WaitQueue.Waiter w : admitted) WaitQueue.wakeOne(w, this);
        WaitQueue.wake(joined, this);
        Workers.wake(toWake);
        CancellationException why = new CancellationException("the thread pool was killed before the task started");
        List<Callable<?>> fns = new ArrayList<>(dropped.size());
        for (Task<?> t : dropped) {
            fns.add(t.abandon(why));
            t.release();
        }
        return fns;
    }

    /** Cancels {@code task} if it has not started: true if it will never run. Never blocks. */
    boolean cancel(Task<?> task, Throwable why) {
        synchronized (this) {
            if (!queue.remove(task)) return false;
            releaseSlot();
        }
        task.abandon(why);
        task.release();
        return true;
    }

    /**
     * Refuses new tasks ({@link #spawn} then throws {@link IllegalStateException}, also in spawners
     * waiting now), waits cooperatively for the unfinished tasks, then for every thread to end.
     * Idempotent. A kill or {@link Timeout} aimed at the caller stops the wait, leaving the pool
     * closed; its threads still end once the tasks are done.
     *
     * <p>Called on one of the pool's own threads it only closes, without waiting.
     */
    @Override
    public void close() {
        shutdown();
        if (onOwnThread()) return;
        awaitCondition(this::terminatedLocked);
        workers.joinEnded();
    }

    /** Refuses new tasks; threads end once the queue is empty. Never blocks. */
    void shutdown() {
        WaitQueue.Waiter woken;
        List<Workers.Worker> toWake = new ArrayList<>();
        synchronized (this) {
            if (closed) return;
            closed = true;
            woken = turns.grantAll(); // they see `closed` when they run, and take no slot
            workers.signalAllIdle(toWake); // idle means the queue is empty: they may go now
        }
        WaitQueue.wake(woken, this); // they see `closed` and throw
        Workers.wake(toWake);
    }

    /** Whether closed with no task unfinished and no thread left. */
    synchronized boolean terminated() {
        return terminatedLocked();
    }

    private boolean terminatedLocked() {
        return closed && unfinished == 0 && workers.size() == 0;
    }

    /** Waits until terminated or the deadline of the caller's hub passes; whether it terminated. */
    boolean awaitTermination(Duration timeout) {
        Strand me = Strand.current();
        long deadline = me.loop.deadlineAfter(timeout);
        while (true) {
            WaitQueue.Waiter w;
            synchronized (this) {
                if (terminatedLocked()) break;
                w = joiners.add(me);
            }
            if (!joiners.await(this, w, deadline, null)) {
                if (terminated()) break;
                return false;
            }
        }
        workers.joinEnded();
        return true;
    }

    /**
     * Whether {@link #close()} was called.
     *
     * @return true once {@link #close()} was called, whether or not its tasks have finished
     */
    public synchronized boolean closed() {
        return closed;
    }

    /** Waits cooperatively until {@code condition} (read under the monitor) holds. */
    private void awaitCondition(BooleanSupplier condition) {
        Strand me = null;
        while (true) {
            WaitQueue.Waiter w;
            synchronized (this) {
                if (condition.getAsBoolean()) return;
                if (me == null) me = Strand.current();
                w = joiners.add(me);
            }
            joiners.await(this, w, Loop.FOREVER, null);
        }
    }

    @Override
    public synchronized String toString() {
        return "<ThreadPool tasks=" + unfinished + " size=" + workers.size() + " maxsize=" + maxsize
                + (closed ? " closed" : "") + ">";
    }
}
