package org.gevent4j;

import java.util.function.Supplier;
import org.gevent4j.internal.Sneaky;

/**
 * A value each greenlet sees its own copy of: gevent's {@code local}. Every greenlet is a thread,
 * so this is a {@link ThreadLocal} with gevent's name; a platform thread's main greenlet has its
 * own copy too.
 *
 * @param <T> the type of the value
 */
public final class Local<T> {
    private final ThreadLocal<T> values;

    /** A local whose initial value is {@code null} in every greenlet. */
    public Local() {
        this.values = new ThreadLocal<>();
    }

    private Local(ThreadLocal<T> values) {
        this.values = values;
    }

    /** A local whose initial value in each greenlet comes from {@code initial}, called there on first {@link #get()}. */
    public static <T> Local<T> withInitial(Supplier<? extends T> initial) {
        return new Local<>(ThreadLocal.withInitial(Sneaky.checkNotNull("initial", initial)));
    }

    /** The current greenlet's value. */
    public T get() {
        return values.get();
    }

    /** Sets the current greenlet's value. */
    public void set(T value) {
        values.set(value);
    }

    /** Forgets the current greenlet's value; the next {@link #get()} starts again from the initial value. */
    public void remove() {
        values.remove();
    }
}
