package org.gevent4j.queue;

import java.time.Duration;

/**
 * What a {@link Queue} (of any kind) and a {@link Channel} have in common: greenlets put items in
 * and get them out, waiting cooperatively, and the pipe can be shut down. Code that only moves
 * items, and {@link Select}'s {@link Select#get(Pipe) get} and {@link Select#put(Pipe, Object) put}
 * clauses, take either. gevent's {@code Channel} is likewise a queue without a buffer, with the
 * same methods.
 *
 * <p>Each method is specified by the implementing class: a {@link Queue} holds items (a
 * {@code put} waits only while it is full), a {@link Channel} holds none (a {@code put} waits for a
 * getter). Both are thread-safe, serve waiters in the order they started waiting, and never lose or
 * duplicate an item.
 *
 * @param <T> the type of the items
 */
public sealed interface Pipe<T> extends Iterable<T> permits Queue, Channel {
    /**
     * The bound on the items held: a {@link Queue}'s maxsize (0 if unbounded), a {@link Channel}'s 0.
     *
     * @return the maxsize, 0 or more; 0 means unbounded for a {@link Queue}
     */
    int maxsize();

    /**
     * The number of items held now (always 0 for a {@link Channel}).
     *
     * @return the item count at this moment, 0 or more; may change as soon as the caller yields
     */
    int qsize();

    /**
     * Whether no item is held now (always true for a {@link Channel}).
     *
     * @return true if a {@code getNowait} would find nothing held at this moment
     */
    boolean empty();

    /**
     * Whether a bounded {@link Queue} holds maxsize items now (always true for a {@link Channel}).
     *
     * @return true if there is no free slot at this moment; false for an unbounded queue
     */
    boolean full();

    /**
     * Puts {@code item}, waiting as long as it takes. See {@link Queue#put(Object, boolean, Duration)}
     * and {@link Channel#put(Object, boolean, Duration)}.
     *
     * @param item the item to put; not null
     * @throws ShutDown if the pipe is shut down, before or while waiting
     */
    void put(T item);

    /**
     * Puts {@code item}, waiting at most {@code timeout} ({@code null}: no limit); else {@link Full}.
     *
     * @param item the item to put; not null
     * @param timeout the longest wait, {@code null} for no limit; not negative
     * @throws Full if there was still no room (no getter) when the timeout passed; the item was not put
     * @throws ShutDown if the pipe is shut down, before or while waiting
     */
    void put(T item, Duration timeout);

    /**
     * Puts {@code item} if that needs no wait; else {@link Full}. Never blocks.
     *
     * @param item the item to put; not null
     * @throws Full if there is no room (no waiting getter) now; the item was not put
     * @throws ShutDown if the pipe is shut down
     */
    void putNowait(T item);

    /**
     * Puts {@code item}: with {@code block}, waiting at most {@code timeout} ({@code null}: no
     * limit); see the implementing class for when it blocks and what a kill or Timeout leaves.
     *
     * @param item the item to put; not null
     * @param block false to fail at once rather than wait
     * @param timeout with {@code block}, the longest wait, {@code null} for no limit; not negative
     * @throws Full if the item could not be put without waiting ({@code block} false) or within the timeout
     * @throws ShutDown if the pipe is shut down, before or while waiting
     */
    void put(T item, boolean block, Duration timeout);

    /**
     * Gets an item, waiting as long as it takes. See {@link Queue#get(boolean, Duration)} and {@link Channel#get(boolean, Duration)}.
     *
     * @return the item taken; never null
     * @throws ShutDown if the pipe is shut down and holds no item, before or while waiting
     */
    T get();

    /**
     * Gets an item, waiting at most {@code timeout} ({@code null}: no limit); else {@link Empty}.
     *
     * @param timeout the longest wait, {@code null} for no limit; not negative
     * @return the item taken; never null
     * @throws Empty if no item came before the timeout passed
     * @throws ShutDown if the pipe is shut down and holds no item, before or while waiting
     */
    T get(Duration timeout);

    /**
     * Gets an item if that needs no wait; else {@link Empty}. Never blocks.
     *
     * @return the item taken; never null
     * @throws Empty if no item (no waiting putter, for a {@link Channel}) is there now
     * @throws ShutDown if the pipe is shut down and holds no item
     */
    T getNowait();

    /**
     * Gets an item: with {@code block}, waiting at most {@code timeout} ({@code null}: no limit);
     * see the implementing class for when it blocks and what a kill or Timeout leaves.
     *
     * @param block false to fail at once rather than wait
     * @param timeout with {@code block}, the longest wait, {@code null} for no limit; not negative
     * @return the item taken; never null
     * @throws Empty if no item came without waiting ({@code block} false) or within the timeout
     * @throws ShutDown if the pipe is shut down and holds no item, before or while waiting
     */
    T get(boolean block, Duration timeout);

    /** Shuts the pipe down "done": later puts throw {@link ShutDown}; gets drain what is left, then throw it. Never blocks. */
    void shutdown();

    /**
     * {@link #shutdown()}; with {@code immediate}, items still held are discarded. Never blocks.
     *
     * @param immediate true to discard the items still held, so gets throw {@link ShutDown} at once
     */
    void shutdown(boolean immediate);

    /**
     * Shuts the pipe down with {@code error}: every put and get then throws {@link ShutDown} caused by it. Never blocks.
     *
     * @param error the cause given to every later {@link ShutDown}; not null
     */
    void shutdown(Throwable error);

    /**
     * Whether the pipe was shut down.
     *
     * @return true once any {@code shutdown} method was called; never false again after that
     */
    boolean isShutDown();

    /**
     * The error given to {@link #shutdown(Throwable)}, or null.
     *
     * @return that error; null if the pipe is open or was shut down "done"
     */
    Throwable shutdownError();
}
