package org.gevent4j.examples;

import java.util.function.Function;
import org.gevent4j.greenlet.RawGreenlet;

/**
 * A {@link RawGreenlet}'s run function that may throw checked exceptions, so that a translated
 * seed function can call {@code Thread.sleep} (Python's {@code time.sleep}) as it is.
 */
@FunctionalInterface
interface RawRun {
    /** The function's body; {@code args} are those of the first {@code switchTo}. */
    Object run(Object... args) throws Exception;

    /** Adapts {@code body} to what {@code new RawGreenlet(...)} takes; a checked exception passes unchanged. */
    static Function<Object[], Object> of(RawRun body) {
        return args -> {
            try {
                return body.run(args);
            } catch (Exception e) {
                throw RawRun.<RuntimeException>sneaky(e);
            }
        };
    }

    // Rethrows without wrapping, so the parent greenlet sees the very exception the body threw.
    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E sneaky(Throwable t) throws E {
        throw (E) t;
    }
}
