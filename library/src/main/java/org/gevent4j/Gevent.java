package org.gevent4j;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import org.gevent4j.internal.Loop;
import org.gevent4j.internal.Sneaky;
import org.gevent4j.internal.Strand;

/**
 * The {@code gevent} module: spawning, sleeping, joining and waiting, as static methods.
 *
 * <h2>Blocking</h2>
 * "Blocking" here is cooperative: the calling greenlet parks and its hub runs the others. Every
 * blocking method works from a greenlet and from a plain platform thread; a platform thread that
 * blocks <em>is</em> its hub's main greenlet and runs the hub's loop while it waits, so a gevent
 * program's main translates line for line. A {@link Greenlet#kill() kill} or {@link Timeout} aimed
 * at the caller is raised from any blocking method. Interrupting a platform thread that waits in
 * one makes the call throw {@link GreenletExit} (its interrupt status stays set); a main greenlet
 * waiting for something nothing can deliver gets {@link LoopExit}.
 */
public final class Gevent {
    private Gevent() {}

    /**
     * Runs {@code fn} as the program's main greenlet and returns its result: the Java form of
     * {@code python -m gevent.monkey script.py}. Called from a platform thread, it runs {@code fn}
     * in a new greenlet of that thread's hub and blocks the thread (which runs the hub meanwhile)
     * until the greenlet ends; called from a greenlet, it just calls {@code fn}.
     *
     * <p>Why: a platform thread's own JDK calls block its whole hub: {@code Thread.sleep}, a
     * {@code java.net} read, a JDBC query in a plain {@code main} stall every greenlet, and a
     * {@link Timeout} cannot interrupt them. Inside {@code run} they are a greenlet's calls: they
     * yield to the hub, and timeouts and kills reach them. {@code ./gevent4j run} starts every
     * program this way ({@link org.gevent4j.monkey.Main}); a program started with plain
     * {@code java} writes
     * {@snippet lang=java :
     * public static void main(String[] args) throws Exception {
     *     Gevent.run(() -> realMain(args));
     * }
     * }
     *
     * <p>{@code run} returns as soon as the main greenlet ends: greenlets it spawned and never
     * waited for do not run first, as a gevent script's do not when it ends. The greenlet's
     * exception is rethrown as itself (checked ones included: {@code X} is what
     * {@code fn} declares) and is not reported by the hub's error handler, as an exception escaping
     * {@code main} is not; a greenlet killed with {@link GreenletExit} returns {@code null}. If the
     * main greenlet waits for something nothing can deliver, this throws {@link LoopExit}.
     * The calling platform thread should hold no monitor (no enclosing {@code synchronized}): it
     * runs the hub's greenlets itself while it waits.
     *
     * @param <T> the type of {@code fn}'s value
     * @param <X> the checked exception {@code fn} may throw; {@link RuntimeException} for none
     * @param fn the program's main body
     * @return what {@code fn} returned; {@code null} if it was killed with {@link GreenletExit}
     * @throws X what {@code fn} throws
     * @throws LoopExit if the main greenlet blocks forever
     */
    public static <T, X extends Exception> T run(ThrowingCallable<T, X> fn) throws X {
        Sneaky.checkNotNull("fn", fn);
        if (Thread.currentThread().isVirtual()) return fn.call();
        Loop loop = Loop.ofPlatformThread();
        Greenlet<T> main = new Greenlet<T>(fn);
        main.reportNoErrors();
        main.setName("main");
        // The program ends with its main greenlet: greenlets it spawned and never waited for do
        // not get to run first (gevent's script exits then, too).
        main.rawlink(dead -> loop.resumeMainNow());
        main.start();
        Strand me = loop.main;
        loop.runLoopHere(() -> {
            while (!main.dead()) me.park();
        });
        Throwable e = main.exception();
        if (e != null) throw Sneaky.<RuntimeException>rethrow(e);
        return main.value();
    }

    /**
     * {@link #run(ThrowingCallable)} for a body without a result.
     *
     * @param fn the program's main body
     * @throws Exception what {@code fn} throws, as itself
     */
    public static void run(ThrowingRunnable fn) throws Exception {
        Sneaky.checkNotNull("fn", fn);
        run(() -> {
            fn.runThrowing();
            return null;
        });
    }

    /**
     * Creates and starts a greenlet running {@code fn} on the current hub; returns at once.
     *
     * @param <T> the type of {@code fn}'s value
     * @param fn the body of the new greenlet
     * @return the new greenlet, scheduled to run when the caller next blocks
     */
    public static <T> Greenlet<T> spawn(Callable<? extends T> fn) {
        return Greenlet.spawn(fn);
    }

    /**
     * Creates and starts a greenlet running {@code fn} on the current hub; returns at once.
     *
     * @param fn the body of the new greenlet
     * @return the new greenlet, scheduled to run when the caller next blocks; its value is
     *     {@code null}
     */
    public static Greenlet<Void> spawn(Runnable fn) {
        return Greenlet.spawn(fn);
    }

    /**
     * Like {@link #spawn(Runnable)}, for a body that throws checked exceptions.
     *
     * @param fn the body of the new greenlet; what it throws becomes the greenlet's exception
     * @return the new greenlet, scheduled to run when the caller next blocks; its value is
     *     {@code null}
     */
    public static Greenlet<Void> spawn(ThrowingRunnable fn) {
        return Greenlet.spawn(fn);
    }

    /**
     * Creates a greenlet running {@code fn} that starts after {@code delay}.
     *
     * @param <T> the type of {@code fn}'s value
     * @param delay how long until the greenlet starts, on the hub's clock; not negative
     * @param fn the body of the new greenlet
     * @return the new greenlet, not yet running; {@link Greenlet#kill()} before the delay ends
     *     means it never runs
     */
    public static <T> Greenlet<T> spawnLater(Duration delay, Callable<? extends T> fn) {
        Greenlet<T> g = new Greenlet<>(fn);
        g.startLater(delay);
        return g;
    }

    /**
     * Creates a greenlet running {@code fn} that starts after {@code delay}.
     *
     * @param delay how long until the greenlet starts, on the hub's clock; not negative
     * @param fn the body of the new greenlet
     * @return the new greenlet, not yet running; its value is {@code null}
     */
    public static Greenlet<Void> spawnLater(Duration delay, Runnable fn) {
        Greenlet<Void> g = new Greenlet<>(fn);
        g.startLater(delay);
        return g;
    }

    /**
     * Like {@link #spawnLater(Duration, Runnable)}, for a body that throws checked exceptions.
     *
     * @param delay how long until the greenlet starts, on the hub's clock; not negative
     * @param fn the body of the new greenlet; what it throws becomes the greenlet's exception
     * @return the new greenlet, not yet running; its value is {@code null}
     */
    public static Greenlet<Void> spawnLater(Duration delay, ThrowingRunnable fn) {
        return spawnLater(delay, (Runnable) fn);
    }

    /**
     * Blocks for {@code d} on the hub's clock. {@code sleep(Duration.ZERO)} only yields: every
     * greenlet ready now runs once before the caller resumes.
     *
     * @param d how long to sleep; {@link java.time.Duration#ZERO} only yields
     * @throws IllegalArgumentException if {@code d} is negative
     */
    public static void sleep(Duration d) {
        Sneaky.checkTimeout("sleep duration", Sneaky.checkNotNull("sleep duration", d));
        Strand.current().sleep(Sneaky.toNanos(d));
    }

    /**
     * {@link #sleep(Duration)} in seconds, as gevent programs write it.
     *
     * @param seconds how long to sleep, in seconds (fractions allowed); 0 only yields; negative or
     *     NaN throws {@link IllegalArgumentException}
     */
    public static void sleep(double seconds) {
        Strand.current().sleep(nanos(seconds));
    }

    private static long nanos(double seconds) {
        return Sneaky.toNanos(seconds(seconds));
    }

    static Duration seconds(double seconds) {
        if (Double.isNaN(seconds) || seconds < 0) {
            throw new IllegalArgumentException("seconds must be a non-negative number: " + seconds);
        }
        if (seconds >= Long.MAX_VALUE / 1e9) return Duration.ofSeconds(Long.MAX_VALUE / 1_000_000_000L);
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }

    /** Blocks until the hub has nothing else to run. */
    public static void idle() {
        Strand.current().idle();
    }

    /**
     * The running greenlet; for a platform thread, its hub's main greenlet.
     *
     * @return the calling greenlet; never {@code null}
     */
    public static Greenlet<?> getCurrent() {
        return Greenlet.of(Strand.current());
    }

    /**
     * The current thread's hub, created on first use.
     *
     * @return the calling thread's hub; never {@code null}
     */
    public static Hub getHub() {
        return Hub.current();
    }

    /**
     * A new {@link ExecutorService} whose tasks run as greenlets on the current hub, so a Java API
     * that takes an {@link java.util.concurrent.Executor} ({@code CompletableFuture.supplyAsync(fn,
     * Gevent.executor())}, a framework's worker executor) runs its work on gevent4j. Any thread may
     * submit; each task becomes a greenlet of this hub, which runs when the hub's thread blocks.
     * {@code shutdownNow()} and {@code Future.cancel(true)} kill the task greenlets; the futures'
     * {@code get} and {@code awaitTermination} wait cooperatively from greenlets and from the hub's
     * own thread. Each call returns a new executor with its own lifecycle.
     *
     * <p>A {@code CompletableFuture} built on it is the JDK's own: a greenlet may {@code join()} it
     * (the greenlet parks and the hub runs on), but the hub's own platform thread must not, since
     * a JDK wait there stops the hub that would complete it; wait with
     * {@code AsyncResult.from(future).get()} there instead.
     *
     * @return a new executor whose tasks are greenlets of the current hub, with its own lifecycle
     */
    public static ExecutorService executor() {
        return new GreenletExecutor(Strand.current().loop);
    }

    /**
     * Waits for all of {@code greenlets} to finish; returns them in the order they finished.
     *
     * @param greenlets the greenlets to wait for; copied at the call
     * @return all of {@code greenlets}, in the order they finished
     */
    public static List<Greenlet<?>> joinAll(Collection<? extends Greenlet<?>> greenlets) {
        return joinAll(greenlets, null, false);
    }

    /**
     * Waits for all of {@code greenlets} to finish; returns them in the order they finished.
     *
     * @param greenlets the greenlets to wait for
     * @return all of {@code greenlets}, in the order they finished
     */
    public static List<Greenlet<?>> joinAll(Greenlet<?>... greenlets) {
        return joinAll(List.of(Sneaky.checkNotNull("greenlets", greenlets)), null, false);
    }

    /**
     * Waits until all of {@code greenlets} finish or {@code timeout} passes; returns those that
     * finished, in the order they finished. A greenlet's exception stays in it unless
     * {@code raiseError}: then the first failure seen is rethrown as {@link Greenlet#get()} would.
     *
     * @param greenlets the greenlets to wait for; copied at the call
     * @param timeout the longest to wait; {@code null}: no limit
     * @param raiseError whether the first failed greenlet's exception is rethrown instead of
     *     returned
     * @return the greenlets that finished in time, in the order they finished
     */
    public static List<Greenlet<?>> joinAll(Collection<? extends Greenlet<?>> greenlets, Duration timeout,
            boolean raiseError) {
        Sneaky.checkNotNull("greenlets", greenlets);
        Sneaky.checkTimeout("timeout", timeout);
        if (!raiseError) return new JoinAll(List.copyOf(greenlets)).await(timeout);
        List<Greenlet<?>> done = new ArrayList<>(greenlets.size());
        WaitIterator<Greenlet<?>> it = new WaitIterator<>(List.copyOf(greenlets), timeout, 0);
        try {
            while (it.hasNext()) {
                Greenlet<?> g = it.next();
                if (g.exception() != null) throw Sneaky.unchecked(g.exception());
                done.add(g);
            }
        } finally {
            it.close();
        }
        return done;
    }

    /**
     * Kills every greenlet with {@link GreenletExit} and waits for them to die.
     *
     * @param greenlets the greenlets to kill; copied at the call, dead ones are skipped
     */
    public static void killAll(Collection<? extends Greenlet<?>> greenlets) {
        killAll(greenlets, null, true, null);
    }

    /**
     * Raises {@code exception} ({@code null}: a new {@link GreenletExit} each) in every greenlet;
     * with {@code block}, waits up to {@code timeout} for all of them to die.
     *
     * @param greenlets the greenlets to kill; copied at the call, dead ones are skipped
     * @param exception what to raise in each; {@code null}: a new {@link GreenletExit} for each
     * @param block whether to wait for all of them to die
     * @param timeout the longest to wait; {@code null}: no limit
     * @throws Timeout if {@code block} and some greenlet outlives {@code timeout}, as in gevent
     */
    public static void killAll(Collection<? extends Greenlet<?>> greenlets, Throwable exception, boolean block,
            Duration timeout) {
        Sneaky.checkNotNull("greenlets", greenlets);
        Sneaky.checkTimeout("timeout", timeout);
        List<Greenlet<?>> all = List.copyOf(greenlets);
        for (Greenlet<?> g : all) {
            g.kill(exception != null ? exception : new GreenletExit(), false, null);
        }
        if (block && wait(all, timeout, 0).size() < all.size()) {
            throw (Timeout) new Timeout(timeout).fillInStackTrace();
        }
    }

    /**
     * Runs {@code handler} in a new greenlet of the current hub each time the process receives the
     * signal {@code name} ({@code "INT"}, {@code "TERM"}, {@code "HUP"}, {@code "USR1"}, ...; with
     * or without {@code "SIG"}), until the returned handler is {@linkplain SignalHandler#cancel()
     * cancelled}: gevent's {@code signal_handler}. Returns at once. The JVM keeps {@code QUIT} for
     * thread dumps, so a gevent program's {@code SIGQUIT} becomes {@code TERM} or {@code HUP}
     * here. Avoid {@code USR2}: HotSpot suspends its own threads with it (a JFR recording's sampler
     * does, many times a second), so a handler on it runs without any process sending it. An
     * installed handler does not keep the hub alive (see {@link SignalHandler}).
     *
     * @param name the signal's name, such as {@code "TERM"} or {@code "SIGTERM"}
     * @param handler run in a new greenlet for each delivery of the signal; it may block
     * @return the installed handler; {@link SignalHandler#cancel()} removes it
     * @throws IllegalArgumentException for an unknown name, or a signal that cannot be handled
     *         ({@code QUIT}, {@code KILL}, {@code STOP}, or one the JVM uses), naming it
     */
    public static SignalHandler signal(String name, Runnable handler) {
        return SignalHandler.install(name, handler);
    }

    /**
     * Kills every greenlet of the current hub but the caller and the main greenlet, with
     * {@link GreenletExit}, and waits for them to die, so that the main greenlet's waits on them
     * return: gevent's {@code gevent.signal(SIGQUIT, gevent.shutdown)} idiom. Greenlets that start
     * while it waits (link callbacks of the dying) are killed in turn.
     *
     * <p>Blocks until they are dead; a greenlet busy outside any blocking call dies at its next
     * one. The caller may itself be killed or time out meanwhile. Greenlets spawned but not yet
     * running, and raw greenlets (which, as in gevent, are not the hub's), are left alone.
     * gevent 1.x has no {@code shutdown}; this is old gevent's, without destroying the hub, which
     * stays usable.
     */
    public static void shutdown() {
        Strand me = Strand.current();
        while (true) {
            List<Greenlet<?>> victims = new ArrayList<>();
            for (Strand s : me.loop.liveStrands()) {
                if (s != me && s.owner() instanceof Greenlet<?> g && !g.dead()) victims.add(g);
            }
            if (victims.isEmpty()) return;
            killAll(victims);
        }
    }

    /**
     * Waits until all of {@code objects} are ready; returns them in the order they became ready.
     *
     * @param <W> the type of the objects
     * @param objects what to wait for; copied at the call, may mix kinds
     * @return all of {@code objects}, in the order they became ready
     */
    public static <W extends Waitable> List<W> wait(Collection<W> objects) {
        return wait(objects, null, 0);
    }

    /**
     * gevent.wait: returns the ready objects, in the order they became ready, once {@code count}
     * of them are ready ({@code count <= 0}: all) or {@code timeout} passed.
     *
     * @param <W> the type of the objects
     * @param objects what to wait for; copied at the call, may mix kinds
     * @param timeout the longest to wait; {@code null}: no limit
     * @param count how many to wait for; {@code <= 0}: all of them
     * @return the objects that became ready, in that order; fewer than {@code count} if the timeout
     *     passed
     */
    public static <W extends Waitable> List<W> wait(Collection<W> objects, Duration timeout, int count) {
        List<W> ready = new ArrayList<>();
        for (W w : iwait(objects, timeout, count)) ready.add(w);
        return ready;
    }

    /**
     * Yields each of {@code objects} as it becomes ready.
     *
     * @param <W> the type of the objects
     * @param objects what to wait for; copied at the call, may mix kinds
     * @return a single-use iterable over {@code objects} in the order they become ready; each step
     *     blocks
     */
    public static <W extends Waitable> Iterable<W> iwait(Collection<W> objects) {
        return iwait(objects, null, 0);
    }

    /**
     * Yields each of {@code objects} as it becomes ready, until {@code timeout} passes.
     *
     * @param <W> the type of the objects
     * @param objects what to wait for; copied at the call, may mix kinds
     * @param timeout the longest to wait; {@code null}: no limit
     * @return a single-use iterable over the objects in the order they become ready; it ends when
     *     all have or the timeout passes
     */
    public static <W extends Waitable> Iterable<W> iwait(Collection<W> objects, Duration timeout) {
        return iwait(objects, timeout, 0);
    }

    /**
     * Yields objects as they become ready: at most {@code count} ({@code <= 0}: all of them),
     * stopping quietly when {@code timeout} passes. Iterating blocks; the iterable is single-use,
     * and must be iterated in the greenlet that created it.
     *
     * @param <W> the type of the objects
     * @param objects what to wait for; copied at the call, may mix kinds
     * @param timeout the longest to wait; {@code null}: no limit
     * @param count how many to yield; {@code <= 0}: all of them
     * @return a single-use iterable over the ready objects, in the order they become ready; each
     *     step blocks
     */
    public static <W extends Waitable> Iterable<W> iwait(Collection<W> objects, Duration timeout, int count) {
        Sneaky.checkNotNull("objects", objects);
        Sneaky.checkTimeout("timeout", timeout);
        return new WaitIterator<>(List.copyOf(objects), timeout, count);
    }

    /**
     * Runs {@code fn} in the calling greenlet, raising {@link Timeout} in it if it takes longer
     * than {@code d} ({@code null}: no limit): gevent's {@code with_timeout}. Blocks as long as
     * {@code fn} does, at most about {@code d}.
     *
     * <p>When the timeout fires inside a JDK call and the JDK or a library answers with an
     * exception of its own (a {@code java.net} socket closed by the interrupt, a client library's
     * wrapper of that), this still throws the {@code Timeout}, with that exception as its
     * {@linkplain Timeout#getCause() cause}; what the interrupted call leaves behind is the JDK's
     * rule (a {@code java.net} socket is closed; a gevent4j socket stays open). A kill delivered
     * meanwhile is thrown the same way. Any other exception from {@code fn} comes through as
     * itself, checked ones included: {@code X} is what {@code fn} declares.
     *
     * @param <T> the type of {@code fn}'s value
     * @param <X> the checked exception {@code fn} may throw; {@link RuntimeException} for none
     * @param d the longest {@code fn} may run, on the hub's clock; {@code null}: no limit
     * @param fn the code to run in the calling greenlet
     * @return what {@code fn} returned
     * @throws Timeout if {@code d} passed (this call's own timeout)
     * @throws X what {@code fn} throws
     */
    public static <T, X extends Exception> T withTimeout(Duration d, ThrowingCallable<T, X> fn) throws X {
        return callWithTimeout(d, fn, false, null, true);
    }

    /**
     * Runs {@code fn}; returns {@code timeoutValue} instead if it takes longer than {@code d}
     * (also when a JDK call or library answered the timeout with its own exception, as in
     * {@link #withTimeout(Duration, ThrowingCallable)}).
     *
     * @param <T> the type of {@code fn}'s value
     * @param <X> the checked exception {@code fn} may throw; {@link RuntimeException} for none
     * @param d the longest {@code fn} may run, on the hub's clock; {@code null}: no limit
     * @param fn the code to run in the calling greenlet
     * @param timeoutValue returned if the timeout fires; may be {@code null}
     * @return what {@code fn} returned, or {@code timeoutValue} if the timeout fired
     * @throws X what {@code fn} throws, unless the timeout caused it
     */
    public static <T, X extends Exception> T withTimeout(Duration d, ThrowingCallable<T, X> fn, T timeoutValue)
            throws X {
        return callWithTimeout(d, fn, true, timeoutValue, true);
    }

    /**
     * {@link #withTimeout(Duration, ThrowingCallable)} for a {@code Callable} that is not a lambda
     * (a lambda picks the other overload): a checked exception from {@code fn} is wrapped as
     * {@link Greenlet#get()} wraps it.
     *
     * @param <T> the type of {@code fn}'s value
     * @param d the longest {@code fn} may run, on the hub's clock; {@code null}: no limit
     * @param fn the code to run in the calling greenlet
     * @return what {@code fn} returned
     */
    public static <T> T withTimeout(Duration d, Callable<T> fn) {
        return callWithTimeout(d, fn, false, null, false);
    }

    /**
     * {@link #withTimeout(Duration, ThrowingCallable, Object)} for a {@code Callable} that is not a
     * lambda.
     *
     * @param <T> the type of {@code fn}'s value
     * @param d the longest {@code fn} may run, on the hub's clock; {@code null}: no limit
     * @param fn the code to run in the calling greenlet
     * @param timeoutValue returned if the timeout fires; may be {@code null}
     * @return what {@code fn} returned, or {@code timeoutValue} if the timeout fired
     */
    public static <T> T withTimeout(Duration d, Callable<T> fn, T timeoutValue) {
        return callWithTimeout(d, fn, true, timeoutValue, false);
    }

    private static <T> T callWithTimeout(Duration d, Callable<T> fn, boolean useValue, T timeoutValue,
            boolean checkedAsIs) {
        Sneaky.checkNotNull("fn", fn);
        Timeout t = new Timeout(d);
        t.start();
        try {
            return fn.call();
        } catch (Throwable thrown) {
            // A JDK call answers the timeout's (or a kill's) interrupt with an exception of its own.
            Throwable e = Strand.current().translate(thrown);
            if (e == t && useValue) return timeoutValue;
            throw checkedAsIs ? Sneaky.rethrow(e) : Sneaky.unchecked(e);
        } finally {
            t.cancel();
        }
    }

    /*
     * joinAll without raiseError needs no per-greenlet wake-up: deaths are collected in order and
     * the waiter is woken once, when the last one dies. That keeps joining 100,000 greenlets close
     * to the cost of their links (iwait would resume the waiter for every batch of deaths).
     */
    /*
     * Whose thread wakes a wait on `objects` (see Strand.park(long, Loop)): `loop` if all are
     * greenlets of it, else any thread (null): only greenlets of the waiter's own hub are known
     * to be local.
     */
    private static Loop wakerOf(Loop loop, Collection<?> objects) {
        for (Object o : objects) {
            if (!(o instanceof Greenlet<?> g) || g.loop() != loop) return null; // any thread (Strand.park)
        }
        return loop;
    }

    private static final class JoinAll implements Consumer<Object> {
        private final List<? extends Greenlet<?>> greenlets;
        private final Greenlet<?>[] done;
        private int count;
        private Strand waiter;

        JoinAll(List<? extends Greenlet<?>> greenlets) {
            this.greenlets = greenlets;
            this.done = new Greenlet<?>[greenlets.size()];
        }

        @Override
        public synchronized void accept(Object g) {
            done[count++] = (Greenlet<?>) g;
            if (count == done.length && waiter != null) waiter.unpark();
        }

        private synchronized boolean complete() {
            return count == done.length;
        }

        List<Greenlet<?>> await(Duration timeout) {
            Strand me = Strand.current();
            synchronized (this) {
                waiter = me;
            }
            long deadline = me.loop.deadlineAfter(timeout);
            Loop waker = wakerOf(me.loop, greenlets);
            for (Greenlet<?> g : greenlets) g.rawlink(this);
            try {
                while (!complete()) {
                    if (!me.park(deadline, waker)) break;
                }
            } finally {
                if (!complete()) for (Greenlet<?> g : greenlets) g.unlink(this);
            }
            synchronized (this) {
                return List.of(java.util.Arrays.copyOf(done, count));
            }
        }
    }

    private static final class WaitIterator<W extends Waitable> implements Iterable<W>, Iterator<W>, Consumer<Object> {
        private final List<W> objects;
        private final Duration timeout;
        private final ConcurrentLinkedQueue<Object> ready = new ConcurrentLinkedQueue<>();
        private int remaining;
        private Strand waiter;
        private long deadline;
        private Loop waker;
        private boolean linked, finished, iterated;

        WaitIterator(List<W> objects, Duration timeout, int count) {
            this.objects = objects;
            this.timeout = timeout;
            this.remaining = count <= 0 || count > objects.size() ? objects.size() : count;
        }

        @Override
        public Iterator<W> iterator() {
            if (iterated) throw new IllegalStateException("iwait results can be iterated only once");
            iterated = true;
            return this;
        }

        @Override
        public void accept(Object w) {
            ready.add(w);
            Strand s = waiter;
            if (s != null) s.unpark();
        }

        @Override
        public boolean hasNext() {
            if (finished) return false;
            if (remaining == 0) return finish();
            if (!linked) {
                waiter = Strand.current();
                Loop loop = waiter.loop;
                deadline = loop.deadlineAfter(timeout);
                linked = true;
                waker = wakerOf(loop, objects);
                for (W w : objects) w.rawlink(this);
            }
            try {
                while (ready.isEmpty()) {
                    if (!waiter.park(deadline, waker)) return finish();
                }
            } catch (Throwable t) {
                finish();
                throw t;
            }
            return true;
        }

        @Override
        @SuppressWarnings("unchecked")
        public W next() {
            if (!hasNext()) throw new NoSuchElementException();
            remaining--;
            return (W) ready.poll();
        }

        /** Stops waiting: unlinks from every object (also when the caller breaks out early). */
        void close() {
            finish();
        }

        private boolean finish() {
            if (!finished) {
                finished = true;
                if (linked) {
                    for (W w : objects) w.unlink(this);
                }
            }
            return false;
        }
    }
}
