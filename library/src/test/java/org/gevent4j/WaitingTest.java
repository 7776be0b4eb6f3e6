package org.gevent4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gevent4j.TestHubs.elapsedSince;
import static org.gevent4j.TestHubs.now;
import static org.gevent4j.TestHubs.virtualHub;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * Waiting for several greenlets: joinAll, wait, iwait, and withTimeout around a function. Follows
 * gevent's test__joinall.py, test__iwait.py, TestStuff (test_wait_noerrors, test_wait_error,
 * test_joinall_exception_order) and test__timeout.py's test_with_timeout.
 */
@org.junit.jupiter.api.Timeout(20)
class WaitingTest {

    /** A greenlet that sleeps {@code seconds} on the hub's clock, then returns {@code value}. */
    private static <T> Greenlet<T> after(double seconds, T value) {
        return Gevent.spawn(() -> {
            Gevent.sleep(seconds);
            return value;
        });
    }

    private static Greenlet<Object> failingAfter(double seconds, RuntimeException e) {
        return Gevent.spawn(() -> {
            Gevent.sleep(seconds);
            throw e;
        });
    }

    private static void quietErrors() {
        Hub.current().setErrorHandler((context, error) -> {});
    }

    // ---- joinAll ----

    @Test
    void joinAllWaitsForAllAndReturnsThemInTheOrderTheyFinished() {
        virtualHub(() -> {
            long start = now();
            Greenlet<String> three = after(3, "three"), one = after(1, "one"), two = after(2, "two");
            List<Greenlet<?>> done = Gevent.joinAll(three, one, two);

            assertThat(done).containsExactly(one, two, three);
            assertThat(elapsedSince(start)).isEqualTo(Duration.ofSeconds(3));
            assertThat(List.of(one.value(), two.value(), three.value())).containsExactly("one", "two", "three");
        });
    }

    @Test
    void joinAllWithATimeoutReturnsOnlyThoseFinishedInTimeAndLeavesTheOthersRunning() {
        virtualHub(() -> {
            long start = now();
            Greenlet<String> one = after(1, "one"), three = after(3, "three");
            List<Greenlet<?>> done = Gevent.joinAll(List.of(one, three), Duration.ofMillis(1500), false);

            assertThat(done).containsExactly(one);
            assertThat(elapsedSince(start)).isEqualTo(Duration.ofMillis(1500));
            assertThat(three.ready()).isFalse();
            assertThat(three.get()).isEqualTo("three");
        });
    }

    @Test
    void joinAllWithRaiseErrorRethrowsTheFirstFailureToHappen() {
        // gevent's test_joinall_exception_order: the earliest failure is the one raised
        IllegalStateException first = new IllegalStateException("first"), second = new IllegalStateException("second");
        virtualHub(() -> {
            quietErrors();
            long start = now();
            Greenlet<Object> late = failingAfter(0.1, first);
            Greenlet<Object> early = failingAfter(0, second);
            assertThatThrownBy(() -> Gevent.joinAll(List.of(late, early), null, true)).isSameAs(second);
            assertThat(elapsedSince(start)).isZero();

            assertThat(Gevent.joinAll(late, early)).containsExactlyInAnyOrder(late, early);
        });
    }

    @Test
    void joinAllWithRaiseErrorWrapsACheckedFailureLikeGet() {
        IOException io = new IOException("io");
        virtualHub(() -> {
            quietErrors();
            Greenlet<Object> g = Gevent.spawn(() -> {
                throw io;
            });
            assertThatThrownBy(() -> Gevent.joinAll(List.of(g), null, true))
                    .isInstanceOf(CompletionException.class).cause().isSameAs(io);
        });
    }

    @Test
    void joinAllWithRaiseErrorAndNoFailureReturnsAllOfThem() {
        // gevent's test_wait_noerrors
        virtualHub(() -> {
            Greenlet<Integer> x = Gevent.spawn(() -> 1), y = Gevent.spawn(() -> 2), z = Gevent.spawn(() -> 3);
            assertThat(Gevent.joinAll(List.of(x, y, z), null, true)).containsExactly(x, y, z);
            assertThat(List.of(x.value(), y.value(), z.value())).containsExactly(1, 2, 3);
        });
    }

    @Test
    void joinAllWithRaiseErrorRaisesForAGreenletThatFailedBeforehand() {
        // gevent's test_wait_error: joinall([y], raise_error=True) raises again for a dead y
        IllegalStateException boom = new IllegalStateException("boom");
        virtualHub(() -> {
            quietErrors();
            Greenlet<Integer> x = after(1, 1);
            Greenlet<Object> y = failingAfter(0, boom);
            assertThatThrownBy(() -> Gevent.joinAll(List.of(x, y), null, true)).isSameAs(boom);
            assertThatThrownBy(() -> Gevent.joinAll(List.of(y), null, true)).isSameAs(boom);
            assertThat(x.get()).isEqualTo(1);
        });
    }

    @Test
    void joinAllAcceptsTheSameGreenletTwice() {
        // gevent's test__joinall: joinall([a, b, a])
        virtualHub(() -> {
            Greenlet<Void> a = Gevent.spawn(() -> {}), b = Gevent.spawn(() -> {});
            List<Greenlet<?>> done = Gevent.joinAll(a, b, a);
            assertThat(done).containsOnly(a, b);
            assertThat(a.dead() && b.dead()).isTrue();
        });
    }

    @Test
    void joinAllOfNothingReturnsAtOnce() {
        virtualHub(() -> {
            long start = now();
            assertThat(Gevent.joinAll(List.of())).isEmpty();
            assertThat(elapsedSince(start)).isZero();
        });
    }

    @Test
    void joinAllOfGreenletsAlreadyDeadReturnsThem() {
        virtualHub(() -> {
            Greenlet<Integer> a = Gevent.spawn(() -> 1), b = Gevent.spawn(() -> 2);
            Gevent.sleep(0);
            assertThat(Gevent.joinAll(a, b)).containsExactly(a, b);
        });
    }

    // ---- wait ----

    @Test
    void waitWithACountReturnsOnceThatManyAreReady() {
        virtualHub(() -> {
            long start = now();
            Greenlet<String> three = after(3, "c"), one = after(1, "a"), two = after(2, "b");
            List<Greenlet<String>> first = Gevent.wait(List.of(three, one, two), null, 1);
            assertThat(first).containsExactly(one);
            assertThat(elapsedSince(start)).isEqualTo(Duration.ofSeconds(1));

            List<Greenlet<String>> firstTwo = Gevent.wait(List.of(three, one, two), null, 2);
            assertThat(firstTwo).containsExactly(one, two);
            assertThat(elapsedSince(start)).isEqualTo(Duration.ofSeconds(2));
        });
    }

    @Test
    void waitWithATimeoutReturnsTheOnesReadyByThen() {
        virtualHub(() -> {
            long start = now();
            Greenlet<String> one = after(1, "a"), five = after(5, "e");
            List<Greenlet<String>> ready = Gevent.wait(List.of(five, one), Duration.ofSeconds(2), 0);
            assertThat(ready).containsExactly(one);
            assertThat(elapsedSince(start)).isEqualTo(Duration.ofSeconds(2));
        });
    }

    @Test
    void waitWithoutCountOrTimeoutWaitsForAll() {
        virtualHub(() -> {
            Greenlet<String> two = after(2, "b"), one = after(1, "a");
            assertThat(Gevent.wait(List.of(two, one))).containsExactly(one, two);
        });
    }

    // ---- iwait ----

    @Test
    void iwaitYieldsEachGreenletAsItFinishes() {
        List<String> seen = new ArrayList<>();
        virtualHub(() -> {
            long start = now();
            List<Greenlet<String>> all = List.of(after(3, "c"), after(1, "a"), after(2, "b"));
            for (Greenlet<String> g : Gevent.iwait(all)) {
                seen.add(g.value() + "@" + elapsedSince(start).toSeconds());
            }
        });
        assertThat(seen).containsExactly("a@1", "b@2", "c@3");
    }

    @Test
    void iwaitStopsQuietlyAtTheTimeout() {
        List<String> seen = new ArrayList<>();
        virtualHub(() -> {
            long start = now();
            List<Greenlet<String>> all = List.of(after(3, "c"), after(1, "a"), after(2, "b"));
            for (Greenlet<String> g : Gevent.iwait(all, Duration.ofMillis(2500))) seen.add(g.value());
            assertThat(elapsedSince(start)).isEqualTo(Duration.ofMillis(2500));
        });
        assertThat(seen).containsExactly("a", "b");
    }

    @Test
    void iwaitYieldsAtMostCountObjects() {
        List<String> seen = new ArrayList<>();
        virtualHub(() -> {
            List<Greenlet<String>> all = List.of(after(3, "c"), after(1, "a"), after(2, "b"));
            for (Greenlet<String> g : Gevent.iwait(all, null, 2)) seen.add(g.value());
        });
        assertThat(seen).containsExactly("a", "b");
    }

    @Test
    void iwaitYieldsObjectsAlreadyReadyFirst() {
        List<String> seen = new ArrayList<>();
        virtualHub(() -> {
            Greenlet<String> later = after(1, "later");
            Greenlet<String> done = Gevent.spawn(() -> "done");
            done.join();
            for (Greenlet<String> g : Gevent.iwait(List.of(later, done))) seen.add(g.value());
        });
        assertThat(seen).containsExactly("done", "later");
    }

    @Test
    void iwaitIsAnIterableThatCanBeIteratedOnlyOnce() {
        // gevent's test_noiter: the result can be iterated without another iter() call
        virtualHub(() -> {
            Greenlet<String> g = after(1, "x");
            Iterable<Greenlet<String>> it = Gevent.iwait(List.of(g));
            Iterator<Greenlet<String>> iterator = it.iterator();
            assertThat(iterator.next()).isSameAs(g);
            assertThat(iterator.hasNext()).isFalse();
            assertThatThrownBy(it::iterator).isInstanceOf(IllegalStateException.class);
        });
    }

    @Test
    void iwaitOfGreenletsFinishingTogetherYieldsThemInTheOrderTheyFinished() {
        List<String> seen = new ArrayList<>();
        virtualHub(() -> {
            List<Greenlet<String>> all = List.of(after(1, "x"), after(1, "y"), after(1, "z"));
            for (Greenlet<String> g : Gevent.iwait(all)) seen.add(g.value());
        });
        assertThat(seen).containsExactly("x", "y", "z");
    }

    // ---- withTimeout ----

    @Test
    void withTimeoutReturnsTheValueOfAFunctionThatFinishesInTime() {
        virtualHub(() -> {
            String v = Gevent.withTimeout(Duration.ofSeconds(2), () -> {
                Gevent.sleep(1);
                return "in time";
            });
            assertThat(v).isEqualTo("in time");
            Gevent.sleep(5); // the disarmed timeout does not fire later
        });
    }

    @Test
    void withTimeoutThrowsTimeoutWhenTheFunctionTakesTooLong() {
        virtualHub(() -> {
            long start = now();
            assertThatThrownBy(() -> Gevent.withTimeout(Duration.ofSeconds(2), () -> {
                Gevent.sleep(10);
                return "too late";
            })).isInstanceOf(Timeout.class).hasMessage("2 seconds");
            assertThat(elapsedSince(start)).isEqualTo(Duration.ofSeconds(2));
        });
    }

    @Test
    void withTimeoutReturnsTheTimeoutValueWhenTheFunctionTakesTooLong() {
        Object marker = new Object();
        virtualHub(() -> {
            Object v = Gevent.withTimeout(Duration.ofSeconds(1), () -> {
                Gevent.sleep(10);
                return new Object();
            }, marker);
            assertThat(v).isSameAs(marker);
            Object fast = Gevent.withTimeout(Duration.ofSeconds(10), () -> {
                Gevent.sleep(1);
                return null;
            }, marker);
            assertThat(fast).as("a function finishing in time returns its own value, even null").isNull();
        });
    }

    @Test
    void withTimeoutLetsTheFunctionsOwnExceptionsThrough() {
        IllegalStateException unchecked = new IllegalStateException("own");
        IOException checked = new IOException("own checked");
        virtualHub(() -> {
            assertThatThrownBy(() -> Gevent.withTimeout(Duration.ofSeconds(1), () -> {
                throw unchecked;
            })).isSameAs(unchecked);
            assertThatThrownBy(() -> Gevent.withTimeout(Duration.ofSeconds(1), () -> {
                throw checked;
            })).as("a lambda's checked exception comes through as itself").isSameAs(checked);
            java.util.concurrent.Callable<Object> notALambda = () -> {
                throw checked;
            };
            assertThatThrownBy(() -> Gevent.withTimeout(Duration.ofSeconds(1), notALambda))
                    .as("a plain Callable's is wrapped, as Greenlet.get wraps it")
                    .isInstanceOf(CompletionException.class).cause().isSameAs(checked);
        });
    }

    @Test
    void nestedWithTimeoutsEachHandleOnlyTheirOwnTimeout() {
        virtualHub(() -> {
            long start = now();
            String v = Gevent.withTimeout(Duration.ofSeconds(5), () ->
                    Gevent.withTimeout(Duration.ofSeconds(1), () -> {
                        Gevent.sleep(10);
                        return "never";
                    }, "inner timed out"));
            assertThat(v).isEqualTo("inner timed out");
            assertThat(elapsedSince(start)).isEqualTo(Duration.ofSeconds(1));

            Object outer = Gevent.withTimeout(Duration.ofSeconds(1), () ->
                    Gevent.withTimeout(Duration.ofSeconds(5), () -> {
                        Gevent.sleep(10);
                        return "never";
                    }, "inner's value"), "outer timed out");
            assertThat(outer).isEqualTo("outer timed out");
        });
    }
}
