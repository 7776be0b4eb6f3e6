package org.gevent4j;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.gevent4j.internal.Loop;
import org.gevent4j.internal.Sneaky;
import org.gevent4j.internal.Strand;
import org.gevent4j.internal.WaitQueue;

/**
 * A block that owns the greenlets spawned into it: when it returns, every one of them has
 * finished. trio's nursery, Kotlin's {@code coroutineScope}, Jox's {@code supervised}, the JDK's
 * {@code StructuredTaskScope}; gevent itself has no such thing (its {@link org.gevent4j.pool.Group}
 * tracks greenlets but never waits on its own).
 *
 * {@snippet lang=java :
 * List<Page> pages = Scope.call(scope -> {
 *     Greenlet<Page> a = scope.spawn(() -> fetch(urlA));
 *     Greenlet<Page> b = scope.spawn(() -> fetch(urlB));
 *     return List.of(a.get(), b.get());   // if fetch(urlB) fails, a is killed and its failure is thrown here
 * });
 * }
 *
 * <h2>Rules</h2>
 * The greenlet that calls {@link #run}, {@link #call} or {@link #supervised} is the scope's
 * <em>owner</em>; the body runs in it, not in a new greenlet. While the scope is open, any
 * greenlet (the owner, a child, a greenlet of another hub) may {@link #spawn} into it; each child
 * runs on the hub of the thread that spawns it, as {@link Gevent#spawn} does.
 * <ol>
 *   <li><b>Exit waits.</b> When the body returns or throws, the owner waits until every child has
 *       finished, however the scope ends. Then the scope is closed: spawning into it is an
 *       {@link IllegalStateException}.</li>
 *   <li><b>The first failure cancels the rest</b> ({@link #run} and {@link #call}). When a child
 *       dies of an exception ({@link GreenletExit} is not one), every other child is killed with
 *       {@code GreenletExit}, and so is the body: a private {@code GreenletExit} is raised in the
 *       owner at its next blocking point (an interrupt, in a JDK call), which the scope takes
 *       back when the body lets it escape. The scope then throws that first failure, with every
 *       later one (a sibling that failed while dying, what the body threw) added as
 *       {@linkplain Throwable#getSuppressed() suppressed}: an unchecked exception or error as
 *       itself, a checked one wrapped in a {@link CompletionException} whose cause it is, as
 *       {@link Greenlet#get()} does. Failed children are not also reported to the hub's error
 *       handler: the scope's exception is their report.</li>
 *   <li><b>The owner's exception cancels the scope.</b> If the body throws, or the owner is
 *       killed or its {@link Timeout} fires (in the body or while it waits for the children),
 *       every child is killed, the owner waits for them all to die, and then that same exception
 *       propagates (the body's own checked exception as itself), with the children's failures
 *       suppressed. Whichever comes first, the owner's exception or a child's failure, is the one
 *       thrown; the other is suppressed. A second kill or timeout while the owner waits for
 *       children it killed does not cut the wait short; it is suppressed too.</li>
 *   <li><b>Supervised</b> ({@link #supervised}): a failed child cancels nothing. Its failure is
 *       reported as any greenlet's is (the hub's error handler) and collected; the scope waits for
 *       all children and returns the failures, in the order the children died. The body's or the
 *       owner's exception still cancels the whole scope, as in rule 3.</li>
 * </ol>
 * A child killed by the scope that refuses to die (catches {@code GreenletExit} and blocks on)
 * keeps the owner waiting, as in every structured-concurrency library: the scope's promise is
 * that nothing it started outlives it. The body should likewise let {@code GreenletExit} through.
 *
 * <p>Blocking: the scope blocks its owner cooperatively (other greenlets run) while it waits for
 * children. It must be opened, and is exited, in one greenlet: its owner.
 */
public final class Scope {
    /**
     * The body of {@link #run} and {@link #supervised}: runs in the owner, spawning into the scope.
     *
     * @param <X> the checked exception the body may throw; {@link RuntimeException} for none
     */
    @FunctionalInterface
    public interface Body<X extends Exception> {
        /**
         * Runs in the owner greenlet while the scope is open.
         *
         * @param scope the new scope, to spawn children into; closed once the owner leaves it
         * @throws X whatever the body throws; it cancels the scope
         */
        void run(Scope scope) throws X;
    }

    /**
     * The body of {@link #call}: runs in the owner, spawning into the scope, and returns the
     * scope's value.
     *
     * @param <T> the type of the body's value
     * @param <X> the checked exception the body may throw; {@link RuntimeException} for none
     */
    @FunctionalInterface
    public interface ValueBody<T, X extends Exception> {
        /**
         * Runs in the owner greenlet while the scope is open.
         *
         * @param scope the new scope, to spawn children into; closed once the owner leaves it
         * @return the scope's value, handed out once every child has finished
         * @throws X whatever the body throws; it cancels the scope
         */
        T call(Scope scope) throws X;
    }

    /*
     * Everything below the final fields is guarded by this scope's monitor, never held while
     * parking or running user code. The owner learns of a failure through `wakeup`, a GreenletExit
     * delivered like a kill: under the monitor and only while the scope is open, so close(),
     * under the same monitor, can take back one that was never raised.
     */
    private final boolean failFast;
    private final Strand owner;
    private final Set<Greenlet<?>> children = new LinkedHashSet<>();
    private final WaitQueue emptyWaiters = new WaitQueue();
    private final Consumer<Object> onDeath = g -> childDied((Greenlet<?>) g);
    /** The exception the scope ends with (a child's failure or the owner's exception), or null. */
    private Throwable first;
    private boolean firstIsChilds;
    /** Failures of children, in the order they died. */
    private final List<Throwable> failures = new ArrayList<>();
    /** Later exceptions of the owner (the body's, kills, timeouts), after {@code first}. */
    private final List<Throwable> ownerLater = new ArrayList<>();
    private boolean cancelled;
    /** The body has ended: the owner needs no wake-up any more (children dying wake its wait). */
    private boolean bodyEnded;
    private boolean closed;
    private Cancelled wakeup;

    private Scope(boolean failFast, Strand owner) {
        this.failFast = failFast;
        this.owner = owner;
    }

    /**
     * Runs {@code body} in the calling greenlet as the owner of a new scope, then waits until
     * every greenlet spawned into the scope has finished. The first failure kills everything
     * else and is thrown (see the class comment for the rules).
     *
     * <p>Blocks cooperatively while it waits for the children. A kill or {@link Timeout} of the
     * caller cancels the scope: the children are killed and waited for, then the exception is
     * raised from here.
     *
     * @param <X> the checked exception {@code body} may throw
     * @param body runs in the caller with the new scope; its children are spawned through it
     * @throws X what {@code body} throws, as itself
     * @throws RuntimeException a child's failure: unchecked as itself, a checked one wrapped in
     *     {@link CompletionException}; or the caller's kill or timeout
     */
    public static <X extends Exception> void run(Body<X> body) throws X {
        Sneaky.checkNotNull("body", body);
        open(true, scope -> {
            body.run(scope);
            return null;
        });
    }

    /**
     * {@link #run}, returning what {@code body} returns once every child has finished; {@code null}
     * if the scope was {@linkplain #cancel() cancelled} before the body returned.
     *
     * @param <T> the type of the body's value
     * @param <X> the checked exception {@code body} may throw
     * @param body runs in the caller with the new scope and returns its value
     * @return what {@code body} returned, or {@code null} if the scope was cancelled first
     * @throws X what {@code body} throws, as itself
     * @throws RuntimeException a child's failure (see {@link #run}), or the caller's kill or timeout
     */
    public static <T, X extends Exception> T call(ValueBody<T, X> body) throws X {
        return open(true, Sneaky.checkNotNull("body", body));
    }

    /**
     * A scope whose children fail alone: runs {@code body} in the calling greenlet, waits until
     * every child has finished, and returns the exceptions the failed ones died of, in the order
     * they died (empty if none failed). Each failure is also reported to its hub's error handler,
     * as any greenlet's is. Siblings and the body go on regardless.
     *
     * <p>Blocks cooperatively while it waits. If {@code body} throws, or the caller is killed or
     * times out, every child is killed and waited for, then that exception propagates, with the
     * children's failures suppressed.
     *
     * @param <X> the checked exception {@code body} may throw
     * @param body runs in the caller with the new scope; its children are spawned through it
     * @return the failed children's exceptions, oldest death first; empty, never {@code null}
     * @throws X what {@code body} throws, as itself
     */
    public static <X extends Exception> List<Throwable> supervised(Body<X> body) throws X {
        Sneaky.checkNotNull("body", body);
        Scope[] opened = new Scope[1];
        open(false, scope -> {
            opened[0] = scope;
            body.run(scope);
            return null;
        });
        synchronized (opened[0]) {
            return List.copyOf(opened[0].failures);
        }
    }

    private static <T, X extends Exception> T open(boolean failFast, ValueBody<T, X> body) throws X {
        Strand me = Strand.current();
        Scope scope = new Scope(failFast, me);
        T value = null;
        try {
            value = body.call(scope);
        } catch (Throwable t) {
            scope.ownerFailed(t);
        }
        scope.bodyEnded();
        scope.awaitChildren();
        return scope.close(value);
    }

    // ---- spawning ----

    /**
     * Spawns a child running {@code fn} on the calling thread's hub and returns it. Into a
     * scope being cancelled (a child failed, the owner's exception, {@link #cancel()}), the child
     * is killed before it runs: it is returned dead, successful, with a {@code null} value. Never
     * blocks.
     *
     * @param <T> the type of {@code fn}'s value
     * @param fn the child's body
     * @return the child, started (or already dead if the scope is being cancelled)
     * @throws IllegalStateException if the scope is closed (its owner has left it)
     */
    public <T> Greenlet<T> spawn(Callable<? extends T> fn) {
        return adopt(new Greenlet<>(Sneaky.checkNotNull("fn", fn)));
    }

    /**
     * {@link #spawn(Callable)} for a function without a value.
     *
     * @param fn the child's body
     * @return the child, started (or already dead if the scope is being cancelled); its value is
     *     {@code null}
     */
    public Greenlet<Void> spawn(Runnable fn) {
        return adopt(new Greenlet<>(Sneaky.checkNotNull("fn", fn)));
    }

    /**
     * {@link #spawn(Callable)} for a function without a value that throws checked exceptions.
     *
     * @param fn the child's body; what it throws is the child's failure
     * @return the child, started (or already dead if the scope is being cancelled); its value is
     *     {@code null}
     */
    public Greenlet<Void> spawn(ThrowingRunnable fn) {
        return adopt(new Greenlet<>(Sneaky.checkNotNull("fn", fn)));
    }

    private <T> Greenlet<T> adopt(Greenlet<T> g) {
        boolean stillborn;
        synchronized (this) {
            if (closed) throw new IllegalStateException("spawn into a closed scope: its owner " + owner + " has left it");
            children.add(g);
            // A child dies on its hub's thread: an owner on another hub is woken from there.
            emptyWaiters.usedBy(g.hub().thread());
            stillborn = cancelled;
        }
        if (failFast) g.reportNoErrors(); // its failure is the scope's exception, not a report
        g.rawlink(onDeath);
        if (stillborn) {
            g.kill(new GreenletExit(), false, null);
        } else {
            g.start();
        }
        return g;
    }

    // ---- cancelling ----

    /**
     * Cancels the scope without failing it (trio's {@code nursery.cancel_scope.cancel()}): kills
     * every child with {@link GreenletExit} and raises a {@code GreenletExit} in the owner's body
     * at its next blocking point, which the scope takes back; the scope then ends normally once the
     * children are dead ({@link #call} returns {@code null} if the body did not return first).
     * Children spawned afterwards are killed before they run. Failures of the dying children
     * still count. Does not block; callable from any thread. Cancelling again does nothing.
     */
    public void cancel() {
        List<Greenlet<?>> victims;
        synchronized (this) {
            if (cancelled || closed) return;
            victims = cancelAndWakeOwner();
        }
        kill(victims);
    }

    /**
     * Whether the scope is being cancelled: a child failed (fail-fast), the owner's exception, or
     * {@link #cancel()}.
     *
     * @return true from the first cause of cancellation on; it never turns false again
     */
    public synchronized boolean cancelled() {
        return cancelled;
    }

    /** Under the monitor: marks the scope cancelled, wakes the owner; returns the children to kill. */
    private List<Greenlet<?>> cancelAndWakeOwner() {
        cancelled = true;
        if (!bodyEnded) {
            if (wakeup == null) wakeup = new Cancelled();
            owner.deliver(wakeup);
        }
        return List.copyOf(children);
    }

    /*
     * Takes back a wake-up the body never raised. From here on none is sent: a wake-up pending in
     * the owner would keep a kill or Timeout aimed at it from being delivered (the first
     * undelivered exception wins).
     */
    private synchronized void bodyEnded() {
        bodyEnded = true;
        if (wakeup != null) owner.withdraw(wakeup);
    }

    private static void kill(List<Greenlet<?>> victims) {
        for (Greenlet<?> g : victims) g.kill(new GreenletExit(), false, null);
    }

    /** A child died (a rawlink callback: in its thread, or at once if it was dead already). */
    private void childDied(Greenlet<?> g) {
        Throwable e = g.exception();
        List<Greenlet<?>> victims = List.of();
        WaitQueue.Waiter emptied = null;
        synchronized (this) {
            children.remove(g);
            if (e != null) {
                failures.add(e);
                if (failFast && first == null) {
                    first = e;
                    firstIsChilds = true;
                    if (!cancelled && !closed) victims = cancelAndWakeOwner();
                }
            }
            if (children.isEmpty()) emptied = emptyWaiters.takeAll();
        }
        kill(victims);
        WaitQueue.wake(emptied, this);
    }

    // ---- the owner's side ----

    /** The body threw, or the owner was killed or timed out: cancel everything, remember it. */
    private void ownerFailed(Throwable t) {
        List<Greenlet<?>> victims = List.of();
        synchronized (this) {
            if (t == wakeup) return; // the scope's own wake-up: a child failed or cancel() was called
            if (wakeup != null && owner.takeDeliveredByInterrupt(wakeup)) {
                // A JDK call answered the wake-up's interrupt with an exception of its own
                // (InterruptedException, a closed java.net socket): part of the cancellation.
                if (first != null && t != first) ownerLater.add(t);
                return;
            }
            if (first == null) {
                first = t;
            } else if (t != first) {
                ownerLater.add(t);
            }
            if (!cancelled) {
                cancelled = true;
                victims = List.copyOf(children);
            }
        }
        kill(victims);
    }

    /** Waits until no child is left; what interrupts the wait cancels the scope, and it waits on. */
    private void awaitChildren() {
        for (;;) {
            WaitQueue.Waiter w;
            synchronized (this) {
                if (children.isEmpty()) return;
                w = emptyWaiters.add(owner);
            }
            try {
                emptyWaiters.await(this, w, Loop.FOREVER, null);
            } catch (Throwable t) {
                ownerFailed(t);
            }
        }
    }

    /** Closes the scope (taking back an unraised wake-up) and ends it: the value, or the exception. */
    private <T> T close(T value) {
        Throwable end;
        List<Throwable> later = new ArrayList<>();
        synchronized (this) {
            closed = true;
            if (wakeup != null) owner.withdraw(wakeup);
            end = first;
            later.addAll(ownerLater);
            for (Throwable f : failures) {
                if (f != end) later.add(f);
            }
        }
        if (end == null) return value;
        Throwable thrown = firstIsChilds && !(end instanceof RuntimeException || end instanceof Error)
                ? new CompletionException(end) // a child's checked exception, as Greenlet.get() wraps it
                : end;
        for (Throwable t : later) {
            if (t != thrown) thrown.addSuppressed(t);
        }
        throw Sneaky.<RuntimeException>rethrow(thrown);
    }

    @Override
    public synchronized String toString() {
        return "<Scope " + (failFast ? "" : "supervised ") + (closed ? "closed" : cancelled ? "cancelled" : "open")
                + " children=" + children.size() + " owner=" + owner + ">";
    }

    /** The owner's wake-up: raised in the body when the scope is cancelled, and taken back by the scope. */
    private static final class Cancelled extends GreenletExit {
        @java.io.Serial
        private static final long serialVersionUID = 1L;

        Cancelled() {
            super("scope cancelled: a child failed or cancel() was called");
        }
    }
}
