package org.gevent4j.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/*
 * Implementation overview
 *
 * A Strand is the scheduling half of a greenlet: the virtual thread (or, for the main greenlet,
 * the carrier itself), its pending exception, and the one park primitive every gevent4j wait
 * goes through. The public objects (Greenlet, RawGreenlet) own a Strand and keep the user-visible
 * state; a Strand knows its owner so Strand.current() can answer "which greenlet am I?".
 *
 * Finding the current strand costs no per-thread storage: a strand is its virtual thread's
 * UncaughtExceptionHandler, so Thread.currentThread().getUncaughtExceptionHandler() leads back
 * to it (a ThreadLocal would add ~140 bytes to every greenlet).
 *
 * Kill and Timeout never interrupt a strand parked here: deliver() stores the exception in
 * `pending` and unparks; park() throws it. Sockets and channels therefore survive a kill. Only a
 * strand that is not parked here (it sits in Thread.sleep, a j.u.c wait, a java.net read) is also
 * interrupted, because that is the only thing that wakes those JDK calls.
 *
 * A Strand is also (1) its own timer, for the one timed wait it can be in at a time, and (2) a
 * Consumer that unparks it, so waiting on a Waitable needs no allocation.
 */
public abstract class Strand extends Timer implements Runnable, Thread.UncaughtExceptionHandler, Consumer<Object> {
    public final Loop loop;
    protected Thread thread;
    private volatile Throwable pending;
    /*
     * Read by deliver() on other threads only as a hint (kill by unpark, or also interrupt?); a
     * stale value costs at worst a harmless extra interrupt or a late delivery, so it is written
     * with opaque stores rather than a volatile's full fence on every switch.
     */
    private boolean parked;
    private boolean counted;
    private boolean timerFired;
    /*
     * The deadline of the timed wait in progress (NOT_WAITING between waits), and its place among
     * equal deadlines. The timer is left in the heap when a wait ends early and re-used by the
     * next wait if it is not later than that wait's deadline: a connection that waits with the
     * same 15 or 30 s timeout for every request then costs the heap nothing per request instead
     * of an O(log n) insert and removal among thousands of such timers. fire() and settle() move
     * such an early entry on to the real deadline, with the order it was asked in.
     */
    private long waitDeadline = NOT_WAITING;
    private int waitSeq;
    private static final long NOT_WAITING = Long.MIN_VALUE;
    /** deliver() interrupted the thread: withdrawing the exception must take the interrupt back too. */
    private volatile boolean interruptedForDelivery;
    /** Neighbours in the loop's list of running strands (see Loop.enter). */
    Strand prevLive, nextLive;
    /** The public object this strand runs: a Greenlet, a RawGreenlet, ... Set by that object. */
    private Object owner;
    /*
     * When it began running, for run-info's age: the loop's iteration clock in units of 2^20 ns
     * (about a millisecond), so an int suffices (it wraps after about 52 days) and no clock is read.
     */
    private int born;

    private static final VarHandle PARKED;

    static {
        try {
            PARKED = MethodHandles.lookup().findVarHandle(Strand.class, "parked", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    protected Strand(Loop loop) {
        this.loop = loop;
    }

    /** The strand of the calling thread: a greenlet's, or a platform thread's main strand. */
    public static Strand current() {
        Thread t = Thread.currentThread();
        if (t.isVirtual()) {
            if (t.getUncaughtExceptionHandler() instanceof Strand s) return s;
            return adopt(t);
        }
        return Loop.ofPlatformThread().main;
    }

    /** The strand of the calling thread if it has one already, without creating a hub. */
    public static Strand currentOrNull() {
        Thread t = Thread.currentThread();
        if (t.isVirtual()) {
            return t.getUncaughtExceptionHandler() instanceof Strand s ? s : null;
        }
        return Loop.ofPlatformThread().main;
    }

    /*
     * A virtual thread started with the JDK's public API inside a greenlet inherits the hub as
     * its scheduler; it becomes a strand of that hub when it first uses gevent4j.
     */
    private static Strand adopt(Thread t) {
        Executor scheduler = Loom.schedulerOf(t);
        if (scheduler instanceof Loop loop) {
            Strand s = new Adopted(loop, t);
            t.setUncaughtExceptionHandler(s);
            return s;
        }
        throw new IllegalStateException("gevent4j blocking calls need a greenlet or a platform thread, but " + t
                + " is a virtual thread of the JDK's default scheduler; spawn the work as a greenlet instead");
    }

    /** The public object this strand runs (a Greenlet, a RawGreenlet, ...); null until that object sets it. */
    public final Object owner() {
        return owner;
    }

    /** Called by the public object that runs on this strand, when it is made (or adopts the strand). */
    public final void setOwner(Object owner) {
        this.owner = owner;
    }

    public final Thread thread() {
        return thread;
    }

    /** How long this strand has run (since it began), on its loop's clock; racy from other threads. */
    public final long ageNanos() {
        int now = (int) (loop.clock().nanoTime() >> 20);
        return Integer.toUnsignedLong(now - born) << 20;
    }

    /** The next older running strand of the same loop, for a racy walk from {@link LiveLoops}. */
    final Strand nextLive() {
        return nextLive;
    }

    public final boolean isMain() {
        return this instanceof Main;
    }

    /**
     * Creates and starts this strand's virtual thread; it runs {@link #body()} on its loop.
     *
     * <p>Spawned on its own loop by a thread that passes nothing on to its children (see
     * {@link Loom#inheritsNothing}), the strand itself is queued and its thread is only created when
     * the loop reaches it ({@link #launch}), at the same place in the run queue. Until then a
     * spawned greenlet is two small objects instead of seven (the virtual thread, its continuation,
     * its runnables, its lock, its entry in the JDK's thread registry: about 330 bytes): a hub that
     * spawns 100,000 greenlets before running them no longer has young collections copy 100,000
     * unstarted threads (under G1 that copying is what made the spawn rounds that met a
     * collection the slow ones; the collector now spends about a third of the CPU it did).
     */
    public final void start() {
        if (!queued()) startThread(false, null);
    }

    /**
     * {@link #start()}, with the inheritable thread-locals of {@code inherited}
     * ({@link Loom#inheritableSnapshot()} taken when the greenlet was made; {@code null}: none)
     * instead of those of the thread that starts it. With none to hand over, and a starter that
     * passes nothing on either, the strand is queued as {@link #start()} queues it; except while a
     * JFR recording takes gevent4j's spawn events, whose thread id names a thread that exists.
     */
    public final void start(Object inherited) {
        if (inherited != null || org.gevent4j.internal.jfr.GreenletEvents.spawnEnabled() || !queued()) {
            startThread(true, inherited);
        }
    }

    /** Queues this strand for {@link #launch} if its starter passes nothing on; false if it does not. */
    private boolean queued() {
        if (Loom.currentCarrierThread() != loop.carrier || !Loom.inheritsNothing(Thread.currentThread())) return false;
        loop.execute(this); // Loop.runTask sees a Strand and calls launch()
        return true;
    }

    /** Creates and starts the thread now; {@code replace}: with {@code inherited}'s locals, not the starter's. */
    private void startThread(boolean replace, Object inherited) {
        Thread t = Loom.newVirtualThread(loop, this);
        t.setUncaughtExceptionHandler(this);
        if (replace) Loom.setInheritable(t, inherited);
        thread = t;
        t.start();
    }

    /** Creates the thread of a strand queued by {@link #start()} and runs it now. Carrier only. */
    final void launch() {
        Thread t = Loom.newPlainVirtualThread(loop, this);
        t.setUncaughtExceptionHandler(this);
        thread = t;
        loop.startNow(t);
    }

    @Override
    public void run() {
        begin();
        try {
            body();
        } finally {
            end();
        }
    }

    /*
     * A parked greenlet's memory is mostly its stack chunk, one slot per frame below the park
     * point, so the hot paths keep their frames few: a subclass may override run() itself
     * (calling begin() and end()) instead of adding a body() frame, and sleep() parks inline.
     */

    /** Registers this strand as running on its loop; the first thing its thread does. */
    protected final void begin() {
        born = (int) (loop.tickNanos >> 20);
        loop.enter(this);
        counted = true;
    }

    /** Unregisters this strand; the last thing its thread does. */
    protected final void end() {
        counted = false;
        if (scheduled()) loop.cancel(this); // a timer left from an ended wait must not keep this strand
        loop.exit(this);
        // A dead virtual thread keeps its stack chunk; whoever keeps the greenlet must not keep that.
        thread = null;
    }

    /** What the virtual thread runs. */
    protected abstract void body();

    @Override
    public void uncaughtException(Thread t, Throwable e) {
        loop.handleError(owner, e);
    }

    /** As a rawlink callback: wake this strand. */
    @Override
    public final void accept(Object ignored) {
        unpark();
    }

    @Override
    protected final void fire() {
        long want = waitDeadline;
        if (want == NOT_WAITING) return; // left from a wait that ended early: nothing waits for it now
        if (want > deadline) {
            loop.reschedule(this, want, waitSeq); // armed early for an earlier wait: on to the real deadline
            return;
        }
        timerFired = true;
        unpark();
    }

    /**
     * Brings this timer, found first in the loop's heap, in line with the wait it serves: removed
     * if no wait needs it, moved to the real deadline if it was left earlier. True if it moved or
     * went (the loop then looks at the heap's head again). Carrier only.
     */
    final boolean settle() {
        long want = waitDeadline;
        if (want == NOT_WAITING) {
            loop.cancel(this);
            return true;
        }
        if (want > deadline) {
            loop.reschedule(this, want, waitSeq);
            return true;
        }
        return false;
    }

    /**
     * Parks until {@link #unpark()}, {@link #deliver} or a spurious wake-up; callers loop on
     * their condition. Throws the pending exception (a kill or a Timeout) before and after.
     */
    public void park() {
        throwPending();
        // An interrupt status left set (the j.u.c idiom after catching InterruptedException) would
        // make LockSupport.park return at once, forever: gevent4j waits are not interruptible, so
        // the status is set aside and restored when the wait ends.
        boolean interrupted = Thread.interrupted();
        parked = true;
        boolean count = counted;
        if (count) loop.parked++;
        LockSupport.park(this); // never throws
        if (count) loop.parked--;
        parked = false;
        if (interrupted) Loom.restoreInterrupt();
        throwPending();
    }

    /**
     * Parks until woken or until the loop's clock reaches {@code deadline} ({@link Loop#FOREVER}:
     * no limit). Returns false if the deadline passed.
     */
    public final boolean park(long deadline) {
        if (deadline == Loop.FOREVER) {
            park();
            return true;
        }
        throwPending();
        // Parks even if the deadline has passed (the timer fires on the next iteration): a timed
        // wait always goes round the hub, as in gevent, so a loop of them cannot starve it.
        timerFired = false;
        waitDeadline = deadline;
        waitSeq = loop.nextTimerSeq();
        if (!scheduled() || this.deadline > deadline) loop.reschedule(this, deadline, waitSeq);
        try {
            park();
        } finally {
            waitDeadline = NOT_WAITING; // the timer stays armed for the next wait (see waitDeadline)
        }
        return !timerFired;
    }

    /**
     * {@link #park(long)} for a wait whose wake-up comes from {@code waker}'s thread: a greenlet of
     * that loop, or, for {@code null}, any thread. A wake-up from outside this strand's loop is one
     * the loop cannot see coming, so meanwhile the loop is held open ({@link Loop#ref()}: no
     * {@link org.gevent4j.LoopExit} while it waits). Every gevent4j wait on another greenlet or on
     * a synchronizer goes through here (WaitQueue.await does), so none can forget it.
     */
    public final boolean park(long deadline, Loop waker) {
        if (waker == loop) return park(deadline);
        loop.ref();
        try {
            return park(deadline);
        } finally {
            loop.unref();
        }
    }

    private void arm(long deadline) {
        timerFired = false;
        waitDeadline = deadline;
        loop.schedule(this, deadline);
    }

    /** Cancels the wait timer unless it fired; returns whether the strand was woken before it. */
    private boolean disarm() {
        waitDeadline = NOT_WAITING;
        if (timerFired) return false;
        loop.cancel(this);
        return true;
    }

    /**
     * Sleeps {@code nanos} on the loop's clock ({@code 0}: {@link #yieldNow()}), parking inline
     * (see begin()). Throws the pending exception if one is delivered meanwhile.
     */
    public void sleep(long nanos) {
        if (nanos <= 0) {
            yieldNow();
            return;
        }
        long deadline = loop.deadlineAfterNanos(nanos);
        throwPending();
        // gevent's sleep(d > 0) always goes round the hub once, however short d is.
        for (;;) {
            arm(deadline);
            if (Thread.interrupted()) { // see park(); off the common path, so no flag of it is kept here
                parkInterrupted();
            } else { // park() without its checks, inline: one frame fewer while the greenlet sleeps
                parked = true;
                if (counted) loop.parked++;
                LockSupport.park(this); // never throws
                if (counted) loop.parked--;
                parked = false;
            }
            // Read back from the strand, not kept in this frame across the park: every value live
            // across it is stored in the parked greenlet's stack chunk.
            deadline = waitDeadline;
            if (!disarm()) break; // the timer fired
            throwPending(); // woken early: a kill, or a spurious wake-up
            if (loop.nanoTime() >= deadline) return;
        }
        throwPending();
    }

    /** The park of a timed wait entered with the interrupt status set: set aside, then restored. */
    private void parkInterrupted() {
        parked = true;
        if (counted) loop.parked++;
        LockSupport.park(this); // never throws
        if (counted) loop.parked--;
        parked = false;
        Loom.restoreInterrupt();
    }

    /** gevent's {@code sleep(0)}: every strand ready now runs once, then this one resumes. */
    public void yieldNow() {
        throwPending();
        PARKED.setOpaque(this, true);
        try {
            Thread.yield();
        } finally {
            PARKED.setOpaque(this, false);
        }
        throwPending();
    }

    /** gevent's {@code idle()}: resume only when the loop has nothing else to run. */
    public final void idle() {
        loop.addIdler(this);
        try {
            do {
                park();
            } while (loop.isIdler(this)); // a stale wake-up is not the loop going idle
        } finally {
            loop.removeIdler(this);
        }
    }

    /** Wakes this strand if it is parked in {@link #park()}; otherwise its next park returns at once. */
    public void unpark() {
        LockSupport.unpark(thread); // no-op once dead (thread == null)
    }

    /**
     * Raises {@code t} in this strand at its current or next gevent4j blocking point. A strand
     * blocked in a JDK call instead is interrupted, since nothing else wakes it. The first
     * undelivered exception wins. Callable from any thread.
     */
    public void deliver(Throwable t) {
        if (pending != null) return;
        pending = t;
        Thread th = thread;
        if (th == null || Thread.currentThread() == th) return;
        boolean inGeventWait = (boolean) PARKED.getOpaque(this);
        LockSupport.unpark(th);
        if (!inGeventWait) {
            interruptedForDelivery = true;
            th.interrupt();
        }
    }

    /** Withdraws {@code t} if it was delivered but not yet raised (a Timeout cancelled in time). */
    public final boolean withdraw(Throwable t) {
        if (pending == t) {
            pending = null;
            if (interruptedForDelivery && Thread.currentThread() == thread) {
                interruptedForDelivery = false;
                Thread.interrupted(); // the JDK call it was meant for already returned
            }
            return true;
        }
        return false;
    }

    /**
     * The answer to "which exception ends this call?" when {@code thrown} escapes code that a kill
     * or Timeout disturbed: if one was delivered and not raised (a JDK call answered its interrupt
     * with an exception of its own: {@code SocketException: Closed by interrupt}, a library's
     * wrapper of it), that kill or Timeout is taken and returned, with {@code thrown} attached as
     * its cause, and the interrupt that carried it is cleared; otherwise {@code thrown} itself.
     * On this strand's own thread.
     */
    public final Throwable translate(Throwable thrown) {
        Throwable p = pending;
        if (p == null || p == thrown) return thrown;
        pending = null;
        interruptedForDelivery = false;
        Thread.interrupted();
        attachCause(p, thrown);
        if (p instanceof org.gevent4j.Timeout) p.fillInStackTrace();
        return p;
    }

    /**
     * Takes {@code t} if it was delivered by interrupting a JDK call and has not been raised as
     * itself: the JDK answered with an exception of its own (an {@code InterruptedException}, a
     * socket closed under a read) or the call ignored it. Timeout.close() raises it then, clearing
     * the interrupt that carried it. On this strand's own thread.
     */
    public final boolean takeDeliveredByInterrupt(Throwable t) {
        if (pending != t || !interruptedForDelivery) return false;
        pending = null;
        interruptedForDelivery = false;
        Thread.interrupted();
        if (t instanceof org.gevent4j.Timeout) t.fillInStackTrace();
        return true;
    }

    /**
     * Records {@code cause} as the cause of {@code target}: its own slot if still free, else as a
     * suppressed exception (a caller's exception object may be raised more than once).
     */
    public static void attachCause(Throwable target, Throwable cause) {
        if (cause == null || cause == target) return;
        if (target instanceof org.gevent4j.Timeout) {
            target.initCause(cause); // a Timeout takes a new cause per firing
            return;
        }
        try {
            if (target.getCause() == null) {
                target.initCause(cause);
                return;
            }
        } catch (IllegalStateException | IllegalArgumentException ignored) {
            // the cause was set at construction (perhaps to null): keep it
        }
        target.addSuppressed(cause);
    }

    /** The undelivered kill/timeout, if any; clears it. */
    public final Throwable takePending() {
        Throwable p = pending;
        if (p != null) {
            pending = null;
            interruptedForDelivery = false;
        }
        return p;
    }

    public final boolean hasPending() {
        return pending != null;
    }

    /** Raises the pending exception, if any, dropping any interrupt that delivered it. */
    public final void throwPending() {
        if (pending != null) raisePending();
    }

    // Out of line on purpose: inlined, the throw path would widen every parked greenlet's frame.
    private void raisePending() {
        Throwable p = pending;
        if (p != null) {
            pending = null;
            interruptedForDelivery = false;
            Thread.interrupted();
            // A Timeout is made without a stack trace (it is cheap to start and usually cancelled);
            // where it is raised is the trace gevent shows.
            if (p instanceof org.gevent4j.Timeout) p.fillInStackTrace();
            throw Sneaky.rethrow(p);
        }
    }

    @Override
    public String toString() {
        return owner != null ? owner.toString() : getClass().getSimpleName() + "[" + thread + "]";
    }

    /** A platform thread's own strand: parking runs the loop until resumed. */
    static final class Main extends Strand {
        Main(Loop loop) {
            super(loop);
            this.thread = loop.carrier;
        }

        @Override
        protected void body() {
            throw new UnsupportedOperationException("the main strand is its carrier thread");
        }

        @Override
        public void park() {
            throwPending();
            loop.parkMain();
            throwPending();
        }

        @Override
        public void yieldNow() {
            throwPending();
            loop.resumeMain();
            loop.parkMain();
            throwPending();
        }

        @Override
        public void sleep(long nanos) {
            if (nanos <= 0) {
                yieldNow();
                return;
            }
            long deadline = loop.deadlineAfterNanos(nanos);
            while (park(deadline)) {
                // woken early (spuriously): sleep on
            }
        }

        @Override
        public void unpark() {
            loop.resumeMain();
        }

        @Override
        public void deliver(Throwable t) {
            if (hasPending()) return;
            pendingSet(t);
            // Also when called on the carrier: a timer firing for main runs there while main waits.
            loop.resumeMain();
        }
    }

    /** A virtual thread that inherited a hub as scheduler without being spawned by gevent4j. */
    static final class Adopted extends Strand {
        Adopted(Loop loop, Thread t) {
            super(loop);
            this.thread = t;
        }

        @Override
        protected void body() {
            throw new UnsupportedOperationException("adopted strands run their own task");
        }
    }

    void pendingSet(Throwable t) {
        pending = t;
    }
}
