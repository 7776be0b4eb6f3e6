package org.gevent4j;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.gevent4j.internal.Loop;
import org.gevent4j.internal.Sneaky;
import org.gevent4j.internal.Strand;
import org.gevent4j.internal.WaitQueue;

/*
 * Implementation overview
 *
 * The ExecutorService of Gevent.executor(): every task is a greenlet created on the executor's
 * loop, from whatever thread submits it (starting a greenlet of another thread's hub goes through
 * that loop's thread-safe remote queue, as a link greenlet spawned by a killer does). The executor
 * keeps its live tasks in a set guarded by its monitor and forgets each one from its greenlet's
 * death link; awaitTermination waiters sit in a WaitQueue woken when the executor is shut down
 * and the set is empty.
 *
 * A task is claimed exactly once, by its greenlet when it starts or by shutdownNow (which returns
 * it as never run), so no task both runs and is reported as drained.
 *
 * Futures are FutureTasks whose get() waits on a WaitQueue instead of FutureTask's own
 * LockSupport.park: on the hub's own platform thread a JDK park would stop the very hub that must
 * run the task. A waiter on another hub or platform thread holds its own loop open while it
 * waits (no LoopExit): the wake-up comes from this hub's thread. invokeAny is cooperative for the
 * same reason (the JDK's waits on a LinkedBlockingQueue); invokeAll is the JDK's, over these
 * futures.
 */
final class GreenletExecutor extends AbstractExecutorService {
    private final Loop loop;
    /** Guarded by this: the live tasks, the shutdown flag and the termination waiters. */
    private final Set<Task> tasks = new LinkedHashSet<>();
    private final WaitQueue terminationWaiters = new WaitQueue();
    private boolean shutdown;

    GreenletExecutor(Loop loop) {
        this.loop = loop;
        terminationWaiters.usedBy(loop.carrier()); // its tasks end on this hub: see WaitQueue.usedBy
    }

    /**
     * Runs {@code command} in a new greenlet of this executor's hub. Callable from any thread; the
     * greenlet runs when the hub's thread next blocks cooperatively. An exception escaping a plain
     * {@code Runnable} is reported by the hub, as for any greenlet.
     *
     * @throws RejectedExecutionException after {@link #shutdown()}
     */
    @Override
    public void execute(Runnable command) {
        Sneaky.checkNotNull("command", command);
        Task task = new Task(command);
        Greenlet<Void> g = Greenlet.onLoop(loop, task);
        task.greenlet = g;
        if (command instanceof TaskFuture<?> f) f.greenlet = g;
        synchronized (this) {
            if (shutdown) throw new RejectedExecutionException("executor has been shut down: " + this);
            tasks.add(task);
        }
        g.rawlink(task);
        g.start();
    }

    private void finished(Task task) {
        WaitQueue.Waiter woken = null;
        synchronized (this) {
            tasks.remove(task);
            if (shutdown && tasks.isEmpty()) woken = terminationWaiters.takeAll();
        }
        WaitQueue.wake(woken, this);
    }

    @Override
    public void shutdown() {
        WaitQueue.Waiter woken = null;
        synchronized (this) {
            shutdown = true;
            if (tasks.isEmpty()) woken = terminationWaiters.takeAll();
        }
        WaitQueue.wake(woken, this);
    }

    /**
     * Shuts down and kills every task greenlet with {@link GreenletExit}, without waiting for them
     * to die. Returns the tasks that had not started, which will never run.
     */
    @Override
    public List<Runnable> shutdownNow() {
        List<Task> live;
        WaitQueue.Waiter woken = null;
        synchronized (this) {
            shutdown = true;
            live = List.copyOf(tasks);
            if (live.isEmpty()) woken = terminationWaiters.takeAll();
        }
        WaitQueue.wake(woken, this);
        List<Runnable> neverRun = new ArrayList<>();
        for (Task t : live) {
            if (t.claim()) neverRun.add(t.command);
            t.greenlet.kill(new GreenletExit(), false, null);
        }
        return neverRun;
    }

    @Override
    public synchronized boolean isShutdown() {
        return shutdown;
    }

    @Override
    public synchronized boolean isTerminated() {
        return shutdown && tasks.isEmpty();
    }

    /**
     * Waits until the executor is shut down and its last task greenlet has died, or the timeout
     * passes. Cooperative from a greenlet (of any hub) and from a platform thread, the hub's own
     * included: its hub keeps running meanwhile. A kill or {@link Timeout} aimed at a waiting
     * greenlet is raised from here; a waiting platform thread that is interrupted gets
     * {@link InterruptedException}.
     */
    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        Sneaky.checkNotNull("unit", unit);
        long nanos = unit.toNanos(timeout);
        Strand me = Strand.current();
        WaitQueue.Waiter w;
        synchronized (this) {
            if (shutdown && tasks.isEmpty()) return true;
            if (nanos <= 0) return false;
            w = terminationWaiters.add(me);
        }
        return await(me, terminationWaiters, this, w, me.loop.deadlineAfter(Duration.ofNanos(nanos)));
    }

    /**
     * WaitQueue.await for this executor's waiters (made usedBy this hub, so a waiter on another hub
     * or thread holds its own loop open): a platform thread's interrupt becomes the
     * InterruptedException j.u.c callers expect.
     */
    private boolean await(Strand me, WaitQueue queue, Object monitor, WaitQueue.Waiter w, long deadline)
            throws InterruptedException {
        try {
            return queue.await(monitor, w, deadline, null);
        } catch (GreenletExit e) {
            if (me.isMain() && Thread.interrupted()) {
                InterruptedException ie = new InterruptedException("interrupted while waiting on " + this);
                ie.initCause(e);
                throw ie;
            }
            throw e;
        }
    }

    @Override
    protected <T> RunnableFuture<T> newTaskFor(Callable<T> callable) {
        return new TaskFuture<>(this, callable, null);
    }

    @Override
    protected <T> RunnableFuture<T> newTaskFor(Runnable runnable, T value) {
        return new TaskFuture<>(this, Executors.callable(runnable, value), null);
    }

    /** Like the JDK's, but waiting cooperatively; submits every task at once and cancels the rest. */
    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws InterruptedException, ExecutionException {
        try {
            return invokeAny(tasks, null);
        } catch (TimeoutException e) {
            throw new IllegalStateException("invokeAny without a timeout timed out", e);
        }
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException, ExecutionException, TimeoutException {
        Sneaky.checkNotNull("unit", unit);
        return invokeAny(tasks, Duration.ofNanos(Math.max(0, unit.toNanos(timeout))));
    }

    private <T> T invokeAny(Collection<? extends Callable<T>> tasks, Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        Sneaky.checkNotNull("tasks", tasks);
        if (tasks.isEmpty()) throw new IllegalArgumentException("invokeAny needs at least one task");
        Strand me = Strand.current();
        long deadline = me.loop.deadlineAfter(timeout);
        FirstResult<T> first = new FirstResult<>(this, tasks.size());
        List<TaskFuture<T>> futures = new ArrayList<>(tasks.size());
        try {
            for (Callable<T> c : tasks) {
                TaskFuture<T> f = new TaskFuture<>(this, Sneaky.checkNotNull("task", c), first);
                futures.add(f);
                execute(f);
            }
            return first.await(me, deadline);
        } finally {
            for (TaskFuture<T> f : futures) f.cancel(true);
        }
    }

    @Override
    public String toString() {
        synchronized (this) {
            return "GreenletExecutor[" + loop + ", tasks=" + tasks.size()
                    + (shutdown ? tasks.isEmpty() ? ", terminated" : ", shut down" : "") + "]";
        }
    }

    /** One submitted command: the greenlet's body, and the link that forgets it when it dies. */
    private final class Task implements Runnable, Consumer<Object> {
        private static final VarHandle CLAIMED;

        static {
            try {
                CLAIMED = MethodHandles.lookup().findVarHandle(Task.class, "claimed", boolean.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        final Runnable command;
        Greenlet<Void> greenlet;
        @SuppressWarnings("unused") // through CLAIMED
        private volatile boolean claimed;

        Task(Runnable command) {
            this.command = command;
        }

        boolean claim() {
            return CLAIMED.compareAndSet(this, false, true);
        }

        @Override
        public void run() {
            if (claim()) command.run();
        }

        @Override
        public void accept(Object deadGreenlet) {
            finished(this);
        }

        @Override
        public String toString() {
            return command.toString();
        }
    }

    /**
     * A FutureTask whose waits are cooperative, and whose {@code cancel(true)} kills the task's
     * greenlet (a kill is a greenlet's interrupt) instead of interrupting its thread.
     */
    private static final class TaskFuture<V> extends FutureTask<V> {
        private final GreenletExecutor executor;
        private final WaitQueue waiters = new WaitQueue();
        private final FirstResult<V> listener;
        volatile Greenlet<?> greenlet;

        TaskFuture(GreenletExecutor executor, Callable<V> callable, FirstResult<V> listener) {
            super(callable);
            this.executor = executor;
            this.listener = listener;
            waiters.usedBy(executor.loop.carrier());
        }

        @Override
        protected void done() {
            WaitQueue.Waiter woken;
            synchronized (waiters) {
                woken = waiters.takeAll();
            }
            WaitQueue.wake(woken, this);
            if (listener != null) listener.completed(this);
        }

        /**
         * Cancels the task; with {@code mayInterruptIfRunning}, also kills its greenlet with
         * {@link GreenletExit} (a task that had not started never runs either way).
         */
        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(false);
            Greenlet<?> g = greenlet;
            if (cancelled && mayInterruptIfRunning && g != null) g.kill(new GreenletExit(), false, null);
            return cancelled;
        }

        @Override
        public V get() throws InterruptedException, ExecutionException {
            awaitDone(null);
            return super.get();
        }

        @Override
        public V get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
            Sneaky.checkNotNull("unit", unit);
            if (!awaitDone(Duration.ofNanos(Math.max(0, unit.toNanos(timeout))))) {
                throw new TimeoutException("task not done after " + timeout + " " + unit);
            }
            return super.get();
        }

        private boolean awaitDone(Duration timeout) throws InterruptedException {
            if (isDone()) return true;
            Strand me = Strand.current();
            WaitQueue.Waiter w;
            synchronized (waiters) {
                if (isDone()) return true;
                if (timeout != null && timeout.isZero()) return false;
                w = waiters.add(me);
            }
            return executor.await(me, waiters, waiters, w, me.loop.deadlineAfter(timeout));
        }
    }

    /** invokeAny's outcome: the first successful task's value, or the last failure once all failed. */
    private static final class FirstResult<T> {
        private final GreenletExecutor executor;
        private final WaitQueue waiters = new WaitQueue();
        private int remaining;
        private boolean done, succeeded;
        private T value;
        private Throwable failure;

        FirstResult(GreenletExecutor executor, int count) {
            this.executor = executor;
            this.remaining = count;
            waiters.usedBy(executor.loop.carrier());
        }

        void completed(TaskFuture<T> f) {
            WaitQueue.Waiter woken;
            synchronized (this) {
                if (done) return;
                switch (f.state()) {
                    case SUCCESS -> {
                        value = f.resultNow();
                        done = succeeded = true;
                    }
                    case FAILED -> failure = f.exceptionNow();
                    default -> failure = new CancellationException("task cancelled");
                }
                if (--remaining == 0) done = true;
                if (!done) return;
                woken = waiters.takeAll();
            }
            WaitQueue.wake(woken, this);
        }

        T await(Strand me, long deadline) throws InterruptedException, ExecutionException, TimeoutException {
            for (;;) {
                WaitQueue.Waiter w;
                synchronized (this) {
                    if (succeeded) return value;
                    if (done) throw new ExecutionException(failure);
                    w = waiters.add(me);
                }
                if (!executor.await(me, waiters, this, w, deadline)) {
                    synchronized (this) {
                        if (!done) throw new TimeoutException("no task completed in time");
                    }
                }
            }
        }
    }
}
