package org.gevent4j.threadpool;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.gevent4j.internal.Spin;
import org.gevent4j.internal.WaitQueue;

/*
 * Implementation overview
 *
 * The threads of one ThreadPool: starting them, the idle stack, the idle spin and timeout, and
 * retirement. All state here is guarded by the pool's monitor, not a lock of its own: a task handed
 * to an idle worker and that worker going idle must be decided under the same lock as the queue
 * and the slots, or a task could be queued while its worker parks for good. As in ThreadPool,
 * nobody parks or runs a task while holding the monitor.
 *
 * `count` counts threads that will still take tasks; `threads` every live one. A worker retires
 * (decrementing `count` itself) when it finds more workers than maxsize, when it was told to by
 * kill()/close(), or when it stayed idle for idleTimeout. Idle workers form a LIFO stack, so the
 * most recently busy thread takes the next task and the others can time out.
 */
final class Workers {
    private static final AtomicInteger THREAD_NUMBERS = new AtomicInteger();

    private final ThreadPool pool;
    private final long idleNanos; // Long.MAX_VALUE: never
    /** Live threads that will still take tasks. */
    private int count;
    private final ArrayDeque<Worker> idle = new ArrayDeque<>();
    private final Set<Worker> threads = new LinkedHashSet<>();
    /** Recently ended threads, for close() to join: they have left their loop but may not be dead yet. */
    private final List<Thread> endedThreads = new ArrayList<>();

    Workers(ThreadPool pool, long idleNanos) {
        this.pool = pool;
        this.idleNanos = idleNanos;
    }

    /** Whether the caller is one of {@code pool}'s threads. */
    static boolean isWorkerOf(ThreadPool pool) {
        return Thread.currentThread() instanceof WorkerThread w && w.worker.workers.pool == pool;
    }

    /* ---------------------------------------------------------------- for the pool, holding its monitor ---- */

    /** The most recently idle worker, told it has work (wake it after the monitor), or null if none is idle. */
    Worker signalOne() {
        Worker w = idle.pollFirst();
        if (w != null) w.signalled = true;
        return w;
    }

    /** Tells every idle worker to look again (for work, or to retire); they go to {@code toWake}. */
    void signalAllIdle(List<Worker> toWake) {
        for (Worker w; (w = signalOne()) != null; ) toWake.add(w);
    }

    /** Whether a new thread is needed for a queued task; counts it if so (start it after the monitor). */
    boolean needThread() {
        if (count < pool.maxsize && !pool.queue.isEmpty()) {
            count++;
            return true;
        }
        return false;
    }

    /**
     * After maxsize changed: counts the threads to start for queued tasks (returned; start them
     * after the monitor) and sends surplus idle workers to {@code toWake}, to see they must go.
     */
    int resize(List<Worker> toWake) {
        int toStart = Math.max(0, Math.min(pool.maxsize - count, pool.queue.size()));
        count += toStart;
        for (int surplus = count - pool.maxsize; surplus > 0 && !idle.isEmpty(); surplus--) toWake.add(signalOne());
        return toStart;
    }

    /** Every thread is to end after its current task; idle ones go to {@code toWake}. */
    void retireAll(List<Worker> toWake) {
        for (Worker w : threads) {
            if (!w.retiring) {
                w.retiring = true;
                count--;
            }
        }
        signalAllIdle(toWake);
    }

    /** The number of live threads. */
    int size() {
        return threads.size();
    }

    /* ---------------------------------------------------------------- for the pool, not holding it ---- */

    static void wake(List<Worker> toWake) {
        for (Worker w : toWake) LockSupport.unpark(w.thread);
    }

    /** Starts a thread already counted by {@link #needThread} or {@link #resize}. */
    void start() {
        Worker w = new Worker(this);
        synchronized (pool) {
            threads.add(w);
        }
        try {
            w.thread.start();
        } catch (Throwable e) { // no more native threads: the queued task still needs one
            synchronized (pool) {
                threads.remove(w);
                count--;
            }
            throw e;
        }
    }

    /** Ended threads have left their loop; this waits for the JVM to see them gone (microseconds). */
    void joinEnded() {
        List<Thread> ended;
        synchronized (pool) {
            ended = new ArrayList<>(endedThreads);
            endedThreads.clear();
        }
        for (Thread t : ended) joinQuietly(t);
    }

    private static void joinQuietly(Thread t) {
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    /* ---------------------------------------------------------------- a worker's life ---- */

    /** Worker threads are recognisable, so that apply() on one of them can run inline. */
    static final class WorkerThread extends Thread {
        final Worker worker;

        WorkerThread(Worker worker, String name) {
            super(null, null, name, 0, false);
            this.worker = worker;
            setDaemon(true);
        }

        @Override
        public void run() {
            try {
                worker.workers.work(worker);
            } finally {
                worker.workers.ended(worker);
            }
        }
    }

    static final class Worker {
        final Workers workers;
        final Thread thread;
        /** Set under the monitor when popped from the idle stack (a task, or told to retire). */
        volatile boolean signalled;
        /** Told to end (kill, close, shrink); no longer counted in `count`. Under the monitor. */
        boolean retiring;
        /** Whether to spin before parking when idle; this thread's own. */
        final Spin spin = new Spin();

        Worker(Workers workers) {
            this.workers = workers;
            this.thread = new WorkerThread(this, "gevent4j-threadpool-" + THREAD_NUMBERS.incrementAndGet());
        }
    }

    private void work(Worker me) {
        while (true) {
            Task<?> task;
            synchronized (pool) {
                task = nextTask(me);
                if (task == null) {
                    if (me.retiring) return;
                    me.signalled = false;
                    idle.addFirst(me);
                }
            }
            if (task != null) {
                runTask(task);
                continue;
            }
            if (!idleWait(me)) return;
        }
    }

    /** Holding the monitor: the next task, or null if none (or this worker must end: `retiring`). */
    private Task<?> nextTask(Worker me) {
        if (!me.retiring && (count > pool.maxsize || pool.closed && pool.queue.isEmpty())) retire(me);
        if (me.retiring) return null;
        return pool.queue.pollFirst();
    }

    /** Holding the monitor. */
    private void retire(Worker me) {
        me.retiring = true;
        count--;
    }

    /** Parks an idle worker until it is signalled (true) or it timed out and ended (false). */
    private boolean idleWait(Worker me) {
        // A greenlet doing many small pool calls in a row (file reads) finds the worker still awake.
        if (me.spin.shouldSpin()) {
            long spinEnd = System.nanoTime() + Spin.MAX_NANOS;
            while (!me.signalled && System.nanoTime() < spinEnd) Thread.onSpinWait();
            me.spin.record(me.signalled);
        }
        long deadline = idleNanos == Long.MAX_VALUE ? 0 : System.nanoTime() + idleNanos;
        while (!me.signalled) {
            if (idleNanos == Long.MAX_VALUE) {
                LockSupport.park(pool);
            } else {
                long left = deadline - System.nanoTime();
                if (left <= 0) break;
                LockSupport.parkNanos(pool, left);
            }
        }
        synchronized (pool) {
            if (me.signalled) return true;
            idle.remove(me);
            if (!pool.queue.isEmpty() && !me.retiring) return true; // a task came just now
            if (!me.retiring) retire(me);
            return false;
        }
    }

    private void runTask(Task<?> task) {
        try {
            task.execute(); // never throws: the outcome goes to the result
        } finally {
            Thread.interrupted(); // a status the task left set must not leak into the next one
            synchronized (pool) {
                pool.releaseSlot();
            }
            task.release();
        }
    }

    private void ended(Worker me) {
        WaitQueue.Waiter woken;
        boolean replace;
        synchronized (pool) {
            threads.remove(me);
            endedThreads.add(me.thread);
            if (endedThreads.size() > 64) endedThreads.removeFirst();
            if (!me.retiring) retire(me); // died of an unexpected error: do not strand the queue
            idle.remove(me);
            replace = idle.isEmpty() && needThread();
            woken = threads.isEmpty() ? pool.takeJoiners() : null;
        }
        WaitQueue.wake(woken, pool);
        if (replace) start();
    }
}
