package org.gevent4j.testing;

import java.util.HashSet;
import java.util.Set;
import org.gevent4j.internal.Loop;
import org.gevent4j.internal.Strand;
import org.gevent4j.internal.WaitQueue;

/**
 * Forces an order on code in several greenlets (trio's {@code trio.testing.Sequencer}): the block
 * of step {@code n} starts only when the blocks of steps {@code 0 … n-1} have all ended, whatever
 * the scheduler would have done.
 *
 * {@snippet lang=java :
 * Sequencer seq = new Sequencer();
 * Gevent.spawn(() -> {
 *     try (var s = seq.step(0)) { log.add("a0"); }
 *     try (var s = seq.step(2)) { log.add("a2"); }
 * });
 * Gevent.spawn(() -> {
 *     try (var s = seq.step(1)) { log.add("b1"); }
 * });
 * // log becomes a0, b1, a2
 * }
 *
 * <p>Each step number is used once, and the numbers must run 0, 1, 2 … without a gap (a step
 * after a gap waits forever). A step ends when its {@link Step#close()} runs, also when its block
 * throws. If a greenlet waiting for its step is killed or times out, the sequence is broken: that
 * greenlet gets its kill or timeout, and every greenlet waiting for a step, and every later
 * {@link #step} call, gets an {@link IllegalStateException}. Greenlets of any hub may share a
 * sequencer.
 */
public final class Sequencer {
    /*
     * Guarded by this object's monitor, never held while parking. Every step that ends wakes all
     * waiters, and each checks whether its turn has come: tests have a handful of greenlets.
     */
    private final Set<Integer> claimed = new HashSet<>();
    private final WaitQueue waiters = new WaitQueue();
    private int next;
    private boolean broken;

    /** A new sequence, at step 0. */
    public Sequencer() {}

    /**
     * Waits until steps {@code 0 … position-1} have ended, then returns step {@code position}; close
     * it (try-with-resources) to let the next step begin.
     *
     * <p>Blocks the calling greenlet cooperatively until then. A kill or {@link org.gevent4j.Timeout}
     * raised while it waits propagates, and breaks the sequence (see the class comment).
     *
     * @param position the step's number, 0 or more; each number may be taken once
     * @return the step, now running; close it when the step's work is done
     * @throws IllegalArgumentException if {@code position} is negative
     * @throws IllegalStateException if step {@code position} was already taken, or the sequence
     *     is broken (before or while waiting)
     */
    public Step step(int position) {
        if (position < 0) throw new IllegalArgumentException("a step is 0 or more: " + position);
        Strand me = Strand.current();
        synchronized (this) {
            if (!claimed.add(position)) throw new IllegalStateException("step " + position + " was already taken");
        }
        for (;;) {
            WaitQueue.Waiter w;
            synchronized (this) {
                if (broken) throw brokenError(position);
                if (next == position) return new Step(position);
                w = waiters.add(me);
            }
            try {
                waiters.await(this, w, Loop.FOREVER, null);
            } catch (Throwable t) {
                WaitQueue.Waiter all;
                synchronized (this) {
                    broken = true;
                    all = waiters.takeAll();
                }
                WaitQueue.wake(all, this);
                throw t;
            }
        }
    }

    private static IllegalStateException brokenError(int position) {
        return new IllegalStateException("sequence broken: a greenlet waiting for its step was killed or timed out"
                + " (step " + position + " cannot run)");
    }

    private void ended(int position) {
        WaitQueue.Waiter all;
        synchronized (this) {
            if (next != position) return;
            next = position + 1;
            all = waiters.takeAll();
        }
        WaitQueue.wake(all, this);
    }

    @Override
    public synchronized String toString() {
        return "<Sequencer next=" + next + (broken ? " broken" : "") + " waiting=" + waiters.size() + ">";
    }

    /** A step being run: closing it lets the next one begin. */
    public final class Step implements AutoCloseable {
        private final int position;

        private Step(int position) {
            this.position = position;
        }

        /**
         * This step's number.
         *
         * @return the number given to {@link Sequencer#step}
         */
        public int position() {
            return position;
        }

        /** Ends the step: the greenlet waiting for the next one may go on. Idempotent; never blocks. */
        @Override
        public void close() {
            ended(position);
        }

        @Override
        public String toString() {
            return "<Sequencer.Step " + position + ">";
        }
    }
}
