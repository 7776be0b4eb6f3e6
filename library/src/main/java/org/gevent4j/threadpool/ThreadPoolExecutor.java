package org.gevent4j.threadpool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.gevent4j.Timeout;
import org.gevent4j.event.AsyncResult;
import org.gevent4j.internal.Loop;
import org.gevent4j.internal.Sneaky;
import org.gevent4j.internal.Strand;
import org.gevent4j.internal.WaitQueue;

/**
 * An {@link java.util.concurrent.ExecutorService} whose tasks run on the platform threads of a
 * {@link ThreadPool} of its own, and whose futures a greenlet waits for cooperatively: gevent's
 * {@code gevent.threadpool.ThreadPoolExecutor}. Use it to hand blocking or CPU-bound work written
 * for {@code java.util.concurrent} to real threads without stalling the hub.
 *
 * <h2>Blocking</h2>
 * {@link java.util.concurrent.Future#get()}, {@link #invokeAll}, {@link #invokeAny} and
 * {@link #awaitTermination} wait cooperatively, from a greenlet or from a plain platform thread
 * (its hub's main greenlet), so the hub runs its other greenlets meanwhile; a kill or
 * {@link Timeout} aimed at the waiter is raised there, and the task goes on. They never throw
 * {@link InterruptedException}: gevent4j waits are not interruptible. {@link #execute} and
 * {@code submit} wait (cooperatively) while the pool is full, as {@link ThreadPool#spawn} does.
 *
 * <p>{@code cancel(true)} interrupts the pool thread running the task, as the JDK's executors do.
 * {@link #shutdownNow()} drops the queued tasks and returns them, but does not interrupt running
 * ones. An exception escaping a plain {@code Runnable} given to {@link #execute} is reported to the
 * submitting hub's error handler (nobody else could see it).
 */
public final class ThreadPoolExecutor extends AbstractExecutorService {
    private final ThreadPool pool;

    /**
     * An executor running at most {@code maxWorkers} tasks at once, on threads that end after 60
     * idle seconds.
     *
     * @param maxWorkers the most tasks running at once, 1 or more
     * @throws IllegalArgumentException if {@code maxWorkers} is not positive
     */
    public ThreadPoolExecutor(int maxWorkers) {
        if (maxWorkers < 1) throw new IllegalArgumentException("maxWorkers must be positive: " + maxWorkers);
        this.pool = new ThreadPool(maxWorkers);
    }

    /**
     * Runs {@code command} on a pool thread.
     *
     * @throws RejectedExecutionException after {@link #shutdown()}
     */
    @Override
    public void execute(Runnable command) {
        Sneaky.checkNotNull("command", command);
        boolean report = !(command instanceof TaskFuture<?>);
        try {
            pool.submit(new RunnableCall(command), report);
        } catch (IllegalStateException e) {
            if (pool.closed()) throw new RejectedExecutionException("executor has been shut down: " + this, e);
            throw e;
        }
    }

    /** Keeps the submitted Runnable findable, for shutdownNow. */
    private record RunnableCall(Runnable command) implements Callable<Void> {
        @Override
        public Void call() {
            command.run();
            return null;
        }

        @Override
        public String toString() {
            return command.toString();
        }
    }

    @Override
    protected <T> RunnableFuture<T> newTaskFor(Callable<T> callable) {
        return new TaskFuture<>(callable);
    }

    @Override
    protected <T> RunnableFuture<T> newTaskFor(Runnable runnable, T value) {
        return new TaskFuture<>(Executors.callable(runnable, value));
    }

    /** Refuses new tasks; queued ones still run, then the threads end. Never blocks. */
    @Override
    public void shutdown() {
        pool.shutdown();
    }

    /** Shuts down and drops the queued tasks, returning them; running tasks are not interrupted. */
    @Override
    public List<Runnable> shutdownNow() {
        pool.shutdown();
        List<Runnable> neverRun = new ArrayList<>();
        for (Callable<?> c : pool.killQueued()) {
            if (c instanceof RunnableCall rc) neverRun.add(rc.command());
        }
        return neverRun;
    }

    @Override
    public boolean isShutdown() {
        return pool.closed();
    }

    @Override
    public boolean isTerminated() {
        return pool.terminated();
    }

    /**
     * Waits cooperatively until shut down with every task finished and every thread gone, or the
     * timeout passes. Never throws {@link InterruptedException}; a kill or {@link Timeout} aimed at
     * the waiter is raised instead.
     */
    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        Sneaky.checkNotNull("unit", unit);
        return pool.awaitTermination(Duration.ofNanos(Math.max(0, unit.toNanos(timeout))));
    }

    /**
     * Like the JDK's, but waiting cooperatively: submits every task, returns the first value that
     * succeeds and cancels (with interrupts) the rest.
     */
    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws ExecutionException {
        try {
            return invokeAny(tasks, null);
        } catch (TimeoutException e) {
            throw new IllegalStateException("invokeAny without a timeout timed out", e);
        }
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws ExecutionException, TimeoutException {
        Sneaky.checkNotNull("unit", unit);
        return invokeAny(tasks, Duration.ofNanos(Math.max(0, unit.toNanos(timeout))));
    }

    private <T> T invokeAny(Collection<? extends Callable<T>> tasks, Duration timeout)
            throws ExecutionException, TimeoutException {
        Sneaky.checkNotNull("tasks", tasks);
        if (tasks.isEmpty()) throw new IllegalArgumentException("invokeAny needs at least one task");
        // from(): an AsyncResult marked as set by another thread (a pool thread), so waiting on it
        // keeps the waiter's hub alive; the stage itself is never completed.
        AsyncResult<Object> first = AsyncResult.from(new CompletableFuture<>());
        AtomicInteger remaining = new AtomicInteger(tasks.size());
        List<TaskFuture<T>> futures = new ArrayList<>(tasks.size());
        try {
            for (Callable<T> c : tasks) {
                TaskFuture<T> f = new TaskFuture<>(Sneaky.checkNotNull("task", c));
                f.onDone = done -> {
                    if (done.state() == java.util.concurrent.Future.State.SUCCESS) {
                        synchronized (first) {
                            if (!first.ready()) first.set(new Object[] {done.resultNow()});
                        }
                    } else if (remaining.decrementAndGet() == 0) {
                        Throwable e = done.state() == java.util.concurrent.Future.State.FAILED ? done.exceptionNow()
                                : new CancellationException("task cancelled");
                        synchronized (first) {
                            if (!first.ready()) first.setException(new ExecutionException(e));
                        }
                    }
                };
                futures.add(f);
                execute(f);
            }
            first.await(timeout);
            if (!first.ready()) throw new TimeoutException("no task completed in " + timeout);
            Throwable e = first.exception();
            if (e instanceof ExecutionException ee) throw ee;
            @SuppressWarnings("unchecked")
            T value = (T) ((Object[]) first.value())[0];
            return value;
        } finally {
            for (TaskFuture<T> f : futures) f.cancel(true);
        }
    }

    @Override
    public String toString() {
        return "ThreadPoolExecutor" + pool;
    }

    /** A FutureTask whose waits are cooperative: on a hub's own thread a JDK park would stop the hub. */
    private static final class TaskFuture<V> extends FutureTask<V> {
        private final WaitQueue waiters = new WaitQueue();
        volatile Consumer<TaskFuture<V>> onDone;

        TaskFuture(Callable<V> callable) {
            super(callable);
            waiters.markShared(); // completed by a pool thread: waiting for it is no deadlock
        }

        @Override
        protected void done() {
            WaitQueue.Waiter woken;
            synchronized (waiters) {
                woken = waiters.takeAll();
            }
            WaitQueue.wake(woken, this);
            Consumer<TaskFuture<V>> c = onDone;
            if (c != null) c.accept(this);
        }

        /** Waits cooperatively for the outcome. Never throws InterruptedException. */
        @Override
        public V get() throws ExecutionException {
            awaitDone(null);
            return outcome();
        }

        @Override
        public V get(long timeout, TimeUnit unit) throws ExecutionException, TimeoutException {
            Sneaky.checkNotNull("unit", unit);
            if (!awaitDone(Duration.ofNanos(Math.max(0, unit.toNanos(timeout))))) {
                throw new TimeoutException("task not done after " + timeout + " " + unit);
            }
            return outcome();
        }

        private V outcome() throws ExecutionException {
            try {
                return super.get(); // done: never waits
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted reading a finished task", e);
            }
        }

        private boolean awaitDone(Duration timeout) {
            if (isDone()) return true;
            Strand me = Strand.current();
            WaitQueue.Waiter w;
            synchronized (waiters) {
                if (isDone()) return true;
                if (timeout != null && timeout.isZero()) return false;
                w = waiters.add(me);
            }
            long deadline = timeout == null ? Loop.FOREVER : me.loop.deadlineAfter(timeout);
            return waiters.await(waiters, w, deadline, null) || isDone();
        }
    }
}
