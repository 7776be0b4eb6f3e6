package org.gevent4j.pool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Function;
import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;
import org.gevent4j.GreenletExit;
import org.gevent4j.ThrowingCallable;
import org.gevent4j.ThrowingRunnable;
import org.gevent4j.Timeout;
import org.gevent4j.internal.Introspect;
import org.gevent4j.internal.Loop;
import org.gevent4j.internal.Sneaky;
import org.gevent4j.internal.Strand;
import org.gevent4j.internal.WaitQueue;

/**
 * The running greenlets of one group, managed together: gevent's {@code Group}. A greenlet joins
 * with {@link #add} or {@link #spawn} and leaves by itself when it dies (or by {@link #discard});
 * {@link #join()} waits until the group is empty and {@link #kill()} kills every member. A group
 * also maps functions over inputs in parallel: {@link #map}, {@link #imap},
 * {@link #imapUnordered}, {@link #apply} and their asynchronous variants.
 *
 * <p>A group places no bound on its members; a {@link Pool} is a group that does.
 *
 * <h2>Threads</h2>
 * Unlike gevent's, a group is thread-safe: greenlets of any hub and platform threads may use it.
 * The greenlets it spawns run on the hub of the thread that calls {@code spawn}, like
 * {@link Gevent#spawn}.
 */
public sealed class Group implements Iterable<Greenlet<?>> permits Pool {
    /*
     * Everything below is guarded by this group's monitor, which is never held while parking or
     * calling user code. Members are kept in insertion order, so kill() and iteration are in the
     * order greenlets joined. Each member carries one link, onDeath, which removes it.
     */
    private final Set<Greenlet<?>> greenlets = new LinkedHashSet<>();
    /** Members already killed by kill()/killOne(), so they are not killed twice. */
    private final Set<Greenlet<?>> dying = new HashSet<>();
    final WaitQueue emptyWaiters = new WaitQueue();
    private final Consumer<Object> onDeath = g -> leave((Greenlet<?>) g);

    /** An empty group. */
    public Group() {}

    /**
     * A group tracking {@code greenlets} (each leaves when it dies).
     *
     * @param greenlets the first members, in this order; no null elements
     * @throws NullPointerException if {@code greenlets} or one of them is null
     */
    public Group(Collection<? extends Greenlet<?>> greenlets) {
        for (Greenlet<?> g : Sneaky.checkNotNull("greenlets", greenlets)) {
            boolean added;
            synchronized (this) {
                added = addMember(Sneaky.checkNotNull("greenlet", g));
            }
            if (added) link(g);
        }
    }

    // ---- membership ----

    /**
     * How many greenlets the group tracks (gevent's {@code len(group)}).
     *
     * @return the number of members now, 0 or more
     */
    public synchronized int size() {
        return greenlets.size();
    }

    /**
     * Whether the group tracks {@code greenlet}.
     *
     * @param greenlet the greenlet to look for; {@code null} gives false
     * @return true while it is a member: from its add until it dies or is discarded
     */
    public synchronized boolean contains(Greenlet<?> greenlet) {
        return greenlets.contains(greenlet);
    }

    /** The members, in the order they were added: a snapshot, so the group may change meanwhile. */
    @Override
    public Iterator<Greenlet<?>> iterator() {
        return snapshot().iterator();
    }

    private synchronized List<Greenlet<?>> snapshot() {
        return List.copyOf(greenlets);
    }

    /**
     * Starts tracking {@code greenlet} until it dies (a greenlet already dead leaves at once). Adding
     * a member again does nothing. A group never blocks here; a {@link Pool} waits while full.
     *
     * @param greenlet the greenlet to track, started or not; not {@code null}
     */
    public void add(Greenlet<?> greenlet) {
        Sneaky.checkNotNull("greenlet", greenlet);
        boolean added;
        synchronized (this) {
            added = addMember(greenlet);
        }
        if (added) link(greenlet);
    }

    /** Adds to the members (holding the monitor); false if it is one already. */
    final boolean addMember(Greenlet<?> greenlet) {
        if (!greenlets.add(greenlet)) return false;
        Introspect.greenlets().joined(greenlet, this); // for run-info's "in <Pool ...>"
        // A member dies on its hub's thread: a waiter of another hub is woken from there.
        emptyWaiters.usedBy(greenlet.hub().thread());
        return true;
    }

    /** Links a new member to its removal; after releasing the monitor (a dead one is removed at once). */
    final void link(Greenlet<?> greenlet) {
        greenlet.rawlink(onDeath);
    }

    /**
     * Stops tracking {@code greenlet} (it keeps running; in a {@link Pool} its slot is freed).
     *
     * @param greenlet the greenlet to forget; one that is not a member is ignored
     */
    public void discard(Greenlet<?> greenlet) {
        Sneaky.checkNotNull("greenlet", greenlet);
        if (leave(greenlet)) greenlet.unlink(onDeath);
    }

    private boolean leave(Greenlet<?> greenlet) {
        WaitQueue.Waiter freed, emptied = null;
        synchronized (this) {
            if (!greenlets.remove(greenlet)) return false;
            Introspect.greenlets().left(greenlet, this);
            dying.remove(greenlet);
            freed = slotFreed();
            if (greenlets.isEmpty()) emptied = emptyWaiters.takeAll();
        }
        WaitQueue.wake(freed, this);
        WaitQueue.wake(emptied, this);
        return true;
    }

    /** A member left (holding the monitor): a {@link Pool} frees its slot; returns whom to wake. */
    WaitQueue.Waiter slotFreed() {
        return null;
    }

    /**
     * Adds the <em>unstarted</em> {@code greenlet} (waiting for a slot in a full {@link Pool}),
     * then starts it.
     *
     * @param greenlet a greenlet that has not been started yet
     */
    public void start(Greenlet<?> greenlet) {
        add(greenlet);
        greenlet.start();
    }

    /**
     * Creates a greenlet running {@code fn}, adds it (a full {@link Pool} waits for a slot), and
     * starts it.
     *
     * @param <T> the type of {@code fn}'s value
     * @param fn the greenlet's body; its value becomes the greenlet's value
     * @return the started greenlet, a member until it dies
     */
    public final <T> Greenlet<T> spawn(Callable<? extends T> fn) {
        Greenlet<T> g = new Greenlet<>(fn);
        start(g);
        return g;
    }

    /**
     * Creates a greenlet running {@code fn}, adds it (a full {@link Pool} waits for a slot), and
     * starts it.
     *
     * @param fn the greenlet's body
     * @return the started greenlet, a member until it dies
     */
    public final Greenlet<Void> spawn(Runnable fn) {
        Greenlet<Void> g = new Greenlet<>(fn);
        start(g);
        return g;
    }

    /**
     * Like {@link #spawn(Runnable)}, for a body that throws checked exceptions.
     *
     * @param fn the greenlet's body; what it throws becomes the greenlet's exception
     * @return the started greenlet, a member until it dies
     */
    public final Greenlet<Void> spawn(ThrowingRunnable fn) {
        Greenlet<Void> g = new Greenlet<>(fn);
        start(g);
        return g;
    }

    // ---- waiting and killing ----

    /** Waits until the group is empty; see {@link #join(Duration, boolean)}. */
    public void join() {
        join(null, false);
    }

    /**
     * Waits at most {@code timeout} until the group is empty; see {@link #join(Duration, boolean)}.
     *
     * @param timeout the longest wait; {@code null}: no limit
     * @return true if the group became empty, false if the timeout passed first
     */
    public boolean join(Duration timeout) {
        return join(timeout, false);
    }

    /**
     * Waits until the group is empty, or {@code timeout} passes ({@code null}: no limit). Returns at
     * once if it is empty. The group was empty at some point during the wait, not necessarily on
     * return: greenlets may have been added since.
     *
     * <p>Blocks cooperatively; what wakes it is the last member leaving. A kill or {@link Timeout}
     * aimed at the caller is raised from here.
     *
     * @param timeout the longest wait; {@code null}: no limit
     * @param raiseError after waiting, rethrow the exception of a greenlet that was a member when
     *     the call began and has failed (unchecked ones as they are, checked ones wrapped as
     *     {@link Greenlet#get()} wraps them), even if the timeout passed
     * @return true if the group became empty, false if the timeout passed first
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public boolean join(Duration timeout, boolean raiseError) {
        Sneaky.checkTimeout("timeout", timeout);
        List<Greenlet<?>> watched;
        Strand me = Strand.current();
        WaitQueue.Waiter w = null;
        synchronized (this) {
            watched = raiseError ? List.copyOf(greenlets) : List.of();
            if (!greenlets.isEmpty()) w = emptyWaiters.add(me);
        }
        boolean emptied = w == null || emptyWaiters.await(this, w, me.loop.deadlineAfter(timeout), null);
        for (Greenlet<?> g : watched) {
            Throwable e = g.exception();
            if (e != null) throw Sneaky.unchecked(e);
        }
        return emptied;
    }

    /** Kills every member with {@link GreenletExit} and waits for the group to be empty. */
    public void kill() {
        kill(null, true, null);
    }

    /**
     * Raises {@code exception} ({@code null}: a new {@link GreenletExit} each) in every member, in
     * the order they joined; members killed already by this group are not killed again. With
     * {@code block}, waits up to {@code timeout} ({@code null}: no limit) for them to die, killing
     * any greenlet that joins meanwhile too, until the group is empty; when the timeout passes it
     * returns quietly, as gevent's does (check {@link #size()}).
     *
     * <p>Waiting is cooperative; a kill or {@link Timeout} aimed at the caller is raised from here
     * (a member that kills its own group is killed too, at its next blocking point).
     *
     * @param exception what to raise in each member; {@code null}: a new {@link GreenletExit} for
     *     each
     * @param block whether to wait for the members to die
     * @param timeout the longest wait, with {@code block}; {@code null}: no limit
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public void kill(Throwable exception, boolean block, Duration timeout) {
        Sneaky.checkTimeout("timeout", timeout);
        Loop loop = Strand.current().loop;
        long deadline = loop.deadlineAfter(timeout);
        for (;;) {
            List<Greenlet<?>> victims = new ArrayList<>();
            List<Greenlet<?>> members;
            synchronized (this) {
                if (greenlets.isEmpty()) return;
                for (Greenlet<?> g : greenlets) {
                    if (dying.add(g)) victims.add(g);
                }
                members = List.copyOf(greenlets);
            }
            for (Greenlet<?> g : victims) g.kill(exception != null ? exception : new GreenletExit(), false, null);
            if (!block) return;
            Duration left = null;
            if (deadline != Loop.FOREVER) {
                long nanos = deadline - loop.nanoTime();
                if (nanos <= 0) return;
                left = Duration.ofNanos(nanos);
            }
            if (Gevent.joinAll(members, left, false).size() < members.size()) return;
        }
    }

    /**
     * Kills {@code greenlet} with {@link GreenletExit} if it is a member, and waits for it to die.
     *
     * @param greenlet the member to kill; one that is not a member is ignored
     */
    public void killOne(Greenlet<?> greenlet) {
        killOne(greenlet, null, true, null);
    }

    /**
     * If {@code greenlet} is a member not yet killed by this group, raises {@code exception}
     * ({@code null}: {@link GreenletExit}) in it; with {@code block}, waits up to {@code timeout} for
     * it to die (gevent's {@code killone}). Otherwise does nothing.
     *
     * @param greenlet the member to kill; not {@code null}
     * @param exception what to raise in it; {@code null}: a new {@link GreenletExit}
     * @param block whether to wait for it to die
     * @param timeout the longest wait, with {@code block}; {@code null}: no limit
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public void killOne(Greenlet<?> greenlet, Throwable exception, boolean block, Duration timeout) {
        Sneaky.checkNotNull("greenlet", greenlet);
        Sneaky.checkTimeout("timeout", timeout);
        synchronized (this) {
            if (!greenlets.contains(greenlet) || !dying.add(greenlet)) return;
        }
        greenlet.kill(exception != null ? exception : new GreenletExit(), false, null);
        if (block) greenlet.join(timeout);
    }

    // ---- capacity ----

    /**
     * Whether {@link #add} would block: never, for a group.
     *
     * @return always false for a group
     */
    public boolean full() {
        return false;
    }

    /**
     * How many more greenlets can be added without blocking: {@link Integer#MAX_VALUE} for a group.
     *
     * @return always {@link Integer#MAX_VALUE} for a group
     */
    public int freeCount() {
        return Integer.MAX_VALUE;
    }

    /**
     * Waits until a greenlet can be added without blocking, at most {@code timeout}; returns
     * {@link #freeCount()}. A group never waits.
     *
     * @param timeout the longest wait; {@code null}: no limit
     * @return {@link Integer#MAX_VALUE} for a group
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public int waitAvailable(Duration timeout) {
        Sneaky.checkTimeout("timeout", timeout);
        return freeCount();
    }

    // ---- mapping ----

    /**
     * Runs {@code fn} and returns its value, or rethrows its exception (unchecked ones as they are,
     * checked ones wrapped in {@link java.util.concurrent.CompletionException}). Called from a member
     * of this group, {@code fn} runs inline in the caller (a full pool would otherwise wait forever
     * for its own slot); otherwise it runs in a new member, which the caller waits for cooperatively
     * (in a full {@link Pool}, first for a slot).
     *
     * @param <R> the type of {@code fn}'s value
     * @param fn the function to run; not {@code null}
     * @return what {@code fn} returned
     */
    public <R> R apply(Callable<? extends R> fn) {
        Sneaky.checkNotNull("fn", fn);
        if (contains(Gevent.getCurrent())) {
            try {
                return fn.call();
            } catch (Exception e) {
                throw Sneaky.unchecked(e);
            }
        }
        return this.<R>spawn(fn).get();
    }

    /**
     * {@link #apply(Callable)} for a lambda: its checked exception comes through as itself.
     *
     * @param <R> the type of {@code fn}'s value
     * @param <X> the checked exception {@code fn} may throw
     * @param fn the function to run; not {@code null}
     * @return what {@code fn} returned
     * @throws X what {@code fn} throws
     */
    public <R, X extends Exception> R apply(ThrowingCallable<? extends R, X> fn) throws X {
        Sneaky.checkNotNull("fn", fn);
        if (contains(Gevent.getCurrent())) return fn.call();
        Greenlet<R> g = this.<R>spawn(fn);
        g.join();
        Throwable e = g.exception();
        if (e != null) throw Sneaky.<RuntimeException>rethrow(e);
        return g.value();
    }

    /**
     * {@link #applyAsync(Callable, Consumer)} without a callback.
     *
     * @param <R> the type of {@code fn}'s value
     * @param fn the function to run; not {@code null}
     * @return a started greenlet whose value is {@code fn}'s
     */
    public <R> Greenlet<R> applyAsync(Callable<? extends R> fn) {
        return applyAsync(fn, null);
    }

    /**
     * Runs {@code fn} in a greenlet and returns that greenlet at once, never blocking (gevent's
     * {@code apply_async}). If the group is {@link #full()}, the returned greenlet is not a member:
     * it waits for a slot and {@linkplain #apply applies} {@code fn} in one, so join the returned
     * greenlet, not the group, to wait for the result. If {@code callback} is given, it is called
     * with the value in a greenlet of its own when {@code fn} succeeds.
     *
     * @param <R> the type of {@code fn}'s value
     * @param fn the function to run; not {@code null}
     * @param callback called with {@code fn}'s value on success; {@code null}: none
     * @return a started greenlet whose value is {@code fn}'s (a member only if the group had room)
     */
    public <R> Greenlet<R> applyAsync(Callable<? extends R> fn, Consumer<? super R> callback) {
        Sneaky.checkNotNull("fn", fn);
        if (full()) return Greenlet.spawn(() -> applyThenCallback(fn, callback));
        Greenlet<R> g = spawn(fn);
        if (callback != null) g.linkValue(done -> callback.accept(done.value()));
        return g;
    }

    private <R> R applyThenCallback(Callable<? extends R> fn, Consumer<? super R> callback) {
        R result = apply(fn);
        if (callback != null) Greenlet.spawn(() -> callback.accept(result));
        return result;
    }

    /**
     * {@code fn} applied to every item, in parallel, as a list in input order. Each item runs in a
     * member greenlet (in a {@link Pool}, at most {@link Pool#maxsize()} at a time), spawned by a
     * helper greenlet, as gevent does; the caller waits cooperatively. The first exception in input
     * order is rethrown as {@link Greenlet#get()} rethrows it (the other items still run), as is an
     * exception from iterating {@code items}.
     *
     * @param <A> the type of the items
     * @param <R> the type of the results
     * @param fn the function applied to each item; not {@code null}
     * @param items the input, iterated once; not {@code null}
     * @return the results, one per item, in input order
     */
    public <A, R> List<R> map(Function<? super A, ? extends R> fn, Iterable<? extends A> items) {
        Sneaky.checkNotNull("fn", fn);
        Sneaky.checkNotNull("items", items);
        return Greenlet.<List<R>>spawn(() -> this.<A, R>mapHere(fn, items)).get();
    }

    private <A, R> List<R> mapHere(Function<? super A, ? extends R> fn, Iterable<? extends A> items) {
        List<Greenlet<R>> tasks = items instanceof Collection<?> c ? new ArrayList<>(c.size()) : new ArrayList<>();
        for (A item : items) tasks.add(this.<R>spawn(() -> fn.apply(item)));
        List<R> results = new ArrayList<>(tasks.size());
        for (Greenlet<R> g : tasks) results.add(g.get());
        return results;
    }

    /**
     * {@link #map} in a new greenlet, returned at once: its value is the list.
     *
     * @param <A> the type of the items
     * @param <R> the type of the results
     * @param fn the function applied to each item; not {@code null}
     * @param items the input, iterated once; not {@code null}
     * @return a started greenlet (not a member) whose value is the results in input order
     */
    public <A, R> Greenlet<List<R>> mapAsync(Function<? super A, ? extends R> fn, Iterable<? extends A> items) {
        return mapAsync(fn, items, null);
    }

    /**
     * {@link #map} in a new greenlet, returned at once: its value is the list, which is also passed
     * to {@code callback} (if given) in that greenlet.
     *
     * @param <A> the type of the items
     * @param <R> the type of the results
     * @param fn the function applied to each item; not {@code null}
     * @param items the input, iterated once; not {@code null}
     * @param callback called with the results list on success; {@code null}: none
     * @return a started greenlet (not a member) whose value is the results in input order
     */
    public <A, R> Greenlet<List<R>> mapAsync(Function<? super A, ? extends R> fn, Iterable<? extends A> items,
            Consumer<? super List<R>> callback) {
        Sneaky.checkNotNull("fn", fn);
        Sneaky.checkNotNull("items", items);
        return Greenlet.spawn(() -> {
            List<R> results = map(fn, items);
            if (callback != null) callback.accept(results);
            return results;
        });
    }

    /**
     * {@code fn} applied to every item in parallel, the results in input order as they become
     * available. See {@link IMap} for iteration, errors and {@link IMap#close()}.
     *
     * @param <A> the type of the items
     * @param <R> the type of the results
     * @param fn the function applied to each item; not {@code null}
     * @param items the input, iterated once by a producer greenlet; not {@code null}
     * @return the results, to iterate in input order
     */
    public <A, R> IMap<R> imap(Function<? super A, ? extends R> fn, Iterable<? extends A> items) {
        return imap(fn, items, 0);
    }

    /**
     * Like {@link #imap(Function, Iterable)}, with backpressure: at most {@code maxsize} items are
     * started ahead of the consumer (started and not yet taken by {@code next()}), so at most that
     * many results wait to be read; beyond that, the producer pauses until the consumer asks for
     * the next result. {@code 0} means no bound.
     *
     * @param <A> the type of the items
     * @param <R> the type of the results
     * @param fn the function applied to each item; not {@code null}
     * @param items the input, iterated once by a producer greenlet; not {@code null}
     * @param maxsize at most this many results started and not yet read; 0: no bound
     * @return the results, to iterate in input order
     * @throws IllegalArgumentException if {@code maxsize} is negative
     */
    public <A, R> IMap<R> imap(Function<? super A, ? extends R> fn, Iterable<? extends A> items, int maxsize) {
        return new IMap<>(this, fn, items, true, maxsize);
    }

    /**
     * {@code fn} applied to every item in parallel, the results in the order the items finish. On
     * one hub that order is deterministic: the same input gives the same sequence on every run.
     *
     * @param <A> the type of the items
     * @param <R> the type of the results
     * @param fn the function applied to each item; not {@code null}
     * @param items the input, iterated once by a producer greenlet; not {@code null}
     * @return the results, to iterate in completion order
     */
    public <A, R> IMap<R> imapUnordered(Function<? super A, ? extends R> fn, Iterable<? extends A> items) {
        return imapUnordered(fn, items, 0);
    }

    /**
     * {@link #imapUnordered(Function, Iterable)} with the backpressure of {@link #imap(Function,
     * Iterable, int)}.
     *
     * @param <A> the type of the items
     * @param <R> the type of the results
     * @param fn the function applied to each item; not {@code null}
     * @param items the input, iterated once by a producer greenlet; not {@code null}
     * @param maxsize at most this many results started and not yet read; 0: no bound
     * @return the results, to iterate in completion order
     * @throws IllegalArgumentException if {@code maxsize} is negative
     */
    public <A, R> IMap<R> imapUnordered(Function<? super A, ? extends R> fn, Iterable<? extends A> items,
            int maxsize) {
        return new IMap<>(this, fn, items, false, maxsize);
    }

    @Override
    public String toString() {
        return "<" + getClass().getSimpleName() + " " + describe() + ">";
    }

    synchronized String describe() {
        return "size=" + greenlets.size() + " " + greenlets;
    }
}
