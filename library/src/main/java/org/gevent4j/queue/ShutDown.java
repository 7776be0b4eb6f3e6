package org.gevent4j.queue;

import java.io.Serial;

/**
 * Thrown by a put into a queue that was {@linkplain Queue#shutdown() shut down}, and by a get once
 * such a queue is empty (Python 3.13's {@code queue.ShutDown}, which gevent re-exports).
 */
public final class ShutDown extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** A ShutDown with the given detail message. */
    public ShutDown(String message) {
        super(message);
    }
}
