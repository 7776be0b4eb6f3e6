package org.gevent4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gevent4j.TestHubs.elapsedSince;
import static org.gevent4j.TestHubs.now;
import static org.gevent4j.TestHubs.virtualHub;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A greenlet's life: created, started, running, dead; its value or exception; waiting for it with
 * join and get. Follows gevent's test__greenlet.py (TestStuff, test_simple_exit, test_error_exit,
 * TestStart) and the "Greenlet states" seed program.
 */
@org.junit.jupiter.api.Timeout(20)
class GreenletLifecycleTest {

    private static final List<Object> reported = new CopyOnWriteArrayList<>();

    /** Collects the hub's error reports instead of printing them. */
    private static void collectErrors() {
        reported.clear();
        Hub.current().setErrorHandler((context, error) -> {
            reported.add(context);
            reported.add(error);
        });
    }

    @Test
    void aNewGreenletIsNeitherStartedNorReadyAndHasNoOutcome() {
        virtualHub(() -> {
            Greenlet<String> g = new Greenlet<>(() -> "value");

            assertThat(g.started()).isFalse();
            assertThat(g.ready()).isFalse();
            assertThat(g.dead()).isFalse();
            assertThat(g.successful()).isFalse();
            assertThat(g.value()).isNull();
            assertThat(g.exception()).isNull();
        });
    }

    @Test
    void aGreenletDoesNothingUntilStarted() {
        List<String> log = new ArrayList<>();
        virtualHub(() -> {
            Greenlet<Void> g = new Greenlet<>(() -> { log.add("ran"); });
            Gevent.sleep(1);
            assertThat(log).isEmpty();
            assertThat(g.ready()).isFalse();
        });
    }

    @Test
    void aSpawnedGreenletIsStartedButNotReadyUntilTheSpawnerBlocks() {
        List<String> log = new ArrayList<>();
        virtualHub(() -> {
            Greenlet<Void> g = Gevent.spawn(() -> { log.add("ran"); });

            assertThat(g.started()).isTrue();
            assertThat(g.ready()).isFalse();
            assertThat(g.dead()).isFalse();
            assertThat(log).as("nothing runs before the spawner blocks").isEmpty();

            Gevent.sleep(0);
            assertThat(log).containsExactly("ran");
            assertThat(g.started()).as("started is false again once it died, as in gevent").isFalse();
            assertThat(g.ready()).isTrue();
            assertThat(g.dead()).isTrue();
        });
    }

    @Test
    void greenletsSpawnedByAMainThatNeverBlocksNeverRun() {
        List<String> log = new CopyOnWriteArrayList<>();
        virtualHub(() -> {
            Gevent.spawn(() -> { log.add("eating"); });
            Gevent.spawn(() -> { log.add("sleeping"); });
        });
        assertThat(log).isEmpty();
    }

    @Test
    void theMainGreenletBlockingInGeventSleepLetsASpawnedGreenletRunToCompletion() {
        // seed 000: g1 = gevent.spawn(eat); gevent.sleep(2) -- eat's own time.sleep(1) sleeps too.
        List<String> log = new CopyOnWriteArrayList<>();
        virtualHub(() -> {
            Gevent.spawn(() -> {
                log.add("魔降风云变 is eating");
                Thread.sleep(20);
                log.add("魔降风云变  finished eat");
            });
            Gevent.sleep(2);
        });
        assertThat(log).containsExactly("魔降风云变 is eating", "魔降风云变  finished eat");
    }

    @Test
    void seedGreenletStatesWinnerAndLoser() {
        Exception failure = new Exception("You fail at failing.");
        virtualHub(() -> {
            collectErrors();
            Greenlet<String> winner = Gevent.spawn(() -> "You win!");
            Greenlet<String> loser = Gevent.spawn((Callable<String>) () -> {
                throw failure;
            });

            assertThat(winner.started()).isTrue();
            assertThat(loser.started()).isTrue();

            // Exceptions raised in the Greenlet, stay inside the Greenlet.
            Gevent.joinAll(List.of(winner, loser));

            assertThat(winner.value()).isEqualTo("You win!");
            assertThat(loser.value()).isNull();
            assertThat(winner.ready()).isTrue();
            assertThat(loser.ready()).isTrue();
            assertThat(winner.successful()).isTrue();
            assertThat(loser.successful()).isFalse();
            assertThat(loser.exception()).isSameAs(failure);
            assertThat(winner.exception()).isNull();
            assertThat(reported).containsExactly(loser, failure);
        });
    }

    @Test
    void startingTwiceRunsTheGreenletOnce() {
        AtomicInteger runs = new AtomicInteger();
        virtualHub(() -> {
            Greenlet<Integer> g = Gevent.spawn(runs::incrementAndGet);
            g.start();
            g.start();
            g.join();
            g.start();
            Gevent.sleep(1);
            assertThat(runs).hasValue(1);
            assertThat(g.value()).isEqualTo(1);
            assertThat(g.dead()).isTrue();
        });
    }

    /** The seed's MyGreenlet: a subclass that overrides run(). */
    static final class MyGreenlet extends Greenlet<String> {
        private final String message;
        private final double n;
        final List<String> out;

        MyGreenlet(String message, double n, List<String> out) {
            this.message = message;
            this.n = n;
            this.out = out;
        }

        @Override
        protected String run() {
            out.add(message);
            Gevent.sleep(n);
            return "slept " + n;
        }
    }

    @Test
    void aSubclassOverridingRunIsWhatTheGreenletRuns() {
        List<String> out = new ArrayList<>();
        virtualHub(() -> {
            long start = now();
            MyGreenlet g = new MyGreenlet("Hi there!", 3, out);
            g.start();
            g.join();

            assertThat(out).containsExactly("Hi there!");
            assertThat(g.value()).isEqualTo("slept 3.0");
            assertThat(elapsedSince(start)).isEqualTo(Duration.ofSeconds(3));
        });
    }

    @Test
    void greenletSpawnCreatesAndStartsInOneCall() {
        virtualHub(() -> {
            Greenlet<Integer> g = Greenlet.spawn(() -> 2 + 1);
            assertThat(g.started()).isTrue();
            assertThat(g.get()).isEqualTo(3);
        });
    }

    @Test
    void spawnLaterRunsTheFunctionExactlyAfterTheDelay() {
        virtualHub(() -> {
            long start = now();
            Greenlet<Duration> g = Gevent.spawnLater(Duration.ofSeconds(5), () -> elapsedSince(start));

            Gevent.sleep(4.999);
            assertThat(g.ready()).isFalse();
            assertThat(g.get()).isEqualTo(Duration.ofSeconds(5));
        });
    }

    @Test
    void startLaterDelaysAnUnstartedGreenlet() {
        virtualHub(() -> {
            long start = now();
            Greenlet<Duration> g = new Greenlet<>(() -> elapsedSince(start));
            g.startLater(Duration.ofMillis(1500));
            assertThat(g.get()).isEqualTo(Duration.ofMillis(1500));
        });
    }

    @Test
    void aGreenletWaitingForItsStartLaterTimerCountsAsStarted() {
        // gevent: start_later sets _start_event, so bool(g) -- g.started -- is True at once.
        virtualHub(() -> {
            Greenlet<Void> g = Gevent.spawnLater(Duration.ofSeconds(1), () -> {});
            assertThat(g.started()).isTrue();
            assertThat(g.ready()).isFalse();
            g.join();
        });
    }

    @Test
    void joinWaitsForTheGreenletAndReturnsIt() {
        virtualHub(() -> {
            long start = now();
            Greenlet<Void> g = Gevent.spawn(() -> Gevent.sleep(2));
            assertThat(g.join()).isSameAs(g);
            assertThat(g.dead()).isTrue();
            assertThat(elapsedSince(start)).isEqualTo(Duration.ofSeconds(2));
        });
    }

    @Test
    void joinWithATimeoutReturnsWhenTheTimeoutPassesLeavingTheGreenletRunning() {
        virtualHub(() -> {
            long start = now();
            Greenlet<String> g = Gevent.spawn(() -> {
                Gevent.sleep(10);
                return "done";
            });
            assertThat(g.join(Duration.ofSeconds(3))).isSameAs(g);
            assertThat(elapsedSince(start)).isEqualTo(Duration.ofSeconds(3));
            assertThat(g.ready()).isFalse();

            assertThat(g.get()).isEqualTo("done");
            assertThat(elapsedSince(start)).isEqualTo(Duration.ofSeconds(10));
        });
    }

    @Test
    void joinNeverThrowsTheGreenletsException() {
        virtualHub(() -> {
            collectErrors();
            Greenlet<Object> g = Gevent.spawn(() -> {
                throw new IllegalStateException("boom");
            });
            g.join();
            g.join(Duration.ofSeconds(1));
            assertThat(g.exception()).hasMessage("boom");
        });
    }

    @Test
    void getReturnsTheValue() {
        virtualHub(() -> {
            Greenlet<String> g = Gevent.spawn(() -> {
                Gevent.sleep(1);
                return "value";
            });
            assertThat(g.get()).isEqualTo("value");
            assertThat(g.get(Duration.ZERO)).isEqualTo("value");
            assertThat(g.get(false, null)).isEqualTo("value");
        });
    }

    @Test
    void getRethrowsAnUncheckedExceptionAsTheSameObject() {
        IllegalStateException boom = new IllegalStateException("boom");
        virtualHub(() -> {
            collectErrors();
            Greenlet<Object> g = Gevent.spawn(() -> {
                throw boom;
            });
            assertThatThrownBy(g::get).isSameAs(boom);
            assertThatThrownBy(() -> g.get(Duration.ofSeconds(1))).isSameAs(boom);
            assertThatThrownBy(() -> g.get(false, null)).isSameAs(boom);
        });
    }

    @Test
    void getRethrowsAnErrorAsTheSameObject() {
        AssertionError error = new AssertionError("broken invariant");
        virtualHub(() -> {
            collectErrors();
            Greenlet<Object> g = Gevent.spawn(() -> {
                throw error;
            });
            assertThatThrownBy(g::get).isSameAs(error);
        });
    }

    @Test
    void getWrapsACheckedExceptionInACompletionExceptionWhoseCauseIsTheOriginal() {
        IOException io = new IOException("disk on fire");
        virtualHub(() -> {
            collectErrors();
            Greenlet<Object> g = Gevent.spawn(() -> {
                throw io;
            });
            assertThatThrownBy(g::get).isInstanceOf(CompletionException.class).cause().isSameAs(io);
            assertThat(g.exception()).isSameAs(io);
        });
    }

    @Test
    void getWithATimeoutThrowsTimeoutWhenTheGreenletIsNotReadyInTime() {
        virtualHub(() -> {
            long start = now();
            Greenlet<String> g = Gevent.spawn(() -> {
                Gevent.sleep(10);
                return "late";
            });
            assertThatThrownBy(() -> g.get(Duration.ofSeconds(2))).isInstanceOf(Timeout.class);
            assertThat(elapsedSince(start)).isEqualTo(Duration.ofSeconds(2));
            assertThat(g.ready()).as("a get that timed out does not kill the greenlet").isFalse();
            assertThat(g.get()).isEqualTo("late");
        });
    }

    @Test
    void getWithoutBlockingThrowsTimeoutAtOnceAndDoesNotYield() {
        List<String> log = new ArrayList<>();
        virtualHub(() -> {
            long start = now();
            Greenlet<Void> g = Gevent.spawn(() -> { log.add("ran"); });
            assertThatThrownBy(() -> g.get(false, null)).isInstanceOf(Timeout.class);
            assertThat(log).as("the greenlet did not get to run").isEmpty();
            assertThat(elapsedSince(start)).isZero();
        });
    }

    @Test
    void aGreenletJoiningItselfGetsIllegalStateException() {
        virtualHub(() -> {
            List<Throwable> caught = new ArrayList<>();
            Greenlet<?>[] self = new Greenlet<?>[1];
            self[0] = Gevent.spawn(() -> {
                try {
                    self[0].join();
                } catch (IllegalStateException e) {
                    caught.add(e);
                }
                try {
                    self[0].get();
                } catch (IllegalStateException e) {
                    caught.add(e);
                }
            });
            self[0].join();
            assertThat(caught).hasSize(2).allMatch(e -> e instanceof IllegalStateException);
        });
    }

    @Test
    void theMainGreenletJoiningItselfGetsIllegalStateException() {
        virtualHub(() -> {
            assertThatThrownBy(() -> Gevent.getCurrent().join()).isInstanceOf(IllegalStateException.class);
        });
    }

    @Test
    void aGreenletKilledWithGreenletExitIsSuccessfulWithANullValue() {
        virtualHub(() -> {
            collectErrors();
            Greenlet<String> g = Gevent.spawn(() -> {
                Gevent.sleep(10);
                return "never";
            });
            Gevent.sleep(1);
            g.kill();

            assertThat(g.dead()).isTrue();
            assertThat(g.successful()).isTrue();
            assertThat(g.value()).isNull();
            assertThat(g.exception()).isNull();
            assertThat(g.get()).isNull();
            assertThat(reported).as("GreenletExit is not an error").isEmpty();
        });
    }

    @Test
    void aGreenletThatRaisesGreenletExitItselfIsSuccessfulAndNotReported() {
        virtualHub(() -> {
            collectErrors();
            Greenlet<String> g = Gevent.spawn(() -> {
                throw new GreenletExit();
            });
            g.join();
            assertThat(g.successful()).isTrue();
            assertThat(g.value()).isNull();
            assertThat(g.get()).isNull();
            assertThat(reported).isEmpty();
        });
    }

    @Test
    void aFailedGreenletIsReadyButNotSuccessful() {
        virtualHub(() -> {
            collectErrors();
            Greenlet<Object> g = Gevent.spawn(() -> {
                Gevent.sleep(0.01);
                throw new UnsupportedOperationException("myattr=5");
            });
            g.join();
            assertThat(g.started()).isFalse();
            assertThat(g.dead()).isTrue();
            assertThat(g.ready()).isTrue();
            assertThat(g.successful()).isFalse();
            assertThat(g.value()).isNull();
            assertThat(g.exception()).isInstanceOf(UnsupportedOperationException.class).hasMessage("myattr=5");
        });
    }

    @Test
    void aRunningGreenletSeesItselfStartedAndNeitherReadyNorDead() {
        // gevent's TestDeadPropertyDuringSwitch: dead must be False for the running greenlet
        List<Boolean> seen = new ArrayList<>();
        virtualHub(() -> {
            Gevent.spawn(() -> {
                Greenlet<?> me = Gevent.getCurrent();
                seen.add(me.started());
                seen.add(me.ready());
                seen.add(me.dead());
            }).join();
        });
        assertThat(seen).containsExactly(true, false, false);
    }
}
