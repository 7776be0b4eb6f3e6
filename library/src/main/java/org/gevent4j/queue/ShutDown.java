package org.gevent4j.queue;

import java.io.Serial;

/**
 * Thrown by a put into a queue that was {@linkplain Queue#shutdown() shut down}, and by a get once
 * such a queue is empty (Python 3.13's {@code queue.ShutDown}, which gevent re-exports). For a queue
 * or channel shut down with an error ({@link Queue#shutdown(Throwable)},
 * {@link Channel#shutdown(Throwable)}), {@link #getCause()} is that error.
 */
public final class ShutDown extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * A ShutDown with the given detail message.
     *
     * @param message the detail message; may be null
     */
    public ShutDown(String message) {
        super(message);
    }

    /**
     * A ShutDown with the given detail message, caused by {@code cause} (the error the queue was shut down with).
     *
     * @param message the detail message; may be null
     * @param cause the error given to {@code shutdown(Throwable)}; may be null
     */
    public ShutDown(String message, Throwable cause) {
        super(message, cause);
    }
}
