package org.gevent4j.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gevent4j.TestHubs.elapsedSince;
import static org.gevent4j.TestHubs.now;
import static org.gevent4j.TestHubs.virtualHub;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.gevent4j.Gevent;
import org.gevent4j.Hub;
import org.gevent4j.TestHubs;
import org.gevent4j.Timeout;
import org.junit.jupiter.api.Test;

/**
 * imap and imapUnordered: order, errors at their item, backpressure, close. Follows gevent's
 * test__pool.py (TestPool's imap tests at sizes 1, 2, 3, 10 and unbounded, TestErrorInHandler,
 * TestErrorInIterator, test_imap_unordered_bounded_queue) and the seed's determinism program.
 */
@org.junit.jupiter.api.Timeout(20)
class IMapTest {
    private static final List<Integer> SIZES = List.of(1, 2, 3, 10, 0); // 0: a Group (gevent's Pool(None))

    private static Group group(int size) {
        return size == 0 ? new Group() : new Pool(size);
    }

    private static int sqr(int x, double wait) {
        Gevent.sleep(wait);
        return x * x;
    }

    private static <T> List<T> drain(Iterable<T> it) {
        List<T> out = new ArrayList<>();
        for (T t : it) out.add(t);
        return out;
    }

    private static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    private static List<Integer> squares(int n) {
        return IntStream.range(0, n).map(i -> i * i).boxed().toList();
    }

    @Test
    void imapYieldsResultsInInputOrderAtEverySize() {
        // test_imap_list_small, test_imap_it_large, test_imap_random
        virtualHub(() -> {
            java.util.Random random = new java.util.Random(7);
            for (int size : SIZES) {
                assertThat(drain(group(size).imap(x -> sqr(x, 0), range(10)))).containsExactlyElementsOf(squares(10));
                assertThat(drain(group(size).imap(x -> sqr(x, 0), range(1000)))).containsExactlyElementsOf(squares(1000));
                List<Double> waits = IntStream.range(0, 10).mapToObj(i -> random.nextInt(100) / 1000.0).toList();
                assertThat(drain(group(size).imap(x -> sqr(x, waits.get(x)), range(10))))
                        .containsExactlyElementsOf(squares(10));
            }
        });
    }

    @Test
    void imapUnorderedYieldsEveryResult() {
        // test_imap_unordered, test_imap_unordered_random, test_empty_imap_unordered, test_empty_imap
        virtualHub(() -> {
            for (int size : SIZES) {
                assertThat(drain(group(size).imapUnordered(x -> sqr(x, 0), range(1000))))
                        .containsExactlyInAnyOrderElementsOf(squares(1000));
                assertThat(drain(group(size).imapUnordered(x -> sqr(x, (x * 37 % 10) / 100.0), range(10))))
                        .containsExactlyInAnyOrderElementsOf(squares(10));
                assertThat(drain(group(size).imapUnordered(x -> x, List.of()))).isEmpty();
                assertThat(drain(group(size).imap(x -> x, List.of()))).isEmpty();
                assertThat(group(size).map(x -> x, List.of())).isEmpty();
            }
        });
    }

    @Test
    void imapUnorderedYieldsInCompletionOrder() {
        // test_imap_unordered_sleep: sleep x/10 over [10, 1, 2]
        virtualHub(() -> {
            for (int size : SIZES) {
                List<String> result = drain(group(size).imapUnordered(x -> {
                    Gevent.sleep(x / 10.0);
                    return String.valueOf(x);
                }, List.of(10, 1, 2)));
                if (size == 1) {
                    assertThat(result).containsExactly("10", "1", "2");
                } else {
                    assertThat(result).containsExactly("1", "2", "10");
                }
            }
        });
    }

    @Test
    void seedImapUnorderedGivesTheSameSequenceOnEveryRun() {
        // the seed: p = Pool(10); run1..run4 = [a for a in p.imap_unordered(echo, range(10))];
        // print(run1 == run2 == run3 == run4) -> True, with echo sleeping 0.001
        Function<Integer, Integer> echo = i -> {
            Gevent.sleep(0.001);
            return i;
        };
        List<List<Integer>> virtualRuns = virtualHub(() -> {
            Pool p = new Pool(10);
            List<List<Integer>> runs = new ArrayList<>();
            for (int run = 0; run < 4; run++) runs.add(drain(p.imapUnordered(echo, range(10))));
            return runs;
        });
        assertThat(virtualRuns).allSatisfy(run -> assertThat(run).isEqualTo(virtualRuns.get(0)));
        assertThat(virtualRuns.get(0)).containsExactlyElementsOf(range(10));

        List<List<Integer>> realRuns = new ArrayList<>();
        TestHubs.realHub(() -> {
            Pool p = new Pool(10);
            for (int run = 0; run < 4; run++) realRuns.add(drain(p.imapUnordered(echo, range(10))));
        });
        assertThat(realRuns).allSatisfy(run -> assertThat(run).isEqualTo(virtualRuns.get(0)));
    }

    @Test
    void imapRunsItemsInParallelUpToThePoolSize() {
        virtualHub(() -> {
            long start = now();
            assertThat(drain(new Pool(3).imap(x -> sqr(x, 1), range(9)))).containsExactlyElementsOf(squares(9));
            assertThat(elapsedSince(start)).isEqualTo(Duration.ofSeconds(3));
        });
    }

    // ---- errors ----

    @Test
    void anItemsExceptionIsThrownWhenIterationReachesItAndIterationGoesOn() {
        // TestErrorInHandler.test_imap and test_imap_unordered: divide_by over [1, 0, 2] in Pool(1)
        virtualHub(() -> {
            Hub.current().setErrorHandler((context, error) -> {});
            for (boolean ordered : List.of(true, false)) {
                Pool p = new Pool(1);
                Function<Integer, Double> divideBy = x -> {
                    if (x == 0) throw new ArithmeticException("/ by zero");
                    return 1.0 / x;
                };
                IMap<Double> it = ordered ? p.imap(divideBy, List.of(1, 0, 2)) : p.imapUnordered(divideBy, List.of(1, 0, 2));
                assertThat(it.next()).isEqualTo(1.0);
                assertThat(it.hasNext()).isTrue();
                assertThatThrownBy(it::next).isInstanceOf(ArithmeticException.class);
                assertThat(it.next()).isEqualTo(0.5);
                assertThat(it.hasNext()).isFalse();
                assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class);
            }
        });
    }

    @Test
    void aCheckedExceptionFromTheFunctionIsWrappedAsGetWrapsIt() {
        virtualHub(() -> {
            Hub.current().setErrorHandler((context, error) -> {});
            java.io.IOException io = new java.io.IOException("io");
            IMap<Object> it = new Group().imap(x -> {
                throw org.gevent4j.internal.Sneaky.rethrow(io); // a checked exception thrown undeclared
            }, List.of(1));
            assertThatThrownBy(it::next).isInstanceOf(java.util.concurrent.CompletionException.class).hasCause(io);
        });
    }

    /** error_iter(): yields 1, 2, then raises. */
    private static Iterable<Integer> errorIter(RuntimeException error) {
        return () -> new Iterator<>() {
            int n;

            @Override
            public boolean hasNext() {
                if (n == 2) throw error;
                return true;
            }

            @Override
            public Integer next() {
                return ++n;
            }
        };
    }

    @Test
    void anExceptionFromTheInputComesAfterTheResultsBeforeIt() {
        // TestErrorInIterator.test_unordered, and the ordered case
        IllegalStateException broken = new IllegalStateException("broken input");
        virtualHub(() -> {
            Hub.current().setErrorHandler((context, error) -> {});
            IMap<Integer> ordered = new Pool(3).imap(x -> sqr(x, 0.1 * (3 - x)), errorIter(broken));
            assertThat(ordered.next()).isEqualTo(1);
            assertThat(ordered.next()).isEqualTo(4);
            assertThatThrownBy(ordered::next).isSameAs(broken);
            assertThat(ordered.hasNext()).isFalse();

            // unordered: where it happened among the completions (the input fails before any item runs)
            IMap<Integer> unordered = new Pool(3).imapUnordered(x -> sqr(x, 0), errorIter(broken));
            assertThatThrownBy(unordered::next).isSameAs(broken);
            assertThat(drain(unordered)).containsExactly(1, 4);
            assertThatThrownBy(() -> drain(new Pool(3).imapUnordered(x -> null, errorIter(broken)))).isSameAs(broken);
        });
    }

    @Test
    void anInputThatBlocksBeforeEndingEndsIterationCleanly() {
        // test_imap_final_sleep, test_imap_no_stop (gevent issues 311 and 423)
        virtualHub(() -> {
            for (boolean ordered : List.of(true, false)) {
                Iterable<Integer> finalSleep = () -> new Iterator<>() {
                    int n;

                    @Override
                    public boolean hasNext() {
                        if (n == 3) Gevent.sleep(0.2);
                        return n < 3;
                    }

                    @Override
                    public Integer next() {
                        return n++;
                    }
                };
                Pool p = new Pool(2);
                IMap<Integer> it = ordered ? p.imap(x -> sqr(x, 0), finalSleep) : p.imapUnordered(x -> sqr(x, 0), finalSleep);
                assertThat(drain(it)).containsExactly(0, 1, 4);
            }
        });
    }

    @Test
    void aConsumerTimedOutWhileWaitingLosesNoResult() {
        virtualHub(() -> {
            IMap<Integer> it = new Group().imap(x -> sqr(x, 1), List.of(3));
            try (Timeout t = Timeout.start(Duration.ofMillis(500))) {
                assertThatThrownBy(it::next).isSameAs(t);
            }
            assertThat(it.next()).isEqualTo(9);
            assertThat(it.hasNext()).isFalse();
        });
    }

    // ---- backpressure ----

    @Test
    void maxsizePausesTheProducerUntilTheConsumerAsksForMore() {
        // test_imap_unordered_bounded_queue (gevent issue 638), as an exact event log
        for (boolean ordered : List.of(true, false)) {
            List<String> out = virtualHub(() -> {
                List<String> log = new ArrayList<>();
                Group group = new Group();
                Function<Integer, Integer> fn = x -> {
                    log.add("start " + x);
                    return x;
                };
                IMap<Integer> it = ordered ? group.imap(fn, range(6), 2) : group.imapUnordered(fn, range(6), 2);
                for (int x : it) {
                    log.add("got " + x);
                    Gevent.sleep(0.01); // a slow reader
                }
                return log;
            });
            // each request lets one more item start, so at most maxsize results wait for the reader
            assertThat(out).containsExactly("start 0", "start 1", "start 2", "got 0", "got 1", "start 3", "got 2",
                    "start 4", "got 3", "start 5", "got 4", "got 5");
        }
    }

    @Test
    void maxsizeBoundsTheBufferWithAPoolToo() {
        virtualHub(() -> {
            int[] started = {0};
            Pool pool = new Pool(4);
            IMap<Integer> it = pool.imap(x -> {
                started[0]++;
                return x;
            }, range(100), 1);
            int i = 0;
            for (int x : it) {
                assertThat(x).isEqualTo(i);
                assertThat(started[0]).isLessThanOrEqualTo(i + 2);
                i++;
                Gevent.sleep(0.01);
            }
            assertThat(i).isEqualTo(100);
        });
    }

    // ---- close and misuse ----

    @Test
    void closeStopsTheProducerAndEndsIteration() {
        virtualHub(() -> {
            List<Integer> started = new ArrayList<>();
            Pool pool = new Pool(2);
            IMap<Integer> it = pool.imap(x -> {
                started.add(x);
                return sqr(x, 1);
            }, range(10));
            assertThat(it.next()).isZero();
            it.close();
            assertThat(it.hasNext()).isFalse();
            pool.join();
            // 2 and 3 got the slots 0 and 1 freed before close(); the producer then waited for a slot for 4
            assertThat(started).containsExactly(0, 1, 2, 3);
            it.close(); // idempotent
        });
    }

    @Test
    void closeWakesAWaitingConsumer() {
        virtualHub(() -> {
            IMap<Integer> it = new Group().imap(x -> sqr(x, 10), List.of(1));
            org.gevent4j.Greenlet<Boolean> consumer = Gevent.spawn(it::hasNext);
            Gevent.sleep(1);
            it.close();
            assertThat(consumer.get()).isFalse();
        });
    }

    @Test
    void anIMapCanBeIteratedOnlyOnce() {
        virtualHub(() -> {
            IMap<Integer> it = new Group().imap(x -> x, List.of(1, 2));
            assertThat(drain(it)).containsExactly(1, 2);
            assertThatThrownBy(it::iterator).isInstanceOf(IllegalStateException.class).hasMessageContaining("once");
        });
    }
}
