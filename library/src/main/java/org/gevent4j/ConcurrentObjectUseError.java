package org.gevent4j;

import java.io.Serial;

/**
 * gevent's {@code ConcurrentObjectUseError}: an object that allows one waiting greenlet at a time
 * was waited on by a second one while the first still waited. For a socket, two greenlets
 * reading (or two writing) at once: "This socket is already used by another greenlet". This is a
 * programming error; the first greenlet's wait is not disturbed.
 *
 * <p>gevent makes it an {@code AssertionError}; here it is an {@link IllegalStateException}, so
 * that it is unchecked but, unlike {@code java.lang.AssertionError}, still an {@code Exception}.
 */
public final class ConcurrentObjectUseError extends IllegalStateException {
    @Serial
    private static final long serialVersionUID = 1L;
    /**
     * Creates the error.
     *
     * @param message what was used twice, for the reader of the stack trace
     */

    public ConcurrentObjectUseError(String message) {
        super(message);
    }
}
