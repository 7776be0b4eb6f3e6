package org.gevent4j;

import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.gevent4j.internal.Sneaky;

/**
 * A value each greenlet sees its own copy of: gevent's {@code local}. Every greenlet is a thread,
 * so this is a {@link ThreadLocal} with gevent's name; a platform thread's main greenlet has its
 * own copy too.
 *
 * <h2>Inherited values</h2>
 * A local made by {@link #inheritable()} also hands its value down, for context that must follow
 * the work (a trace id, a request's deadline, a user): a greenlet starts with the value its
 * creator had <em>when it made the greenlet</em> ({@link Gevent#spawn}, {@code new Greenlet<>(fn)},
 * {@link Gevent#spawnLater}, a {@link Scope} or {@link org.gevent4j.pool.Group}), whichever
 * thread later starts it, and on whichever hub it runs. The child gets a copy of the reference:
 * what either side {@link #set}s afterwards, the other never sees; a mutable value itself is
 * shared unless {@link #inheritable(UnaryOperator)} copies it. gevent has no such local (its
 * {@code local} is never inherited); it is Java's {@link InheritableThreadLocal}, which gevent4j
 * delivers at creation time rather than at thread start.
 *
 * <p>Cost: a greenlet made by a thread that never set an inheritable local pays one field read;
 * otherwise its creation copies the creator's inheritable locals (one small map).
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

    /**
     * A local whose initial value in each greenlet comes from {@code initial}, called there on
     * first {@link #get()}.
     *
     * @param <T> the type of the value
     * @param initial called with no arguments in a greenlet that reads before it sets; its result
     *     becomes that greenlet's value
     * @return a new local
     */
    public static <T> Local<T> withInitial(Supplier<? extends T> initial) {
        return new Local<>(ThreadLocal.withInitial(Sneaky.checkNotNull("initial", initial)));
    }

    /**
     * A local whose value a new greenlet inherits from the greenlet (or thread) that made it, as
     * it was at that moment (see the class comment); {@code null} where nothing was set.
     *
     * @param <T> the type of the value
     * @return a new local whose value is inherited by reference
     */
    public static <T> Local<T> inheritable() {
        return new Local<>(new InheritableThreadLocal<>());
    }

    /**
     * {@link #inheritable()}, where the child's value is {@code copy} applied to the creator's,
     * called in the creator when it makes the greenlet (so a mutable value, say a map of baggage,
     * is not shared). {@code copy} must not block; it is not called when the creator's value is
     * unset.
     *
     * @param <T> the type of the value
     * @param copy maps the creator's value (never {@code null}) to the child's
     * @return a new local whose value is inherited through {@code copy}
     */
    public static <T> Local<T> inheritable(UnaryOperator<T> copy) {
        Sneaky.checkNotNull("copy", copy);
        return new Local<>(new InheritableThreadLocal<>() {
            @Override
            protected T childValue(T parentValue) {
                return parentValue == null ? null : copy.apply(parentValue);
            }
        });
    }

    /**
     * The current greenlet's value.
     *
     * @return the value set in this greenlet, else its initial value ({@code null} unless made by
     *     {@link #withInitial})
     */
    public T get() {
        return values.get();
    }

    /**
     * Sets the current greenlet's value.
     *
     * @param value the new value for this greenlet only; may be {@code null}
     */
    public void set(T value) {
        values.set(value);
    }

    /** Forgets the current greenlet's value; the next {@link #get()} starts again from the initial value. */
    public void remove() {
        values.remove();
    }
}
