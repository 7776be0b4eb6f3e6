package org.gevent4j.threadpool;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.gevent4j.internal.Loop;

/**
 * One piece of work for a {@link ThreadPool}: the function, the hub that submitted it (kept alive
 * by a reference until the outcome is set) and the outcome itself. It is a CompletableFuture so that
 * {@code AsyncResult.from} can adopt it: that AsyncResult is marked as completed by another thread,
 * so a greenlet of any hub that waits for it keeps its hub out of LoopExit.
 */
final class Task<T> extends CompletableFuture<T> {
    private Callable<? extends T> fn;
    /** The submitting hub, referenced until the outcome is set; null once released (or no hub). */
    private Loop loop;
    /** Report a failure to the submitter's hub (nobody else will see it: execute()). */
    final boolean report;

    Task(Callable<? extends T> fn, Loop loop, boolean report) {
        this.fn = fn;
        this.loop = loop;
        this.report = report;
    }

    /** Runs the function on the calling (pool) thread and sets the outcome, waking the waiters. */
    void execute() {
        Callable<? extends T> f = fn;
        fn = null; // the pool forgets user objects as soon as it can
        T value;
        try {
            value = f.call();
        } catch (Throwable e) {
            completeExceptionally(e);
            if (report) {
                Loop l = loop;
                if (l != null) l.handleError(f, e); else Loop.printError(f, e);
            }
            return;
        }
        complete(value);
    }

    /** Fails a task that never ran (the pool was killed, or the caller cancelled it); returns its function. */
    Callable<? extends T> abandon(Throwable why) {
        Callable<? extends T> f = fn;
        fn = null;
        completeExceptionally(why);
        return f;
    }

    /** Keeps the submitting hub out of LoopExit until {@link #release()}: the task is queued. */
    void hold() {
        if (loop != null) loop.ref();
    }

    /** Lets the submitting hub go: after the outcome is set, so its waiter's wake-up is already queued. */
    void release() {
        Loop l = loop;
        loop = null;
        if (l != null) l.unref();
    }
}
