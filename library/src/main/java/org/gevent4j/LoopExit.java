package org.gevent4j;

import java.io.Serial;

/**
 * gevent's "This operation would block forever": thrown in a main greenlet (a platform thread
 * waiting in a gevent4j call) when nothing left on its hub can ever wake it — no runnable
 * greenlet, no timer, no I/O or other-thread wake-up pending. A deadlock is reported, never a
 * silent hang.
 *
 * <p>As in gevent, a wake-up that a thread outside gevent4j will deliver later does not count
 * unless the hub knows about it: a gevent4j object already used by that thread (or by a greenlet of
 * another hub), {@code AsyncResult.from(future)}, a greenlet of another hub being joined, a
 * greenlet this hub spawned onto a {@link HubGroup} that is still alive. A program whose main
 * greenlet waits for a plain thread that has not used the object yet gets this exception; let that
 * thread use the object first, or hand the result over through {@code AsyncResult.from}. The hubs
 * of a {@link HubGroup} never get it: the group holds them open.
 */
public final class LoopExit extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;
    /**
     * Creates the exception.
     *
     * @param message what the main greenlet was waiting for
     */

    public LoopExit(String message) {
        super(message);
    }
}
