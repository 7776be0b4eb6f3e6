package org.gevent4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gevent4j.TestHubs.elapsedSince;
import static org.gevent4j.TestHubs.now;
import static org.gevent4j.TestHubs.realHub;
import static org.gevent4j.TestHubs.virtualHub;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Killing greenlets at gevent4j blocking points: before they start, while they sleep, with a
 * custom exception, without blocking, twice, and all at once. Follows gevent's TestKill,
 * TestKillAfterStart, TestKillAfterStartLater and TestKillWhileRunning.
 */
@org.junit.jupiter.api.Timeout(20)
class GreenletKillTest {

    private static final List<Object> reported = new CopyOnWriteArrayList<>();

    private static void collectErrors() {
        reported.clear();
        Hub.current().setErrorHandler((context, error) -> {
            reported.add(context);
            reported.add(error);
        });
    }

    static final class Custom extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Custom(String message) {
            super(message);
        }
    }

    @Test
    void killingAnUnstartedGreenletMakesItDeadAtOnceSoItNeverRunsButItsLinksAreCalled() {
        List<Object> log = new ArrayList<>();
        virtualHub(() -> {
            Greenlet<Void> g = new Greenlet<>(() -> { log.add("ran"); });
            g.link(dead -> log.add(dead));
            g.kill();

            assertThat(g.dead()).isTrue();
            assertThat(g.ready()).isTrue();
            assertThat(g.started()).isFalse();
            assertThat(g.successful()).isTrue();

            g.start(); // starting after a kill does nothing
            Gevent.sleep(1);
            assertThat(log).containsExactly(g);
        });
    }

    @Test
    void killingASpawnedGreenletBeforeItRunsMeansItNeverRuns() {
        List<Object> log = new ArrayList<>();
        virtualHub(() -> {
            Greenlet<Void> g = Gevent.spawn(() -> { log.add("ran"); });
            g.link(dead -> log.add(dead));
            g.kill();

            assertThat(g.dead()).isTrue();
            assertThat(g.successful()).isTrue();
            Gevent.sleep(1);
            assertThat(log).containsExactly(g);
        });
    }

    @Test
    void killingAGreenletWaitingForItsStartLaterTimerMeansItNeverRuns() {
        List<Object> log = new ArrayList<>();
        virtualHub(() -> {
            long start = now();
            Greenlet<Void> g = Gevent.spawnLater(Duration.ofSeconds(5), () -> { log.add("ran"); });
            g.link(dead -> log.add(dead));
            g.kill();

            assertThat(g.dead()).isTrue();
            Gevent.sleep(10);
            assertThat(log).containsExactly(g);
            assertThat(elapsedSince(start)).isEqualTo(Duration.ofSeconds(10));
        });
    }

    @Test
    void killingAGreenletSleepingInGeventRaisesGreenletExitThereAndRunsItsFinallyBlocks() {
        List<String> log = new ArrayList<>();
        virtualHub(() -> {
            collectErrors();
            long start = now();
            Greenlet<String> g = Gevent.spawn(() -> {
                log.add("sleeping");
                try {
                    Gevent.sleep(10);
                    log.add("woke up");
                    return "finished";
                } catch (GreenletExit e) {
                    log.add("GreenletExit");
                    throw e;
                } finally {
                    log.add("finally");
                }
            });
            Gevent.sleep(1);
            g.kill();

            assertThat(log).containsExactly("sleeping", "GreenletExit", "finally");
            assertThat(g.dead()).isTrue();
            assertThat(g.successful()).isTrue();
            assertThat(g.value()).isNull();
            assertThat(elapsedSince(start)).as("kill() waits only for the greenlet to die").isEqualTo(Duration.ofSeconds(1));
            assertThat(reported).isEmpty();
        });
    }

    @Test
    void catchingExceptionDoesNotSwallowAKill() {
        List<String> log = new ArrayList<>();
        virtualHub(() -> {
            Greenlet<Void> g = Gevent.spawn(() -> {
                try {
                    Gevent.sleep(10);
                } catch (Exception e) {
                    log.add("swallowed " + e);
                }
                log.add("carried on");
            });
            Gevent.sleep(0);
            g.kill();
            assertThat(log).isEmpty();
            assertThat(g.dead()).isTrue();
        });
    }

    @Test
    void killingWithACustomExceptionMakesItTheGreenletsFailureAndTheHubReportsIt() {
        Custom custom = new Custom("stop right there");
        virtualHub(() -> {
            collectErrors();
            Greenlet<String> g = Gevent.spawn(() -> {
                Gevent.sleep(10);
                return "never";
            });
            Gevent.sleep(0);
            g.kill(custom, true, null);

            assertThat(g.dead()).isTrue();
            assertThat(g.successful()).isFalse();
            assertThat(g.exception()).isSameAs(custom);
            assertThat(g.value()).isNull();
            assertThatThrownBy(g::get).isSameAs(custom);
            assertThat(reported).containsExactly(g, custom);
        });
    }

    @Test
    void killingAnUnstartedGreenletWithACustomExceptionMakesItFailedAndReported() {
        Custom custom = new Custom("never started");
        virtualHub(() -> {
            collectErrors();
            Greenlet<Void> g = new Greenlet<>(() -> {});
            g.kill(custom, false, null);
            assertThat(g.dead()).isTrue();
            assertThat(g.successful()).isFalse();
            assertThat(g.exception()).isSameAs(custom);
            assertThat(reported).containsExactly(g, custom);
        });
    }

    @Test
    void aNonBlockingKillReturnsAtOnceAndTheGreenletDiesWhenItNextRuns() {
        List<String> log = new ArrayList<>();
        virtualHub(() -> {
            Greenlet<Void> g = Gevent.spawn(() -> {
                try {
                    Gevent.sleep(10);
                } finally {
                    log.add("finally");
                }
            });
            Gevent.sleep(0);
            g.kill(new GreenletExit(), false, null);

            assertThat(g.dead()).as("not dead until it runs again").isFalse();
            assertThat(log).isEmpty();

            g.join();
            assertThat(g.dead()).isTrue();
            assertThat(g.successful()).isTrue();
            assertThat(log).containsExactly("finally");
        });
    }

    @Test
    void aBlockingKillWithATimeoutGivesUpOnAGreenletThatIgnoresTheKill() {
        virtualHub(() -> {
            long start = now();
            Greenlet<String> stubborn = Gevent.spawn(() -> {
                try {
                    Gevent.sleep(10);
                } catch (GreenletExit ignored) {
                    Gevent.sleep(10);
                }
                return "survived";
            });
            Gevent.sleep(0);
            stubborn.kill(new GreenletExit(), true, Duration.ofSeconds(2));

            assertThat(elapsedSince(start)).isEqualTo(Duration.ofSeconds(2));
            assertThat(stubborn.dead()).isFalse();
            assertThat(stubborn.get()).isEqualTo("survived");
        });
    }

    @Test
    void killingADeadGreenletChangesNothingAndCallsNoLinkAgain() {
        List<Object> links = new ArrayList<>();
        virtualHub(() -> {
            collectErrors();
            Greenlet<Integer> g = Gevent.spawn(() -> 5);
            g.link(links::add);
            g.join();
            Gevent.sleep(0);

            g.kill();
            g.kill(new Custom("late"), true, null);
            g.kill(new GreenletExit(), false, null);
            Gevent.sleep(1);

            assertThat(g.successful()).isTrue();
            assertThat(g.value()).isEqualTo(5);
            assertThat(g.exception()).isNull();
            assertThat(links).containsExactly(g);
            assertThat(reported).isEmpty();
        });
    }

    @Test
    void killingTwiceIsHarmless() {
        virtualHub(() -> {
            Greenlet<Void> g = Gevent.spawn(() -> Gevent.sleep(10));
            Gevent.sleep(0);
            g.kill(new GreenletExit(), false, null);
            g.kill(new GreenletExit(), false, null);
            g.join();
            assertThat(g.successful()).isTrue();
        });
    }

    @Test
    void aGreenletCanKillAnotherGreenlet() {
        List<String> log = new ArrayList<>();
        virtualHub(() -> {
            Greenlet<Void> victim = Gevent.spawn(() -> {
                try {
                    Gevent.sleep(10);
                } finally {
                    log.add("victim died at " + Hub.current().clock().nanoTime() / 1_000_000_000L);
                }
            });
            Greenlet<Void> killer = Gevent.spawn(() -> {
                Gevent.sleep(3);
                victim.kill();
                log.add("killer saw victim dead: " + victim.dead());
            });
            Gevent.joinAll(victim, killer);
            assertThat(log).containsExactly("victim died at 3", "killer saw victim dead: true");
        });
    }

    @Test
    void killAllKillsEveryGreenletAndWaitsForThemToDie() {
        List<String> log = new ArrayList<>();
        virtualHub(() -> {
            List<Greenlet<Void>> sleepers = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                String name = "g" + i;
                sleepers.add(Gevent.spawn(() -> {
                    try {
                        Gevent.sleep(100);
                    } finally {
                        log.add(name);
                    }
                }));
            }
            Gevent.sleep(1);
            Gevent.killAll(sleepers);

            assertThat(log).containsExactly("g0", "g1", "g2");
            assertThat(sleepers).allMatch(Greenlet::dead).allMatch(Greenlet::successful);
        });
    }

    @Test
    void killAllWithAnExceptionRaisesThatExceptionInEach() {
        Custom custom = new Custom("everyone out");
        virtualHub(() -> {
            collectErrors();
            List<Greenlet<Void>> sleepers = List.of(
                    Gevent.spawn(() -> Gevent.sleep(100)),
                    Gevent.spawn(() -> Gevent.sleep(100)));
            Gevent.sleep(0);
            Gevent.killAll(sleepers, custom, true, null);

            assertThat(sleepers).allMatch(g -> g.exception() == custom);
            assertThat(reported).containsExactly(sleepers.get(0), custom, sleepers.get(1), custom);
        });
    }

    @Test
    void killAllWithoutBlockingReturnsBeforeTheGreenletsDie() {
        virtualHub(() -> {
            List<Greenlet<Void>> sleepers = List.of(
                    Gevent.spawn(() -> Gevent.sleep(100)),
                    Gevent.spawn(() -> Gevent.sleep(100)));
            Gevent.sleep(0);
            Gevent.killAll(sleepers, null, false, null);
            assertThat(sleepers).noneMatch(Greenlet::dead);

            Gevent.joinAll(sleepers);
            assertThat(sleepers).allMatch(Greenlet::dead).allMatch(Greenlet::successful);
        });
    }

    @Test
    void killAllKillsUnstartedAndStartedGreenletsAlike() {
        List<String> log = new ArrayList<>();
        virtualHub(() -> {
            Greenlet<Void> unstarted = new Greenlet<>(() -> { log.add("unstarted ran"); });
            Greenlet<Void> scheduled = Gevent.spawn(() -> { log.add("scheduled ran"); });
            Gevent.killAll(List.of(unstarted, scheduled));
            Gevent.sleep(1);
            assertThat(log).isEmpty();
            assertThat(unstarted.dead()).isTrue();
            assertThat(scheduled.dead()).isTrue();
        });
    }

    @Test
    void killAllWithATimeoutThrowsTimeoutWhenAGreenletOutlivesIt() {
        // gevent.killall: ":raise Timeout: If blocking and a timeout is given that elapses before
        // all the greenlets are dead."
        virtualHub(() -> {
            long start = now();
            Greenlet<String> stubborn = Gevent.spawn(() -> {
                try {
                    Gevent.sleep(10);
                } catch (GreenletExit ignored) {
                    Gevent.sleep(10);
                }
                return "survived";
            });
            Gevent.sleep(0);
            assertThatThrownBy(() -> Gevent.killAll(List.of(stubborn), null, true, Duration.ofSeconds(2)))
                    .isInstanceOf(Timeout.class);
            assertThat(elapsedSince(start)).isEqualTo(Duration.ofSeconds(2));
            assertThat(stubborn.dead()).isFalse();
            stubborn.join();
        });
    }

    @Test
    void aGreenletThatCatchesTheKillAndReturnsNormallyHasItsValue() {
        virtualHub(() -> {
            Greenlet<String> g = Gevent.spawn(() -> {
                try {
                    Gevent.sleep(10);
                    return "slept";
                } catch (GreenletExit e) {
                    return "caught the kill";
                }
            });
            Gevent.sleep(0);
            g.kill();
            assertThat(g.successful()).isTrue();
            assertThat(g.value()).isEqualTo("caught the kill");
        });
    }

    @Test
    void aGreenletCanBeKilledFromAnotherThread() throws Exception {
        AtomicReference<Greenlet<Void>> victim = new AtomicReference<>();
        CountDownLatch sleeping = new CountDownLatch(1);
        List<String> log = new CopyOnWriteArrayList<>();
        Thread owner = Thread.ofPlatform().start(() -> {
            Greenlet<Void> g = Gevent.spawn(() -> {
                sleeping.countDown();
                try {
                    Gevent.sleep(60);
                } finally {
                    log.add("finally");
                }
            });
            victim.set(g);
            g.join();
            log.add("owner's join returned");
        });
        assertThat(sleeping.await(5, TimeUnit.SECONDS)).isTrue();
        realHub(() -> victim.get().kill(new GreenletExit(), true, Duration.ofSeconds(5)));
        owner.join(5_000);
        assertThat(victim.get().dead()).isTrue();
        assertThat(victim.get().successful()).isTrue();
        assertThat(log).containsExactly("finally", "owner's join returned");
    }

    @Test
    void aGreenletKillingItselfDiesOfGreenletExitAtOnce() {
        List<String> log = new ArrayList<>();
        virtualHub(() -> {
            Greenlet<Void> g = Gevent.spawn(() -> {
                log.add("before");
                Gevent.getCurrent().kill();
                log.add("after");
            });
            g.join();
            assertThat(log).containsExactly("before");
            assertThat(g.successful()).isTrue();
        });
    }

    @Test
    void killingAnUnstartedGreenletFromAnotherThreadRunsItsLinksOnItsOwnHub() throws Exception {
        AtomicReference<Greenlet<Void>> victim = new AtomicReference<>();
        AtomicReference<Hub> ownerHub = new AtomicReference<>();
        CountDownLatch created = new CountDownLatch(1), killed = new CountDownLatch(1);
        List<Object> log = new CopyOnWriteArrayList<>();
        Thread owner = Thread.ofPlatform().start(() -> {
            ownerHub.set(Hub.current());
            Greenlet<Void> g = new Greenlet<>(() -> { log.add("ran"); });
            g.link(dead -> log.add(Hub.current() == ownerHub.get() ? "link ran on the owner's hub" : "link ran elsewhere"));
            victim.set(g);
            created.countDown();
            try {
                assertThat(killed.await(5, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            Gevent.sleep(0.05); // the owner blocks cooperatively: its hub runs what is queued
        });
        assertThat(created.await(5, TimeUnit.SECONDS)).isTrue();
        realHub(() -> victim.get().kill()); // the killer's own hub never blocks again
        killed.countDown();
        owner.join(5_000);
        assertThat(victim.get().dead()).isTrue();
        assertThat(log).containsExactly("link ran on the owner's hub");
    }
}
