package org.gevent4j.websocket;

import java.time.Duration;
import org.gevent4j.Gevent;

/**
 * Yields to the hub after every MiB read: a read that finds bytes already buffered returns
 * without parking, so a big message arriving fast would otherwise be decoded (unmasked,
 * validated, inflated) in one stretch while the hub's other connections wait. The yield comes
 * before a read, when no byte is in flight, so a kill or Timeout raised there loses nothing.
 */
final class ReadBudget {
    private static final long BUDGET = 1 << 20;
    private long since;

    /** Before a read. */
    void before() {
        if (since >= BUDGET) {
            since = 0;
            Gevent.sleep(Duration.ZERO);
        }
    }

    /** After a read that returned {@code n}; returns {@code n}. */
    int after(int n) {
        if (n > 0) since += n;
        return n;
    }
}
