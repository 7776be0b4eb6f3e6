package org.gevent4j.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gevent4j.testing.TestHubs.virtualHub;
import static org.gevent4j.testing.TestHubs.waitAllBlocked;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;
import org.gevent4j.HubGroup;
import org.junit.jupiter.api.Test;

/** {@link Sequencer}: trio's Sequencer, step by step. */
@org.junit.jupiter.api.Timeout(20)
class SequencerTest {

    @Test
    void stepsRunInNumberOrderWhateverOrderTheGreenletsRunIn() {
        List<String> log = new ArrayList<>();
        virtualHub(() -> {
            Sequencer seq = new Sequencer();
            List<Greenlet<?>> all = new ArrayList<>();
            // Spawned c, b, a: the hub would run them in that order.
            for (String name : List.of("c", "b", "a")) {
                int step = name.charAt(0) - 'a';
                all.add(Gevent.spawn(() -> {
                    try (var _ = seq.step(step)) {
                        log.add(name);
                    }
                }));
            }
            Gevent.joinAll(all);
        });
        assertThat(log).containsExactly("a", "b", "c");
    }

    @Test
    void stepsInterleaveAcrossGreenlets() {
        List<String> log = new ArrayList<>();
        virtualHub(() -> {
            Sequencer seq = new Sequencer();
            Greenlet<Void> b = Gevent.spawn(() -> {
                try (var _ = seq.step(1)) {
                    log.add("b1");
                }
                try (var _ = seq.step(3)) {
                    log.add("b3");
                }
            });
            Greenlet<Void> a = Gevent.spawn(() -> {
                try (var _ = seq.step(0)) {
                    Gevent.sleep(Duration.ofSeconds(1)); // b must still wait
                    log.add("a0");
                }
                try (var _ = seq.step(2)) {
                    log.add("a2");
                }
            });
            Gevent.joinAll(a, b);
        });
        assertThat(log).containsExactly("a0", "b1", "a2", "b3");
    }

    @Test
    void aStepWhoseBlockThrowsStillEnds() {
        List<String> log = new ArrayList<>();
        virtualHub(() -> {
            Sequencer seq = new Sequencer();
            Greenlet<Void> first = Gevent.spawn(() -> {
                try (var _ = seq.step(0)) {
                    throw new IllegalStateException("fails inside its step");
                }
            });
            Greenlet<Void> second = Gevent.spawn(() -> {
                try (var _ = seq.step(1)) {
                    log.add("second ran");
                }
            });
            Gevent.joinAll(first, second);
        });
        assertThat(log).containsExactly("second ran");
    }

    @Test
    void reusingAStepOrANegativeOneIsAnError() {
        virtualHub(() -> {
            Sequencer seq = new Sequencer();
            try (var s = seq.step(0)) {
                assertThat(s.position()).isZero();
            }
            assertThatThrownBy(() -> seq.step(0)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already taken");
            assertThatThrownBy(() -> seq.step(-1)).isInstanceOf(IllegalArgumentException.class);
        });
    }

    @Test
    void aKilledWaiterBreaksTheSequenceForEveryOtherWaiterAndLaterStep() {
        virtualHub(() -> {
            Sequencer seq = new Sequencer();
            Greenlet<Void> killed = Gevent.spawn(() -> {
                seq.step(1).close();
            });
            Greenlet<Void> other = Gevent.spawn(() -> {
                seq.step(2).close();
            });
            waitAllBlocked(); // both wait: step 0 never came
            killed.kill();
            other.join();
            assertThat(killed.successful()).isTrue(); // it died of its kill, as itself
            assertThat(other.exception()).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("sequence broken");
            assertThatThrownBy(() -> seq.step(0)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("sequence broken");
        });
    }

    @Test
    void aTimedOutWaiterGetsItsTimeout() {
        virtualHub(() -> {
            Sequencer seq = new Sequencer();
            assertThatThrownBy(() -> Gevent.withTimeout(Duration.ofSeconds(1), () -> seq.step(1)))
                    .isInstanceOf(org.gevent4j.Timeout.class);
            assertThatThrownBy(() -> seq.step(0)).hasMessageContaining("sequence broken");
        });
    }

    @Test
    void greenletsOfSeveralHubsShareOneSequence() {
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        TestHubs.realHub(() -> {
            Sequencer seq = new Sequencer();
            try (HubGroup group = HubGroup.start(2)) {
                Greenlet<Void> x = group.spawnOn(group.hub(0), () -> {
                    try (var _ = seq.step(1)) {
                        log.add("hub0 step1");
                    }
                });
                Greenlet<Void> y = group.spawnOn(group.hub(1), () -> {
                    try (var _ = seq.step(0)) {
                        Gevent.sleep(Duration.ofMillis(20));
                        log.add("hub1 step0");
                    }
                    try (var _ = seq.step(2)) {
                        log.add("hub1 step2");
                    }
                });
                Gevent.joinAll(x, y);
                assertThat(x.exception()).isNull();
                assertThat(y.exception()).isNull();
            }
        });
        assertThat(log).containsExactly("hub1 step0", "hub0 step1", "hub1 step2");
    }

    @Test
    void closingAStepTwiceDoesNothing() {
        virtualHub(() -> {
            Sequencer seq = new Sequencer();
            var zero = seq.step(0);
            zero.close();
            var one = seq.step(1);
            zero.close(); // must not let step 2 overtake step 1
            Greenlet<String> two = Gevent.spawn(() -> {
                seq.step(2).close();
                return "two";
            });
            waitAllBlocked();
            assertThat(two.ready()).isFalse();
            one.close();
            assertThat(two.get()).isEqualTo("two");
        });
    }
}
