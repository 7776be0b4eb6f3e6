package org.gevent4j.greenlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gevent4j.TestHubs.virtualHub;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;
import org.gevent4j.GreenletExit;
import org.gevent4j.Hub;
import org.junit.jupiter.api.Test;

/**
 * Python-style generators on raw greenlets: iteration, the interleaving of producer and consumer,
 * send() for the producer/consumer pattern, exceptions, close(). Follows the seed programs 003
 * (a generator interleaved with main) and 004 (a coroutine consumer fed with send).
 */
@org.junit.jupiter.api.Timeout(20)
class GeneratorTest {

    @Test
    void aGeneratorIsIteratedWithForEach() {
        List<Integer> got = new ArrayList<>();
        virtualHub(() -> {
            Generator<Integer> counter = Generator.of(y -> {
                for (int i = 0; i < 3; i++) y.yield(i);
            });
            for (int i : counter) got.add(i);
        });
        assertThat(got).containsExactly(0, 1, 2);
    }

    @Test
    void seedFooGeneratorInterleavesWithMain() {
        // seed 003: bar = foo(); print(next(bar)); print('main: ...'); ... print(next(bar))
        List<String> out = new ArrayList<>();
        virtualHub(() -> {
            Generator<Integer> bar = Generator.of(y -> {
                for (int i = 0; i < 10; i++) {
                    y.yield(i);
                    out.add("foo: 控制权又回到我手上了，叫我大笨蛋");
                }
            });
            out.add(String.valueOf(bar.next()));
            out.add("main: 现在控制权在我手上，啦啦啦");
            out.add("main:hello baby!");
            out.add(String.valueOf(bar.next()));
            out.add("main: 老大我又来了");
            out.add(String.valueOf(bar.next()));
            bar.close();
        });
        assertThat(out).containsExactly(
                "0",
                "main: 现在控制权在我手上，啦啦啦",
                "main:hello baby!",
                "foo: 控制权又回到我手上了，叫我大笨蛋",
                "1",
                "main: 老大我又来了",
                "foo: 控制权又回到我手上了，叫我大笨蛋",
                "2");
    }

    @Test
    void seedConsumerCoroutineIsFedWithSend() {
        // seed 004: a @coroutine consumer primed with next(), then c.send("task %s" % task_id)
        List<String> out = new ArrayList<>();
        virtualHub(() -> {
            Generator<Void> consumer = Generator.of(y -> {
                out.add("Wait to getting a task");
                while (true) {
                    Object n = y.yield(null);
                    out.add("Got " + n);
                }
            });
            consumer.next(); // the decorator's f.next()
            for (int taskId = 0; taskId < 3; taskId++) {
                out.add("Send a task " + taskId + " to consumer");
                consumer.send("task " + taskId);
            }
            consumer.close();
        });
        assertThat(out).containsExactly(
                "Wait to getting a task",
                "Send a task 0 to consumer", "Got task 0",
                "Send a task 1 to consumer", "Got task 1",
                "Send a task 2 to consumer", "Got task 2");
    }

    @Test
    void sendReturnsTheNextValueTheProducerYields() {
        List<Object> got = new ArrayList<>();
        virtualHub(() -> {
            Generator<Integer> doubler = Generator.of(y -> {
                Object received = y.yield(0);
                while (received != null) received = y.yield((Integer) received * 2);
            });
            got.add(doubler.send(null));
            got.add(doubler.send(5));
            got.add(doubler.send(21));
            assertThatThrownBy(() -> doubler.send(null))
                    .as("the producer finishes instead of yielding").isInstanceOf(NoSuchElementException.class);
        });
        assertThat(got).containsExactly(0, 10, 42);
    }

    @Test
    void theBodyDoesNotStartUntilTheFirstValueIsAskedFor() {
        List<String> out = new ArrayList<>();
        virtualHub(() -> {
            Generator<String> g = Generator.of(y -> {
                out.add("started");
                y.yield("a");
            });
            out.add("created");
            assertThat(g.hasNext()).isTrue();
            assertThat(g.hasNext()).as("asking twice does not advance").isTrue();
            out.add(g.next());
            assertThat(g.hasNext()).isFalse();
        });
        assertThat(out).containsExactly("created", "started", "a");
    }

    @Test
    void anExceptionFromTheBodyComesOutOfTheNextThatResumedIt() {
        IllegalStateException boom = new IllegalStateException("boom");
        virtualHub(() -> {
            Generator<Integer> g = Generator.of(y -> {
                y.yield(1);
                throw boom;
            });
            assertThat(g.next()).isEqualTo(1);
            assertThatThrownBy(g::next).isSameAs(boom);
            assertThat(g.hasNext()).as("a generator that threw is finished").isFalse();
            assertThatThrownBy(g::next).isInstanceOf(NoSuchElementException.class);
        });
    }

    @Test
    void aCheckedExceptionFromTheBodyComesOutUnchanged() {
        IOException io = new IOException("io");
        virtualHub(() -> {
            Generator<Integer> g = Generator.of(y -> {
                throw io;
            });
            assertThatThrownBy(g::hasNext).isSameAs(io);
        });
    }

    @Test
    void sendingANonNullValueToAJustStartedGeneratorIsAnError() {
        List<String> out = new ArrayList<>();
        virtualHub(() -> {
            Generator<String> g = Generator.of(y -> {
                out.add("ran");
                y.yield("x");
            });
            assertThatThrownBy(() -> g.send("too early")).isInstanceOf(IllegalStateException.class);
            assertThat(out).as("the body did not start").isEmpty();
            assertThat(g.send(null)).isEqualTo("x");
        });
    }

    @Test
    void closeRaisesGreenletExitAtThePendingYieldSoFinallyBlocksRun() {
        List<String> out = new ArrayList<>();
        virtualHub(() -> {
            Generator<Integer> g = Generator.of(y -> {
                try {
                    for (int i = 0; ; i++) y.yield(i);
                } catch (GreenletExit e) {
                    out.add("GreenletExit");
                    throw e;
                } finally {
                    out.add("finally");
                }
            });
            assertThat(g.next()).isZero();
            assertThat(g.next()).isEqualTo(1);
            g.close();
            assertThat(g.hasNext()).isFalse();
            assertThatThrownBy(g::next).isInstanceOf(NoSuchElementException.class);
            g.close();
        });
        assertThat(out).containsExactly("GreenletExit", "finally");
    }

    @Test
    void closingAnUnstartedGeneratorMeansItsBodyNeverRuns() {
        List<String> out = new ArrayList<>();
        virtualHub(() -> {
            Generator<String> g = Generator.of(y -> {
                out.add("ran");
                y.yield("x");
            });
            g.close();
            assertThat(g.hasNext()).isFalse();
        });
        assertThat(out).isEmpty();
    }

    @Test
    void aGeneratorCanBeIteratedOnlyOnce() {
        virtualHub(() -> {
            Generator<Integer> g = Generator.of(y -> y.yield(1));
            List<Integer> got = new ArrayList<>();
            for (int i : g) got.add(i);
            assertThat(got).containsExactly(1);
            assertThatThrownBy(g::iterator).isInstanceOf(IllegalStateException.class);
        });
    }

    @Test
    void anExhaustedGeneratorThrowsNoSuchElementFromNextAndSend() {
        virtualHub(() -> {
            Generator<Integer> g = Generator.of(y -> {});
            assertThat(g.hasNext()).isFalse();
            assertThatThrownBy(g::next).isInstanceOf(NoSuchElementException.class);
            assertThatThrownBy(() -> g.send(null)).isInstanceOf(NoSuchElementException.class);
        });
    }

    @Test
    void aProducerThatSleepsOnTheHubClockYieldsItsValuesWhenTheyAreDue() {
        List<String> got = new ArrayList<>();
        virtualHub(() -> {
            long start = Hub.current().clock().nanoTime();
            Generator<String> ticks = Generator.of(y -> {
                for (int i = 1; i <= 3; i++) {
                    Gevent.sleep(1);
                    y.yield("tick " + i);
                }
            });
            for (String t : ticks) {
                got.add(t + "@" + Duration.ofNanos(Hub.current().clock().nanoTime() - start).toSeconds());
            }
        });
        assertThat(got).containsExactly("tick 1@1", "tick 2@2", "tick 3@3");
    }

    @Test
    void generatorsWorkInsideGeventGreenlets() {
        virtualHub(() -> {
            List<Greenlet<List<Integer>>> all = new ArrayList<>();
            for (int base : new int[] {100, 200}) {
                all.add(Gevent.spawn(() -> {
                    List<Integer> got = new ArrayList<>();
                    for (int v : Generator.<Integer>of(y -> {
                        for (int i = 0; i < 3; i++) {
                            y.yield(base + i);
                            Gevent.sleep(0);
                        }
                    })) {
                        got.add(v);
                    }
                    return got;
                }));
            }
            Gevent.joinAll(all);
            assertThat(all.get(0).get()).containsExactly(100, 101, 102);
            assertThat(all.get(1).get()).containsExactly(200, 201, 202);
        });
    }

    @Test
    void nullArgumentsAreRejectedNamingTheArgument() {
        virtualHub(() -> {
            assertThatThrownBy(() -> Generator.of(null))
                    .isInstanceOf(NullPointerException.class).hasMessageContaining("body");
            assertThatThrownBy(() -> new RawGreenlet(null))
                    .isInstanceOf(NullPointerException.class).hasMessageContaining("run");
            assertThatThrownBy(() -> new RawGreenlet(args -> null, null))
                    .isInstanceOf(NullPointerException.class).hasMessageContaining("parent");
            RawGreenlet g = new RawGreenlet(args -> null);
            assertThatThrownBy(() -> g.setParent(null))
                    .isInstanceOf(NullPointerException.class).hasMessageContaining("parent");
            assertThatThrownBy(() -> g.throwInto(null))
                    .isInstanceOf(NullPointerException.class).hasMessageContaining("throwable");
        });
    }

    @Test
    void generatorsCanBeNested() {
        List<String> got = new ArrayList<>();
        virtualHub(() -> {
            Generator<String> flat = Generator.of(y -> {
                for (String word : List.of("ab", "cd")) {
                    Generator<String> letters = Generator.of(inner -> {
                        for (char c : word.toCharArray()) inner.yield(String.valueOf(c));
                    });
                    for (String letter : letters) y.yield(letter);
                }
            });
            for (String s : flat) got.add(s);
        });
        assertThat(got).containsExactly("a", "b", "c", "d");
    }
}
