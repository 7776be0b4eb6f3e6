package org.gevent4j;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.gevent4j.internal.Introspect;
import org.gevent4j.internal.Loom;
import org.gevent4j.internal.Loop;
import org.gevent4j.internal.Sneaky;
import org.gevent4j.internal.Strand;
import org.gevent4j.internal.Timer;
import org.gevent4j.internal.WaitQueue;
import org.gevent4j.internal.jfr.GreenletEvents;

/**
 * A lightweight cooperative task: gevent's {@code Greenlet}. Each greenlet is a virtual thread
 * whose scheduler is the {@link Hub} of the thread that created it; it runs only while the other
 * greenlets of that hub are blocked, and every blocking call it makes (gevent4j's, or the JDK's
 * {@code Thread.sleep}, locks and sockets) lets the others run.
 *
 * <p>Create one with {@link Gevent#spawn}, {@link #spawn}, {@code new Greenlet<>(fn).start()},
 * or subclass and override {@link #run()}. A greenlet does nothing until started.
 *
 * <h2>Outcome</h2>
 * An exception that escapes the function stays in the greenlet: {@link #exception()} holds it,
 * {@link #get()} rethrows it, and the hub reports it once to {@code System.err} through
 * {@link Hub#handleError}. It never propagates to whoever spawned or joined the greenlet. A greenlet
 * that dies of {@link GreenletExit} (the default {@link #kill()}) is successful, with a
 * {@code null} value.
 *
 * <h2>Kill</h2>
 * {@link #kill()} raises an exception inside the greenlet at its current or next blocking point.
 * What that means for each kind of blocking call:
 * <table class="striped">
 * <caption>Where a kill or {@link Timeout} lands</caption>
 * <tr><th>greenlet blocked in</th><th>what happens</th></tr>
 * <tr><td>any gevent4j wait (sleep, join, get, events, queues, locks, gevent4j sockets)</td>
 *     <td>the call throws the exception; nothing else is disturbed (a gevent4j socket stays open)</td></tr>
 * <tr><td>{@code Thread.sleep}, {@code Object.wait}, {@code BlockingQueue.take}, other
 *     interruptible JDK waits</td>
 *     <td>the thread is interrupted, so the call throws {@code InterruptedException}; if the
 *     greenlet lets any exception escape while the kill is pending, it dies of the kill's
 *     exception (a {@code GreenletExit} kill still counts as successful)</td></tr>
 * <tr><td>{@code LockSupport.park}</td><td>returns (with the interrupt status set)</td></tr>
 * <tr><td>a {@code java.net.Socket} read or write, {@code ServerSocket.accept}</td>
 *     <td>interrupted: the JDK <em>closes the socket</em> and the call throws
 *     {@code SocketException}; use {@code org.gevent4j.socket.Socket} where a socket must survive</td></tr>
 * <tr><td>{@code synchronized} entry, {@code Lock.lock()}, file I/O, CPU-bound code</td>
 *     <td>not interruptible: the exception is raised at the next gevent4j blocking call</td></tr>
 * </table>
 *
 * <p>Methods that read state may be called from any thread; blocking methods from any greenlet or
 * platform thread.
 *
 * @param <T> the type of the greenlet's value
 */
public class Greenlet<T> implements Waitable {
    private static final int NEW = 0, SCHEDULED = 1, RUNNING = 2, DYING = 3, DEAD = 4;
    private static final VarHandle STATE, LINKS, EXTRA;
    private static final Object DEAD_LINKS = new Object();

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Greenlet.class, "state", int.class);
            LINKS = MethodHandles.lookup().findVarHandle(Greenlet.class, "links", Object.class);
            EXTRA = MethodHandles.lookup().findVarHandle(Greenlet.class, "extra", Extra.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
        Introspect.install(new Introspect.Greenlets() {
            @Override
            public Object group(Object g) {
                Extra x = ((Greenlet<?>) g).extra;
                return x == null ? null : x.group;
            }

            @Override
            public void joined(Object g, Object group) {
                ((Greenlet<?>) g).extra().group = group;
            }

            @Override
            public void left(Object g, Object group) {
                Extra x = ((Greenlet<?>) g).extra;
                if (x != null && x.group == group) x.group = null;
            }

            @Override
            public String state(Object g) {
                return switch (((Greenlet<?>) g).state) {
                    case NEW -> "unstarted";
                    case SCHEDULED -> "scheduled";
                    case RUNNING -> "running";
                    case DYING -> "dying";
                    default -> "dead";
                };
            }
        });
    }

    /*
     * A million sleeping greenlets hold a million of these: the fields every greenlet uses are
     * here (40 bytes with the header), the rest wait in an Extra made on first use. The hub is
     * the strand's.
     */
    /** A Callable, a Runnable, or null when a subclass overrides run(). */
    private final Object fn;
    private final Strand strand;
    private volatile int state;
    private Greenlet<?> spawner;
    /** The value, or a Failure holding the exception; published by the volatile state write. */
    private Object outcome;
    /** null, one callback, a Links queue, or DEAD_LINKS once notified; changed by CAS. */
    private volatile Object links;
    /** What few greenlets need (a name, a delayed start, a group...); set once, by CAS. */
    private volatile Extra extra;

    /** The fields most greenlets never need; plain fields, each with the thread rules it had in Greenlet. */
    private static final class Extra {
        /** Name and minimal ident (guarded by the greenlet's monitor, as label() was). */
        String name;
        int ident;
        Timer startTimer;
        /** The creator's inheritable locals, copied when the greenlet was made; its thread takes them at start. */
        Object inherited;
        /** The pool or group it belongs to, for run-info (see Introspect); racy. */
        Object group;
        /** Gevent.run's main greenlet: its caller rethrows its exception instead of the hub reporting it. */
        boolean quiet;
    }

    private Extra extra() {
        Extra x = extra;
        if (x == null && !EXTRA.compareAndSet(this, null, x = new Extra())) x = extra;
        return x;
    }

    /**
     * A greenlet that will run {@code fn}; it returns {@code fn}'s value.
     *
     * @param fn the body, run once in the greenlet; its return value becomes {@link #value()}
     */
    public Greenlet(Callable<? extends T> fn) {
        this(Sneaky.checkNotNull("fn", fn), Strand.current());
    }

    /**
     * A greenlet that will run {@code fn}; its value is {@code null}.
     *
     * @param fn the body, run once in the greenlet
     */
    public Greenlet(Runnable fn) {
        this(Sneaky.checkNotNull("fn", fn), Strand.current());
    }

    /**
     * A greenlet that will run {@code fn}, which may throw checked exceptions; its value is
     * {@code null}.
     *
     * @param fn the body, run once in the greenlet; what it throws becomes {@link #exception()}
     */
    public Greenlet(ThrowingRunnable fn) {
        this((Runnable) fn);
    }

    /** For subclasses that override {@link #run()}. */
    protected Greenlet() {
        this(null, Strand.current());
    }

    private Greenlet(Object fn, Strand creator) {
        this(fn, creator.loop, of(creator));
    }

    // The strand only keeps `this` to hand it back later (Strand.owner()); it runs nothing of a subclass here.
    @SuppressWarnings("this-escape")
    private Greenlet(Object fn, Loop loop, Greenlet<?> spawner) {
        this.fn = fn;
        this.spawner = spawner;
        this.strand = new Body(loop);
        Object locals = Loom.inheritableSnapshot();
        if (locals != null) {
            Extra x = new Extra();
            x.inherited = locals;
            this.extra = x;
        }
        strand.setOwner(this);
    }

    /** The object for a strand gevent4j did not spawn: a platform thread's main greenlet. */
    @SuppressWarnings("this-escape") // as above: the strand only keeps `this`
    private Greenlet(Strand existing) {
        this.fn = null;
        this.strand = existing;
        this.state = RUNNING;
        Extra x = new Extra();
        x.name = existing.isMain() ? "main" : existing.thread().toString();
        this.extra = x;
        existing.setOwner(this);
    }

    static Greenlet<?> of(Strand s) {
        Object o = s.owner();
        if (o instanceof Greenlet<?> g) return g;
        return new Greenlet<>(s);
    }

    /**
     * Creates a greenlet running {@code fn} and starts it.
     *
     * @param <T> the type of the value {@code fn} returns
     * @param fn the body, run once in the new greenlet
     * @return the new greenlet, already scheduled on the current hub
     */
    public static <T> Greenlet<T> spawn(Callable<? extends T> fn) {
        Greenlet<T> g = new Greenlet<>(fn);
        g.start();
        return g;
    }

    /**
     * Creates a greenlet running {@code fn} and starts it.
     *
     * @param fn the body, run once in the new greenlet
     * @return the new greenlet, already scheduled on the current hub; its value is {@code null}
     */
    public static Greenlet<Void> spawn(Runnable fn) {
        Greenlet<Void> g = new Greenlet<>(fn);
        g.start();
        return g;
    }

    /**
     * Creates a greenlet running {@code fn} (which may throw checked exceptions) and starts it.
     *
     * @param fn the body, run once in the new greenlet
     * @return the new greenlet, already scheduled on the current hub; its value is {@code null}
     */
    public static Greenlet<Void> spawn(ThrowingRunnable fn) {
        return spawn((Runnable) fn);
    }

    /*
     * For GreenletExecutor: an unstarted greenlet on a given hub, created from any thread (a task
     * submitted by another thread runs on the executor's hub, as SpawnedLink's greenlets do).
     */
    static Greenlet<Void> onLoop(Loop loop, Runnable fn) {
        return new Greenlet<>(fn, loop, loop.inLoop() ? of(Strand.current()) : null);
    }

    /*
     * For HubGroup: starts a greenlet running fn (a Callable or a Runnable) on `loop`, from any
     * thread. A caller on another hub holds its own hub out of LoopExit until the greenlet dies:
     * what the greenlet sets, puts or releases may be what that hub's greenlets wait for.
     */
    static <T> Greenlet<T> startOn(Loop loop, Object fn) {
        Strand caller = Strand.currentOrNull();
        boolean here = caller != null && caller.loop == loop;
        Greenlet<T> g = new Greenlet<>(fn, loop, here ? of(caller) : null);
        if (caller != null && !here) {
            Loop home = caller.loop;
            home.ref();
            g.rawlink(dead -> home.unref());
        }
        g.start();
        return g;
    }

    /**
     * What the greenlet runs, for subclasses (gevent's {@code _run}). The default runs the function
     * given to the constructor.
     *
     * @return the greenlet's value, as {@link #value()} will report it
     * @throws Exception anything the body throws; it becomes the greenlet's
     *     {@linkplain #exception() exception}
     */
    @SuppressWarnings("unchecked")
    protected T run() throws Exception {
        if (fn instanceof ThrowingRunnable t) {
            t.runThrowing();
        } else if (fn instanceof Callable<?> c) {
            return (T) c.call();
        } else if (fn != null) {
            ((Runnable) fn).run();
        }
        return null;
    }

    /** Schedules the greenlet to run in the hub's next iteration. Starting twice, or after a kill, does nothing. */
    public final void start() {
        if (STATE.compareAndSet(this, NEW, SCHEDULED)) {
            Extra x = extra;
            Object locals = null;
            if (x != null) {
                locals = x.inherited;
                x.inherited = null;
            }
            strand.start(locals);
            if (GreenletEvents.spawnEnabled()) GreenletEvents.spawned(this, strand);
        }
    }

    /**
     * Schedules the greenlet to start after {@code delay} on its hub's clock.
     *
     * @param delay how long to wait before the first run, on the hub's {@link Clock}; not negative
     */
    public final void startLater(Duration delay) {
        Sneaky.checkTimeout("delay", Sneaky.checkNotNull("delay", delay));
        Extra x = extra();
        if (state != NEW || x.startTimer != null) return;
        Timer t = new Timer() {
            @Override
            protected void fire() {
                x.startTimer = null;
                start();
            }
        };
        x.startTimer = t;
        Loop loop = strand.loop;
        long deadline = loop.deadlineAfter(delay);
        if (loop.inLoop()) {
            loop.schedule(t, deadline);
        } else {
            loop.execute(() -> loop.schedule(t, deadline));
        }
    }

    /**
     * The strand of a spawned greenlet; static, since Strand.owner already leads back. It runs the
     * greenlet's function straight from run(): every frame between the virtual thread's entry and
     * a park point stays in the parked greenlet's stack chunk, a million times over.
     */
    private static final class Body extends Strand {
        Body(Loop loop) {
            super(loop);
        }

        @Override
        protected void body() {
            run();
        }

        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public void run() {
            begin();
            try {
                if (!STATE.compareAndSet((Greenlet) owner(), SCHEDULED, RUNNING)) return; // killed before it ever ran
                Object result = null;
                Throwable error = null;
                try {
                    throwPending();
                    // Only `this` stays live across the call: it is all this frame keeps while the
                    // greenlet is parked (the greenlet is read again from owner afterwards).
                    Greenlet g = (Greenlet) owner();
                    Object f = g.fn;
                    if (g.getClass() != Greenlet.class || f == null) {
                        result = g.run(); // a subclass may override run()
                    } else if (f instanceof ThrowingRunnable t) {
                        t.runThrowing();
                    } else if (f instanceof Callable<?> c) {
                        result = c.call();
                    } else {
                        ((Runnable) f).run();
                    }
                } catch (Throwable t) {
                    error = t;
                }
                Throwable pending = takePending();
                if (pending != null) {
                    Thread.interrupted(); // the interrupt that carried the kill, if that is how it came
                    if (error != null) {
                        // A JDK call or library answered the kill's interrupt with its own exception:
                        // the greenlet still dies of the kill, and says what it interrupted.
                        if (error != pending) attachCause(pending, error);
                        error = pending;
                    }
                }
                ((Greenlet) owner()).finish(result, error);
            } finally {
                end();
            }
        }
    }

    private void finish(T result, Throwable error) {
        boolean failed = error != null && !(error instanceof GreenletExit);
        if (failed) {
            outcome = new Failure(error);
        } else if (error == null) {
            outcome = result;
        }
        if (GreenletEvents.exitEnabled()) GreenletEvents.exited(this, strand, error);
        state = DEAD;
        spawner = null;
        notifyLinks();
        if (failed) {
            Extra x = extra;
            if (x == null || !x.quiet) strand.loop.handleError(this, error);
        }
    }

    /**
     * Whether the greenlet was started and has not finished yet (gevent's {@code started}, which
     * is its truth value: true from {@code start()} until it dies).
     *
     * @return true between {@code start()} and the greenlet's death
     */
    public final boolean started() {
        int s = state;
        if (s == SCHEDULED || s == RUNNING) return true;
        Extra x = extra;
        return s == NEW && x != null && x.startTimer != null;
    }

    /** Whether the greenlet has finished, in any way. */
    @Override
    public final boolean ready() {
        return state == DEAD;
    }

    /**
     * Whether the greenlet has finished and will never run again (the same as {@link #ready()}).
     *
     * @return true once the greenlet has finished, successfully or not
     */
    public final boolean dead() {
        return state == DEAD;
    }

    /**
     * Whether the greenlet finished without an error ({@link GreenletExit} is not an error).
     *
     * @return true once the greenlet finished with a value or by {@link GreenletExit}; false while
     *     it is alive
     */
    public final boolean successful() {
        return state == DEAD && !(outcome instanceof Failure);
    }

    /**
     * The value the function returned; {@code null} until it finished successfully.
     *
     * @return the function's value, or {@code null} while alive, after an error, or for a
     *     {@code Runnable} body
     */
    @SuppressWarnings("unchecked")
    public final T value() {
        return state == DEAD && !(outcome instanceof Failure) ? (T) outcome : null;
    }

    /**
     * The exception the greenlet died of; {@code null} if it is alive or successful.
     *
     * @return the exception that ended the greenlet, or {@code null}
     */
    public final Throwable exception() {
        return state == DEAD && outcome instanceof Failure f ? f.exception() : null;
    }

    /**
     * Waits until the greenlet finishes. Never throws the greenlet's exception.
     *
     * <p>Blocks the caller cooperatively: other greenlets run meanwhile. A {@link #kill()} or
     * {@link Timeout} aimed at the caller is raised from here.
     *
     * @return this greenlet, dead
     * @throws IllegalStateException if a greenlet joins itself
     */
    public final Greenlet<T> join() {
        return join(null);
    }

    /**
     * Waits until the greenlet finishes or {@code timeout} passes ({@code null}: no limit).
     * Returns either way; check {@link #ready()}.
     *
     * @param timeout the longest to wait; {@code null} waits without limit
     * @return this greenlet, dead or (if the timeout passed) still alive
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws IllegalStateException if a greenlet joins itself
     */
    public final Greenlet<T> join(Duration timeout) {
        Sneaky.checkTimeout("timeout", timeout);
        if (state == DEAD) return this;
        Strand me = Strand.current();
        if (me == strand) throw new IllegalStateException("a greenlet cannot join itself: " + this);
        awaitDeath(me, me.loop.deadlineAfter(timeout));
        return this;
    }

    private void awaitDeath(Strand me, long deadline) {
        if (!addLink(me)) return;
        try {
            while (state != DEAD && me.park(deadline, strand.loop)) {
                // woken: re-check
            }
        } finally {
            if (state != DEAD) unlink(me);
        }
    }

    /**
     * The value, waiting as long as it takes; rethrows the greenlet's exception.
     *
     * @return the greenlet's value; {@code null} if it died of {@link GreenletExit}
     */
    public final T get() {
        return get(true, null);
    }

    /**
     * The value, waiting at most {@code timeout}; rethrows the greenlet's exception.
     *
     * @param timeout the longest to wait; {@code null} waits without limit
     * @return the greenlet's value; {@code null} if it died of {@link GreenletExit}
     */
    public final T get(Duration timeout) {
        return get(true, timeout);
    }

    /**
     * The greenlet's value, or its exception rethrown: unchecked ones as the same object, checked
     * ones wrapped in a {@link java.util.concurrent.CompletionException} whose cause is the
     * original. A greenlet that died of {@link GreenletExit} returns {@code null}.
     *
     * <p>With {@code block}, waits cooperatively up to {@code timeout} ({@code null}: no limit).
     *
     * @param block whether to wait for the greenlet to finish; false throws {@link Timeout} at once
     *     if it is alive
     * @param timeout with {@code block}, the longest to wait; {@code null} waits without limit
     * @return the greenlet's value; {@code null} if it died of {@link GreenletExit}
     * @throws Timeout if the greenlet is not finished when {@code block} is false or the timeout passes
     */
    public final T get(boolean block, Duration timeout) {
        Sneaky.checkTimeout("timeout", timeout);
        if (state != DEAD) {
            if (!block) throw (Timeout) new Timeout(null).fillInStackTrace();
            join(timeout);
            if (state != DEAD) throw (Timeout) new Timeout(timeout).fillInStackTrace();
        }
        Throwable e = exception();
        if (e != null) throw Sneaky.unchecked(e);
        return value();
    }

    /**
     * {@link #get()}, letting a checked exception of type {@code X} through as itself: for a
     * greenlet whose function throws, say, {@code IOException},
     * {@code g.get(IOException.class)} can be caught as one. Other checked exceptions are wrapped
     * as by {@link #get(boolean, Duration)}; unchecked ones come as they are.
     *
     * @param <X> the checked exception type let through unwrapped
     * @param checked the class of {@code X}
     * @return the greenlet's value, waiting as long as it takes
     * @throws X the greenlet's exception, if it is an {@code X}
     */
    public final <X extends Exception> T get(Class<X> checked) throws X {
        Sneaky.checkNotNull("checked", checked);
        if (state != DEAD) join();
        Throwable e = exception();
        if (checked.isInstance(e)) throw checked.cast(e);
        if (e != null) throw Sneaky.unchecked(e);
        return value();
    }

    /** Kills with {@link GreenletExit} and waits for the greenlet to die. */
    public final void kill() {
        kill(new GreenletExit(), true, null);
    }

    /**
     * Raises {@code exception} in the greenlet at its current or next blocking point (see the class
     * comment for what that means for each kind of call). A greenlet killed before it ran never
     * runs, and is dead at once. Killing a dead greenlet does nothing.
     *
     * @param exception what to raise in the greenlet; usually a {@link GreenletExit}
     * @param block wait for the greenlet to die, at most {@code timeout} ({@code null}: no limit)
     * @param timeout with {@code block}, the longest to wait; {@code null} waits without limit
     */
    public final void kill(Throwable exception, boolean block, Duration timeout) {
        Sneaky.checkNotNull("exception", exception);
        Sneaky.checkTimeout("timeout", timeout);
        for (int s; (s = state) == NEW || s == SCHEDULED; ) {
            if (STATE.compareAndSet(this, s, DYING)) {
                Extra x = extra;
                if (x != null) {
                    Timer t = x.startTimer;
                    if (t != null && strand.loop.inLoop()) strand.loop.cancel(t);
                    x.inherited = null;
                }
                finish(null, exception);
                return;
            }
        }
        if (state == DEAD) return;
        if (Strand.currentOrNull() == strand) {
            strand.deliver(exception);
            if (block) strand.throwPending();
            return;
        }
        strand.deliver(exception);
        if (block) join(timeout);
    }

    // ---- links ----

    /**
     * Calls {@code callback} with this greenlet when it dies, in a new greenlet of its own;
     * at once if it is dead already. Callbacks run in registration order.
     *
     * @param callback called once with this greenlet, after it died, in a greenlet of its own
     */
    public final void link(Consumer<? super Greenlet<T>> callback) {
        rawlink(new SpawnedLink<>(this, Sneaky.checkNotNull("callback", callback), 0));
    }

    /**
     * Like {@link #link}, only if the greenlet finishes successfully.
     *
     * @param callback called once with this greenlet, if it returned a value
     */
    public final void linkValue(Consumer<? super Greenlet<T>> callback) {
        rawlink(new SpawnedLink<>(this, Sneaky.checkNotNull("callback", callback), 1));
    }

    /**
     * Like {@link #link}, only if the greenlet dies of an exception.
     *
     * @param callback called once with this greenlet, if it died of an exception other than
     *     {@link GreenletExit}
     */
    public final void linkException(Consumer<? super Greenlet<T>> callback) {
        rawlink(new SpawnedLink<>(this, Sneaky.checkNotNull("callback", callback), 2));
    }

    @Override
    public final void rawlink(Consumer<? super Waitable> callback) {
        Sneaky.checkNotNull("callback", callback);
        if (!addLink(callback)) callback.accept(this);
    }

    /*
     * Links cost no lock in the common cases (none, or one joiner): the field holds null or the
     * callback itself, swapped by CAS. Two or more live in the WaitQueue every gevent4j
     * synchronizer uses (inflated once, guarded by the Links object's monitor). Dying, a greenlet
     * closes that queue and takes its waiters one at a time, so a callback can still unlink a
     * later one (gevent's rule); an adder either gets in before the close or sees the greenlet dead
     * and calls its callback itself: nothing is lost or called twice.
     */

    /** Adds a link unless dead; returns false if dead (the caller then calls it itself). */
    @SuppressWarnings("unchecked")
    private boolean addLink(Consumer<?> callback) {
        for (;;) {
            Object ls = links;
            if (ls == DEAD_LINKS) return false;
            if (ls instanceof Links list) {
                synchronized (list) {
                    if (list.closed) return false;
                    list.queue.addCallback((Consumer<Object>) callback);
                    return true;
                }
            }
            Object next = ls == null ? callback : new Links(ls, callback);
            if (LINKS.compareAndSet(this, ls, next)) return true;
        }
    }

    @Override
    public final void unlink(Consumer<?> callback) {
        if (callback == null) return;
        for (;;) {
            Object ls = links;
            if (ls == null || ls == DEAD_LINKS) return;
            if (ls instanceof Links list) {
                list.remove(callback); // also while it is being notified: gevent skips unlinked ones
                return;
            }
            if (!matches(ls, callback) || LINKS.compareAndSet(this, ls, null)) return;
        }
    }

    private static boolean matches(Object link, Object callback) {
        return link == callback || (link instanceof SpawnedLink<?> s && s.callback == callback);
    }

    @SuppressWarnings("unchecked")
    private void notifyLinks() {
        for (;;) {
            Object ls = links;
            if (ls instanceof Links list) {
                synchronized (list) {
                    list.closed = true; // it stays in place: unlink() still reaches what is left
                }
                for (WaitQueue.Waiter w; (w = list.takeFirst()) != null; ) WaitQueue.wakeOne(w, this);
                return;
            }
            if (LINKS.compareAndSet(this, ls, DEAD_LINKS)) {
                if (ls != null) callLink((Consumer<Object>) ls);
                return;
            }
        }
    }

    private void callLink(Consumer<Object> cb) {
        try {
            cb.accept(this);
        } catch (Throwable t) {
            strand.loop.handleError(cb, t);
        }
    }

    /**
     * Two or more links: a WaitQueue of callbacks, plus, once notified, the link greenlets spawned
     * but not started yet, so an earlier callback can still unlink a later one, as in gevent (where
     * each link runs at once). Guarded by its own monitor.
     */
    private static final class Links {
        final WaitQueue queue = new WaitQueue();
        boolean closed;
        private java.util.List<Object> dispatched;

        @SuppressWarnings("unchecked")
        Links(Object first, Object second) {
            queue.addCallback((Consumer<Object>) first);
            queue.addCallback((Consumer<Object>) second);
        }

        synchronized WaitQueue.Waiter takeFirst() {
            WaitQueue.Waiter w = queue.takeFirst();
            if (w != null && w.callback() instanceof SpawnedLink<?> s) {
                if (dispatched == null) dispatched = new java.util.ArrayList<>();
                dispatched.add(s);
            }
            return w;
        }

        synchronized void remove(Object callback) {
            if (!queue.removeCallbackIf(cb -> matches(cb, callback)) && dispatched != null) {
                dispatched.removeIf(d -> matches(d, callback));
            }
        }

        /** Whether a dispatched link may still run (it was not unlinked since), forgetting it. */
        synchronized boolean takeDispatched(Object spawnedLink) {
            return dispatched != null && dispatched.remove(spawnedLink);
        }
    }

    /**
     * gevent's SpawnedLink: the user's callback, run in a greenlet of its own on the source's hub
     * (whoever notified: the dying greenlet, or a killer on another thread).
     */
    private record SpawnedLink<T>(Greenlet<T> source, Consumer<? super Greenlet<T>> callback, int filter)
            implements Consumer<Object> {
        @Override
        public void accept(Object ignored) {
            if (filter == 1 && !source.successful()) return;
            if (filter == 2 && source.successful()) return;
            Links list = source.links instanceof Links l ? l : null;
            Runnable body = () -> {
                if (list == null || list.takeDispatched(this)) callback.accept(source);
            };
            new Greenlet<Void>(body, source.strand.loop, null).start();
        }
    }

    // ---- interop ----

    /**
     * A {@link CompletableFuture} completed when this greenlet dies: with its value, or exceptionally
     * with its {@linkplain #exception() exception} (so {@code join()} throws a
     * {@link java.util.concurrent.CompletionException} and {@code get()} an
     * {@link java.util.concurrent.ExecutionException} whose cause is the original). A greenlet that
     * dies of {@link GreenletExit} completes it normally with {@code null}, as {@link #get()} returns.
     *
     * <p>Cancelling the future (with either argument) kills the greenlet with {@link GreenletExit},
     * without waiting for it to die; a greenlet that had not started never runs. Each call returns a
     * new future. Dependent stages added without {@code Async} run in the thread that completes the
     * future: the dying greenlet (or its killer), like a {@link #rawlink} callback, so they must not
     * block. This is gevent4j's one Greenlet-to-{@code Future} bridge: {@code Greenlet.get()} cannot
     * also be {@code Future.get()}, which throws checked exceptions.
     *
     * <p>Waiting on the future with {@code get()} or {@code join()} is a plain JDK wait: from a
     * greenlet it yields to the hub, but on a hub's own platform thread it blocks that hub (its
     * greenlets stop), so the main greenlet should use {@link #get()} instead.
     *
     * @return a new future, completed when this greenlet dies
     */
    public final CompletableFuture<T> toCompletableFuture() {
        GreenletFuture<T> f = new GreenletFuture<>(this);
        rawlink(f);
        return f;
    }

    /** The future of {@link #toCompletableFuture()}: completed by a link, cancelled by a kill. */
    private static final class GreenletFuture<T> extends CompletableFuture<T> implements Consumer<Object> {
        private final Greenlet<T> source;

        GreenletFuture(Greenlet<T> source) {
            this.source = source;
        }

        @Override
        public void accept(Object ignored) {
            Throwable e = source.exception();
            if (e != null) completeExceptionally(e); else complete(source.value());
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            if (cancelled) {
                source.unlink(this);
                source.kill(new GreenletExit(), false, null);
            }
            return cancelled;
        }
    }

    private record Failure(Throwable exception) {}

    // ---- identity ----

    /**
     * The name: {@code Greenlet-<minimalIdent>} unless set.
     *
     * @return the greenlet's name; never {@code null}
     */
    public final String name() {
        Extra x = extra;
        String n = x == null ? null : x.name;
        return n != null ? n : "Greenlet-" + minimalIdent();
    }
    /**
     * Sets the name that {@link #name()} and {@link #toString()} report.
     *
     * @param name the new name; not {@code null}
     */

    public final void setName(String name) {
        extra().name = Sneaky.checkNotNull("name", name);
    }

    /**
     * The greenlet that was running when this one was created, while this one is alive.
     *
     * @return the greenlet that spawned this one, or {@code null} if there was none
     */
    public final Greenlet<?> spawningGreenlet() {
        return spawner;
    }

    /**
     * A small integer, 1, 2, 3 … in creation-of-ident order, unique among this hub's greenlets.
     *
     * @return this greenlet's number on its hub, 1 or more; assigned on the first call
     */
    public final synchronized long minimalIdent() {
        Extra x = extra();
        if (x.ident == 0) x.ident = strand.loop.nextIdent();
        return x.ident;
    }

    /**
     * The hub this greenlet runs on.
     *
     * @return the hub whose run queue this greenlet is scheduled on
     */
    public final Hub hub() {
        return Hub.of(strand.loop);
    }

    /** For Gevent.run and fail-fast scopes: the exception is rethrown by someone else, not reported by the hub. */
    final void reportNoErrors() {
        extra().quiet = true;
    }

    /** For gevent4j's own packages: the hub loop this greenlet runs on. */
    final Loop loop() {
        return strand.loop;
    }

    /** For gevent4j's own packages: the strand that runs this greenlet. */
    final Strand strand() {
        return strand;
    }

    /** Like gevent's repr: {@code <Greenlet "name" at 3: info>}, the name only if one was set. */
    @Override
    public String toString() {
        String cls = getClass().getSimpleName();
        if (cls.isEmpty()) cls = "Greenlet";
        StringBuilder sb = new StringBuilder("<").append(cls);
        Extra x = extra;
        String name = x == null ? null : x.name;
        if (name != null) sb.append(" \"").append(name).append('"');
        sb.append(" at ").append(minimalIdent());
        String info = formatInfo();
        if (!info.isEmpty()) sb.append(": ").append(info);
        return sb.append('>').toString();
    }

    /**
     * What the greenlet runs, for {@link #toString()}: the function's own toString if it has one.
     *
     * @return a short description of the body; empty for a lambda or a main greenlet
     */
    protected String formatInfo() {
        if (strand.isMain()) return "";
        if (fn == null) return "run";
        // A lambda's toString is its hidden class name: noise, not information.
        Class<?> c = fn.getClass();
        if (c.isHidden() || c.isSynthetic()) return "";
        String info = String.valueOf(fn);
        return info.contains("$$Lambda") ? "" : info;
    }
}
