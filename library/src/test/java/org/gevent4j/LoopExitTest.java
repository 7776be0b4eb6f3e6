package org.gevent4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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
 * gevent's "This operation would block forever": a main greenlet waiting for something nothing on
 * its hub can deliver gets {@link LoopExit} at once instead of hanging.
 */
@org.junit.jupiter.api.Timeout(20)
class LoopExitTest {

    private static final Duration PROMPTLY = Duration.ofSeconds(5);

    @Test
    void mainJoiningAGreenletThatWaitsForeverOnNothingGetsLoopExitPromptly() {
        long start = System.nanoTime();
        virtualHub(() -> {
            Greenlet<Void> neverStarted = new Greenlet<>(() -> {});
            Greenlet<Void> stuck = Gevent.spawn(() -> { neverStarted.join(); });
            assertThatThrownBy(stuck::join)
                    .isInstanceOf(LoopExit.class)
                    .hasMessageContaining("This operation would block forever");
            assertThat(stuck.dead()).isFalse();
        });
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(PROMPTLY);
    }

    @Test
    void mainJoiningAnUnstartedGreenletGetsLoopExit() {
        virtualHub(() -> {
            Greenlet<Void> neverStarted = new Greenlet<>(() -> {});
            assertThatThrownBy(neverStarted::join).isInstanceOf(LoopExit.class);
        });
    }

    @Test
    void aRealTimeHubReportsLoopExitPromptlyToo() {
        long start = System.nanoTime();
        realHub(() -> {
            Greenlet<Void> neverStarted = new Greenlet<>(() -> {});
            Greenlet<Void> stuck = Gevent.spawn(() -> { neverStarted.join(); });
            assertThatThrownBy(stuck::get).isInstanceOf(LoopExit.class);
        });
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(PROMPTLY);
    }

    @Test
    void theHubKeepsWorkingAfterReportingLoopExit() {
        virtualHub(() -> {
            Greenlet<Void> neverStarted = new Greenlet<>(() -> {});
            assertThatThrownBy(neverStarted::join).isInstanceOf(LoopExit.class);

            Greenlet<String> fine = Gevent.spawn(() -> {
                Gevent.sleep(1);
                return "fine";
            });
            assertThat(fine.get()).isEqualTo("fine");
        });
    }

    @Test
    void idleAndSleepWithNothingElseOnTheHubReturnNormally() {
        virtualHub(() -> {
            Gevent.idle();
            Gevent.sleep(0);
            Gevent.sleep(1);
            Greenlet<Void> g = Gevent.spawn(Gevent::idle);
            g.join();
            assertThat(g.successful()).isTrue();
        });
    }

    @Test
    void mainWaitingWhileAGreenletSitsInARealThreadSleepDoesNotGetLoopExit() {
        realHub(() -> {
            Greenlet<String> sleeper = Gevent.spawn(() -> {
                Thread.sleep(100);
                return "woke";
            });
            assertThat(sleeper.get()).isEqualTo("woke");
        });
    }

    @Test
    void mainWaitingWhileAGreenletSitsInARealThreadSleepDoesNotGetLoopExitUnderTheVirtualClock() {
        virtualHub(() -> {
            Greenlet<String> sleeper = Gevent.spawn(() -> {
                Thread.sleep(100);
                return "woke";
            });
            assertThat(sleeper.get()).isEqualTo("woke");
        });
    }

    @Test
    void onlyTheMainGreenletGetsLoopExitAGreenletWaitingForeverJustWaits() {
        List<String> log = new CopyOnWriteArrayList<>();
        virtualHub(() -> {
            Greenlet<Void> neverStarted = new Greenlet<>(() -> {});
            Greenlet<Void> stuck = Gevent.spawn(() -> {
                try {
                    neverStarted.join();
                } catch (LoopExit e) {
                    log.add("LoopExit in a greenlet");
                }
            });
            Gevent.sleep(1);
            assertThat(stuck.dead()).isFalse();
            stuck.kill();
        });
        assertThat(log).isEmpty();
    }

    /**
     * Spawns a greenlet on a new platform thread's hub that returns {@code value} after 300 ms:
     * long enough for the caller to be waiting for it by then.
     */
    private static Greenlet<String> onAnotherHub(String value) throws InterruptedException {
        AtomicReference<Greenlet<String>> g = new AtomicReference<>();
        CountDownLatch spawned = new CountDownLatch(1);
        Thread.ofPlatform().start(() -> {
            g.set(Gevent.spawn(() -> {
                Gevent.sleep(0.3);
                return value;
            }));
            spawned.countDown();
            g.get().join();
        });
        assertThat(spawned.await(5, TimeUnit.SECONDS)).isTrue();
        return g.get();
    }

    @Test
    void mainJoiningAGreenletOfAnotherHubIsNotADeadlock() {
        realHub(() -> {
            Greenlet<String> remote = onAnotherHub("joined");
            assertThat(remote.join().value()).isEqualTo("joined");
        });
    }

    @Test
    void mainInJoinAllWaitingForAGreenletOfAnotherHubIsNotADeadlock() {
        // design.md: "Waiting on a greenlet of another hub holds a reference for the duration."
        realHub(() -> {
            Greenlet<String> remote = onAnotherHub("joinAll");
            assertThat(Gevent.joinAll(List.of(remote))).containsExactly(remote);
        });
    }

    @Test
    void mainInGetWaitingForAGreenletOfAnotherHubIsNotADeadlock() {
        realHub(() -> assertThat(onAnotherHub("get").get()).isEqualTo("get"));
    }

    @Test
    void mainInWaitWaitingForAGreenletOfAnotherHubIsNotADeadlock() {
        realHub(() -> {
            Greenlet<String> remote = onAnotherHub("wait");
            assertThat(Gevent.wait(List.of(remote))).containsExactly(remote);
        });
    }

    @Test
    void mainInIwaitWaitingForAGreenletOfAnotherHubIsNotADeadlock() {
        realHub(() -> {
            Greenlet<String> remote = onAnotherHub("iwait");
            List<Greenlet<String>> seen = new ArrayList<>();
            for (Greenlet<String> g : Gevent.iwait(List.of(remote))) seen.add(g);
            assertThat(seen).containsExactly(remote);
        });
    }
}
