/**
 * Groups and pools of greenlets: gevent's {@code gevent.pool}.
 *
 * <p>A {@link org.gevent4j.pool.Group} tracks running greenlets (each leaves when it dies) so they
 * can be joined or killed together, and maps functions over inputs in parallel
 * ({@code map}, {@code imap}, {@code imapUnordered}). A {@link org.gevent4j.pool.Pool} is a group
 * bounded to a number of running greenlets: spawning into a full pool waits for a free slot, in
 * FIFO order.
 *
 * <p>Between hubs: greenlets of different hubs may share these; a wake-up that crosses hubs costs
 * microseconds rather than a fraction of one (see the {@code org.gevent4j.event} package
 * documentation).
 */
package org.gevent4j.pool;
