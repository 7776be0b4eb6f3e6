package org.gevent4j.queue;

import java.time.Duration;
import java.util.Iterator;

/**
 * The operations every queue type shares, so that one contract suite runs over {@link Queue} and
 * its subclasses and over {@link Channel} (which is not a Queue).
 */
interface Ops<T> extends Iterable<T> {
    void put(T item);

    void put(T item, Duration timeout);

    void putNowait(T item);

    T get();

    T get(Duration timeout);

    T getNowait();

    void shutdown(boolean immediate);

    boolean isShutDown();

    int qsize();

    boolean empty();

    boolean full();

    static <T> Ops<T> of(Queue<T> q) {
        return new Ops<>() {
            public void put(T item) {
                q.put(item);
            }

            public void put(T item, Duration timeout) {
                q.put(item, timeout);
            }

            public void putNowait(T item) {
                q.putNowait(item);
            }

            public T get() {
                return q.get();
            }

            public T get(Duration timeout) {
                return q.get(timeout);
            }

            public T getNowait() {
                return q.getNowait();
            }

            public void shutdown(boolean immediate) {
                q.shutdown(immediate);
            }

            public boolean isShutDown() {
                return q.isShutDown();
            }

            public int qsize() {
                return q.qsize();
            }

            public boolean empty() {
                return q.empty();
            }

            public boolean full() {
                return q.full();
            }

            public Iterator<T> iterator() {
                return q.iterator();
            }

            @Override
            public String toString() {
                return q.toString();
            }
        };
    }

    static <T> Ops<T> of(Channel<T> c) {
        return new Ops<>() {
            public void put(T item) {
                c.put(item);
            }

            public void put(T item, Duration timeout) {
                c.put(item, timeout);
            }

            public void putNowait(T item) {
                c.putNowait(item);
            }

            public T get() {
                return c.get();
            }

            public T get(Duration timeout) {
                return c.get(timeout);
            }

            public T getNowait() {
                return c.getNowait();
            }

            public void shutdown(boolean immediate) {
                c.shutdown(immediate);
            }

            public boolean isShutDown() {
                return c.isShutDown();
            }

            public int qsize() {
                return c.qsize();
            }

            public boolean empty() {
                return c.empty();
            }

            public boolean full() {
                return c.full();
            }

            public Iterator<T> iterator() {
                return c.iterator();
            }

            @Override
            public String toString() {
                return c.toString();
            }
        };
    }
}
