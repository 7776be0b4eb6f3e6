package org.gevent4j;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.gevent4j.event.AsyncResult;
import org.gevent4j.internal.Loop;
import org.gevent4j.internal.Sneaky;
import org.gevent4j.internal.Strand;
import org.gevent4j.resolver.Resolver;
import org.gevent4j.resolver.Resolvers;
import org.gevent4j.threadpool.ThreadPool;

/**
 * A fixed number of {@link Hub hubs}, each on a platform thread of its own, started and closed as
 * a unit: how one process uses several cores. Inside each hub nothing changes (one thread, a FIFO
 * run queue, timers and a selector, no locks for what the hub owns); the group adds the hubs'
 * threads, round-robin placement of new greenlets, and one {@link ThreadPool} and one
 * {@link Resolver} shared by its hubs (rather than a pool's threads per hub).
 *
 * <p>gevent has no counterpart: a gevent process runs one hub per thread, and spreading over cores
 * means several processes. The name follows {@link org.gevent4j.pool.Group} and
 * {@link ThreadGroup}: a group of hubs. Typical use:
 * {@snippet lang=java :
 * try (HubGroup hubs = HubGroup.start()) {          // one hub per available processor
 *     List<Greenlet<Integer>> parts = new ArrayList<>();
 *     for (int i = 0; i < 8; i++) {
 *         int part = i;
 *         parts.add(hubs.spawn(() -> work(part))); // onto the next hub, round robin
 *     }
 *     Gevent.joinAll(parts);                       // waits cooperatively, from any thread
 * }                                                // close(): kills what still runs, stops the hubs
 * }
 *
 * <h2>Hubs of a group</h2>
 * Each hub runs on a daemon platform thread named {@code <group name>-hub-<index>}, from
 * {@link #start} until {@link #close()}. Its loop runs the whole time: an idle hub of a group waits
 * for work and never reports {@link LoopExit} (the group holds it open). A greenlet spawned on a
 * hub stays on that hub for its whole life, as do greenlets it spawns with {@link Gevent#spawn};
 * {@link #spawn} and {@link #spawnOn} are how work crosses to another hub. Each hub's
 * {@link Hub#threadpool()} and {@link Hub#resolver()} are the group's.
 *
 * <h2>Between hubs</h2>
 * Every gevent4j synchronizer ({@code event}, {@code queue}, {@code lock}, {@code pool}) and
 * {@link Greenlet#join() join}, {@link Greenlet#kill() kill}, links and {@link Timeout} work between
 * greenlets of different hubs (and platform threads). A wake-up that crosses hubs costs a queue
 * offer and waking the other hub's thread (microseconds, against a fraction of a microsecond
 * within a hub: see the {@code org.gevent4j.event} package documentation), so keep greenlets that
 * talk a lot on one hub. A gevent4j {@link org.gevent4j.socket.Socket} belongs to the hub that
 * first waits on it (see its documentation).
 *
 * <h2>Memory consistency</h2>
 * Actions in a thread before it spawns a greenlet onto a hub of the group happen-before that
 * greenlet runs; actions of every greenlet of the group happen-before {@link #close()} returns.
 *
 * <p>A group is thread-safe: any thread or greenlet may spawn onto it.
 */
public final class HubGroup implements AutoCloseable {
    private static final AtomicInteger GROUPS = new AtomicInteger();

    private final String name;
    private final List<Hub> hubs;
    private final Thread[] threads;
    private final AtomicInteger nextIndex = new AtomicInteger();
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private final AtomicInteger running;
    private volatile boolean closing;
    private volatile ThreadPool threadpool;
    private volatile Resolver resolver;
    private boolean resolverClosed;

    private HubGroup(String name, int n) {
        this.name = name;
        this.threads = new Thread[n];
        Hub[] made = new Hub[n];
        for (int i = 0; i < n; i++) {
            Loop[] loop = new Loop[1];
            Thread t = Thread.ofPlatform().name(name + "-hub-" + i).daemon().unstarted(() -> serve(loop[0]));
            loop[0] = Loop.forThread(t);
            made[i] = Hub.member(loop[0], this);
            threads[i] = t;
        }
        this.hubs = List.of(made);
        this.running = new AtomicInteger(n);
    }

    /**
     * Starts a group of one hub per available processor ({@link Runtime#availableProcessors()}).
     * Never blocks: work spawned at once waits until its hub's thread runs.
     *
     * @return the started group; {@link #close()} it when done
     */
    public static HubGroup start() {
        return start(Runtime.getRuntime().availableProcessors());
    }

    /**
     * Starts a group of {@code n} hubs, named {@code hubs-<k>} (k counts groups in this JVM).
     * Never blocks.
     *
     * @param n the number of hubs, 1 or more
     * @return the started group; {@link #close()} it when done
     * @throws IllegalArgumentException if {@code n < 1}
     */
    public static HubGroup start(int n) {
        return start("hubs-" + GROUPS.incrementAndGet(), n);
    }

    /**
     * Starts a group of {@code n} hubs whose threads are named {@code <name>-hub-<index>}. Never
     * blocks.
     *
     * @param name the prefix of the hub threads' names and the group's {@link #name()}
     * @param n the number of hubs, 1 or more
     * @return the started group; {@link #close()} it when done
     * @throws IllegalArgumentException if {@code n < 1}
     * @throws NullPointerException if {@code name} is null
     */
    public static HubGroup start(String name, int n) {
        Sneaky.checkNotNull("name", name);
        if (n < 1) throw new IllegalArgumentException("a group needs at least one hub, not " + n);
        HubGroup g = new HubGroup(name, n);
        for (Thread t : g.threads) t.start();
        return g;
    }

    /**
     * The group's name.
     *
     * @return the name given to {@link #start(String, int)}, or the generated {@code hubs-<k>}
     */
    public String name() {
        return name;
    }

    /**
     * The number of hubs.
     *
     * @return the number of hubs, fixed at start
     */
    public int size() {
        return hubs.size();
    }

    /**
     * The hubs, in index order (an unmodifiable list).
     *
     * @return the group's hubs, index 0 first
     */
    public List<Hub> hubs() {
        return hubs;
    }

    /**
     * The hub at {@code index}.
     *
     * @param index the hub's position, from 0
     * @return the hub at that position
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, size())}
     */
    public Hub hub(int index) {
        return hubs.get(index);
    }

    /**
     * The next hub in round-robin order (a different one on each call, cycling). Thread-safe.
     *
     * @return one of the group's hubs; never {@code null}
     */
    public Hub next() {
        return hubs.get(Math.floorMod(nextIndex.getAndIncrement(), hubs.size()));
    }

    /**
     * Whether {@code hub} is one of this group's hubs.
     *
     * @param hub the hub to test; may be {@code null}
     * @return true if {@code hub} belongs to this group; false for {@code null}
     */
    public boolean contains(Hub hub) {
        return hub != null && hub.group() == this;
    }

    /**
     * Creates a greenlet running {@code fn} on the {@link #next()} hub and starts it; returns at
     * once. Until the greenlet dies, the caller's own hub (if it is not that one) does not report
     * {@link LoopExit}: the greenlet may set what the caller waits for.
     *
     * @param <T> the type of {@code fn}'s value
     * @param fn the body of the new greenlet
     * @return the new greenlet, already started on its hub
     * @throws IllegalStateException if the group is closed
     */
    public <T> Greenlet<T> spawn(Callable<? extends T> fn) {
        return spawnOn(next(), fn);
    }

    /**
     * {@link #spawn(Callable)} for a {@code Runnable}; the greenlet's value is {@code null}.
     *
     * @param fn the body of the new greenlet
     * @return the new greenlet, already started on the {@link #next()} hub
     */
    public Greenlet<Void> spawn(Runnable fn) {
        return spawnOn(next(), fn);
    }

    /**
     * {@link #spawn(Callable)} for a body that throws checked exceptions.
     *
     * @param fn the body of the new greenlet; what it throws becomes its exception
     * @return the new greenlet, already started on the {@link #next()} hub
     */
    public Greenlet<Void> spawn(ThrowingRunnable fn) {
        return spawnOn(next(), (Runnable) fn);
    }

    /**
     * Creates a greenlet running {@code fn} on {@code hub} and starts it; returns at once. See
     * {@link #spawn(Callable)}.
     *
     * @param <T> the type of {@code fn}'s value
     * @param hub the hub to run on; one of this group's
     * @param fn the body of the new greenlet
     * @return the new greenlet, already started on {@code hub}
     * @throws IllegalArgumentException if {@code hub} is not one of this group's
     * @throws IllegalStateException if the group is closed
     */
    public <T> Greenlet<T> spawnOn(Hub hub, Callable<? extends T> fn) {
        return startOn(hub, Sneaky.checkNotNull("fn", fn));
    }

    /**
     * {@link #spawnOn(Hub, Callable)} for a {@code Runnable}; the greenlet's value is {@code null}.
     *
     * @param hub the hub to run on; one of this group's
     * @param fn the body of the new greenlet
     * @return the new greenlet, already started on {@code hub}
     */
    public Greenlet<Void> spawnOn(Hub hub, Runnable fn) {
        return startOn(hub, Sneaky.checkNotNull("fn", fn));
    }

    /**
     * {@link #spawnOn(Hub, Callable)} for a body that throws checked exceptions.
     *
     * @param hub the hub to run on; one of this group's
     * @param fn the body of the new greenlet; what it throws becomes its exception
     * @return the new greenlet, already started on {@code hub}
     */
    public Greenlet<Void> spawnOn(Hub hub, ThrowingRunnable fn) {
        return spawnOn(hub, (Runnable) fn);
    }

    private <T> Greenlet<T> startOn(Hub hub, Object fn) {
        if (!contains(hub)) throw new IllegalArgumentException(hub + " is not a hub of " + this);
        if (closing) throw new IllegalStateException(this + " is closed");
        return Greenlet.startOn(hub.loop, fn);
    }

    /**
     * The thread pool of every hub of this group ({@link Hub#threadpool()}), made on first use with
     * gevent's maxsize of 10. {@link #close()} kills it: its queued tasks are dropped and its threads
     * end once their current task is done (a killed pool stays usable, as gevent's does, and its
     * threads retire after a minute idle). Never blocks.
     *
     * @return the group's shared thread pool; the same object on every call
     */
    public ThreadPool threadpool() {
        ThreadPool p = threadpool;
        if (p == null) {
            synchronized (this) {
                p = threadpool;
                if (p == null) threadpool = p = new ThreadPool(10);
            }
        }
        return p;
    }

    /**
     * The resolver of every hub of this group ({@link Hub#resolver()}), made on first use from the
     * configuration that {@link Hub#resolver()} reads; {@link #close()} closes it. Never blocks.
     *
     * @return the group's shared resolver; the same object on every call
     * @throws IllegalArgumentException if the configuration names no usable resolver
     * @throws IllegalStateException if the group has been closed and no resolver was made before
     */
    public Resolver resolver() {
        Resolver r = resolver;
        if (r == null) {
            synchronized (this) {
                r = resolver;
                if (r == null && resolverClosed) throw new IllegalStateException(this + " is closed");
                if (r == null) resolver = r = Resolvers.fromConfig();
            }
        }
        return r;
    }

    /**
     * Whether {@link #close()} has been called.
     *
     * @return true once {@link #close()} was called
     */
    public boolean closed() {
        return closing;
    }

    /**
     * Stops the group: on every hub at once, kills each greenlet still running with
     * {@link GreenletExit} and waits for it to die (as {@link Gevent#shutdown()} does), then stops
     * the hub's loop and ends its thread; finally kills the group's thread pool (queued tasks are
     * cancelled, running ones finish on their threads) and closes its resolver. Spawning onto the
     * group fails from the first call on. Idempotent: a second call waits for the same end.
     *
     * <p>Blocks until every hub's thread has ended: cooperatively when called from a greenlet or
     * from a waiting main greenlet of another hub (a virtual thread of the JDK's own scheduler
     * parks as in any JDK wait). A greenlet that ignores its kill (it catches
     * {@link GreenletExit} and carries on waiting) keeps its hub, and this call, waiting. A kill or
     * {@link Timeout} aimed at the caller ends the wait (the group goes on stopping); greenlets
     * spawned but not yet started when their hub stops never run.
     *
     * @throws IllegalStateException if called from a greenlet of this group (a hub cannot wait for
     *     its own end)
     */
    @Override
    public void close() {
        Strand me = Strand.currentOrNull();
        if (me != null && contains(Hub.of(me.loop))) {
            throw new IllegalStateException("close() from " + me + " on a hub of " + this
                    + ": a hub cannot wait for its own end; close the group from another thread or hub");
        }
        if (!closing) {
            synchronized (this) {
                if (!closing) {
                    closing = true;
                    for (Hub h : hubs) h.loop.execute(() -> h.loop.main.unpark());
                }
            }
        }
        if (me != null) {
            AsyncResult.from(terminated).await(null);
        } else {
            terminated.join(); // a virtual thread of the JDK's own scheduler: it parks the JDK's way
        }
        for (Thread t : threads) {
            boolean interrupted = false;
            while (t.isAlive()) {
                try {
                    t.join(); // ended already but for its last instructions
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    /** A hub thread's whole life: its main greenlet runs the loop until close(), then kills what is left. */
    private void serve(Loop loop) {
        loop.install();
        loop.ref(); // a hub of a live group waits for work: no LoopExit
        Strand main = loop.main;
        try {
            loop.runLoopHere(() -> {
                while (!closing) {
                    try {
                        main.park();
                    } catch (Throwable t) { // an interrupt of the thread, a stray kill: not ours to end on
                        Thread.interrupted();
                        if (!closing) loop.handleError(this, t);
                    }
                }
                Gevent.shutdown();
            });
        } catch (Throwable t) {
            loop.handleError(this, t);
        } finally {
            loop.unref();
            loop.destroy();
            if (running.decrementAndGet() == 0) finish();
        }
    }

    private void finish() {
        try {
            ThreadPool p;
            Resolver r;
            synchronized (this) {
                p = threadpool;
                r = resolver;
                resolverClosed = true;
            }
            if (p != null) p.kill();
            if (r != null) r.close();
        } finally {
            terminated.complete(null);
        }
    }

    @Override
    public String toString() {
        return "HubGroup[" + name + ", " + hubs.size() + " hubs" + (closing ? ", closed" : "") + "]";
    }
}
