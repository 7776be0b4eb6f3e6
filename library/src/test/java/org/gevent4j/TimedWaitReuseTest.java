package org.gevent4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gevent4j.TestHubs.elapsedSince;
import static org.gevent4j.TestHubs.now;
import static org.gevent4j.TestHubs.virtualHub;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.gevent4j.event.Event;
import org.junit.jupiter.api.Test;

/**
 * A timed wait that ends early leaves its timer for the greenlet's next timed wait (a keep-alive
 * connection waits with the same timeout for every request): whatever is reused, every wait
 * still ends at its own deadline, in the order of equal deadlines, and a hub with nothing but
 * such left-over timers behaves as if it had none (no clock jump, LoopExit at once).
 */
class TimedWaitReuseTest {

    @Test
    void aWaitAfterOneWokenEarlyTimesOutAtItsOwnDeadline() {
        virtualHub(() -> {
            Event first = new Event(), second = new Event();
            List<Duration> timedOutAfter = new ArrayList<>();
            Greenlet<Void> g = Gevent.spawn(() -> {
                assertThat(first.await(Duration.ofSeconds(10))).isTrue(); // woken after 1 s, timer left at 10 s
                long start = now();
                assertThat(second.await(Duration.ofSeconds(30))).isFalse();
                timedOutAfter.add(elapsedSince(start));
            });
            Gevent.sleep(Duration.ofSeconds(1));
            first.set();
            g.join();
            assertThat(timedOutAfter).containsExactly(Duration.ofSeconds(30));
        });
    }

    @Test
    void aShorterWaitAfterALongerOneTimesOutAtItsOwnEarlierDeadline() {
        virtualHub(() -> {
            Event first = new Event(), second = new Event();
            List<Duration> timedOutAfter = new ArrayList<>();
            Greenlet<Void> g = Gevent.spawn(() -> {
                assertThat(first.await(Duration.ofSeconds(30))).isTrue();
                long start = now();
                assertThat(second.await(Duration.ofSeconds(2))).isFalse();
                timedOutAfter.add(elapsedSince(start));
            });
            Gevent.sleep(Duration.ofMillis(10));
            first.set();
            g.join();
            assertThat(timedOutAfter).containsExactly(Duration.ofSeconds(2));
        });
    }

    @Test
    void equalDeadlinesStillTimeOutInTheOrderTheWaitsBegan() {
        virtualHub(() -> {
            Event early = new Event(), never = new Event();
            List<String> order = new ArrayList<>();
            // a: waits 3 s, is woken at 1 s (its timer is left at 3 s), then waits 5 s: deadline 6 s,
            // served by the timer left at 3 s, which moves on to 6 s when it fires.
            Greenlet<Void> a = Gevent.spawn(() -> {
                early.await(Duration.ofSeconds(3));
                never.await(Duration.ofSeconds(5));
                order.add("a");
            });
            // b: begins its wait after a's second one, with the same deadline (6 s).
            Greenlet<Void> b = Gevent.spawn(() -> {
                Gevent.sleep(Duration.ofSeconds(1));
                Gevent.sleep(0); // after a has begun its second wait
                never.await(Duration.ofSeconds(5));
                order.add("b");
            });
            Gevent.sleep(Duration.ofSeconds(1));
            early.set();
            Gevent.joinAll(a, b);
            assertThat(order).containsExactly("a", "b");
        });
    }

    @Test
    void leftOverTimersNeitherMoveTheVirtualClockNorHoldOffLoopExit() {
        virtualHub(() -> {
            Event e = new Event();
            Greenlet<Void> waiter = Gevent.spawn(() -> {
                e.await(Duration.ofHours(1)); // woken at once: its timer is left at 1 h
                new Event().await(); // waits for ever, no timer
            });
            Gevent.sleep(0);
            e.set();
            long start = now();
            assertThatThrownBy(waiter::join).isInstanceOf(LoopExit.class);
            assertThat(elapsedSince(start)).isLessThan(Duration.ofSeconds(1));
        });
    }
}
