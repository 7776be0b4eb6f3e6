package org.gevent4j.fileobject;

import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import org.gevent4j.event.AsyncResult;
import org.gevent4j.lock.Semaphore;
import org.gevent4j.threadpool.ThreadPool;

/*
 * One operation on a file at a time (gevent's FileObjectThread lock), where an operation is
 * greenlet-side buffer work plus system calls run on the pool. A system call cannot be stopped: a
 * waiter that leaves (killed, timed out) hands the lock to the pool task, which releases it when the
 * call returns. So no two calls ever overlap on the channel, and the next operation starts from the
 * state the call left.
 */

/** The lock of one FileObject, which a pool task takes over from a waiter that leaves. */
final class PoolLock {
    private final Semaphore lock = new Semaphore(1);
    private final ThreadPool pool;

    PoolLock(ThreadPool pool) {
        this.pool = pool;
    }

    /** An operation holding the lock; {@code handedOff} once a pool task owns the lock instead. */
    final class Op {
        private boolean handedOff;

        /** Runs {@code io} on the pool and waits for it; a waiter that leaves hands it the lock. */
        <T> T onPool(Callable<T> io) throws IOException {
            AsyncResult<T> r = pool.spawn(io);
            try {
                return r.get();
            } catch (CompletionException e) {
                throw ioFailure(e);
            } catch (Throwable t) {
                if (!handedOff) {
                    handedOff = true;
                    r.rawlink(done -> lock.release()); // at once if it is done already
                }
                throw t;
            }
        }
    }

    interface Body<T> {
        T run(Op op) throws IOException;
    }

    /** Runs {@code body} holding the lock, waiting cooperatively for it first. */
    <T> T locked(Body<T> body) throws IOException {
        lock.acquire();
        Op op = new Op();
        try {
            return body.run(op);
        } finally {
            if (!op.handedOff) lock.release();
        }
    }

    /** The exception a pool task threw: an IOException as it is, anything else unchecked. */
    static IOException ioFailure(CompletionException e) {
        if (e.getCause() instanceof IOException io) return io;
        throw e;
    }
}
