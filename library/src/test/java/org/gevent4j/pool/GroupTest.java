package org.gevent4j.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gevent4j.TestHubs.elapsedSince;
import static org.gevent4j.TestHubs.now;
import static org.gevent4j.TestHubs.virtualHub;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;
import org.gevent4j.GreenletExit;
import org.gevent4j.Hub;
import org.gevent4j.TestHubs;
import org.gevent4j.event.Event;
import org.junit.jupiter.api.Test;

/**
 * Group: membership that follows the greenlets' lives, join, kill, apply and map. Follows gevent's
 * pool.py and test__pool.py (TestCoroutinePool, TestJoinEmpty, TestErrorInHandler, TestErrorInIterator)
 * and the seed's Group program.
 */
@org.junit.jupiter.api.Timeout(20)
class GroupTest {

    private static void quietErrors() {
        Hub.current().setErrorHandler((context, error) -> {});
    }

    // ---- membership ----

    @Test
    void aGreenletLeavesItsGroupWhenItDies() {
        virtualHub(() -> {
            Group group = new Group();
            Greenlet<Void> short1 = group.spawn(() -> Gevent.sleep(1));
            Greenlet<Void> long2 = group.spawn(() -> Gevent.sleep(2));

            assertThat(group.size()).isEqualTo(2);
            assertThat(group.contains(short1)).isTrue();
            assertThat(group).containsExactly(short1, long2);
            Gevent.sleep(1.5);
            assertThat(group).containsExactly(long2);
            assertThat(group.contains(short1)).isFalse();
            long2.join();
            assertThat(group.size()).isZero();
        });
    }

    @Test
    void seedGroupProgramRunsEachTalkerToTheEndInTurn() {
        // the seed: g1, g2, g3 = spawn(talk, ...); group.add(g1); group.add(g2); group.join();
        // group.add(g3); group.join()
        List<String> out = virtualHub(() -> {
            List<String> log = new ArrayList<>();
            Greenlet<Void> g1 = Gevent.spawn(() -> talk(log, "bar"));
            Greenlet<Void> g2 = Gevent.spawn(() -> talk(log, "foo"));
            Greenlet<Void> g3 = Gevent.spawn(() -> talk(log, "fizz"));
            Group group = new Group();
            group.add(g1);
            group.add(g2);
            group.join();
            log.add("joined");
            group.add(g3); // dead already: it leaves at once
            assertThat(group.size()).isZero();
            group.join();
            return log;
        });
        assertThat(out).containsExactly("bar", "bar", "bar", "foo", "foo", "foo", "fizz", "fizz", "fizz", "joined");
    }

    private static void talk(List<String> log, String msg) {
        for (int i = 0; i < 3; i++) log.add(msg);
    }

    @Test
    void addingAMemberAgainChangesNothingAndDiscardStopsTrackingWithoutKilling() {
        virtualHub(() -> {
            Group group = new Group();
            Greenlet<Void> g = group.spawn(() -> Gevent.sleep(1));
            group.add(g);
            assertThat(group.size()).isEqualTo(1);

            group.discard(g);
            assertThat(group.size()).isZero();
            assertThat(group.join(Duration.ZERO)).isTrue();
            assertThat(g.dead()).isFalse();
            g.join();
            assertThat(g.successful()).isTrue();
            group.discard(g); // not a member: nothing happens
        });
    }

    @Test
    void constructorTracksTheGivenGreenlets() {
        virtualHub(() -> {
            Greenlet<Void> a = Gevent.spawn(() -> Gevent.sleep(1)), b = Gevent.spawn(() -> Gevent.sleep(2));
            Group group = new Group(List.of(a, b));
            assertThat(group).containsExactly(a, b);
            a.join();
            assertThat(group).containsExactly(b);
        });
    }

    // ---- join ----

    @Test
    void joinOnAnEmptyGroupReturnsTrueWithoutSwitching() {
        // TestJoinEmpty: switch_expected = False
        virtualHub(() -> {
            List<String> log = new ArrayList<>();
            Gevent.spawn(() -> log.add("other ran"));
            assertThat(new Group().join(null, true)).isTrue();
            assertThat(log).isEmpty();
        });
    }

    @Test
    void joinWithATimeoutReportsWhetherTheGroupEmptied() {
        // TestSpawn.testSpawnAndWait
        virtualHub(() -> {
            Group group = new Group();
            group.spawn(() -> Gevent.sleep(0.1));
            long start = now();
            assertThat(group.join(Duration.ofMillis(10))).isFalse();
            assertThat(elapsedSince(start)).isEqualTo(Duration.ofMillis(10));
            assertThat(group.join(null)).isTrue();
            assertThat(elapsedSince(start)).isEqualTo(Duration.ofMillis(100));
            assertThat(group.size()).isZero();
        });
    }

    @Test
    void joinReturnsTrueIfTheGroupWasEmptyAtSomePointEvenIfRefilled() {
        virtualHub(() -> {
            Group group = new Group();
            Greenlet<Void> first = new Greenlet<>(() -> Gevent.sleep(1));
            // joins `first` before the group links it, so it is woken first when `first` dies
            Greenlet<Void> refiller = Gevent.spawn(() -> {
                first.join();
                group.spawn(() -> Gevent.sleep(5));
            });
            Gevent.sleep(0);
            group.start(first);

            assertThat(group.join(null)).isTrue();
            assertThat(group.size()).isEqualTo(1);
            refiller.join();
        });
    }

    @Test
    void joinWithRaiseErrorRethrowsAMembersFailureAndWithoutItDoesNot() {
        IllegalStateException boom = new IllegalStateException("boom");
        virtualHub(() -> {
            quietErrors();
            Group group = new Group();
            group.spawn(() -> {
                Gevent.sleep(1);
                throw boom;
            });
            group.spawn(() -> Gevent.sleep(2));
            assertThatThrownBy(() -> group.join(null, true)).isSameAs(boom);
            assertThat(group.size()).isZero();

            group.spawn(() -> {
                throw boom;
            });
            assertThat(group.join(null, false)).isTrue();
        });
    }

    @Test
    void joinWithRaiseErrorWrapsACheckedFailureAsGetDoes() {
        IOException io = new IOException("disk");
        virtualHub(() -> {
            quietErrors();
            Group group = new Group();
            group.spawn(() -> {
                Gevent.sleep(1);
                throw io;
            });
            assertThatThrownBy(() -> group.join(Duration.ofSeconds(5), true))
                    .isInstanceOf(CompletionException.class).hasCause(io);
        });
    }

    @Test
    void joinWaitsForAMemberRunningOnAnotherHub() throws Exception {
        // The member dies on another platform thread's hub: the waiting main must not get LoopExit.
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch spawned = new CountDownLatch(1);
        AtomicReference<Greenlet<String>> remote = new AtomicReference<>();
        Thread other = Thread.ofPlatform().start(() -> {
            Greenlet<String> g = Gevent.spawn(() -> {
                release.await(10, TimeUnit.SECONDS);
                // not for ordering: it keeps main's hub idle long enough that a wait which failed
                // to hold it open would surely end in LoopExit
                Gevent.sleep(0.1);
                return "remote done";
            });
            remote.set(g);
            spawned.countDown();
            g.join();
        });
        try {
            assertThat(spawned.await(10, TimeUnit.SECONDS)).isTrue();
            TestHubs.realHub(() -> {
                Group group = new Group();
                group.add(remote.get());
                // runs once main waits in join(): then nothing on this hub can wake main but the other hub
                Gevent.spawn(release::countDown);
                group.join(); // no timeout: no timer keeps this hub from LoopExit either
                assertThat(group.size()).isZero();
                assertThat(remote.get().get()).isEqualTo("remote done");
            });
        } finally {
            release.countDown();
            other.join(10_000);
        }
    }

    // ---- kill ----

    @Test
    void killKillsEveryMemberInOrderAndWaitsForThemToDie() {
        List<String> out = virtualHub(() -> {
            List<String> log = new ArrayList<>();
            Group group = new Group();
            for (String name : List.of("a", "b", "c")) {
                group.spawn(() -> {
                    try {
                        Gevent.sleep(100);
                    } catch (GreenletExit e) {
                        log.add(name + " killed");
                        Gevent.sleep(1); // cleanup that blocks: kill waits for it
                        log.add(name + " cleaned up");
                        throw e;
                    }
                });
            }
            Gevent.sleep(0);
            long start = now();
            group.kill();
            log.add("kill returned after " + elapsedSince(start).toSeconds() + "s, size " + group.size());
            return log;
        });
        assertThat(out).containsExactly("a killed", "b killed", "c killed", "a cleaned up", "b cleaned up",
                "c cleaned up", "kill returned after 1s, size 0");
    }

    @Test
    void killWithoutBlockReturnsAtOnceAndDoesNotKillTwice() {
        virtualHub(() -> {
            List<String> log = new ArrayList<>();
            Group group = new Group();
            Greenlet<Void> g = group.spawn(() -> {
                try {
                    Gevent.sleep(100);
                } catch (GreenletExit e) {
                    log.add("killed");
                    Gevent.sleep(1); // a second kill would land here
                    log.add("cleaned up");
                }
            });
            Gevent.sleep(0);
            group.kill(null, false, null);
            assertThat(group.size()).isEqualTo(1);
            Gevent.sleep(0.5);
            group.kill(null, false, null);
            g.join();
            assertThat(log).containsExactly("killed", "cleaned up");
            assertThat(group.size()).isZero();
        });
    }

    @Test
    void killWithATimeoutReturnsQuietlyWhenAMemberOutlivesIt() {
        virtualHub(() -> {
            Group group = new Group();
            Greenlet<Void> stubborn = group.spawn(() -> {
                try {
                    Gevent.sleep(100);
                } catch (GreenletExit e) {
                    Gevent.sleep(10);
                }
            });
            Gevent.sleep(0);
            long start = now();
            group.kill(new GreenletExit("custom"), true, Duration.ofSeconds(1));
            assertThat(elapsedSince(start)).isEqualTo(Duration.ofSeconds(1));
            assertThat(group.contains(stubborn)).isTrue();
            stubborn.join();
            assertThat(group.size()).isZero();
        });
    }

    @Test
    void killOneKillsOnlyAMember() {
        virtualHub(() -> {
            Group group = new Group();
            Greenlet<Void> member = group.spawn(() -> Gevent.sleep(100));
            Greenlet<Void> outsider = Gevent.spawn(() -> Gevent.sleep(100));
            Gevent.sleep(0);
            group.killOne(outsider);
            assertThat(outsider.dead()).isFalse();
            group.killOne(member);
            assertThat(member.dead()).isTrue();
            assertThat(group.size()).isZero();
            outsider.kill();
        });
    }

    // ---- apply ----

    @Test
    void applyRunsInAMemberAndFromAMemberRunsInline() {
        virtualHub(() -> {
            Group group = new Group();
            Greenlet<?> main = Gevent.getCurrent();
            Greenlet<?> ranIn = group.apply(Gevent::getCurrent);
            assertThat(ranIn).isNotSameAs(main);

            Greenlet<List<Greenlet<?>>> member = group.spawn(() -> {
                Greenlet<?> self = Gevent.getCurrent();
                return List.of(self, group.apply(Gevent::getCurrent));
            });
            assertThat(member.get().get(1)).isSameAs(member.get().get(0));
        });
    }

    @Test
    void applyRethrowsTheFunctionsException() {
        // TestCoroutinePool.test_apply_raises
        IllegalArgumentException bad = new IllegalArgumentException("bad");
        IOException io = new IOException("io");
        virtualHub(() -> {
            quietErrors();
            Group group = new Group();
            assertThatThrownBy(() -> group.apply(() -> {
                throw bad;
            })).isSameAs(bad);
            assertThatThrownBy(() -> group.apply(() -> {
                throw io;
            })).isSameAs(io);
            // inline, from a member, the same way
            Greenlet<Throwable> member = group.spawn(() -> {
                try {
                    group.apply(() -> {
                        throw io;
                    });
                    return null;
                } catch (IOException e) {
                    return e;
                }
            });
            assertThat(member.get()).isSameAs(io);
        });
    }

    @Test
    void applyAsyncRunsConcurrentlyAndCallsTheCallbackWithTheValue() {
        // TestCoroutinePool.test_multiple_coros and test_async_callback
        virtualHub(() -> {
            List<String> log = new ArrayList<>();
            Event evt = new Event();
            Group group = new Group();
            Greenlet<Void> consumer = group.spawn(() -> {
                log.add("cons1");
                evt.await();
                log.add("cons2");
            });
            Greenlet<String> producer = group.applyAsync(() -> {
                Gevent.sleep(0.001);
                log.add("prod");
                evt.set();
                return "made";
            }, value -> log.add("callback " + value));
            consumer.get();
            assertThat(producer.get()).isEqualTo("made");
            Gevent.sleep(0); // lets the callback's greenlet run
            assertThat(log).containsExactly("cons1", "prod", "cons2", "callback made");
        });
    }

    @Test
    void applyAsyncCallbackIsNotCalledOnFailure() {
        virtualHub(() -> {
            quietErrors();
            List<Object> log = new ArrayList<>();
            Group group = new Group();
            Greenlet<Object> g = group.applyAsync(() -> {
                throw new IllegalStateException("no");
            }, log::add);
            g.join();
            Gevent.sleep(0);
            assertThat(g.exception()).hasMessage("no");
            assertThat(log).isEmpty();
        });
    }

    // ---- map ----

    @Test
    void mapReturnsResultsInInputOrderWhileRunningInParallel() {
        virtualHub(() -> {
            Group group = new Group();
            long start = now();
            List<Integer> squares = group.map(x -> {
                Gevent.sleep(0.1 * (5 - x)); // later items finish first
                return x * x;
            }, List.of(1, 2, 3, 4));
            assertThat(squares).containsExactly(1, 4, 9, 16);
            assertThat(elapsedSince(start)).isEqualTo(Duration.ofMillis(400));
            assertThat(group.map(x -> x, List.of())).isEmpty();
        });
    }

    @Test
    void mapRethrowsTheFirstFailureInInputOrder() {
        // TestErrorInHandler.test_map: divide_by over [1, 0, 2]
        virtualHub(() -> {
            quietErrors();
            Group group = new Group();
            assertThatThrownBy(() -> group.map(x -> 10 / x, List.of(1, 0, 2))).isInstanceOf(ArithmeticException.class);
            RuntimeException late = new RuntimeException("late"), early = new RuntimeException("early");
            assertThatThrownBy(() -> group.map(x -> {
                Gevent.sleep(x);
                throw x == 1 ? late : early;
            }, List.of(1, 2))).isSameAs(late);
        });
    }

    @Test
    void mapRethrowsAnExceptionFromTheInput() {
        // TestErrorInIterator.test: error_iter yields 1, 2, then raises
        IllegalStateException broken = new IllegalStateException("broken input");
        virtualHub(() -> {
            quietErrors();
            Iterable<Integer> errorIter = () -> new java.util.Iterator<>() {
                int n;

                @Override
                public boolean hasNext() {
                    if (n == 2) throw broken;
                    return true;
                }

                @Override
                public Integer next() {
                    return ++n;
                }
            };
            assertThatThrownBy(() -> new Pool(3).map(x -> null, errorIter)).isSameAs(broken);
        });
    }

    @Test
    void mapAsyncReturnsAGreenletWhoseValueIsTheListAndCallsTheCallback() {
        virtualHub(() -> {
            List<Object> log = new ArrayList<>();
            Group group = new Group();
            Greenlet<List<String>> g = group.mapAsync(x -> {
                Gevent.sleep(1);
                return "<" + x + ">";
            }, List.of("a", "b"), log::add);
            log.add("returned at once");
            assertThat(g.get()).containsExactly("<a>", "<b>");
            assertThat(log).containsExactly("returned at once", List.of("<a>", "<b>"));
        });
    }

    // ---- bad input ----

    @Test
    void badArgumentsAreRejectedWithTheirNames() {
        virtualHub(() -> {
            Group group = new Group();
            assertThatThrownBy(() -> group.add(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("greenlet");
            assertThatThrownBy(() -> group.join(Duration.ofSeconds(-1), false))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout");
            assertThatThrownBy(() -> group.kill(null, true, Duration.ofSeconds(-1)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout");
            assertThatThrownBy(() -> group.waitAvailable(Duration.ofSeconds(-1)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout");
            assertThatThrownBy(() -> group.apply(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("fn");
            assertThatThrownBy(() -> group.map(null, List.of())).isInstanceOf(NullPointerException.class).hasMessageContaining("fn");
            assertThatThrownBy(() -> group.map(x -> x, null)).isInstanceOf(NullPointerException.class).hasMessageContaining("items");
            assertThatThrownBy(() -> group.imap(x -> x, List.of(1), -1))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxsize").hasMessageContaining("-1");
            assertThatThrownBy(() -> new Group(null)).isInstanceOf(NullPointerException.class);
        });
    }

    @Test
    void aGroupIsNeverFull() {
        virtualHub(() -> {
            Group group = new Group();
            for (int i = 0; i < 100; i++) group.spawn(() -> Gevent.sleep(1));
            assertThat(group.full()).isFalse();
            assertThat(group.freeCount()).isEqualTo(Integer.MAX_VALUE);
            assertThat(group.waitAvailable(null)).isEqualTo(Integer.MAX_VALUE);
            group.kill();
        });
    }
}
