/**
 * Locks for greenlets: gevent's {@code gevent.lock} module.
 *
 * <ul>
 *   <li>{@link org.gevent4j.lock.Semaphore}: a counter of permits; {@code acquire} takes one,
 *       waiting while there is none; {@code release} returns one.
 *   <li>{@link org.gevent4j.lock.BoundedSemaphore}: a semaphore that refuses to be released above
 *       its initial value (the safer choice).
 *   <li>{@link org.gevent4j.lock.Lock}: a mutex, {@code threading.Lock}: a bounded semaphore of one.
 *   <li>{@link org.gevent4j.lock.RLock}: a mutex its owner greenlet may acquire again.
 *   <li>{@link org.gevent4j.lock.DummySemaphore}: a semaphore that never blocks, for code that
 *       takes a semaphore but sometimes needs no limit.
 * </ul>
 *
 * <p>Python's {@code with sem:} is {@code try (var _ = sem.hold()) { ... }}: the {@link
 * org.gevent4j.lock.Permit} is released when the block exits, also when the greenlet is killed or
 * a {@link org.gevent4j.Timeout} fires inside it.
 *
 * <p>Waiters are served in the order they started waiting. A greenlet that calls {@code acquire}
 * while a permit is free takes it at once, even if a woken waiter has not run yet (gevent does
 * the same); that waiter then goes back to the head of the queue.
 *
 * <p>All of them are thread-safe: a platform thread or a greenlet of another hub may acquire and
 * release.
 *
 * <p>Between hubs: greenlets of different hubs may share these; a wake-up that crosses hubs costs
 * microseconds rather than a fraction of one (see the {@code org.gevent4j.event} package
 * documentation).
 */
package org.gevent4j.lock;
