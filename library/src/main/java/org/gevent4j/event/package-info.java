/**
 * Things greenlets wait for: gevent's {@code gevent.event}. {@link org.gevent4j.event.Event} is a
 * flag that wakes every waiter when set; {@link org.gevent4j.event.AsyncResult} carries one value
 * or exception to every waiter (gevent's {@code AsyncResult}, a future).
 *
 * <h2>Between hubs</h2>
 * These, and every synchronizer of {@code org.gevent4j.queue}, {@code org.gevent4j.lock} and
 * {@code org.gevent4j.pool}, are thread-safe: greenlets of different hubs (of a
 * {@link org.gevent4j.HubGroup}, or of several platform threads) and plain threads may share them,
 * and waiters of every hub are woken in the order they started waiting. What differs is the cost of
 * a wake-up. Within a hub, waking a greenlet appends it to the hub's run queue: a
 * {@link org.gevent4j.queue.Channel} round trip between two greenlets of one hub (two wake-ups,
 * two switches) costs under a microsecond. Across hubs, the waker offers the greenlet to the other
 * hub's queue and, if that hub's thread sleeps, wakes it (a futex and a reschedule): a round trip
 * between hubs costs tens of microseconds on a loaded two-core machine, several microseconds per
 * wake-up at best (figures and the command that measures them: {@code HubGroupBenchmark} in
 * {@code BENCHMARKS.md}, "issue 11: hubs"). So keep greenlets that talk a lot on one hub, and cross
 * hubs with coarse work (a request, a batch).
 *
 * <p>A kill or {@link org.gevent4j.Timeout} aimed at a greenlet waiting on one of these objects
 * ends its wait whichever hub the object is used from; the waiter takes nothing with it (an item, a
 * permit or a wake-up it was promised goes to the next waiter).
 */
package org.gevent4j.event;
