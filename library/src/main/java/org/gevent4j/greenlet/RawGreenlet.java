package org.gevent4j.greenlet;

import java.util.function.Function;
import org.gevent4j.GreenletExit;
import org.gevent4j.internal.Loop;
import org.gevent4j.internal.Sneaky;
import org.gevent4j.internal.Strand;

/**
 * The {@code greenlet} library itself: symmetric coroutines that pass control explicitly with
 * {@link #switchTo}, with no hub deciding who runs next. gevent is built on these; most programs
 * want {@link org.gevent4j.Greenlet} instead.
 *
 * <p>{@code new RawGreenlet(run)} does nothing until the first {@code switchTo(args)}, which calls
 * {@code run(args)}. Each later {@code switchTo(x)} into it returns, inside it, whatever the other
 * side passed. When {@code run} returns, its value goes to the {@linkplain #parent() parent}
 * (whose pending {@code switchTo} returns it); when {@code run} throws, the exception is raised in
 * the parent — except {@link GreenletExit}, which the parent receives as a value, as in greenlet.
 * The default parent is the greenlet that created this one. Every thread (a platform thread, a
 * gevent4j greenlet) has its own root raw greenlet, {@link #current()} when nothing else runs.
 *
 * <h2>Implementation</h2>
 * Each raw greenlet runs on a virtual thread of the current hub, and a switch hands control from
 * one to the other through the hub's park primitive, so {@code Thread.sleep} or socket I/O inside a
 * raw greenlet yields like anywhere else in gevent4j. Raw greenlets of one thread may only switch
 * among themselves. A raw greenlet abandoned in the middle of {@code run} stays parked (it is not
 * collected and finished with {@code GreenletExit} as CPython's greenlet would be); finish it
 * with {@link #throwInto} if that matters.
 */
public final class RawGreenlet {
    private static final ThreadLocal<RawGreenlet> ROOTS = new ThreadLocal<>();
    private static final Object[] NO_ARGS = {};

    private final Function<Object[], Object> run;
    private final Loop loop;
    private final Strand strand;
    private volatile RawGreenlet parent;
    private volatile boolean started, dead;

    // The hand-off slot: written by the switcher, read by this greenlet when it resumes.
    private volatile boolean hasTransfer;
    private Object transferValue;
    private Throwable transferError;
    private Object[] startArgs;

    /**
     * A raw greenlet's function, which may throw checked exceptions (so a body can call
     * {@code Thread.sleep}); what it throws is raised unchanged in the parent. Lambdas and method
     * references passed to the constructors are this type (it is the more specific one).
     */
    @FunctionalInterface
    public interface Run extends Function<Object[], Object> {
        /**
         * The greenlet's body, given the arguments of its first switch; what it returns goes to the parent.
         *
         * @param args the arguments of the first switch to the greenlet
         * @return the greenlet's result, which goes to its parent
         * @throws Exception anything; it is raised unchanged in the parent
         */
        Object run(Object... args) throws Exception;

        @Override
        default Object apply(Object[] args) {
            try {
                return run(args);
            } catch (Exception e) {
                throw Sneaky.rethrow(e);
            }
        }
    }

    /**
     * A raw greenlet that runs {@code run} on its first switch; its parent is the current greenlet.
     *
     * @param run the body; given the arguments of the first switch, its result goes to the parent
     */
    public RawGreenlet(Function<Object[], Object> run) {
        this(run, current());
    }

    /**
     * Like {@link #RawGreenlet(Function)}, for a body that throws checked exceptions.
     *
     * @param run the body; given the arguments of the first switch, its result goes to the parent
     */
    public RawGreenlet(Run run) {
        this((Function<Object[], Object>) run, current());
    }

    /**
     * Like {@link #RawGreenlet(Function, RawGreenlet)}, for a body that throws checked exceptions.
     *
     * @param run the body; given the arguments of the first switch, its result goes to the parent
     * @param parent the greenlet that receives control when it finishes; same thread as the caller
     */
    public RawGreenlet(Run run, RawGreenlet parent) {
        this((Function<Object[], Object>) run, parent);
    }

    /**
     * A raw greenlet that runs {@code run} on its first switch, returning to {@code parent}.
     *
     * @param run the body; given the arguments of the first switch, its result goes to the parent
     * @param parent the greenlet that receives control when it finishes; same thread as the caller
     */
    public RawGreenlet(Function<Object[], Object> run, RawGreenlet parent) {
        this.run = Sneaky.checkNotNull("run", run);
        Strand me = Strand.current();
        this.loop = me.loop;
        checkSameThread(Sneaky.checkNotNull("parent", parent));
        this.parent = parent;
        this.strand = new Body(loop);
        strand.setOwner(this);
    }

    private RawGreenlet(Strand existing) {
        this.run = null;
        this.loop = existing.loop;
        this.strand = existing;
        this.started = true;
    }

    private final class Body extends Strand {
        Body(Loop loop) {
            super(loop);
        }

        @Override
        protected void body() {
            runBody();
        }

        @Override
        public String toString() {
            return RawGreenlet.this.toString();
        }
    }

    /**
     * The raw greenlet running now: a started raw greenlet, or the current thread's root.
     *
     * @return the current raw greenlet, never {@code null}
     */
    public static RawGreenlet current() {
        Strand s = Strand.current();
        if (s.owner() instanceof RawGreenlet r) return r;
        RawGreenlet root = ROOTS.get();
        if (root == null) {
            root = new RawGreenlet(s);
            ROOTS.set(root);
        }
        return root;
    }

    private void checkSameThread(RawGreenlet other) {
        if (other.loop != loop) {
            throw new IllegalStateException("cannot switch to a greenlet of a different thread: " + other);
        }
    }

    /**
     * Passes control to this greenlet: starts it with {@code args}, or makes its own pending
     * {@code switchTo} return {@code args} (no argument: {@code null}; one: that argument; more: the
     * array). Returns when some greenlet switches back, with what it passed — or with the value
     * of a child that finished; throws what a child died of.
     *
     * @param args what the target receives: its start arguments, or what its pending {@code switchTo} returns
     * @return what the greenlet that switches back passes, or a finished child's value
     * @throws IllegalStateException if this greenlet is dead or belongs to another thread
     */
    public Object switchTo(Object... args) {
        Object[] a = args == null ? NO_ARGS : args;
        RawGreenlet me = current();
        checkSameThread(me);
        if (dead) throw new IllegalStateException("cannot switch to a dead greenlet: " + this);
        if (this == me) return packed(a);
        if (!started) {
            started = true;
            startArgs = a;
            strand.start();
        } else {
            deliver(packed(a), null);
        }
        return me.awaitTransfer();
    }

    /**
     * Switches to this greenlet and raises {@code t} in it at the point where it switched away. An
     * unstarted greenlet dies at once without running; {@code t} then goes to its parent.
     *
     * @param t the throwable to raise in this greenlet
     * @return what the greenlet that switches back passes, as for {@link #switchTo}
     */
    public Object throwInto(Throwable t) {
        Sneaky.checkNotNull("throwable", t);
        RawGreenlet me = current();
        checkSameThread(me);
        if (dead) throw new IllegalStateException("cannot throw into a dead greenlet: " + this);
        if (this == me) throw Sneaky.rethrow(t);
        if (!started) {
            started = true;
            dead = true;
            RawGreenlet p = liveParent();
            if (p == me) return me.receive(t instanceof GreenletExit ? t : null, t instanceof GreenletExit ? null : t);
            p.deliver(t instanceof GreenletExit ? t : null, t instanceof GreenletExit ? null : t);
            return me.awaitTransfer();
        }
        deliver(null, t);
        return me.awaitTransfer();
    }

    private static Object packed(Object[] a) {
        return a.length == 0 ? null : a.length == 1 ? a[0] : a;
    }

    private Object receive(Object value, Throwable error) {
        if (error != null) throw Sneaky.rethrow(error);
        return value;
    }

    private void deliver(Object value, Throwable error) {
        transferValue = value;
        transferError = error;
        hasTransfer = true;
        strand.unpark();
    }

    private Object awaitTransfer() {
        while (!hasTransfer) strand.park();
        hasTransfer = false;
        Object v = transferValue;
        Throwable e = transferError;
        transferValue = null;
        transferError = null;
        return receive(v, e);
    }

    private void runBody() {
        Object result = null;
        Throwable error = null;
        try {
            Object[] args = startArgs;
            startArgs = null;
            result = run.apply(args);
        } catch (GreenletExit e) {
            result = e;
        } catch (Throwable t) {
            error = t;
        }
        dead = true;
        liveParent().deliver(result, error);
    }

    private RawGreenlet liveParent() {
        RawGreenlet p = parent;
        while (p.dead) p = p.parent;
        return p;
    }

    /**
     * The greenlet that receives control when this one finishes.
     *
     * @return the parent; {@code null} only for a thread's root greenlet
     */
    public RawGreenlet parent() {
        return parent;
    }

    /**
     * Changes the parent.
     *
     * @param parent the new parent, of the same thread
     * @throws IllegalArgumentException if that would make a cycle
     * @throws IllegalStateException if {@code parent} belongs to another thread
     */
    public void setParent(RawGreenlet parent) {
        Sneaky.checkNotNull("parent", parent);
        if (run == null) throw new IllegalStateException("a thread's root greenlet has no parent");
        checkSameThread(parent);
        for (RawGreenlet p = parent; p != null; p = p.parent) {
            if (p == this) throw new IllegalArgumentException("cyclic parent chain: " + parent);
        }
        this.parent = parent;
    }

    /**
     * Whether {@code run} has finished (returned or thrown).
     *
     * @return true once its body has returned or thrown
     */
    public boolean dead() {
        return dead;
    }

    /**
     * Whether it has been switched to at least once (a root greenlet always has).
     *
     * @return true once it has been switched to
     */
    public boolean started() {
        return started;
    }

    @Override
    public String toString() {
        String state = run == null ? "root" : dead ? "dead" : started ? "active" : "pending";
        return "<RawGreenlet " + state + " @" + Integer.toHexString(System.identityHashCode(this)) + ">";
    }
}
