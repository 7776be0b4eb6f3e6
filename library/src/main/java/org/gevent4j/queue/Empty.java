package org.gevent4j.queue;

import java.io.Serial;

/**
 * Thrown by a get or peek that found no item: at once for the non-blocking forms
 * ({@code getNowait}, {@code get(false, ...)}), or when the timeout passed (gevent's and Python's
 * {@code queue.Empty}).
 */
public final class Empty extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * An Empty with the given detail message.
     *
     * @param message the detail message, naming the queue operation that found nothing; may be null
     */
    public Empty(String message) {
        super(message);
    }
}
