package org.gevent4j;

import org.gevent4j.internal.Sneaky;

/**
 * A {@link Runnable} whose body may throw checked exceptions, so that
 * {@code Gevent.spawn(() -> { Thread.sleep(3000); })} compiles. Overloads taking it are chosen
 * over the {@code Runnable} ones for lambdas (it is the more specific type); what the body throws
 * becomes the greenlet's {@linkplain Greenlet#exception() exception}.
 */
@FunctionalInterface
public interface ThrowingRunnable extends Runnable {
    /**
     * The body.
     *
     * @throws Exception anything; {@link #run()} rethrows it unchanged
     */
    void runThrowing() throws Exception;

    /** Runs the body, rethrowing a checked exception unchanged. */
    @Override
    default void run() {
        try {
            runThrowing();
        } catch (Exception e) {
            throw Sneaky.rethrow(e);
        }
    }
}
