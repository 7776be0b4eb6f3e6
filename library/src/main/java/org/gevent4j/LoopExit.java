package org.gevent4j;

import java.io.Serial;

/**
 * gevent's "This operation would block forever": thrown in a main greenlet (a platform thread
 * waiting in a gevent4j call) when nothing left on its hub can ever wake it — no runnable
 * greenlet, no timer, no I/O or other-thread wake-up pending. A deadlock is reported, never a
 * silent hang.
 */
public final class LoopExit extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    public LoopExit(String message) {
        super(message);
    }
}
