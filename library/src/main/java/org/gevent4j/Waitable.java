package org.gevent4j;

import java.util.function.Consumer;

/**
 * Something a greenlet can wait for: a {@link Greenlet}, an event, a semaphore, a process.
 * {@link Gevent#wait} and {@link Gevent#iwait} work on any mix of them.
 */
public interface Waitable {
    /**
     * Whether waiting on this object would return at once.
     *
     * @return true if a wait on this object would not block
     */
    boolean ready();

    /**
     * Registers {@code callback} to be called with this object when it becomes ready (at once if it
     * is ready already). The callback runs in the hub, or in the thread that made this object
     * ready: it must be quick, must not block and must not throw.
     *
     * @param callback called once with this object; must not block or throw
     */
    void rawlink(Consumer<? super Waitable> callback);

    /**
     * Removes a callback registered with {@link #rawlink} (or a link method); no effect if absent.
     *
     * @param callback the callback to remove, as it was registered
     */
    void unlink(Consumer<?> callback);
}
