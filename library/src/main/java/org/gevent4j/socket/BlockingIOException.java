package org.gevent4j.socket;

import java.io.IOException;
import java.io.Serial;

/**
 * Python's {@code BlockingIOError} ({@code EWOULDBLOCK}/{@code EINPROGRESS}): an operation on a
 * non-blocking socket (timeout {@link java.time.Duration#ZERO}) could not complete at once. The
 * socket is unchanged; try again later (for instance after {@link Select#select}).
 */
public final class BlockingIOException extends IOException {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * An error with the given message, for an operation that would have had to wait.
     *
     * @param message what could not complete, for the exception's message
     */
    public BlockingIOException(String message) {
        super(message);
    }
}
