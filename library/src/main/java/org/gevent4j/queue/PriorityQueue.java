package org.gevent4j.queue;

import java.util.Comparator;

/**
 * A queue that returns its smallest item first: gevent's {@code PriorityQueue} (a binary heap, as
 * gevent's {@code heapq}). Items are ordered by their natural order, or by the comparator given to
 * the constructor; items that compare equal come out in no particular order (gevent's neither).
 * Everything else, waiting and fairness included, is as in {@link Queue}.
 *
 * <p>The comparison runs under the queue's lock: it must be quick and must not block. If it throws,
 * {@code put} throws that exception and the item is not added.
 *
 * @param <T> the type of the items
 */
public final class PriorityQueue<T> extends Queue<T> {
    private final boolean natural;

    /** An unbounded queue of {@link Comparable} items, smallest first. */
    public PriorityQueue() {
        this(0, null);
    }

    /**
     * A queue of {@link Comparable} items, smallest first, holding at most {@code maxsize}; unbounded
     * if {@code maxsize <= 0}.
     *
     * @param maxsize the most items held at once; 0 or less for unbounded
     */
    public PriorityQueue(int maxsize) {
        this(maxsize, null);
    }

    /**
     * An unbounded queue ordered by {@code comparator} ({@code null}: natural order).
     *
     * @param comparator orders the items, smallest first; null for their natural order
     */
    public PriorityQueue(Comparator<? super T> comparator) {
        this(0, comparator);
    }

    /**
     * A queue ordered by {@code comparator} ({@code null}: natural order), holding at most
     * {@code maxsize} items; unbounded if {@code maxsize <= 0}.
     *
     * @param maxsize the most items held at once; 0 or less for unbounded
     * @param comparator orders the items, smallest first; null for their natural order
     */
    public PriorityQueue(int maxsize, Comparator<? super T> comparator) {
        super(maxsize, new java.util.PriorityQueue<>(comparator));
        this.natural = comparator == null;
    }

    /** Refuses, before anything waits, an item that natural order cannot compare. */
    @Override
    void checkItem(T item) {
        if (natural && !(item instanceof Comparable)) {
            throw new ClassCastException("a PriorityQueue without a comparator needs Comparable items, but "
                    + item.getClass().getName() + " is not Comparable");
        }
    }
}
