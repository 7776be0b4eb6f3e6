package org.gevent4j.queue;

import java.util.ArrayDeque;
import java.util.Collections;

/**
 * A last-in, first-out queue (a stack): gevent's {@code LifoQueue}. {@code get} and {@code peek}
 * see the most recently put item. Everything else, waiting and fairness included, is as in
 * {@link Queue}: greenlets blocked in {@code get} still receive items in the order they started
 * waiting.
 *
 * @param <T> the type of the items
 */
public final class LifoQueue<T> extends Queue<T> {
    /** An unbounded LIFO queue. */
    public LifoQueue() {
        this(0);
    }

    /**
     * A LIFO queue holding at most {@code maxsize} items; unbounded if {@code maxsize <= 0}.
     *
     * @param maxsize the most items held at once; 0 or less for unbounded
     */
    public LifoQueue(int maxsize) {
        super(maxsize, Collections.asLifoQueue(new ArrayDeque<>()));
    }
}
