package org.gevent4j.internal;

import java.util.ArrayDeque;
import java.util.function.IntSupplier;

/*
 * Implementation overview
 *
 * The one fairness policy of the synchronizers that hand out units of something (a Queue's items
 * and free slots, a Semaphore's permits, a Pool's and a ThreadPool's slots): Lea's AQS "signal a
 * successor, which then retries", over a WaitQueue, with arrival tickets so that order survives
 * the retries. Owners used to hand-roll it four ways (boxed tickets in Waiter.item, a revoke-the-
 * latest-reservation rule, two hard hand-offs); each now asks this class.
 *
 * State, guarded by the owner's monitor: `line`, the waiters that have no turn yet (a WaitQueue:
 * FIFO, O(1) removal), each with an arrival ticket (a primitive long in its Waiter); `woken`, the
 * waiters given a turn that have not run yet, in ticket order; the owner's count of units
 * available, read through `available` (units promised to woken waiters included: a unit stays
 * with the owner until a waiter takes it when it runs, as in gevent, whose woken waiter has not
 * decremented anything yet either).
 *
 * Invariant, restored by grant() after every change of the units or of the line:
 *
 *     line.isEmpty() || available <= woken.size()
 *
 * that is, while anyone waits, every available unit has a woken waiter on its way.
 *
 * A woken waiter re-checks when it runs (claim): a unit may be gone (a caller that did not wait
 * took it: barging, which gevent's Queue and Semaphore allow), or an earlier waiter may be unserved
 * (one that went back in line was woken again after a later one that runs first: run queues are
 * FIFO, hubs run in parallel). Either way it goes back in line, ahead of every later ticket (a
 * plain addFirst would reverse several that come back), so waiters are served strictly in ticket
 * order. `woken` is kept in ticket order so that "an earlier waiter is woken" is a look at its
 * head; it nearly always is in order already, so that costs nothing.
 */

/**
 * Whose turn it is to take the next unit (an item, a free slot, a permit) of a synchronizer: the
 * fairness policy under {@code Queue} (both sides), {@code Semaphore}, {@code Pool} slots and
 * {@code ThreadPool} slots. Every method is called holding the owner's monitor, except
 * {@link #await}, which must be called without it.
 *
 * <h2>The policy</h2>
 * <ul>
 *   <li><b>Arrival order.</b> Waiters are served in the order they started waiting (their ticket),
 *       whatever happens to them meanwhile: a waiter sent back in line keeps its place.</li>
 *   <li><b>A woken waiter keeps its turn</b> until it runs and takes its unit, or gives up (a kill
 *       or {@code Timeout}, a select decided elsewhere). {@link #grant} wakes one waiter per
 *       available unit that has no woken waiter yet, so no unit sits idle while someone waits and
 *       no waiter is woken for nothing.</li>
 *   <li><b>Nothing is lost.</b> A woken waiter that gives up passes its turn to the next waiter in
 *       line ({@link #leave}, and {@link #await} on a kill or Timeout). A waiter that ran and did
 *       not use its unit (a pool member added twice, a select that completed another clause) makes
 *       its owner call {@link #grant} again.</li>
 *   <li><b>Deadlines.</b> A waiter whose deadline passes before its turn comes leaves the line, and
 *       {@link #claim} then treats it as a caller that does not wait (the owner may also just
 *       give up, as a {@code Semaphore} does); one whose turn came in time takes its unit even if
 *       its deadline passes before it runs.</li>
 *   <li><b>No barging among waiters.</b> A woken waiter that finds an earlier waiter unserved goes
 *       back in line and lets it go first.</li>
 *   <li><b>Callers that do not wait</b> ({@link #mayTake}): with {@code barging}, as gevent's
 *       {@code Queue} and {@code Semaphore}, a caller that finds a unit takes it even if a woken
 *       waiter has not run yet; that waiter then finds nothing and goes back in line, at its place.
 *       Without it (a {@code Pool}'s and a {@code ThreadPool}'s slots), a unit promised to a woken
 *       waiter, or wanted by one in line, is never taken by a newcomer.</li>
 * </ul>
 *
 * <h2>Use</h2>
 * An owner that finds no unit {@link #join}s the line and calls {@link #await}; when that returns
 * it calls {@link #claim} under its monitor, which says whether to take a unit now, wait again or
 * give up. Whenever units come (a put, a release, a freed slot) or one taken leaves others, the
 * owner calls {@link #grant} and wakes what it returns after releasing the monitor.
 */
public final class Turns {
    /** {@link #claim}: take a unit now (then {@link #grant}, as units may be left for others). */
    public static final int TAKE = 0;
    /** {@link #claim}: the waiter is back in line, at its place: {@link #await} again. */
    public static final int WAIT = 1;
    /** {@link #claim}: no unit, and the waiter may not wait again (its deadline passed, or it must not): give up. */
    public static final int NONE = 2;

    private final WaitQueue line;
    private final IntSupplier available;
    private final boolean barging;
    /** Waiters given a turn that have not run yet, in ticket order. */
    private final ArrayDeque<WaitQueue.Waiter> woken = new ArrayDeque<>();
    private long tickets;

    /**
     * Turns over {@code line}, for units the owner counts with {@code available} (read under the
     * monitor; promised units included). {@code barging}: whether a caller that does not wait may
     * take a unit promised to a woken waiter (see the class comment).
     */
    public Turns(WaitQueue line, IntSupplier available, boolean barging) {
        this.line = line;
        this.available = available;
        this.barging = barging;
    }

    /** Queues the calling strand with the next ticket. */
    public WaitQueue.Waiter join(Strand s) {
        WaitQueue.Waiter w = line.add(s);
        w.ticket = ++tickets;
        return w;
    }

    /**
     * Whether a caller that does not wait may take a unit now: with barging, if one is available;
     * without, if one is available that no waiter is promised or waits for. Records the caller as a
     * user of the owner (see {@link WaitQueue#recordUse}).
     */
    public boolean mayTake() {
        return barging ? available.getAsInt() > 0 : line.isEmpty() && available.getAsInt() > woken.size();
    }

    /** How many units callers that do not wait may take now (see {@link #mayTake}). */
    public int free() {
        int n = available.getAsInt();
        if (barging) return Math.max(n, 0);
        return line.isEmpty() ? Math.max(n - woken.size(), 0) : 0;
    }

    /** The number of waiters: in line, or woken and not run yet. */
    public int waiting() {
        return line.size() + woken.size();
    }

    /** The number of woken waiters that have not run yet (each holds a turn). */
    public int promised() {
        return woken.size();
    }

    /**
     * Gives a turn to the first waiter in line if an available unit has no woken waiter yet; returns
     * it (wake it after releasing the monitor), or null. At most one: an owner's operation moves
     * its units by at most one, or calls this until it returns null.
     */
    public WaitQueue.Waiter grant() {
        if (line.isEmpty() || available.getAsInt() <= woken.size()) return null;
        return woke(line.takeFirst());
    }

    /** Gives every waiter in line a turn (a shutdown: each sees why when it runs); returns them chained for {@link WaitQueue#wake}. */
    public WaitQueue.Waiter grantAll() {
        WaitQueue.Waiter chain = line.isEmpty() ? null : line.takeAll();
        for (WaitQueue.Waiter w = chain; w != null; w = w.next) woke(w);
        return chain;
    }

    /**
     * Parks the waiter {@code w} (of {@link #join}) until its turn comes or {@code deadline} passes
     * (see {@link WaitQueue#await}); returns whether its turn came. Call it without the owner's
     * {@code monitor}. If a kill or Timeout is raised meanwhile, the waiter leaves (its turn, if it
     * was given one, goes to the next waiter, woken after the monitor is released) and the
     * exception propagates.
     */
    public boolean await(Object monitor, WaitQueue.Waiter w, long deadline) {
        try {
            return line.await(monitor, w, deadline, null);
        } catch (Throwable t) {
            WaitQueue.Waiter next;
            synchronized (monitor) {
                next = leave(w);
            }
            WaitQueue.wakeOne(next, monitor);
            throw t;
        }
    }

    /**
     * The waiter {@code w} gives up: it leaves the line, and a turn it was given and did not use
     * goes to the next waiter, returned to be woken after the monitor is released (or null).
     */
    public WaitQueue.Waiter leave(WaitQueue.Waiter w) {
        if (line.remove(w) || !w.notified() || !unwake(w)) return null;
        return grant();
    }

    /**
     * Decides what the waiter {@code w} does once {@link #await} returned {@code notified}:
     * <ul>
     *   <li>Its turn came and a unit is available: {@link #TAKE}, unless (with {@code yieldToEarlier},
     *       and {@code mayWait}) an earlier waiter is still unserved: then it goes back in line and
     *       the turn goes to that waiter, and {@link #WAIT}.</li>
     *   <li>Its turn came but the unit is gone (a caller that did not wait took it): back in line,
     *       at its place, and {@link #WAIT}; or {@link #NONE} if not {@code mayWait}.</li>
     *   <li>Its deadline passed first (not {@code notified}; {@link #await} took it out of line): as a
     *       caller that does not wait, {@link #TAKE} if {@link #mayTake}, else {@link #NONE}.</li>
     *   <li>It was woken but its turn is no longer its own ({@link #leave} ran): {@link #WAIT}.</li>
     * </ul>
     * {@code mayWait} false (a deadline passed, the owner was shut down) never puts it back in line.
     * A select's waiter passes {@code yieldToEarlier} false: it takes what its turn gives it.
     */
    public int claim(WaitQueue.Waiter w, boolean notified, boolean mayWait, boolean yieldToEarlier) {
        if (!notified) return mayTake() ? TAKE : NONE;
        if (!unwake(w)) return WAIT;
        if (available.getAsInt() > 0) {
            if (!mayWait || !yieldToEarlier || !earlierUnserved(w.ticket)) return TAKE;
            giveWay(w);
            return WAIT;
        }
        if (!mayWait) return NONE;
        requeue(w);
        return WAIT;
    }

    /** Whether a waiter that came before {@code ticket} is woken and has not run, or is back in line. */
    private boolean earlierUnserved(long ticket) {
        WaitQueue.Waiter e = woken.peekFirst();
        if (e != null && e.ticket < ticket) return true;
        e = line.first();
        return e != null && e.ticket < ticket;
    }

    /*
     * A woken waiter that must let an earlier one go first goes back in line, giving up its turn.
     * The turn goes on now if the earlier waiter is in line (it is the first there: it gets it), not
     * if it is woken already: it will grant when served, gives up or dies, and granting now would
     * wake `w` again and again before it runs. This rare wake-up happens under the monitor, which
     * WaitQueue allows for a parked strand (an unpark never blocks; every waiter here is a strand).
     */
    private void giveWay(WaitQueue.Waiter w) {
        WaitQueue.Waiter e = woken.peekFirst();
        boolean earlierIsWoken = e != null && e.ticket < w.ticket;
        requeue(w);
        if (!earlierIsWoken) WaitQueue.wakeOne(grant(), this);
    }

    /* Back in line ahead of every later ticket: usually first; behind earlier ones that came back too. */
    private void requeue(WaitQueue.Waiter w) {
        long ticket = w.ticket;
        WaitQueue.Waiter first = line.first();
        if (first == null || first.ticket > ticket) {
            line.addFirst(w);
            return;
        }
        ArrayDeque<WaitQueue.Waiter> ahead = new ArrayDeque<>();
        while ((first = line.first()) != null && first.ticket < ticket) {
            line.remove(first);
            ahead.push(first);
        }
        line.addFirst(w);
        while (!ahead.isEmpty()) line.addFirst(ahead.pop());
    }

    /* Records a notified waiter among the woken, in ticket order; returns it. */
    private WaitQueue.Waiter woke(WaitQueue.Waiter w) {
        WaitQueue.Waiter last = woken.peekLast();
        if (last == null || last.ticket < w.ticket) {
            woken.addLast(w); // the usual case: the line is in ticket order
            return w;
        }
        // A waiter that went back in line is woken after later ones that have not run yet.
        ArrayDeque<WaitQueue.Waiter> later = new ArrayDeque<>();
        while (!woken.isEmpty() && woken.peekLast().ticket > w.ticket) later.push(woken.pollLast());
        woken.addLast(w);
        while (!later.isEmpty()) woken.addLast(later.pop());
        return w;
    }

    /* Removes a woken waiter that runs, or gave up, from the woken; false if it was not there. */
    private boolean unwake(WaitQueue.Waiter w) {
        if (woken.peekFirst() == w) {
            woken.pollFirst();
            return true;
        }
        return woken.remove(w);
    }
}
