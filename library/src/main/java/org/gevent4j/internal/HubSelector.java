package org.gevent4j.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.Cleaner;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;

/*
 * The I/O half of a Loop: gevent's io watchers on libev, here an NIO Selector that the loop's
 * carrier selects on itself when it has nothing to run. Selecting on the platform thread is a real
 * epoll_wait, so readiness unparks a greenlet with no thread hop; a greenlet calling
 * Selector.select would park in the JDK's pollers instead.
 *
 * The selector is opened on first registration (most hubs never do I/O and so never pay for the
 * descriptors) and closed by destroy() or, failing that, when the loop is garbage collected.
 * Everything here is confined to the carrier except wakeup() and releaseCancelledKeys().
 */
final class HubSelector {
    private static final Cleaner CLEANER = Cleaner.create(Thread.ofPlatform().daemon().name("gevent4j-cleaner").factory());

    private final Loop loop;
    /** Written once, by the carrier, before any wait that selects on it can publish `sleeping`. */
    private volatile Selector selector;
    /** Greenlets waiting for readiness: like refs, they keep the loop from LoopExit. */
    private int waiters;
    /** Inside a select call (its readiness callbacks run): no nested select. */
    private boolean selecting;

    HubSelector(Loop loop) {
        this.loop = loop;
    }

    boolean isOpen() {
        return selector != null;
    }

    boolean hasWaiters() {
        return waiters > 0;
    }

    int waiters() {
        return waiters;
    }

    /** Registered keys, read racily from any thread (for run-info); 0 before the selector exists. */
    int keyCount() {
        Selector sel = selector;
        if (sel == null) return 0;
        try {
            return sel.keys().size();
        } catch (RuntimeException e) { // closed, or changing under us: a racy read has no better answer
            return -1;
        }
    }

    void waiting(int delta) {
        waiters += delta;
    }

    Selector selector() {
        Selector sel = selector;
        if (sel == null) {
            if (!loop.inLoop()) {
                throw new IllegalStateException("the hub of " + loop.carrier + " does I/O only for its own greenlets");
            }
            try {
                sel = Selector.open();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open the hub's selector", e);
            }
            Selector opened = sel;
            CLEANER.register(loop, () -> closeQuietly(opened)); // captures the selector, not the loop
            selector = sel;
        }
        return sel;
    }

    SelectionKey register(SelectableChannel channel, Loop.IoHandler handler) throws IOException {
        return channel.register(selector(), 0, handler);
    }

    /** Wakes a carrier blocked in select; false if there is no selector (the carrier parks instead). */
    boolean wakeup() {
        Selector sel = selector;
        if (sel == null) return false;
        sel.wakeup();
        return true;
    }

    /** Whether a non-blocking poll may run now: a selector exists, the caller is on the carrier, not inside a select. */
    boolean mayPoll() {
        return selector != null && !selecting && loop.inLoop();
    }

    /**
     * Selects and dispatches ready keys to their handlers: {@code timeoutMillis} < 0 polls, 0 waits
     * until readiness or a wakeup. Returns how many keys were dispatched.
     */
    int select(long timeoutMillis) {
        selecting = true;
        try {
            return timeoutMillis < 0 ? selector.selectNow(this::dispatch) : selector.select(this::dispatch, timeoutMillis);
        } catch (IOException e) {
            loop.handleError(loop, e);
            return 0;
        } finally {
            selecting = false;
        }
    }

    private void dispatch(SelectionKey key) {
        Object handler = key.attachment();
        boolean watched = loop.watching && loop.probe.begin(handler);
        try {
            ((Loop.IoHandler) handler).ready(key);
        } catch (Throwable t) {
            loop.handleError(handler, t);
        } finally {
            if (watched) loop.probe.end();
        }
    }

    /** Any thread: closed channels' keys are released at the carrier's next poll. */
    void releaseCancelledKeys() {
        if (selector == null) return;
        if (loop.inLoop()) loop.pollNow();
        else loop.execute(loop::pollNow);
    }

    void close() {
        Selector sel = selector;
        if (sel != null) closeQuietly(sel); // the Cleaner's later close is a no-op
    }

    private static void closeQuietly(Selector sel) {
        try {
            sel.close();
        } catch (IOException ignored) {
            // Nothing more to release.
        }
    }
}
