package org.gevent4j.queue;

import java.io.Serial;

/**
 * Thrown by a put that found no room: at once for the non-blocking forms ({@code putNowait},
 * {@code put(item, false, ...)}), or when the timeout passed (gevent's and Python's
 * {@code queue.Full}). The item was not put.
 */
public final class Full extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * A Full with the given detail message.
     *
     * @param message the detail message, naming the queue operation that found no room; may be null
     */
    public Full(String message) {
        super(message);
    }
}
