package org.gevent4j.socket;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.gevent4j.internal.Sneaky;

/**
 * gevent's {@code select.poll} object: a set of objects ({@link Socket}s or non-blocking NIO
 * channels), each with the events it is watched for ({@link Select#POLLIN},
 * {@link Select#POLLOUT}), and {@link #poll} to wait for some. Meant for one greenlet at a time.
 */
public final class Poll {
    /**
     * One ready object and its events ({@code POLLIN}, {@code POLLOUT}, or {@code POLLNVAL} if closed).
     *
     * @param fd the registered object, as it was given to {@link Poll#register(Object, int)}
     * @param events the events it is ready for: a bit set of {@link Select}'s {@code POLL*} constants
     */
    public record Event(Object fd, int events) {}

    private final Map<Object, Integer> registered = new LinkedHashMap<>();

    Poll() {}

    /**
     * {@link #register(Object, int)} for {@code POLLIN | POLLPRI | POLLOUT}, Python's default.
     *
     * @param fd a gevent4j {@link Socket} or a non-blocking NIO channel; not null
     */
    public void register(Object fd) {
        register(fd, Select.POLLIN | Select.POLLPRI | Select.POLLOUT);
    }

    /**
     * Watches {@code fd} for {@code eventMask}; registering it again replaces its mask.
     *
     * @param fd a gevent4j {@link Socket} or a non-blocking NIO channel; not null
     * @param eventMask a bit set of {@link Select#POLLIN}, {@link Select#POLLPRI}, {@link Select#POLLOUT}
     */
    public void register(Object fd, int eventMask) {
        Sneaky.checkNotNull("fd", fd);
        registered.put(fd, eventMask);
    }

    /**
     * Changes the events {@code fd} is watched for.
     *
     * @param fd an object already registered
     * @param eventMask the new bit set of {@link Select#POLLIN}, {@link Select#POLLPRI}, {@link Select#POLLOUT}
     * @throws NoSuchElementException if {@code fd} is not registered (Python: {@code ENOENT})
     */
    public void modify(Object fd, int eventMask) {
        if (!registered.containsKey(fd)) throw new NoSuchElementException("not registered: " + fd);
        registered.put(fd, eventMask);
    }

    /**
     * Stops watching {@code fd}.
     *
     * @param fd an object already registered
     * @throws NoSuchElementException if {@code fd} is not registered (Python: {@code KeyError})
     */
    public void unregister(Object fd) {
        if (registered.remove(fd) == null) throw new NoSuchElementException("not registered: " + fd);
    }

    /**
     * Waits until some registered object is ready for its events, or {@code timeout} passes
     * ({@code null}: no limit; {@link Duration#ZERO}: only a look), and returns the ready ones in
     * registration order. A closed object is reported with {@code POLLNVAL}.
     *
     * <p>Blocks cooperatively, like {@link Select#select}; a kill or {@code Timeout} is raised here
     * and leaves the objects as they were.
     *
     * @param timeout the longest wait; {@code null} for no limit, {@link Duration#ZERO} to only look
     * @return the ready objects with their ready events, in registration order; empty if the timeout passed
     * @throws IOException if a registered socket is not usable (not connected, for instance)
     */
    public List<Event> poll(Duration timeout) throws IOException {
        Sneaky.checkTimeout("timeout", timeout);
        List<Event> out = new ArrayList<>();
        List<Event> closed = new ArrayList<>();
        try (MultiWait wait = new MultiWait()) {
            List<MultiWait.Entry[]> entries = new ArrayList<>();
            for (Map.Entry<Object, Integer> r : registered.entrySet()) {
                Object fd = r.getKey();
                int mask = r.getValue();
                if (isClosed(fd)) {
                    closed.add(new Event(fd, Select.POLLNVAL));
                    entries.add(null);
                    continue;
                }
                MultiWait.Entry in = (mask & Select.POLLIN) != 0 ? wait.add(fd, true) : null;
                MultiWait.Entry outE = (mask & Select.POLLOUT) != 0 && !isListening(fd) ? wait.add(fd, false) : null;
                entries.add(new MultiWait.Entry[] {in, outE});
            }
            if (!closed.isEmpty()) return closed;
            wait.await(timeout);
            int i = 0;
            for (Object fd : registered.keySet()) {
                MultiWait.Entry[] e = entries.get(i++);
                int events = 0;
                boolean gone = false;
                if (e[0] != null && e[0].readyOps != 0) {
                    events |= Select.POLLIN;
                    gone |= e[0].closed();
                }
                if (e[1] != null && e[1].readyOps != 0) {
                    events |= Select.POLLOUT;
                    gone |= e[1].closed();
                }
                if (gone) events = Select.POLLNVAL;
                if (events != 0) out.add(new Event(fd, events));
            }
        }
        return out;
    }

    private static boolean isClosed(Object fd) {
        return fd instanceof Socket s ? s.isClosed() : fd instanceof java.nio.channels.Channel c && !c.isOpen();
    }

    private static boolean isListening(Object fd) {
        Object ch = fd instanceof Socket s ? s.channel() : fd;
        return ch instanceof java.nio.channels.ServerSocketChannel;
    }
}
