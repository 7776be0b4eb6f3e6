package org.gevent4j.lock;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * The four mutual-exclusion types, seen through one interface so the contract suite runs over each
 * of them: a Semaphore and a BoundedSemaphore of one permit, a Lock, and an RLock.
 */
enum LockKind {
    SEMAPHORE(() -> new Semaphore(1)),
    BOUNDED_SEMAPHORE(() -> new BoundedSemaphore(1)),
    LOCK(Lock::new),
    RLOCK(RLock::new);

    private final Supplier<Object> factory;

    LockKind(Supplier<Object> factory) {
        this.factory = factory;
    }

    /** A fresh, unlocked instance behind the common interface. */
    Mutex create() {
        Object o = factory.get();
        if (o instanceof RLock r) {
            return new Mutex() {
                public void acquire() { r.acquire(); }
                public boolean acquire(boolean blocking, Duration timeout) { return r.acquire(blocking, timeout); }
                public void release() { r.release(); }
                public boolean locked() { return r.locked(); }
                public Permit hold() { return r.hold(); }
                @Override public String toString() { return r.toString(); }
            };
        }
        Semaphore s = (Semaphore) o;
        return new Mutex() {
            public void acquire() { s.acquire(); }
            public boolean acquire(boolean blocking, Duration timeout) { return s.acquire(blocking, timeout); }
            public void release() { s.release(); }
            public boolean locked() { return s.locked(); }
            public Permit hold() { return s.hold(); }
            @Override public String toString() { return s.toString(); }
        };
    }

    /** The common surface of the four types. */
    interface Mutex {
        void acquire();

        boolean acquire(boolean blocking, Duration timeout);

        void release();

        boolean locked();

        Permit hold();
    }
}
