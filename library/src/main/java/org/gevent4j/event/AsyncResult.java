package org.gevent4j.event;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.gevent4j.Timeout;
import org.gevent4j.internal.Sneaky;

/**
 * A value that will be set later, or an exception: gevent's {@code AsyncResult} (a future). Any
 * number of greenlets may wait for it; {@link #set} or {@link #setException} wakes them all, in the
 * order they started waiting. Setting it again replaces the outcome, as in gevent.
 *
 * <p>Thread-safe: a platform thread, a thread-pool task or a greenlet of another hub may set it.
 * {@link #toCompletableFuture()} and {@link #from(CompletionStage)} bridge to
 * {@code java.util.concurrent}.
 *
 * @param <T> the type of the value
 */
public final class AsyncResult<T> extends Linkable {
    private volatile boolean ready;
    private T value;
    private Throwable exception;

    /** A result not set yet. */
    public AsyncResult() {}

    /**
     * Sets the value and wakes every waiter. Never blocks.
     *
     * @param value the outcome {@link #get()} returns; may be {@code null}
     */
    public void set(T value) {
        complete(value, null);
    }

    /**
     * Sets the exception that {@link #get()} will throw, and wakes every waiter. Never blocks.
     *
     * @param exception the outcome; not {@code null}
     * @throws NullPointerException if {@code exception} is null
     */
    public void setException(Throwable exception) {
        complete(null, Sneaky.checkNotNull("exception", exception));
    }

    private void complete(T v, Throwable e) {
        becomeReady(() -> {
            value = v;
            exception = e;
            ready = true;
        });
    }

    @Override
    boolean isReady() {
        return ready;
    }

    /**
     * Whether a value (not an exception) has been set.
     *
     * @return true if ready with a value; false while pending or after an exception
     */
    public synchronized boolean successful() {
        return ready && exception == null;
    }

    /**
     * The value if one was set, else {@code null}. Never blocks.
     *
     * @return the value; {@code null} while pending, after an exception, or if null was set
     */
    public synchronized T value() {
        return ready && exception == null ? value : null;
    }

    /**
     * The exception if one was set, else {@code null}. Never blocks.
     *
     * @return the set exception; {@code null} while pending or after a value
     */
    public synchronized Throwable exception() {
        return ready ? exception : null;
    }

    /**
     * The value, waiting as long as it takes; rethrows a set exception as
     * {@link #get(boolean, Duration)} does.
     *
     * <p>Blocks cooperatively until it is set; a kill or {@link Timeout} aimed at the caller is
     * raised from here and leaves the result untouched.
     *
     * @return the set value (may be {@code null})
     */
    public T get() {
        return get(true, null);
    }

    /**
     * The value, waiting at most {@code timeout}; rethrows a set exception as
     * {@link #get(boolean, Duration)} does.
     *
     * @param timeout the longest wait; {@code null}: no limit
     * @return the set value (may be {@code null})
     * @throws Timeout if it is not set within {@code timeout}
     */
    public T get(Duration timeout) {
        return get(true, timeout);
    }

    /**
     * The value if ready now; else {@link Timeout} at once. Never blocks.
     *
     * @return the set value (may be {@code null})
     * @throws Timeout if it is not set yet
     */
    public T getNowait() {
        return get(false, null);
    }

    /**
     * The value, or the exception rethrown: unchecked ones as the same object, checked ones wrapped
     * in {@link CompletionException} with the original as cause. With {@code block}, waits
     * cooperatively up to {@code timeout} ({@code null}: no limit).
     *
     * @param block whether to wait while it is not set; without it, {@code timeout} is ignored
     * @param timeout the longest wait; {@code null}: no limit
     * @return the set value (may be {@code null})
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws Timeout if not ready when {@code block} is false or the timeout passes
     */
    public T get(boolean block, Duration timeout) {
        Sneaky.checkTimeout("timeout", timeout);
        if (!ready) {
            if (!block) throw (Timeout) new Timeout(null).fillInStackTrace();
            if (!awaitReady(timeout)) throw (Timeout) new Timeout(timeout).fillInStackTrace();
        }
        synchronized (this) {
            if (exception != null) throw Sneaky.unchecked(exception);
            return value;
        }
    }

    /**
     * {@link #get()}, letting a checked exception of type {@code X} through as itself (a result set
     * by {@code ThreadPool.apply} of a function that throws {@code IOException}, say). Other checked
     * exceptions are wrapped as by {@link #get(boolean, Duration)}. Blocks as {@link #get()} does.
     *
     * @param <X> the checked exception type to let through unwrapped
     * @param checked the class of {@code X}; not {@code null}
     * @return the set value (may be {@code null})
     * @throws X the set exception, if it is an {@code X}
     */
    public <X extends Exception> T get(Class<X> checked) throws X {
        Sneaky.checkNotNull("checked", checked);
        awaitReady(null);
        Throwable e = exception();
        if (checked.isInstance(e)) throw checked.cast(e);
        return get(false, null);
    }

    /**
     * Waits until ready; returns the value, or {@code null} after an exception. Never throws it.
     *
     * <p>Blocks cooperatively; a kill or {@link Timeout} aimed at the caller is raised from here.
     *
     * @return the value, or {@code null} if an exception was set
     */
    public T await() {
        return await(null);
    }

    /**
     * Waits until ready or {@code timeout} passes; returns the value, or {@code null} after an
     * exception or a timeout. Never throws the result's exception (gevent's {@code wait}).
     *
     * @param timeout the longest wait; {@code null}: no limit
     * @return the value; {@code null} if an exception was set or the timeout passed first
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public T await(Duration timeout) {
        awaitReady(timeout);
        return value();
    }

    /**
     * A {@link CompletableFuture} completed with this result's outcome when it is set (its first
     * outcome). Completing or cancelling the future does not affect this result.
     *
     * @return a new future; already complete if this result is set
     */
    public CompletableFuture<T> toCompletableFuture() {
        CompletableFuture<T> f = new CompletableFuture<>();
        rawlink(ignored -> {
            T v;
            Throwable e;
            synchronized (this) { // one outcome, even if another thread sets a new one meanwhile
                v = value;
                e = exception;
            }
            if (e != null) f.completeExceptionally(e); else f.complete(v);
        });
        return f;
    }

    /**
     * An AsyncResult set when {@code stage} completes: to its value, or to its exception (unwrapped
     * from {@link CompletionException}).
     *
     * @param <T> the type of the value
     * @param stage the stage to follow; not {@code null}
     * @return a new result, set from the thread that completes {@code stage} (or at once if it is
     *     complete)
     */
    public static <T> AsyncResult<T> from(CompletionStage<? extends T> stage) {
        Sneaky.checkNotNull("stage", stage);
        AsyncResult<T> r = new AsyncResult<>();
        synchronized (r) {
            r.waiters.markShared(); // completed by another thread: waiting for it is no deadlock
        }
        stage.whenComplete((v, e) -> {
            if (e == null) {
                r.set(v);
            } else {
                r.setException(e instanceof CompletionException && e.getCause() != null ? e.getCause() : e);
            }
        });
        return r;
    }

    @Override
    public String toString() {
        if (!ready) return "<AsyncResult pending>";
        Throwable e = exception();
        return e != null ? "<AsyncResult exception=" + e + ">" : "<AsyncResult value=" + value() + ">";
    }
}
