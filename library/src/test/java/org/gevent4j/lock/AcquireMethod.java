package org.gevent4j.lock;

import java.time.Duration;

/**
 * Every way to take a lock and wait for it (the JSR-166 TCK's AcquireMethod): each contract test
 * that waits runs once per flavour. Each returns what undoes it.
 */
enum AcquireMethod {
    /** {@code acquire()}. */
    ACQUIRE {
        @Override
        Runnable acquire(LockKind.Mutex m) {
            m.acquire();
            return m::release;
        }
    },
    /** {@code acquire(true, null)}. */
    BLOCKING_NO_TIMEOUT {
        @Override
        Runnable acquire(LockKind.Mutex m) {
            if (!m.acquire(true, null)) throw new AssertionError("acquire(true, null) returned false");
            return m::release;
        }
    },
    /** {@code acquire(true, 1 hour)}: long enough never to expire in these tests. */
    TIMED {
        @Override
        Runnable acquire(LockKind.Mutex m) {
            if (!m.acquire(true, Duration.ofHours(1))) throw new AssertionError("timed acquire expired");
            return m::release;
        }
    },
    /** {@code hold()}: the try-with-resources form; closing the permit releases. */
    HOLD {
        @Override
        Runnable acquire(LockKind.Mutex m) {
            Permit p = m.hold();
            return p::close;
        }
    };

    /** Takes the lock, waiting as long as it takes; returns the action that releases it. */
    abstract Runnable acquire(LockKind.Mutex m);
}
