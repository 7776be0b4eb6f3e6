package org.gevent4j.internal;

import java.util.Arrays;

/**
 * A binary min-heap of timers ordered by (deadline, sequence), so timers with equal deadlines fire
 * in the order they were scheduled. Each timer knows its index, which makes cancellation
 * O(log n) instead of leaving a tombstone (a million sleeping greenlets must not leak entries).
 * Confined to the loop's carrier thread.
 */
final class TimerHeap {
    private Timer[] heap = new Timer[64];
    private int size;
    /*
     * Sequence numbers are ints that wrap (4 bytes less in every timer, and so in every strand: a
     * million sleeping greenlets are a million timers). less() compares them by their difference,
     * which orders any two timers armed fewer than 2^31 arms apart; only two timers with the very
     * same deadline, in nanoseconds, armed more than 2^31 arms apart could fire out of the order
     * they were armed in (the heap stays a heap: deadlines are compared first).
     */
    private int seq;

    TimerHeap() {}

    /** A heap whose first sequence number is {@code firstSeq} (tests: the order across the wrap). */
    TimerHeap(int firstSeq) {
        seq = firstSeq;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    Timer peek() {
        return size == 0 ? null : heap[0];
    }

    void add(Timer t, long deadline) {
        add(t, deadline, seq++);
    }

    /** A sequence number for a later {@link #add(Timer, long, long)}: its place among equal deadlines. */
    int nextSeq() {
        return seq++;
    }

    /** Arms {@code t} as if it had been armed when {@code seq} was taken (see Strand's waitDeadline). */
    void add(Timer t, long deadline, int seq) {
        if (t.index >= 0) remove(t);
        t.deadline = deadline;
        t.seq = seq;
        if (size == heap.length) heap = Arrays.copyOf(heap, size * 2);
        t.index = size;
        heap[size++] = t;
        up(t.index);
    }

    boolean remove(Timer t) {
        int i = t.index;
        if (i < 0 || i >= size || heap[i] != t) return false;
        t.index = -1;
        Timer last = heap[--size];
        heap[size] = null;
        if (i < size) {
            heap[i] = last;
            last.index = i;
            if (!up(i)) down(i);
        }
        if (heap.length > 1024 && size < heap.length / 4) heap = Arrays.copyOf(heap, heap.length / 2);
        return true;
    }

    Timer poll() {
        if (size == 0) return null;
        Timer t = heap[0];
        remove(t);
        return t;
    }

    private static boolean less(Timer a, Timer b) {
        return a.deadline < b.deadline || (a.deadline == b.deadline && a.seq - b.seq < 0);
    }

    private boolean up(int i) {
        Timer t = heap[i];
        int start = i;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            Timer p = heap[parent];
            if (!less(t, p)) break;
            heap[i] = p;
            p.index = i;
            i = parent;
        }
        heap[i] = t;
        t.index = i;
        return i != start;
    }

    private void down(int i) {
        Timer t = heap[i];
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            Timer c = heap[child];
            int right = child + 1;
            if (right < size && less(heap[right], c)) {
                child = right;
                c = heap[child];
            }
            if (!less(c, t)) break;
            heap[i] = c;
            c.index = i;
            i = child;
        }
        heap[i] = t;
        t.index = i;
    }
}
