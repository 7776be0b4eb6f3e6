package org.gevent4j.event;

import java.util.function.Consumer;
import org.gevent4j.Waitable;
import org.gevent4j.internal.Sneaky;
import org.gevent4j.internal.Strand;
import org.gevent4j.internal.WaitQueue;

/**
 * What Event and AsyncResult share (gevent's {@code AbstractLinkable}): a "ready" state guarded by
 * the object's monitor, a wait queue of greenlets and rawlink callbacks, and waking them all, in
 * order, when it becomes ready.
 */
abstract sealed class Linkable implements Waitable permits Event, AsyncResult {
    final WaitQueue waiters = new WaitQueue();

    /** Whether waiting would return at once; read under the monitor by the methods below. */
    abstract boolean isReady();

    @Override
    public final boolean ready() {
        return isReady();
    }

    /** Makes the object ready with {@code update} (run under the monitor) and wakes every waiter. */
    final void becomeReady(Runnable update) {
        WaitQueue.Waiter woken;
        synchronized (this) {
            update.run();
            woken = waiters.takeAll();
        }
        WaitQueue.wake(woken, this);
    }

    /** Waits until ready or the timeout passes; whether it was ready (at any point) or notified. */
    final boolean awaitReady(java.time.Duration timeout) {
        Sneaky.checkTimeout("timeout", timeout);
        Strand me = Strand.current();
        WaitQueue.Waiter w;
        synchronized (this) {
            if (isReady()) return true;
            w = waiters.add(me);
        }
        return waiters.await(this, w, me.loop.deadlineAfter(timeout), null);
    }

    @Override
    @SuppressWarnings("unchecked")
    public final void rawlink(Consumer<? super Waitable> callback) {
        Sneaky.checkNotNull("callback", callback);
        synchronized (this) {
            if (!isReady()) {
                waiters.addCallback((Consumer<Object>) callback);
                return;
            }
        }
        callback.accept(this);
    }

    @Override
    public final void unlink(Consumer<?> callback) {
        synchronized (this) {
            waiters.removeCallback(callback);
        }
    }

    final synchronized int waiterCount() {
        return waiters.size();
    }
}
