/**
 * Tools for testing code built on gevent4j, deterministically: trio's {@code trio.testing}, Go's
 * {@code testing/synctest}.
 *
 * <ul>
 *   <li>{@link org.gevent4j.testing.TestHubs#virtualHub} runs a test on a fresh hub whose clock
 *       jumps to the next timer whenever every greenlet is blocked: timeouts, retries and
 *       schedules of hours run in microseconds, in the same order every time.</li>
 *   <li>{@link org.gevent4j.testing.TestHubs#waitAllBlocked()} waits until every other greenlet
 *       has gone as far as it can, so the test can check a settled state.</li>
 *   <li>{@link org.gevent4j.testing.Sequencer} forces an order across greenlets.</li>
 * </ul>
 *
 * {@snippet lang=java :
 * @Test
 * void aConsumerTimesOutWhenNothingComesWithinFiveSeconds() {
 *     TestHubs.virtualHub(() -> {
 *         Queue<String> jobs = new Queue<>();
 *         long start = TestHubs.now();
 *         Greenlet<String> consumer = Gevent.spawn(() -> jobs.get(Duration.ofSeconds(5)));
 *
 *         TestHubs.waitAllBlocked();                 // the consumer is waiting in get()
 *         assertEquals(Duration.ZERO, TestHubs.elapsedSince(start));
 *
 *         consumer.join();                           // the clock jumps 5 s, at once
 *         assertInstanceOf(Empty.class, consumer.exception());
 *         assertEquals(Duration.ofSeconds(5), TestHubs.elapsedSince(start));
 *     });
 * }
 * }
 *
 * <p>docs/testing.md in the repository walks through them.
 */
package org.gevent4j.testing;
