package org.gevent4j.subprocess;

import java.util.function.BooleanSupplier;
import org.gevent4j.internal.Loop;
import org.gevent4j.internal.Strand;
import org.gevent4j.internal.WaitQueue;

/*
 * Implementation overview
 *
 * A child's pipes are JDK streams over plain file descriptors: a read or write on them blocks the
 * calling thread in the kernel, and on a hub that would stall every greenlet.
 * So each pipe that is used gets one dedicated platform daemon thread (a Pump for stdout/stderr,
 * a Feeder for stdin) that does the blocking I/O, and greenlets exchange bytes with it through a
 * buffer guarded by this object's monitor.
 *
 * Why not the hub's thread pool: a communicate needs up to three threads blocked at once for as
 * long as the child runs (writer, two readers), so ten concurrent communicates would hold a
 * 10-thread pool hostage and the eleventh would wait for a thread while its child waits for a
 * reader: a deadlock. Dedicated threads are started lazily (a pipe nobody reads costs nothing)
 * and end by themselves at end of stream, when the child exits, or when the Popen is closed.
 *
 * Greenlets wait on a WaitQueue marked shared (a pipe thread will wake them, so the wait holds a
 * reference on the hub: no LoopExit meanwhile). The pipe thread waits with Object.wait on the same
 * monitor. Nobody does I/O or parks while holding the monitor, so the hub thread never blocks on it.
 */
abstract class PipeThread {
    /** How many bytes a streaming reader or writer may have in flight (a pipe's own capacity). */
    static final int LIMIT = 64 * 1024;

    private final WaitQueue waiters = new WaitQueue();
    private final String threadName;
    private boolean started;

    PipeThread(String threadName) {
        this.threadName = threadName;
        synchronized (this) {
            waiters.markShared();
        }
    }

    /** The blocking work of the pipe thread; it returns when the pipe is done. */
    abstract void pump();

    /** Starts the pipe thread unless it runs already. */
    final void start() {
        synchronized (this) {
            if (started) return;
            started = true;
        }
        Thread.ofPlatform().daemon().name(threadName).stackSize(256 * 1024).start(this::pump);
    }

    /** Keeps the thread from ever starting; true if it had not started. Call holding the monitor. */
    final boolean cancelStart() {
        if (started) return false;
        started = true;
        return true;
    }

    /**
     * Waits cooperatively until {@code condition} (evaluated under the monitor) holds or the loop's
     * clock reaches {@code deadline}; returns whether it holds. A kill or Timeout propagates, the
     * waiter withdrawn.
     */
    final boolean awaitUntil(BooleanSupplier condition, long deadline) {
        Strand me = Strand.current();
        while (true) {
            WaitQueue.Waiter w;
            synchronized (this) {
                if (condition.getAsBoolean()) return true;
                if (deadline != Loop.FOREVER && me.loop.nanoTime() >= deadline) return false;
                w = waiters.add(me);
            }
            waiters.await(this, w, deadline, null);
        }
    }

    /** Wakes every waiting greenlet and the pipe thread, to re-check their conditions. Any thread. */
    final void signal() {
        WaitQueue.Waiter woken;
        synchronized (this) {
            notifyAll();
            woken = waiters.takeAll();
        }
        WaitQueue.wake(woken, this);
    }
}
