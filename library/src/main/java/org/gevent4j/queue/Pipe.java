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
    /** The bound on the items held: a {@link Queue}'s maxsize (0 if unbounded), a {@link Channel}'s 0. */
    int maxsize();

    /** The number of items held now (always 0 for a {@link Channel}). */
    int qsize();

    /** Whether no item is held now (always true for a {@link Channel}). */
    boolean empty();

    /** Whether a bounded {@link Queue} holds maxsize items now (always true for a {@link Channel}). */
    boolean full();

    /**
     * Puts {@code item}, waiting as long as it takes. See {@link Queue#put(Object, boolean, Duration)}
     * and {@link Channel#put(Object, boolean, Duration)}.
     */
    void put(T item);

    /** Puts {@code item}, waiting at most {@code timeout} ({@code null}: no limit); else {@link Full}. */
    void put(T item, Duration timeout);

    /** Puts {@code item} if that needs no wait; else {@link Full}. Never blocks. */
    void putNowait(T item);

    /**
     * Puts {@code item}: with {@code block}, waiting at most {@code timeout} ({@code null}: no
     * limit); see the implementing class for when it blocks and what a kill or Timeout leaves.
     */
    void put(T item, boolean block, Duration timeout);

    /** Gets an item, waiting as long as it takes. See {@link Queue#get(boolean, Duration)} and {@link Channel#get(boolean, Duration)}. */
    T get();

    /** Gets an item, waiting at most {@code timeout} ({@code null}: no limit); else {@link Empty}. */
    T get(Duration timeout);

    /** Gets an item if that needs no wait; else {@link Empty}. Never blocks. */
    T getNowait();

    /**
     * Gets an item: with {@code block}, waiting at most {@code timeout} ({@code null}: no limit);
     * see the implementing class for when it blocks and what a kill or Timeout leaves.
     */
    T get(boolean block, Duration timeout);

    /** Shuts the pipe down "done": later puts throw {@link ShutDown}; gets drain what is left, then throw it. Never blocks. */
    void shutdown();

    /** {@link #shutdown()}; with {@code immediate}, items still held are discarded. Never blocks. */
    void shutdown(boolean immediate);

    /** Shuts the pipe down with {@code error}: every put and get then throws {@link ShutDown} caused by it. Never blocks. */
    void shutdown(Throwable error);

    /** Whether the pipe was shut down. */
    boolean isShutDown();

    /** The error given to {@link #shutdown(Throwable)}, or null. */
    Throwable shutdownError();
}
