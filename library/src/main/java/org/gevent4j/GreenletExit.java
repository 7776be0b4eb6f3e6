package org.gevent4j;

import java.io.Serial;

/**
 * What {@link Greenlet#kill()} raises in a greenlet by default. A greenlet that dies of it counts
 * as {@linkplain Greenlet#successful() successful}, as in gevent.
 *
 * <p>It extends {@link Error}, as gevent makes it a {@code BaseException}: a {@code catch
 * (Exception e)} in user code must not swallow a kill. Catch it only to clean up, then rethrow.
 */
public class GreenletExit extends Error {
    @Serial
    private static final long serialVersionUID = 1L;
    /** A kill without a message. */

    public GreenletExit() {
        super();
    }
    /**
     * A kill with a message.
     *
     * @param message why the greenlet is being killed; may be {@code null}
     */

    public GreenletExit(String message) {
        super(message);
    }
}
