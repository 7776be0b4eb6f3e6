package org.gevent4j.socket;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.time.Duration;
import org.gevent4j.internal.Sneaky;

/**
 * gevent's {@code gevent.select}: {@link #select} and {@link #poll()} over gevent4j
 * {@link Socket}s and non-blocking NIO {@link java.nio.channels.SelectableChannel}s, waiting on the
 * hub's selector so that only the calling greenlet blocks.
 */
public final class Select {
    /** There is data to read (or a connection to accept). */
    public static final int POLLIN = 0x001;
    /** Urgent data: accepted for compatibility, never reported. */
    public static final int POLLPRI = 0x002;
    /** Writing will not block (or a connection attempt finished). */
    public static final int POLLOUT = 0x004;
    /** An error condition: never reported separately (the next operation raises it). */
    public static final int POLLERR = 0x008;
    /** Hung up: never reported separately (reading then sees end of stream). */
    public static final int POLLHUP = 0x010;
    /** The object was closed. */
    public static final int POLLNVAL = 0x020;

    private Select() {}

    /**
     * What {@link #select} returns: the objects ready for reading and for writing, each in the
     * order given; {@code exceptional} is always empty (gevent ignores the third list too).
     *
     * @param <T> the type of the objects waited on
     * @param readable the objects of {@code reads} that are ready for reading, in the order given
     * @param writable the objects of {@code writes} that are ready for writing, in the order given
     * @param exceptional always empty, a new mutable list
     */
    public record Result<T>(List<T> readable, List<T> writable, List<T> exceptional) {}

    /**
     * Waits until some of {@code reads} are readable or some of {@code writes} writable, or
     * {@code timeout} passes ({@code null}: no limit; {@link Duration#ZERO}: only a look), and
     * returns those that are: gevent's {@code select.select}. With no objects at all it is a sleep.
     * The objects are gevent4j {@link Socket}s or non-blocking NIO channels; {@code errors} is
     * checked but never reported ready (as in gevent).
     *
     * <p>Blocks cooperatively (even when something is ready at once, it yields once). A kill or
     * {@code Timeout} is raised here and leaves every object as it was. A socket closed meanwhile
     * is reported ready (its next operation raises).
     *
     * @param <T> the type of the objects waited on
     * @param reads objects to wait for readability (or a pending accept); may be empty, not null
     * @param writes objects to wait for writability (or a finished connect); may be empty, not null
     * @param errors objects only checked for being open; may be empty, not null
     * @param timeout the longest wait; {@code null} for no limit, {@link Duration#ZERO} to only look
     * @return the ready objects; both lists empty if the timeout passed first
     * @throws java.net.SocketException if an object is closed or not connected
     * @throws IllegalArgumentException if {@code timeout} is negative or an object is of another kind
     * @throws IllegalStateException if a socket belongs to another hub
     */
    public static <T> Result<T> select(Collection<? extends T> reads, Collection<? extends T> writes,
            Collection<? extends T> errors, Duration timeout) throws IOException {
        Sneaky.checkNotNull("reads", reads);
        Sneaky.checkNotNull("writes", writes);
        Sneaky.checkNotNull("errors", errors);
        Sneaky.checkTimeout("timeout", timeout);
        List<T> readable = new ArrayList<>(), writable = new ArrayList<>();
        try (MultiWait wait = new MultiWait()) {
            List<MultiWait.Entry> r = new ArrayList<>(reads.size()), w = new ArrayList<>(writes.size());
            for (T t : reads) r.add(wait.add(t, true));
            for (T t : writes) w.add(wait.add(t, false));
            for (T t : errors) {
                if (t instanceof Socket s && s.isClosed()) throw new java.net.SocketException("Socket is closed: " + s);
            }
            wait.await(timeout);
            collect(r, readable);
            collect(w, writable);
        }
        return new Result<>(readable, writable, new ArrayList<>());
    }

    @SuppressWarnings("unchecked")
    private static <T> void collect(List<MultiWait.Entry> entries, List<T> into) {
        for (MultiWait.Entry e : entries) {
            if (e.readyOps != 0) into.add((T) e.target);
        }
    }

    /**
     * A new {@link Poll} object: gevent's {@code select.poll()}.
     *
     * @return an empty poll set, to be used by one greenlet at a time
     */
    public static Poll poll() {
        return new Poll();
    }
}
