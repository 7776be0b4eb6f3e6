package org.gevent4j.internal;

import java.io.IOException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import org.gevent4j.Clock;
import org.gevent4j.GreenletExit;
import org.gevent4j.LoopExit;

/*
 * Implementation overview
 *
 * A Loop is the engine of a Hub: gevent's hub greenlet plus its libev loop, for one platform
 * thread (the "carrier"). It is the Executor that the JDK calls to schedule this hub's virtual
 * threads, so a greenlet that parks in JDK code (Thread.sleep, a j.u.c lock, a java.net socket)
 * comes back through execute() like any other wake-up.
 *
 * The loop only runs while the carrier's own code (its "main greenlet") is blocked in a gevent4j
 * call: parkMain() runs iterations until something resumes main. That is gevent's model: the main
 * greenlet switches to the hub when it blocks, and greenlets spawned by a main that never blocks
 * never run.
 *
 * One iteration (runOnce):
 *   1. move tasks submitted by other threads (remote queue) to the local FIFO;
 *   2. fire due timers (their actions only unpark, so they append to the FIFO);
 *   3. run the tasks that were queued when the batch started, in order; tasks readied meanwhile
 *      wait for the next iteration, so a yield loop cannot starve timers or other threads;
 *   4. if nothing is runnable, wake idle() waiters, else sleep until the next timer, I/O
 *      readiness or a wake-up from another thread; if nothing could ever wake main, throw
 *      LoopExit. While greenlets wait on I/O, a busy iteration also polls the selector without
 *      blocking, so a yield loop cannot starve sockets.
 *
 * I/O (HubSelector): the loop owns an NIO Selector, opened on first use, and selects on the carrier
 * itself: a real epoll_wait on the platform thread, so readiness wakes a greenlet with no
 * cross-thread hop (a greenlet calling Selector.select would park in the JDK's pollers instead).
 * Readiness is dispatched to the key's IoHandler on the carrier. Until the selector exists the
 * carrier sleeps in LockSupport.park, which is cheaper to wake.
 *
 * Threading: everything but execute(), ref()/unref() and the remote queue is confined to the
 * carrier (virtual threads of this loop run on the carrier, so they may touch it too). execute()
 * and the sleeping flag form a Dekker pair: the carrier publishes sleeping=true and then re-checks
 * the remote queue; a submitter enqueues and then reads sleeping. No wake-up is lost.
 *
 * Where the loop runs (HubRunner): when the carrier's own code is a platform thread's (a JUnit
 * test, a plain `java` main), that code may hold monitors while it waits in gevent4j, and HotSpot
 * must not mount a virtual thread on a platform thread that holds monitors: the lock-stack
 * entries move with the continuation (measured on 25.0.3: after one such wait a nested
 * `synchronized` block's exit spins forever, a single one reports Thread.holdsLock false inside
 * the block and deadlocks the next greenlet that takes the lock). So such a main hands the loop
 * to a helper platform thread, the HubRunner, and sleeps until resumed: a baton, never both at
 * once, so the hub is as single-threaded and deterministic as before, at the price of two
 * thread hand-offs per wait of main. The runner is the same hub for every identity check
 * (Loom.currentCarrierThread() answers the carrier). Gevent.run's main greenlet and
 * runForever() waits hold no user monitors and run the loop on the carrier itself
 * (runLoopHere), as does every main with -Dgevent4j.mainRunsLoop=true.
 *
 * Deadlock rule: code run directly on the carrier (timer actions, callbacks, execute()) must never
 * block or take a lock that a virtual thread could hold while parked.
 */
public final class Loop implements Executor {
    /** A deadline that never comes. */
    public static final long FOREVER = Long.MAX_VALUE;

    private static final ThreadLocal<Loop> BY_THREAD = new ThreadLocal<>();

    static {
        Loom.initJdkPollers();
        RunInfoSignal.installFromSettings();
    }

    final Thread carrier;
    private final ArrayDeque<Runnable> local = new ArrayDeque<>(256);
    private final ConcurrentLinkedQueue<Runnable> remote = new ConcurrentLinkedQueue<>();
    private volatile boolean sleeping;
    private final TimerHeap timers = new TimerHeap();
    private final Clock clock;
    private final VirtualClock virtualClock;
    private final ArrayDeque<Strand> idlers = new ArrayDeque<>();
    /** Strands in awaitAllBlocked(), woken when every strand of this loop waits in gevent4j. */
    private final ArrayDeque<Strand> blockedWaiters = new ArrayDeque<>(0);
    private final AtomicInteger refs = new AtomicInteger();
    /** The selector half: sockets' readiness. */
    private final HubSelector io = new HubSelector(this);
    private final Spin spin = new Spin();
    /** The carrier's own strand: the main greenlet. */
    public final Strand main;
    /** Strands of this loop that have started running and not finished, and their count. */
    private Strand liveHead;
    int live;
    /** Of those, how many are parked in a gevent4j wait (and so need a gevent4j wake-up). */
    int parked;
    private boolean mainPermit;
    private boolean mainResumeQueued;
    private boolean runningCallback;
    /** startNow() is starting a thread: execute() keeps its first run in `launched`. */
    private boolean launching;
    private Runnable launched;
    private final Runnable mainResume = () -> {
        mainResumeQueued = false;
        mainPermit = true;
    };
    /** The thread running the loop now: the carrier, or its HubRunner while main waits. */
    private volatile Thread runner;
    private HubRunner hubRunner;
    /** Baton: true while the HubRunner owns the loop (main waits); its volatile accesses hand the loop over. */
    private volatile boolean runnerHasLoop;
    private volatile Throwable runnerFailure;
    private final Spin mainSpin = new Spin();
    /** How many waits of main run the loop on the carrier itself (see the overview). */
    private int runLoopHere;
    private static final boolean MAIN_RUNS_LOOP = Boolean.getBoolean("gevent4j.mainRunsLoop");
    private volatile BiConsumer<Object, Throwable> errorHandler;
    private int identCounter;
    /** The public Hub object for this loop, created on demand by org.gevent4j.Hub. */
    private volatile Object facade;
    /*
     * For run-info and JFR (org.gevent4j.util.RunInfo, internal.jfr): written by the loop's thread
     * with plain stores and read racily by any thread. The clock is read once per iteration, and
     * only when no timer is armed is that read extra (fireTimers needs it anyway).
     */
    /**
     * The clock when the current (or last) iteration began: exact after a wait or with timers armed,
     * else up to 63 back-to-back iterations old (see runReady).
     */
    long tickNanos;
    private boolean tickStale = true;
    /** How late the first timer fired in the last iteration that fired one was: the loop's lag. */
    long timerLagNanos;
    /** Whether the loop runs now (main waits), rather than main's own code. */
    boolean looping;
    /** Totals since the loop began: tasks run, timers fired, ready keys dispatched, iterations. */
    long tasksRun, timersFired, keysSelected, iterations;
    private final org.gevent4j.internal.jfr.TickRecorder ticks = new org.gevent4j.internal.jfr.TickRecorder();
    /** Whether the monitor watches this loop (written by Watchdog); read once per iteration. */
    volatile boolean monitored;
    /** This iteration's copy of `monitored`: the per-task hooks test a plain field. */
    boolean watching;
    /** What this loop publishes for the Watchdog while monitored. */
    final HubProbe probe = new HubProbe(this);

    private Loop(Thread carrier, boolean virtual) {
        Loom.check(); // a clear "add this flag" error, at the first gevent4j call
        this.carrier = carrier;
        this.runner = carrier;
        this.virtualClock = virtual ? new VirtualClock() : null;
        this.clock = virtual ? virtualClock : SystemClock.INSTANCE;
        this.main = new Strand.Main(this);
        Watchdog.register(this);
        LiveLoops.add(this);
    }

    /** The loop of the calling platform thread, created on first use. */
    public static Loop ofPlatformThread() {
        Loop loop = BY_THREAD.get();
        if (loop == null) {
            Thread t = Thread.currentThread();
            if (t.isVirtual()) throw new IllegalStateException("not a platform thread: " + t);
            loop = new Loop(t, false);
            BY_THREAD.set(loop);
        }
        return loop;
    }

    /** Makes the calling platform thread the carrier of a new loop with a virtual clock. */
    public static Loop installVirtual() {
        if (BY_THREAD.get() != null) throw new IllegalStateException("this thread already has a hub");
        Loop loop = new Loop(Thread.currentThread(), true);
        BY_THREAD.set(loop);
        return loop;
    }

    /**
     * A loop for {@code carrier}, a platform thread not started yet (a hub of a HubGroup): others
     * may submit work to it at once; the thread calls {@link #install()} first.
     */
    public static Loop forThread(Thread carrier) {
        return new Loop(carrier, false);
    }

    /** Makes this loop the hub of the calling thread, its carrier (see {@link #forThread}). */
    public void install() {
        if (Thread.currentThread() != carrier || BY_THREAD.get() != null) {
            throw new IllegalStateException("not the unused carrier of " + this + ": " + Thread.currentThread());
        }
        BY_THREAD.set(this);
    }

    /** The loop of the current strand (a greenlet's hub, or the platform thread's own). */
    public static Loop current() {
        return Strand.current().loop;
    }

    public Clock clock() {
        return clock;
    }

    public boolean isVirtualClock() {
        return virtualClock != null;
    }

    public long nanoTime() {
        return clock.nanoTime();
    }

    public Thread carrier() {
        return carrier;
    }

    /** The absolute deadline {@code timeout} from now; {@link #FOREVER} for {@code null}. */
    public long deadlineAfter(Duration timeout) {
        return timeout == null ? FOREVER : deadlineAfterNanos(Sneaky.toNanos(timeout));
    }

    /** The absolute deadline {@code nanos} from now, saturating below {@link #FOREVER}. */
    public long deadlineAfterNanos(long nanos) {
        long now = clock.nanoTime();
        return nanos >= FOREVER - now ? FOREVER - 1 : now + nanos;
    }

    /** True when the caller runs on this loop's carrier (the carrier itself or one of its greenlets). */
    public boolean inLoop() {
        return Loom.currentCarrierThread() == carrier;
    }

    /**
     * Schedules {@code task} to run on the carrier, after everything already queued. Callable
     * from any thread; this is also how the JDK schedules this loop's virtual threads.
     */
    @Override
    public void execute(Runnable task) {
        if (Loom.currentCarrierThread() == carrier) {
            if (launching) { // startNow(): the thread's first run, taken instead of queued
                launching = false;
                launched = task;
                return;
            }
            local.addLast(task);
        } else {
            remote.offer(task);
            if (sleeping) wakeup();
        }
    }

    /**
     * Starts {@code t} (a virtual thread of this loop, created on the carrier by Strand.launch) and
     * runs it until it first parks, yields or ends: the place its lazily started strand held in the
     * run queue is the place it runs. Carrier only.
     */
    void startNow(Thread t) {
        launching = true;
        try {
            t.start(); // the JDK hands its first run to execute(), which keeps it in `launched`
        } finally {
            launching = false;
        }
        Runnable first = launched;
        launched = null;
        if (first == null) return;
        first.run();
    }

    private void wakeup() {
        if (!io.wakeup()) LockSupport.unpark(runner);
    }

    /**
     * Called by a callback on the carrier when the channel of a key registered with
     * {@link #register} becomes ready. It must not block; it typically unparks the waiters.
     */
    public interface IoHandler {
        void ready(SelectionKey key);
    }

    /**
     * Registers {@code channel} (already non-blocking) with this loop's selector, with no interest
     * yet; the caller sets interest ops on the key while it waits. Carrier only.
     */
    public SelectionKey register(SelectableChannel channel, IoHandler handler) throws IOException {
        return io.register(channel, handler);
    }

    /** This loop's selector, opened on first use. Carrier only. */
    public Selector selector() {
        return io.selector();
    }

    /**
     * Counts a greenlet waiting for I/O readiness (+1 before it parks, -1 after), so that the
     * loop waits for the selector instead of declaring LoopExit. Carrier only.
     */
    public void ioWaiting(int delta) {
        io.waiting(delta);
    }

    /**
     * Polls the selector now, without blocking, dispatching every ready key to its handler; a
     * no-op inside a readiness callback or before the selector exists. Carrier only (a greenlet
     * of this loop, or its main greenlet). select()/poll() use it to see what is ready at once.
     */
    public void pollNow() {
        if (io.mayPoll()) pollIo();
    }

    /** Polls the selector without blocking (a busy loop still serves I/O). */
    private void pollIo() {
        boolean wasCallback = runningCallback;
        runningCallback = true;
        try {
            keysSelected += io.select(-1);
        } finally {
            runningCallback = wasCallback;
        }
    }

    /**
     * Releases the keys of channels closed since the last select, so their file descriptors are
     * closed now rather than at the next select (the JDK defers closing a registered channel's
     * descriptor until its key is deregistered). Callable from any thread: off the carrier it
     * asks the loop to do it on its next iteration.
     */
    public void releaseCancelledKeys() {
        io.releaseCancelledKeys();
    }

    /**
     * Closes the selector now (deregistering every channel; their waiters see them closed) and
     * detaches this loop from its thread, whose next gevent4j call makes a new loop. Carrier
     * thread only, from its own code (not from a greenlet).
     */
    public void destroy() {
        if (Thread.currentThread() != carrier) {
            throw new IllegalStateException("a hub is destroyed from its own thread (" + carrier + "), not from "
                    + Thread.currentThread());
        }
        io.close();
        HubRunner r = hubRunner;
        if (r != null) {
            hubRunner = null;
            r.retire();
        }
        if (BY_THREAD.get() == this) BY_THREAD.remove();
    }

    /** Keeps the loop from reporting LoopExit while something outside it may still wake a greenlet. */
    public void ref() {
        refs.incrementAndGet();
    }

    public void unref() {
        if (refs.decrementAndGet() == 0 && sleeping) wakeup();
    }

    /** Arms {@code timer} for {@code deadline} (re-arms it if already armed). Carrier only. */
    public void schedule(Timer timer, long deadline) {
        timers.add(timer, deadline);
    }

    /** A place among equal deadlines, for {@link #reschedule}. Carrier only. */
    int nextTimerSeq() {
        return timers.nextSeq();
    }

    /** Arms {@code timer} for {@code deadline} in the place {@code seq} among equal deadlines. Carrier only. */
    void reschedule(Timer timer, long deadline, int seq) {
        timers.add(timer, deadline, seq);
    }

    /** Disarms {@code timer}; false if it was not armed. Carrier only. */
    public boolean cancel(Timer timer) {
        return timers.remove(timer);
    }

    /** Number of armed timers (for tests and diagnostics). */
    public int timerCount() {
        return timers.size();
    }

    /** A small integer unique among this loop's live greenlets (gevent's minimal_ident). */
    public int nextIdent() {
        return ++identCounter;
    }

    /*
     * The loop keeps every running strand reachable itself, in an intrusive list (O(1), no
     * allocation), instead of relying on the JDK's thread registry: with -Djdk.trackAllThreads=false
     * (much cheaper spawns) a parked virtual thread nobody references would otherwise be collected
     * without running its finally blocks, and `live` would never come down.
     */
    void enter(Strand s) {
        Strand h = liveHead;
        s.nextLive = h;
        if (h != null) h.prevLive = s;
        liveHead = s;
        live++;
    }

    void exit(Strand s) {
        Strand p = s.prevLive, n = s.nextLive;
        if (p != null) p.nextLive = n; else liveHead = n;
        if (n != null) n.prevLive = p;
        s.prevLive = s.nextLive = null;
        live--;
    }

    /** The strands running on this loop now (started, not finished), newest first. Carrier only. */
    public java.util.List<Strand> liveStrands() {
        java.util.List<Strand> all = new java.util.ArrayList<>(live);
        for (Strand s = liveHead; s != null; s = s.nextLive) all.add(s);
        return all;
    }

    /* For LiveLoops' snapshots, from any thread: racy reads of carrier-confined state. */
    Strand firstLive() {
        return liveHead;
    }

    int queued() {
        return local.size() + remote.size();
    }

    boolean isSleeping() {
        return sleeping;
    }

    int ioWaiters() {
        return io.waiters();
    }

    int selectorKeys() {
        return io.keyCount();
    }

    /** The thread running the loop now (the carrier, or its HubRunner while main waits). */
    Thread runner() {
        return runner;
    }

    /** Whether {@code threadId} is this loop's carrier or the helper that runs its loop (for the Watchdog). */
    boolean runsOn(long threadId) {
        Thread r = hubRunner; // a racy read: a stale answer only costs a late pinning report
        return carrier.threadId() == threadId || r != null && r.threadId() == threadId;
    }

    /**
     * Resumes main ahead of everything queued: the loop hands back to main as soon as the task
     * running now ends. For Gevent.run, whose program ends with its main greenlet (gevent's
     * script exits then, and greenlets spawned but never waited for never run). Carrier only.
     */
    public void resumeMainNow() {
        mainPermit = true;
    }

    void resumeMain() {
        if (Loom.currentCarrierThread() == carrier) {
            if (!mainResumeQueued) {
                mainResumeQueued = true;
                local.addLast(mainResume);
            }
        } else {
            execute(mainResume);
        }
    }

    void addIdler(Strand s) {
        idlers.addLast(s);
    }

    boolean removeIdler(Strand s) {
        return idlers.remove(s);
    }

    boolean isIdler(Strand s) {
        return idlers.contains(s);
    }

    /**
     * Parks {@code me}, a strand of this loop, until nothing on the loop can run: no task queued,
     * no socket ready, and every greenlet started on it parked in a gevent4j wait (one in a JDK
     * call, {@code Thread.sleep} or a thread pool, is still busy). Woken after {@code idle()}
     * waiters and before a virtual clock jumps. A kill or Timeout is raised from here.
     */
    public void awaitAllBlocked(Strand me) {
        blockedWaiters.addLast(me);
        try {
            do {
                me.park();
            } while (blockedWaiters.contains(me)); // a stale wake-up is not the loop settling
        } finally {
            blockedWaiters.remove(me);
        }
    }

    /** Wakes the awaitAllBlocked() waiters if every strand is parked and no socket is ready; true if it did. */
    private boolean wakeAllBlocked() {
        if (live != parked) return false;
        if (io.hasWaiters()) {
            pollIo();
            if (!local.isEmpty()) return true; // a socket was ready: not settled, run its greenlets first
        }
        Strand s;
        while ((s = blockedWaiters.pollFirst()) != null) s.unpark();
        return true;
    }

    /**
     * Runs the loop on the carrier until the main strand is resumed. This is the main greenlet
     * "switching to the hub".
     */
    void parkMain() {
        if (Thread.currentThread() != carrier && !(Thread.currentThread() == runner && runningCallback)) {
            throw new IllegalStateException("hub of " + carrier + " used from " + Thread.currentThread());
        }
        if (runningCallback) {
            throw new IllegalStateException("cannot block inside a hub callback: rawlink callbacks and timer "
                    + "actions run in the hub and must not block (spawn a greenlet instead)");
        }
        probe.endMain();
        try {
            if (mainPermit) return;
            if (runLoopHere > 0 || MAIN_RUNS_LOOP) {
                runUntilMainResumes();
            } else {
                handLoopToRunner();
            }
        } finally {
            mainPermit = false;
            if (monitored) probe.begin(main); // main's own code holds the carrier until it waits again
        }
    }

    private void runUntilMainResumes() {
        looping = true;
        try {
            while (!mainPermit) {
                if (Thread.interrupted()) {
                    Thread.currentThread().interrupt();
                    throw new GreenletExit("interrupted: the main greenlet's thread was interrupted while it waited");
                }
                runOnce();
            }
        } finally {
            looping = false;
        }
    }

    /**
     * Runs {@code body} (a wait of main) with the loop on the carrier itself: for callers that
     * know the carrier holds no monitors of user code (Gevent.run's main greenlet, a server's
     * serve-forever thread). Carrier only.
     */
    public void runLoopHere(Runnable body) {
        runLoopHere++;
        try {
            body.run();
        } finally {
            runLoopHere--;
        }
    }

    /** Main waits while its HubRunner runs the loop until main is resumed (see the overview). */
    private void handLoopToRunner() {
        HubRunner r = hubRunner;
        if (r == null || !r.isAlive()) hubRunner = r = new HubRunner(this);
        runnerHasLoop = true; // hands over everything main did to the loop's state
        LockSupport.unpark(r);
        boolean interrupted = false;
        if (mainSpin.shouldSpin()) {
            long end = System.nanoTime() + Spin.MAX_NANOS;
            while (runnerHasLoop && System.nanoTime() < end) Thread.onSpinWait();
            mainSpin.record(!runnerHasLoop);
        }
        while (runnerHasLoop) {
            LockSupport.park(this);
            if (Thread.interrupted() && !interrupted) {
                interrupted = true;
                remote.offer(() -> mainPermit = true); // the runner hands the loop back at once
                if (sleeping) wakeup();
            }
        }
        Throwable failure = runnerFailure;
        if (failure != null) {
            runnerFailure = null;
            if (interrupted) Thread.currentThread().interrupt();
            throw Sneaky.rethrow(failure);
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
            throw new GreenletExit("interrupted: the main greenlet's thread was interrupted while it waited");
        }
    }

    /**
     * The platform thread that runs a loop while its carrier's main waits. It is the same hub in
     * every identity check (Loom.currentCarrierThread() answers the carrier for it). It ends when
     * the hub is destroyed or its carrier has died.
     */
    static final class HubRunner extends Thread {
        final Loop loop;
        private final Spin spin = new Spin();
        private volatile boolean retired;

        HubRunner(Loop loop) {
            super(null, null, "gevent4j-hub-" + loop.carrier.getName(), 0, false);
            this.loop = loop;
            setDaemon(true);
            start();
        }

        /**
         * Ends this runner and waits (briefly) until it has: called by destroy() on the carrier,
         * when the runner does not hold the loop, so it ends at once; a destroyed hub leaves no
         * thread behind.
         */
        void retire() {
            retired = true;
            LockSupport.unpark(this);
            boolean interrupted = false;
            long end = System.nanoTime() + 1_000_000_000L;
            while (isAlive() && System.nanoTime() < end) {
                try {
                    join(100);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) Thread.currentThread().interrupt();
        }

        @Override
        public void run() {
            BY_THREAD.set(loop); // a callback asking for the current hub gets this one
            while (awaitLoop()) {
                loop.runner = this;
                try {
                    loop.runUntilMainResumes();
                } catch (Throwable t) {
                    loop.runnerFailure = t; // LoopExit and the like are main's to raise
                } finally {
                    loop.runner = loop.carrier;
                    loop.runnerHasLoop = false;
                    LockSupport.unpark(loop.carrier);
                }
            }
        }

        /** Waits for the baton; false when this runner should end. */
        private boolean awaitLoop() {
            if (spin.shouldSpin()) {
                long end = System.nanoTime() + Spin.MAX_NANOS;
                while (!loop.runnerHasLoop && System.nanoTime() < end) Thread.onSpinWait();
                spin.record(loop.runnerHasLoop);
            }
            while (!loop.runnerHasLoop) {
                if (retired || !loop.carrier.isAlive()) return false;
                LockSupport.parkNanos(this, 100_000_000L);
            }
            return true;
        }
    }

    private void runOnce() {
        if (org.gevent4j.internal.jfr.TickRecorder.enabled()) {
            ticks.begin(tasksRun, timersFired);
            boolean wait = runReady();
            ticks.end(carrier, tasksRun, timersFired, keysSelected, local.size());
            if (wait) waitForWork();
        } else if (runReady()) {
            waitForWork();
        }
    }

    /** Steps 1-3 of an iteration (see the overview), and idlers; true if the loop should now wait for work. */
    private boolean runReady() {
        // A clock read costs a switch's tenth on a VM: back-to-back iterations with no timer armed
        // (a yield loop) refresh it every 64th; after a wait, or with timers to fire, always.
        if ((++iterations & 63) == 0 || tickStale || !timers.isEmpty()) {
            tickNanos = clock.nanoTime();
            tickStale = false;
        }
        Runnable r;
        watching = monitored;
        while ((r = remote.poll()) != null) local.addLast(r);
        fireTimers();
        int n = local.size();
        while (n-- > 0) {
            r = local.pollFirst();
            runTask(r);
            if (mainPermit) return false;
        }
        if (!local.isEmpty() || !remote.isEmpty()) {
            if (io.hasWaiters()) pollIo();
            return false;
        }
        if (!idlers.isEmpty()) {
            Strand s;
            while ((s = idlers.pollFirst()) != null) s.unpark();
            return false;
        }
        return blockedWaiters.isEmpty() || !wakeAllBlocked();
    }

    private void runTask(Runnable r) {
        if (r == mainResume) {
            r.run();
            return;
        }
        runningCallback = true;
        tasksRun++;
        boolean watched = watching && probe.begin(r);
        try {
            if (r instanceof Strand s) {
                s.launch(); // queued by Strand.start(): its thread is created now
            } else {
                r.run();
            }
        } catch (Throwable t) {
            handleError(r, t);
        } finally {
            runningCallback = false;
            if (watched) probe.end();
        }
    }

    private void fireTimers() {
        if (timers.isEmpty()) return;
        long now = tickNanos;
        Timer t;
        runningCallback = true;
        try {
            long fired = timersFired;
            while ((t = timers.peek()) != null && t.deadline <= now) {
                timers.poll();
                if (timersFired++ == fired) timerLagNanos = now - t.deadline;
                boolean watched = watching && probe.begin(t);
                try {
                    t.fire();
                } catch (Throwable e) {
                    handleError(t, e);
                } finally {
                    if (watched) probe.end();
                }
            }
        } finally {
            runningCallback = false;
        }
    }

    /** Nothing is runnable: sleep until a timer is due or another thread submits work. */
    private void waitForWork() {
        Timer next = nextTimer();
        boolean onlyUs = live == parked && refs.get() == 0 && !io.hasWaiters();
        if (next == null && onlyUs) {
            throw new LoopExit("This operation would block forever: the main greenlet is waiting and nothing on "
                    + "its hub can wake it (no runnable greenlet, no timer, no I/O or other-thread wake-up pending)."
                    + " Hub: " + this);
        }
        if (virtualClock != null && next != null && onlyUs) {
            virtualClock.advanceTo(next.deadline);
            return;
        }
        // Not while greenlets wait on sockets: the spin does not watch the selector.
        if (refs.get() > 0 && !io.hasWaiters() && awaitRemoteBriefly(next)) {
            tickStale = true; // it spun a while
            return;
        }
        sleeping = true;
        try {
            if (!remote.isEmpty()) return;
            if (io.isOpen()) {
                selectFor(next);
            } else if (next == null) {
                LockSupport.park(this);
            } else {
                long delay = next.deadline - clock.nanoTime();
                if (delay > 0) {
                    // A stray permit (the baton's unpark, an old wake-up) must not pass for the
                    // delay having elapsed: a virtual clock would jump on it.
                    long end = System.nanoTime() + delay;
                    long left = delay;
                    do {
                        LockSupport.parkNanos(this, left);
                    } while (remote.isEmpty() && (left = end - System.nanoTime()) > 0);
                }
                if (virtualClock != null && remote.isEmpty()) virtualClock.advanceTo(next.deadline);
            }
        } finally {
            sleeping = false;
            tickStale = true;
        }
    }

    /** The first timer that a wait still needs, dropping or moving on those left early by strands. */
    private Timer nextTimer() {
        Timer t;
        while ((t = timers.peek()) instanceof Strand s && s.settle()) {
            // settled: look at the new head
        }
        return t;
    }

    /**
     * Spins until another thread submits work, for at most Spin.MAX_NANOS and never past the next
     * timer; true if work came. An idle loop expecting another thread's wake-up (a thread-pool
     * result) often gets it sooner than a sleeping thread can be woken. `sleeping` stays false
     * meanwhile, so submitters need not wake us.
     */
    private boolean awaitRemoteBriefly(Timer next) {
        if (!spin.shouldSpin()) return false;
        long now = System.nanoTime();
        long end = now + Spin.MAX_NANOS;
        if (next != null && virtualClock == null) end = Math.min(end, now + (next.deadline - clock.nanoTime()));
        while (remote.isEmpty()) {
            if (System.nanoTime() >= end) {
                spin.record(false);
                return false;
            }
            Thread.onSpinWait();
        }
        spin.record(true);
        return true;
    }

    private void selectFor(Timer next) {
        runningCallback = true;
        try {
            if (next == null) {
                keysSelected += io.select(0); // 0: no timeout
            } else {
                long delay = next.deadline - clock.nanoTime();
                // Rounded up: waking before the deadline would only spin until it.
                int ready = io.select(delay <= 0 ? -1 : Math.max(1, (delay + 999_999) / 1_000_000));
                keysSelected += ready;
                if (virtualClock != null && ready == 0 && local.isEmpty() && remote.isEmpty()) {
                    virtualClock.advanceTo(next.deadline);
                }
            }
        } finally {
            runningCallback = false;
        }
    }

    public void setErrorHandler(BiConsumer<Object, Throwable> handler) {
        this.errorHandler = handler;
    }

    /** Reports an error that escaped a greenlet or a callback: the user's handler, else gevent's printout. */
    public void handleError(Object context, Throwable t) {
        BiConsumer<Object, Throwable> h = errorHandler;
        if (h != null) {
            try {
                h.accept(context, t);
                return;
            } catch (Throwable e) {
                t.addSuppressed(e);
            }
        }
        printError(context, t);
    }

    /** gevent's format: the traceback, then {@code <time> <context> failed with <ExceptionClass>}. */
    public static void printError(Object context, Throwable t) {
        ErrorPrinter.print(context, t);
    }

    @Override
    public String toString() {
        return "Hub[" + carrier.getName() + ", " + clock + ", runnable=" + local.size() + ", timers=" + timers.size()
                + ", greenlets=" + live + ", waiting=" + parked + ", io=" + io.waiters() + "]";
    }

    /** The public Hub object for this loop, or null until org.gevent4j.Hub makes it. */
    public Object facade() {
        return facade;
    }

    /** Sets the public Hub object: before the loop's thread starts, or under the loop's monitor. */
    public void setFacade(Object hub) {
        facade = hub;
    }
}
