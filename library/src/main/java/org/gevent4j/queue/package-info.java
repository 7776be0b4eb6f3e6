/**
 * Queues that greenlets share: gevent's {@code gevent.queue}. {@link org.gevent4j.queue.Queue}
 * (FIFO), {@link org.gevent4j.queue.LifoQueue}, {@link org.gevent4j.queue.PriorityQueue},
 * {@link org.gevent4j.queue.JoinableQueue} (with {@code taskDone} and {@code join}) and the
 * rendezvous {@link org.gevent4j.queue.Channel}, and {@link org.gevent4j.queue.Pipe}, what they have
 * in common; the exceptions {@link org.gevent4j.queue.Empty},
 * {@link org.gevent4j.queue.Full} and {@link org.gevent4j.queue.ShutDown}.
 *
 * <p>Beyond gevent: {@link org.gevent4j.queue.Select} waits for the first of several gets and puts
 * on these queues and channels (and any {@link org.gevent4j.Waitable}) and completes exactly one
 * (Go's {@code select}); and every queue and channel can be shut down "done"
 * ({@code shutdown()}) or with an error ({@code shutdown(Throwable)}) that every consumer then sees.
 *
 * <p>All of them are thread-safe, wake waiters in the order they started waiting, and never lose
 * or duplicate an item: a greenlet killed or timed out while it waits takes nothing and puts
 * nothing. Blocking methods block cooperatively (the hub runs other greenlets meanwhile) and throw
 * only unchecked exceptions.
 *
 * <p>Between hubs: greenlets of different hubs may share these; a wake-up that crosses hubs costs
 * microseconds rather than a fraction of one (see the {@code org.gevent4j.event} package
 * documentation).
 */
package org.gevent4j.queue;
