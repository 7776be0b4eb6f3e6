package org.gevent4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gevent4j.TestHubs.elapsedSince;
import static org.gevent4j.TestHubs.now;
import static org.gevent4j.TestHubs.virtualHub;
import static org.gevent4j.TestHubs.waitAllBlocked;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * {@code Gevent.sleep} keeps as little as it can on a sleeping greenlet's stack (the deadline and
 * the interrupt status are not held across its park): whatever wakes it early, it sleeps its
 * whole time, keeps an interrupt status it was called with, and still ends at a kill.
 */
class SleepTest {

    @Test
    void aSpuriousWakeUpDoesNotEndTheSleep() {
        virtualHub(() -> {
            List<Duration> slept = new ArrayList<>();
            Thread[] thread = new Thread[1];
            Greenlet<Void> g = Gevent.spawn(() -> {
                thread[0] = Thread.currentThread();
                long start = now();
                Gevent.sleep(Duration.ofSeconds(5));
                slept.add(elapsedSince(start));
            });
            Gevent.sleep(Duration.ofSeconds(1));
            LockSupport.unpark(thread[0]);
            Gevent.sleep(Duration.ofSeconds(1));
            LockSupport.unpark(thread[0]);
            g.join();
            assertThat(slept).containsExactly(Duration.ofSeconds(5));
        });
    }

    @Test
    void anInterruptStatusSetBeforeTheSleepNeitherShortensItNorIsLost() {
        virtualHub(() -> {
            List<String> log = new ArrayList<>();
            Gevent.spawn(() -> {
                Thread.currentThread().interrupt();
                long start = now();
                Gevent.sleep(Duration.ofSeconds(3));
                log.add("slept " + elapsedSince(start) + ", interrupted=" + Thread.interrupted());
                long again = now();
                Gevent.sleep(Duration.ofSeconds(2)); // and the next sleep is an ordinary one
                log.add("slept " + elapsedSince(again) + ", interrupted=" + Thread.interrupted());
            }).join();
            assertThat(log).containsExactly("slept PT3S, interrupted=true", "slept PT2S, interrupted=false");
        });
    }

    @Test
    void aKillEndsTheSleepAtOnceAndLeavesNoTimer() {
        virtualHub(() -> {
            List<String> log = new ArrayList<>();
            Greenlet<Void> g = Gevent.spawn(() -> {
                try {
                    Gevent.sleep(Duration.ofSeconds(60));
                    log.add("slept");
                } catch (GreenletExit e) {
                    log.add("killed");
                    throw e;
                }
            });
            waitAllBlocked();
            long start = now();
            g.kill();
            assertThat(elapsedSince(start)).isEqualTo(Duration.ZERO);
            assertThat(log).containsExactly("killed");
            assertThat(Hub.current().loop.timerCount()).as("the sleep's timer is gone with the greenlet").isZero();
        });
    }

    @Test
    void sleepersWithEqualDeadlinesWakeInTheOrderTheyFellAsleep() {
        virtualHub(() -> {
            List<Integer> order = new ArrayList<>();
            Greenlet<?>[] gs = new Greenlet<?>[5];
            for (int i = 0; i < gs.length; i++) {
                int n = i;
                gs[i] = Gevent.spawn(() -> {
                    Gevent.sleep(Duration.ofSeconds(1));
                    order.add(n);
                });
            }
            Gevent.joinAll(gs);
            assertThat(order).containsExactly(0, 1, 2, 3, 4);
        });
    }
}
