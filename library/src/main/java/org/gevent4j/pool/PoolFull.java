package org.gevent4j.pool;

import java.io.Serial;

/**
 * Thrown by {@link Pool#add(org.gevent4j.Greenlet, boolean, java.time.Duration)} (and the
 * {@code start}/{@code spawn} variants with a timeout) when the pool is full and the call may not
 * wait, or its timeout passed first: gevent's {@code PoolFull}.
 */
public final class PoolFull extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * A PoolFull with the given message.
     *
     * @param message what was full and for how long it was waited for
     */
    public PoolFull(String message) {
        super(message);
    }
}
