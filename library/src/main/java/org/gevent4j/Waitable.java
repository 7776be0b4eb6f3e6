package org.gevent4j;

import java.util.function.Consumer;

/**
 * Something a greenlet can wait for: a {@link Greenlet}, an event, a semaphore, a process.
 * {@link Gevent#wait} and {@link Gevent#iwait} work on any mix of them.
 */
public interface Waitable {
    /** Whether waiting on this object would return at once. */
    boolean ready();

    /**
     * Registers {@code callback} to be called with this object when it becomes ready (at once if it
     * is ready already). The callback runs in the hub, or in the thread that made this object
     * ready: it must be quick, must not block and must not throw.
     */
    void rawlink(Consumer<? super Waitable> callback);

    /** Removes a callback registered with {@link #rawlink} (or a link method); no effect if absent. */
    void unlink(Consumer<?> callback);
}
