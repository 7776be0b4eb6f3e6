package org.gevent4j.internal;

import java.io.IOException;
import java.net.SocketException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.util.ArrayList;
import org.gevent4j.ConcurrentObjectUseError;

/*
 * Implementation overview
 *
 * An IoWatcher is gevent's pair of io watchers (read_event, write_event) for one channel on one
 * loop's selector: the channel's SelectionKey, at most one strand waiting on each side (reading:
 * OP_READ/OP_ACCEPT; writing: OP_WRITE/OP_CONNECT), and any number of listeners (select()/poll()
 * calls watching the channel without reading it).
 *
 * Interest ops: a waiter adds its op before it parks. The read side is left armed after the wait
 * (a socket that is read once is usually read again: the next wait then costs no epoll_ctl); a
 * readiness event that nobody waits for disarms it. The write side is disarmed when its wait ends,
 * since an idle socket is nearly always writable and would wake every select.
 *
 * Threading: waits, listeners and ready() are confined to the loop's carrier. close() may come
 * from any thread: `closed` and the waiter fields are volatile (a Dekker pair: the waiter publishes
 * itself, then reads `closed`; close() publishes `closed`, then reads the waiters), so a waiter is
 * always either refused or woken.
 */
public final class IoWatcher implements Loop.IoHandler {
    private static final int READ_SIDE = SelectionKey.OP_READ | SelectionKey.OP_ACCEPT;
    private static final int WRITE_SIDE = SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT;

    /** Something watching the channel without being its reader or writer (a select() or poll()). */
    public abstract static class Listener {
        /** The ops to watch; fixed while registered. */
        protected int ops;

        /** Called on the carrier with the ready subset of {@link #ops}; must not block. */
        protected abstract void ready(int readyOps);
    }

    public final Loop loop;
    private final SelectionKey key;
    private volatile Strand reader, writer;
    private boolean readReady, writeReady;
    /** The selector reported the read side ready since {@link #clearReadableSeen()} (a hint for readers). */
    private boolean readableSeen;
    private volatile boolean closed;
    private final ArrayList<Listener> listeners = new ArrayList<>(1);

    private IoWatcher(Loop loop, SelectableChannel channel) throws IOException {
        this.loop = loop;
        this.key = loop.register(channel, this);
    }

    /**
     * The watcher of {@code channel} (non-blocking) on the current strand's loop, registering it on
     * first use. Carrier only.
     */
    public static IoWatcher of(SelectableChannel channel) throws IOException {
        Loop loop = Strand.current().loop;
        SelectionKey k = channel.keyFor(loop.selector());
        if (k != null) {
            if (k.attachment() instanceof IoWatcher w && k.isValid()) return w;
            throw new ClosedChannelException();
        }
        return new IoWatcher(loop, channel);
    }

    /**
     * Waits on the current strand until the channel is ready for {@code op} or the loop's clock
     * reaches {@code deadline}; false on the deadline. One strand per side at a time.
     *
     * @throws ConcurrentObjectUseError if another strand already waits on the same side
     * @throws SocketException if the channel is closed before or during the wait
     * @throws IllegalStateException if the caller is not on this watcher's loop
     */
    public boolean await(int op, long deadline) throws SocketException {
        Strand s = Strand.current();
        if (s.loop != loop) {
            throw new IllegalStateException("this socket is watched by the hub of " + loop.carrier()
                    + "; it cannot wait on the hub of " + s.loop.carrier() + " (a socket belongs to the hub that first "
                    + "waited on it)");
        }
        boolean read = (op & READ_SIDE) != 0;
        Strand other = read ? reader : writer;
        if (other != null) {
            throw new ConcurrentObjectUseError("This socket is already used by another greenlet: " + other);
        }
        if (read) {
            readReady = false;
            reader = s;
        } else {
            writeReady = false;
            writer = s;
        }
        try {
            if (closed) throw closedInAnotherGreenlet();
            try {
                int interest = key.interestOps();
                if ((interest & op) != op) key.interestOps(interest | op);
            } catch (CancelledKeyException e) {
                throw closedInAnotherGreenlet();
            }
            loop.ioWaiting(1);
            try {
                while (true) {
                    boolean inTime = s.park(deadline);
                    if (closed) throw closedInAnotherGreenlet();
                    if (read ? readReady : writeReady) return true;
                    if (!inTime) return false;
                }
            } finally {
                loop.ioWaiting(-1);
            }
        } finally {
            if (read) {
                reader = null;
            } else {
                writer = null;
                disarm(op);
            }
        }
    }

    /**
     * Whether the selector has reported the read side ready since {@link #clearReadableSeen()}: a
     * reader that emptied the channel's buffer and sees false may wait for readiness instead of
     * trying a read that would most likely find nothing. Carrier only.
     */
    public boolean readableSeen() {
        return readableSeen;
    }

    /** Forgets reported read readiness: called by a reader that has just emptied the channel's buffer. Carrier only. */
    public void clearReadableSeen() {
        readableSeen = false;
    }

    /** Watches the channel for {@code l.ops} until {@link #remove}. Carrier only. */
    public void add(Listener l) throws SocketException {
        if (closed) throw new SocketException("Socket is closed");
        listeners.add(l);
        try {
            int interest = key.interestOps();
            if ((interest & l.ops) != l.ops) key.interestOps(interest | l.ops);
        } catch (CancelledKeyException e) {
            listeners.remove(l);
            throw new SocketException("Socket is closed");
        }
    }

    /** Stops watching for {@code l}. Carrier only. */
    public void remove(Listener l) {
        if (listeners.remove(l)) disarm(l.ops & WRITE_SIDE);
    }

    /** Drops write-side {@code ops} from the interest set unless someone still waits for them. */
    private void disarm(int ops) {
        ops &= WRITE_SIDE;
        if (ops == 0 || !key.isValid()) return;
        if (writer != null) ops &= ~WRITE_SIDE;
        for (int i = 0; i < listeners.size(); i++) ops &= ~listeners.get(i).ops;
        if (ops == 0) return;
        try {
            key.interestOps(key.interestOps() & ~ops);
        } catch (CancelledKeyException ignored) {
            // Closed meanwhile: nothing left to disarm.
        }
    }

    @Override
    public void ready(SelectionKey k) {
        int r = k.readyOps();
        int wanted = 0;
        if ((r & READ_SIDE) != 0) {
            readableSeen = true;
            Strand s = reader;
            if (s != null) {
                readReady = true;
                wanted |= READ_SIDE;
                s.unpark();
            }
        }
        if ((r & WRITE_SIDE) != 0) {
            Strand s = writer;
            if (s != null) {
                writeReady = true;
                wanted |= WRITE_SIDE;
                s.unpark();
            }
        }
        for (int i = 0; i < listeners.size(); i++) {
            Listener l = listeners.get(i);
            wanted |= l.ops;
            int mine = r & l.ops;
            if (mine != 0) l.ready(mine);
        }
        int unwanted = r & ~wanted;
        if (unwanted != 0 && k.isValid()) k.interestOps(k.interestOps() & ~unwanted);
    }

    /** Wakes the side(s) of {@code ops} as if ready: its waiter retries its operation (after a shutdown). Carrier only. */
    public void wake(int ops) {
        if ((ops & READ_SIDE) != 0 && reader != null) {
            readReady = true;
            reader.unpark();
        }
        if ((ops & WRITE_SIDE) != 0 && writer != null) {
            writeReady = true;
            writer.unpark();
        }
    }

    /**
     * Marks the channel closed and wakes its waiters, which raise "File descriptor was closed in
     * another greenlet"; listeners see it as ready. Call before closing the channel. Any thread.
     */
    public void markClosed() {
        if (closed) return;
        closed = true;
        Strand r = reader, w = writer;
        if (r != null) r.unpark();
        if (w != null) w.unpark();
        if (loop.inLoop()) {
            notifyListenersClosed();
        } else {
            loop.execute(this::notifyListenersClosed);
        }
    }

    private void notifyListenersClosed() {
        for (Listener l : listeners.toArray(Listener[]::new)) l.ready(l.ops);
    }

    /** After the channel is closed: releases its descriptor now, not at the loop's next select. Any thread. */
    public void released() {
        loop.releaseCancelledKeys();
    }

    public boolean isClosed() {
        return closed;
    }

    /** gevent's cancel_wait_ex (EBADF). */
    private static SocketException closedInAnotherGreenlet() {
        return new SocketException("File descriptor was closed in another greenlet");
    }
}
