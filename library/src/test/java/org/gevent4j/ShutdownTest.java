package org.gevent4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gevent4j.TestHubs.virtualHub;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.gevent4j.greenlet.RawGreenlet;
import org.junit.jupiter.api.Test;

/**
 * {@link Gevent#shutdown()}: the seed's {@code gevent.shutdown}. Every greenlet of the hub but the
 * caller and main dies of {@link GreenletExit}, so that a main greenlet joining them goes on.
 */
@org.junit.jupiter.api.Timeout(20)
class ShutdownTest {

    private static void runForever() {
        Gevent.sleep(1000);
    }

    @Test
    void aGreenletCallingShutdownEndsMainsJoinOfARunForeverGreenlet() {
        virtualHub(() -> {
            Greenlet<Void> forever = Gevent.spawn(ShutdownTest::runForever);
            Gevent.spawnLater(Duration.ofSeconds(3), Gevent::shutdown);
            long start = TestHubs.now();

            forever.join();

            assertThat(forever.dead()).isTrue();
            assertThat(forever.successful()).as("GreenletExit counts as success").isTrue();
            assertThat(TestHubs.elapsedSince(start)).isEqualTo(Duration.ofSeconds(3));
        });
    }

    @Test
    void shutdownFromMainKillsEveryGreenletAndWaitsForThemToDie() {
        virtualHub(() -> {
            List<String> log = new CopyOnWriteArrayList<>();
            Greenlet<Void> a = Gevent.spawn(() -> {
                try {
                    runForever();
                } finally {
                    log.add("a: cleaned up");
                }
            });
            Greenlet<Void> b = Gevent.spawn(() -> {
                try {
                    runForever();
                } catch (GreenletExit e) {
                    Gevent.sleep(2); // cleanup that blocks: shutdown waits for it
                    log.add("b: cleaned up");
                    throw e;
                }
            });
            Gevent.sleep(0); // let them start
            long start = TestHubs.now();

            Gevent.shutdown();

            assertThat(a.dead()).isTrue();
            assertThat(b.dead()).isTrue();
            assertThat(log).containsExactly("a: cleaned up", "b: cleaned up");
            assertThat(TestHubs.elapsedSince(start)).isEqualTo(Duration.ofSeconds(2));
        });
    }

    @Test
    void theCallerSurvivesItsOwnShutdownAndReturnsNormally() {
        virtualHub(() -> {
            Greenlet<Void> other = Gevent.spawn(ShutdownTest::runForever);
            Greenlet<String> caller = Gevent.spawn(() -> {
                Gevent.shutdown();
                return "after shutdown";
            });

            assertThat(caller.get()).isEqualTo("after shutdown");
            assertThat(other.dead()).isTrue();
        });
    }

    @Test
    void greenletsStartedByTheDyingAreKilledInTurn() {
        virtualHub(() -> {
            Greenlet<Void> parent = Gevent.spawn(ShutdownTest::runForever);
            List<Greenlet<?>> children = new CopyOnWriteArrayList<>();
            // A link callback runs in a new greenlet once the parent is dead.
            parent.link(g -> children.add(Gevent.spawn(ShutdownTest::runForever)));
            Gevent.sleep(0);

            Gevent.shutdown();
            Gevent.sleep(0);
            Gevent.shutdown();

            assertThat(children).hasSize(1);
            assertThat(children.getFirst().dead()).isTrue();
        });
    }

    @Test
    void theHubStaysUsableAfterShutdown() {
        virtualHub(() -> {
            Gevent.spawn(ShutdownTest::runForever);
            Gevent.sleep(0);
            Gevent.shutdown();

            assertThat(Gevent.spawn(() -> 42).get()).isEqualTo(42);
        });
    }

    @Test
    void waitingForAGreenletThatIgnoresTheKillCanTimeOut() {
        virtualHub(() -> {
            Greenlet<Void> stubborn = Gevent.spawn(() -> {
                while (true) {
                    try {
                        runForever();
                    } catch (GreenletExit ignored) {
                        // refuses to die
                    }
                }
            });
            Gevent.sleep(0);
            long start = TestHubs.now();

            assertThatThrownBy(() -> {
                try (Timeout _ = Timeout.start(Duration.ofSeconds(2))) {
                    Gevent.shutdown();
                }
            }).isInstanceOf(Timeout.class);

            assertThat(TestHubs.elapsedSince(start)).isEqualTo(Duration.ofSeconds(2));
            assertThat(stubborn.dead()).isFalse();
            stubborn.kill(new IllegalStateException("now die"), true, null);
            assertThat(stubborn.dead()).isTrue();
        });
    }

    @Test
    void shutdownWithNothingToKillReturnsAtOnce() {
        virtualHub(() -> {
            long start = TestHubs.now();
            Gevent.shutdown();
            assertThat(TestHubs.elapsedSince(start)).isZero();
        });
    }

    @Test
    void greenletsOfAnotherHubAreNotTouched() {
        virtualHub(() -> {
            Greenlet<Void> mine = Gevent.spawn(ShutdownTest::runForever);
            Gevent.sleep(0);
            virtualHub(() -> {
                Gevent.spawn(ShutdownTest::runForever);
                Gevent.sleep(0);
                Gevent.shutdown();
            });
            assertThat(mine.dead()).isFalse();
            mine.kill();
        });
    }

    @Test
    void rawGreenletsAreNotTheHubsAndAreLeftAlone() {
        virtualHub(() -> {
            List<String> log = new CopyOnWriteArrayList<>();
            RawGreenlet main = RawGreenlet.current();
            RawGreenlet raw = new RawGreenlet(args -> {
                log.add("raw: suspended");
                main.switchTo();
                log.add("raw: resumed");
                return null;
            });
            raw.switchTo();
            Gevent.spawn(ShutdownTest::runForever);
            Gevent.sleep(0);

            Gevent.shutdown();

            raw.switchTo();
            assertThat(log).containsExactly("raw: suspended", "raw: resumed");
        });
    }
}
