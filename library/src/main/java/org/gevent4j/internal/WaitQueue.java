package org.gevent4j.internal;

import java.util.function.Consumer;

/*
 * Implementation overview
 *
 * The one wait-queue under every gevent4j synchronizer (Event, AsyncResult, Semaphore and locks,
 * queues, pools): trio's ParkingLot, gevent's AbstractLinkable, the JDK's AQS queue. It is a FIFO
 * of waiters, each either a parked strand or a rawlink callback, so waiters are woken in the order
 * they came (gevent 1.5+ is fair again, see its issue 1487).
 *
 * Locking: a WaitQueue has no lock of its own. Its owner guards it, and its own state, with the
 * owner's monitor; every method here must be called holding it. Greenlets never park while
 * holding that monitor, so the hub thread can take it too (the deadlock rule of Loop). Monitor
 * entry is a CAS when uncontended, and correct when a platform thread or another hub's greenlet
 * sets, puts or releases.
 *
 * Waking is two-phase: under the monitor, take() dequeues waiters and marks them notified; after
 * releasing it, wake() unparks the strands and calls the callbacks, in queue order, so no user
 * code runs under the monitor. A waiter that sees `notified` owns whatever the owner promised it
 * (a permit, a turn): if it is then killed or times out before using it, the owner passes that on.
 *
 * Removal is O(1) (doubly linked), so a million timed-out waiters cost nothing to forget.
 */
public final class WaitQueue {
    /** A parked strand or a rawlink callback, queued in a WaitQueue. */
    public static final class Waiter {
        final Strand strand;
        final Consumer<Object> callback;
        Waiter prev, next;
        boolean queued;
        private volatile boolean notified;
        /** Arrival order, for {@link Turns}; 0 for a waiter that is not in any turn-taking line. */
        long ticket;
        /** A value handed to the waiter with its wake-up (a channel's item, a select's clause); owner-defined. */
        private Object item;

        Waiter(Strand strand, Consumer<Object> callback) {
            this.strand = strand;
            this.callback = callback;
        }

        /** The value handed to this waiter (see {@link #item(Object)}), or null. Under the owner's monitor. */
        public Object item() {
            return item;
        }

        /** Hands {@code value} to this waiter, or clears it (null). Under the owner's monitor. */
        public void item(Object value) {
            item = value;
        }

        /** Whether take() chose this waiter: it was woken, not timed out or cancelled. */
        public boolean notified() {
            return notified;
        }

        public Strand strand() {
            return strand;
        }

        /** The rawlink callback, for a callback waiter; null for a strand. */
        public Consumer<Object> callback() {
            return callback;
        }

        boolean isCallback() {
            return callback != null;
        }
    }

    private Waiter head, tail;
    private int size;
    /*
     * Which threads use the owner, for LoopExit: the carrier thread that first did, or SHARED
     * once two have. A greenlet waiting on something another thread also uses may be woken from
     * outside its hub, so its wait holds its loop open (see await). Recorded here, by every
     * method an owner calls to wait, link or decide whom to wake, so that no synchronizer has to
     * remember to: volatile, because await reads it outside the owner's monitor.
     */
    private volatile Object affinity;
    private static final Object SHARED = new Object();
    /** Where the record is kept: this queue, or the first queue of the same owner (see the constructor). */
    private final WaitQueue users;

    /** A wait queue with a record of its own (an owner with one queue, or its first). */
    public WaitQueue() {
        this.users = this;
    }

    /**
     * Another wait queue of the owner of {@code sibling} (a queue's putters beside its getters):
     * both keep one record of who uses the owner, as an operation on either is a use of the owner.
     */
    public WaitQueue(WaitQueue sibling) {
        this.users = sibling.users;
    }

    /**
     * Records the calling thread's hub as a user of the owner, for an operation that completes
     * without calling any other method of its queues (a fast path: a free permit taken, an empty
     * queue's {@code getNowait}, an event cleared). Every other method here records the caller
     * itself. Holding the owner's monitor.
     */
    public void recordUse() {
        note();
    }

    private void note() {
        WaitQueue u = users;
        if (u.affinity != SHARED) u.record(Loom.currentCarrierThread());
    }

    private void record(Thread t) {
        Object a = affinity;
        if (a == null) affinity = t; else if (a != SHARED && a != t) affinity = SHARED;
    }

    /** Declares that another thread will use the owner (so its waits are no deadlock). */
    public void markShared() {
        users.affinity = SHARED;
    }

    /**
     * Declares that greenlets of the hub running on {@code hubThread} use the owner (the hub whose greenlets will set,
     * release or finish what waiters wait for), before they have: a waiter of any other hub then
     * holds its own hub open while it waits. Holding the owner's monitor.
     */
    public void usedBy(Thread hubThread) {
        WaitQueue u = users;
        if (u.affinity != SHARED) u.record(hubThread);
    }

    /** Whether more than one thread has used the owner. */
    public boolean shared() {
        return users.affinity == SHARED;
    }

    /** Queues the calling strand as a waiter. */
    public Waiter add(Strand s) {
        note();
        return append(new Waiter(s, null));
    }

    /** Queues a rawlink callback, called with {@code source} when it is woken. */
    public Waiter addCallback(Consumer<Object> callback) {
        note();
        return append(new Waiter(null, callback));
    }

    private Waiter append(Waiter w) {
        w.prev = tail;
        if (tail == null) head = w; else tail.next = w;
        tail = w;
        w.queued = true;
        size++;
        return w;
    }

    /**
     * Puts a waiter back at the very front (it was woken but must wait again). Two waiters put back
     * this way end up in reverse order: an owner that re-queues several keeps their order itself
     * ({@link Turns} numbers its waiters).
     */
    public void addFirst(Waiter w) {
        if (w.queued) return;
        w.notified = false;
        w.prev = null;
        w.next = head;
        if (head == null) tail = w; else head.prev = w;
        head = w;
        w.queued = true;
        size++;
    }

    /** Removes {@code w} if still queued; false if it was already taken. */
    public boolean remove(Waiter w) {
        if (!w.queued) return false;
        Waiter p = w.prev, n = w.next;
        if (p == null) head = n; else p.next = n;
        if (n == null) tail = p; else n.prev = p;
        w.prev = w.next = null;
        w.queued = false;
        size--;
        return true;
    }

    /** Removes the first callback registered as {@code callback} (unlink); false if none. */
    public boolean removeCallback(Object callback) {
        for (Waiter w = head; w != null; w = w.next) {
            if (w.callback == callback) return remove(w);
        }
        return false;
    }

    /** Removes the first callback waiter whose callback matches; false if none. */
    public boolean removeCallbackIf(java.util.function.Predicate<Object> match) {
        for (Waiter w = head; w != null; w = w.next) {
            if (w.callback != null && match.test(w.callback)) return remove(w);
        }
        return false;
    }

    /** Whether no waiter is queued (an owner asks before it wakes: this records the caller, see note()). */
    public boolean isEmpty() {
        note();
        return size == 0;
    }

    public int size() {
        return size;
    }

    /** The first waiter, or null. */
    public Waiter first() {
        note();
        return head;
    }

    /** The waiter after {@code w} in line, or null (also if {@code w} is no longer queued). */
    public Waiter next(Waiter w) {
        return w.queued ? w.next : null;
    }

    /** The first waiter that is a parked strand (not a callback), or null. */
    public Waiter firstStrand() {
        note();
        for (Waiter w = head; w != null; w = w.next) {
            if (w.strand != null) return w;
        }
        return null;
    }

    /**
     * Dequeues {@code w} and marks it notified. Returns it as a chain of one for {@link #wake}.
     */
    public Waiter take(Waiter w) {
        note();
        remove(w);
        w.notified = true;
        return w;
    }

    /** Dequeues and notifies the first waiter (null if none); pass the result to {@link #wake}. */
    public Waiter takeFirst() {
        Waiter w = head;
        return w == null ? null : take(w);
    }

    /**
     * Dequeues and notifies every waiter; returns them chained in order (through a private link)
     * for {@link #wake}.
     */
    public Waiter takeAll() {
        note();
        Waiter first = head;
        for (Waiter w = head; w != null; w = w.next) {
            w.queued = false;
            w.notified = true;
        }
        head = tail = null;
        size = 0;
        return first;
    }

    /**
     * Wakes what {@link #take}, {@link #takeFirst} or {@link #takeAll} returned: unparks strands and
     * calls callbacks with {@code source}, in order. Call it <em>after</em> releasing the owner's
     * monitor. A callback that throws is reported to its hub and the others still run.
     */
    public static void wake(Waiter chain, Object source) {
        Waiter w = chain;
        while (w != null) {
            Waiter next = w.queued ? null : w.next; // a single take() leaves no chain
            w.next = null;
            if (w.callback != null) {
                try {
                    w.callback.accept(source);
                } catch (Throwable t) {
                    Strand s = Strand.currentOrNull();
                    if (s != null) s.loop.handleError(w.callback, t); else Loop.printError(w.callback, t);
                }
            } else {
                w.strand.unpark();
            }
            w = next;
        }
    }

    /** Wakes a single taken waiter (no chain). */
    public static void wakeOne(Waiter w, Object source) {
        if (w == null) return;
        w.next = null;
        wake(w, source);
    }

    /**
     * Parks the waiter's strand until it is notified or {@code deadline} passes; returns whether it
     * was notified. The owner's monitor must NOT be held. On a timeout the waiter is dequeued (unless
     * it was notified meanwhile: then true). If a kill or Timeout is raised while waiting, the waiter
     * is dequeued and, if it had been notified already, {@code passOn} runs (under the monitor) so
     * the owner can give what it promised to the next waiter; then the exception propagates.
     * Because it runs under the monitor, {@code passOn} may wake parked strands (an unpark never
     * blocks) but must not call callbacks.
     */
    public boolean await(Object monitor, Waiter w, long deadline, Runnable passOn) {
        Strand me = w.strand;
        // Another thread that uses the owner may wake us: that loop is "any thread" (null).
        Loop waker = shared() ? null : me.loop;
        try {
            while (!w.notified) {
                if (!me.park(deadline, waker)) {
                    synchronized (monitor) {
                        if (w.notified) return true;
                        remove(w);
                        return false;
                    }
                }
            }
            return true;
        } catch (Throwable t) {
            synchronized (monitor) {
                if (!remove(w) && w.notified && passOn != null) passOn.run();
            }
            throw t;
        }
    }
}
