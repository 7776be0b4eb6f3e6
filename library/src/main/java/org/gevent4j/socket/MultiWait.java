package org.gevent4j.socket;

import java.io.IOException;
import java.net.SocketException;
import java.nio.channels.SelectableChannel;
import java.util.ArrayList;
import java.util.List;
import org.gevent4j.internal.IoWatcher;
import org.gevent4j.internal.Loop;
import org.gevent4j.internal.Sneaky;
import org.gevent4j.internal.Strand;

/*
 * One select() or poll() call: a listener per (object, direction) on the objects' watchers, a
 * poll of the selector to see what is ready now, then a park until one fires or the deadline.
 * Listeners run on the carrier (readiness callbacks): they only record and unpark.
 */
final class MultiWait implements AutoCloseable {
    final class Entry extends IoWatcher.Listener {
        final Object target;
        final IoWatcher watcher;
        int readyOps;

        Entry(Object target, IoWatcher watcher, int ops) {
            this.target = target;
            this.watcher = watcher;
            this.ops = ops;
        }

        @Override
        protected void ready(int r) {
            if (readyOps == 0) hits++;
            readyOps |= r;
            strand.unpark();
        }

        boolean closed() {
            return watcher.isClosed() || target instanceof SelectableChannel c && !c.isOpen();
        }
    }

    private final Strand strand = Strand.current();
    private final Loop loop = strand.loop;
    final List<Entry> entries = new ArrayList<>();
    private int hits;

    /** Watches {@code target} (a {@link Socket} or a non-blocking {@link SelectableChannel}) for reading or writing. */
    Entry add(Object target, boolean read) throws IOException {
        Sneaky.checkNotNull("select/poll object", target);
        SelectableChannel ch;
        IoWatcher w;
        if (target instanceof Socket s) {
            if (s.isClosed()) throw new SocketException("Socket is closed: " + s);
            ch = s.channel();
            if (ch == null) throw new SocketException("Socket is not connected: " + s);
            w = s.watcher();
        } else if (target instanceof SelectableChannel c) {
            ch = c;
            w = Sockets.watcherOf(c);
        } else {
            throw new IllegalArgumentException("select/poll takes gevent4j Sockets and NIO SelectableChannels, not "
                    + target.getClass().getName());
        }
        if (w.loop != loop) {
            throw new IllegalStateException(target + " belongs to the hub of " + w.loop.carrier() + ", not this one");
        }
        Entry e = new Entry(target, w, read ? Sockets.readOp(ch) : Sockets.writeOp(ch));
        w.add(e);
        entries.add(e);
        return e;
    }

    /**
     * Waits until an entry is ready or {@code timeout} passes ({@code null}: no limit, ZERO: only
     * a look). Whatever became ready by then is in the entries' readyOps.
     */
    void await(java.time.Duration timeout) {
        if (!entries.isEmpty()) loop.pollNow();
        if (hits > 0 || (timeout != null && timeout.isZero())) {
            // Ready at once: still a switch point, as in gevent, so a polling loop cannot starve others.
            strand.yieldNow();
            return;
        }
        long deadline = loop.deadlineAfter(timeout);
        boolean io = !entries.isEmpty();
        if (io) loop.ioWaiting(1);
        try {
            while (hits == 0 && strand.park(deadline)) {
                // woken early (spuriously): wait on
            }
        } finally {
            if (io) loop.ioWaiting(-1);
        }
    }

    @Override
    public void close() {
        for (Entry e : entries) e.watcher.remove(e);
    }
}
