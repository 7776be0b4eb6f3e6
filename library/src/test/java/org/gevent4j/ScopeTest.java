package org.gevent4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gevent4j.TestHubs.elapsedSince;
import static org.gevent4j.TestHubs.now;
import static org.gevent4j.TestHubs.realHub;
import static org.gevent4j.TestHubs.virtualHub;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.gevent4j.event.Event;
import org.junit.jupiter.api.Test;

/**
 * Structured scopes: every rule of {@link Scope}'s class comment, one test each, on a virtual
 * clock (the times asserted are the hub's, exact).
 */
@org.junit.jupiter.api.Timeout(20)
class ScopeTest {
    private static Duration secs(long s) {
        return Duration.ofSeconds(s);
    }

    // ---- rule 1: exit waits ----

    @Test
    void exitWaitsUntilEveryChildHasFinished() {
        virtualHub(() -> {
            long start = now();
            List<Greenlet<?>> spawned = new ArrayList<>();
            Scope.run(scope -> {
                spawned.add(scope.spawn(() -> Gevent.sleep(secs(1))));
                spawned.add(scope.spawn(() -> Gevent.sleep(secs(3))));
                spawned.add(scope.spawn(() -> Gevent.sleep(secs(2))));
            });
            assertThat(elapsedSince(start)).isEqualTo(secs(3));
            assertThat(spawned).allMatch(Greenlet::dead).allMatch(Greenlet::successful);
        });
    }

    @Test
    void callReturnsTheBodysValueOnceTheChildrenHaveFinished() {
        virtualHub(() -> {
            long start = now();
            List<String> log = Collections.synchronizedList(new ArrayList<>());
            String value = Scope.call(scope -> {
                scope.spawn(() -> {
                    Gevent.sleep(secs(2));
                    log.add("child done");
                });
                log.add("body returns");
                return "value";
            });
            log.add("scope returned " + value);
            assertThat(log).containsExactly("body returns", "child done", "scope returned value");
            assertThat(elapsedSince(start)).isEqualTo(secs(2));
        });
    }

    @Test
    void childrenAndGreenletsOfOtherHubsMaySpawnIntoAnOpenScopeAndAreWaitedFor() {
        realHub(() -> {
            try (HubGroup group = HubGroup.start(1)) {
                List<String> log = Collections.synchronizedList(new ArrayList<>());
                Scope.run(scope -> {
                    scope.spawn(() -> {
                        Gevent.sleep(Duration.ofMillis(10));
                        scope.spawn(() -> {
                            Gevent.sleep(Duration.ofMillis(10));
                            log.add("grandchild");
                        });
                    });
                    // Spawned from a greenlet of another hub: it runs there, and the owner waits for it.
                    Greenlet<Greenlet<Void>> remote = group.spawn(() -> scope.spawn(() -> {
                        Gevent.sleep(Duration.ofMillis(30));
                        log.add("on " + Hub.current().thread().getName());
                    }));
                    assertThat(remote.get().hub()).isNotEqualTo(Hub.current());
                });
                assertThat(log).hasSize(2).contains("grandchild");
                assertThat(log).anyMatch(s -> s.startsWith("on ") && !s.equals("on " + Thread.currentThread().getName()));
            }
        });
    }

    @Test
    void spawningIntoAClosedScopeIsAClearError() {
        virtualHub(() -> {
            Scope[] kept = new Scope[1];
            Scope.run(scope -> kept[0] = scope);
            assertThatThrownBy(() -> kept[0].spawn(() -> {}))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("closed scope");
        });
    }

    // ---- rule 2: the first failure cancels the rest ----

    @Test
    void theFirstFailureKillsTheSiblingsAndTheBodyAndIsRethrownAsItself() {
        virtualHub(() -> {
            long start = now();
            List<String> log = Collections.synchronizedList(new ArrayList<>());
            IllegalStateException boom = new IllegalStateException("boom");
            Greenlet<?>[] sibling = new Greenlet<?>[1];
            assertThatThrownBy(() -> Scope.run(scope -> {
                sibling[0] = scope.spawn(() -> {
                    try {
                        Gevent.sleep(secs(10));
                        log.add("sibling finished");
                    } catch (GreenletExit e) {
                        log.add("sibling killed at " + elapsedSince(start).toSeconds() + " s");
                        throw e;
                    }
                });
                scope.spawn(() -> {
                    Gevent.sleep(secs(1));
                    throw boom;
                });
                try {
                    Gevent.sleep(secs(100));
                    log.add("body finished");
                } catch (GreenletExit e) {
                    log.add("body cancelled at " + elapsedSince(start).toSeconds() + " s");
                    throw e;
                }
            })).isSameAs(boom);
            assertThat(log).containsExactlyInAnyOrder("sibling killed at 1 s", "body cancelled at 1 s");
            assertThat(sibling[0].dead()).isTrue();
            assertThat(elapsedSince(start)).isEqualTo(secs(1));
        });
    }

    @Test
    @SuppressWarnings("finally") // the finally throws on purpose: a greenlet that fails while killed
    void laterFailuresAreSuppressedOnTheFirst() {
        virtualHub(() -> {
            IllegalStateException first = new IllegalStateException("first");
            IllegalArgumentException whileDying = new IllegalArgumentException("cleanup failed");
            IllegalStateException fromBody = new IllegalStateException("body gave up");
            assertThatThrownBy(() -> Scope.run(scope -> {
                scope.spawn(() -> {
                    try {
                        Gevent.sleep(secs(10));
                    } finally {
                        throw whileDying; // fails while being killed
                    }
                });
                scope.spawn(() -> {
                    Gevent.sleep(secs(1));
                    throw first;
                });
                try {
                    Gevent.sleep(secs(100));
                } catch (GreenletExit e) {
                    throw fromBody;
                }
            })).isSameAs(first).satisfies(e -> assertThat(e.getSuppressed()).containsExactlyInAnyOrder(
                    whileDying, fromBody));
        });
    }

    @Test
    void aChildsCheckedFailureComesWrappedInCompletionExceptionAsGreenletGetWrapsIt() {
        virtualHub(() -> {
            IOException io = new IOException("disk");
            assertThatThrownBy(() -> Scope.run(scope -> scope.spawn(() -> {
                throw io;
            }))).isInstanceOf(CompletionException.class).hasCause(io);
        });
    }

    @Test
    void theBodysOwnCheckedExceptionPassesAsItselfAfterTheChildrenAreKilled() {
        virtualHub(() -> {
            Greenlet<?>[] child = new Greenlet<?>[1];
            try {
                Scope.run(scope -> {
                    child[0] = scope.spawn(() -> Gevent.sleep(secs(10)));
                    Gevent.sleep(secs(1));
                    throw new IOException("body");
                });
                throw new AssertionError("not thrown");
            } catch (IOException e) { // compiles: run declares what the body throws
                assertThat(e).hasMessage("body");
            }
            assertThat(child[0].dead()).isTrue();
            assertThat(child[0].successful()).isTrue(); // killed with GreenletExit
        });
    }

    @Test
    void failedChildrenAreNotAlsoReportedToTheHubsErrorHandler() {
        List<Throwable> reported = Collections.synchronizedList(new ArrayList<>());
        virtualHub(() -> {
            Hub.current().setErrorHandler((context, t) -> reported.add(t));
            assertThatThrownBy(() -> Scope.run(scope -> scope.spawn(() -> {
                throw new IllegalStateException("x");
            }))).hasMessage("x");
        });
        assertThat(reported).isEmpty();
    }

    @Test
    void aBodyInAJdkSleepIsInterruptedByAFailureAndItsInterruptedExceptionIsSuppressed() {
        virtualHub(() -> {
            IllegalStateException boom = new IllegalStateException("boom");
            long started = System.nanoTime();
            // The owner is a greenlet: a JDK sleep there yields to the hub (in main it would stall it).
            Greenlet<Boolean> owner = Gevent.spawn(() -> {
                assertThatThrownBy(() -> Scope.run(scope -> {
                    scope.spawn(() -> {
                        throw boom;
                    });
                    Thread.sleep(10_000); // the child runs meanwhile
                })).isSameAs(boom).satisfies(e -> assertThat(e.getSuppressed())
                        .singleElement().isInstanceOf(InterruptedException.class));
                return Thread.currentThread().isInterrupted();
            });
            assertThat(owner.get()).isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(secs(5));
        });
    }

    @Test
    void aChildSpawnedIntoACancelledScopeNeverRuns() {
        virtualHub(() -> {
            List<Greenlet<?>> late = new ArrayList<>();
            assertThatThrownBy(() -> Scope.run(scope -> {
                scope.spawn(() -> {
                    throw new IllegalStateException("boom");
                });
                try {
                    Gevent.sleep(secs(1));
                } finally {
                    late.add(scope.spawn(() -> {
                        throw new AssertionError("must not run");
                    }));
                }
            })).hasMessage("boom");
            assertThat(late).singleElement().satisfies(g -> {
                assertThat(g.dead()).isTrue();
                assertThat(g.successful()).isTrue();
            });
        });
    }

    // ---- rule 3: the owner's exception cancels the scope ----

    @Test
    void theOwnersTimeoutInTheBodyCancelsTheScopeAndPropagatesAfterTheChildrenDied() {
        virtualHub(() -> {
            long start = now();
            List<String> log = Collections.synchronizedList(new ArrayList<>());
            Timeout timeout = Timeout.start(secs(5));
            try {
                Scope.run(scope -> {
                    scope.spawn(() -> {
                        try {
                            Gevent.sleep(secs(100));
                        } finally {
                            Gevent.sleep(secs(1)); // the owner waits for this cleanup too
                            log.add("child cleaned up at " + elapsedSince(start).toSeconds() + " s");
                        }
                    });
                    Gevent.sleep(secs(100));
                });
                throw new AssertionError("not thrown");
            } catch (Timeout e) {
                assertThat(e).isSameAs(timeout);
                log.add("owner sees its timeout at " + elapsedSince(start).toSeconds() + " s");
            } finally {
                timeout.close();
            }
            assertThat(log).containsExactly("child cleaned up at 6 s", "owner sees its timeout at 6 s");
        });
    }

    @Test
    void theOwnersTimeoutWhileItWaitsForTheChildrenCancelsThemToo() {
        virtualHub(() -> {
            long start = now();
            Greenlet<?>[] child = new Greenlet<?>[1];
            try (Timeout timeout = Timeout.start(secs(5))) {
                assertThatThrownBy(() -> Scope.run(scope -> {
                    child[0] = scope.spawn(() -> Gevent.sleep(secs(100)));
                })).isSameAs(timeout);
            }
            assertThat(child[0].dead()).isTrue();
            assertThat(elapsedSince(start)).isEqualTo(secs(5));
        });
    }

    @Test
    void killingTheOwnerKillsItsChildrenAndTheOwnerDiesOfTheKill() {
        virtualHub(() -> {
            List<Greenlet<?>> children = Collections.synchronizedList(new ArrayList<>());
            Greenlet<Void> owner = Gevent.spawn(() -> Scope.run(scope -> {
                children.add(scope.spawn(() -> Gevent.sleep(secs(100))));
                children.add(scope.spawn(() -> Gevent.sleep(secs(200))));
                Gevent.sleep(secs(300));
            }));
            Gevent.sleep(secs(1));
            IllegalStateException kill = new IllegalStateException("stop");
            owner.kill(kill, true, null);
            assertThat(owner.exception()).isSameAs(kill);
            assertThat(children).hasSize(2).allMatch(Greenlet::dead);
        });
    }

    @Test
    @SuppressWarnings("finally") // the finally throws on purpose: a greenlet that fails while killed
    void theOwnersExceptionIsThrownWithTheChildrenFailuresSuppressedWhenItCameFirst() {
        virtualHub(() -> {
            IllegalStateException body = new IllegalStateException("body");
            IllegalArgumentException dying = new IllegalArgumentException("child failed while dying");
            assertThatThrownBy(() -> Scope.run(scope -> {
                scope.spawn(() -> {
                    try {
                        Gevent.sleep(secs(10));
                    } finally {
                        throw dying;
                    }
                });
                Gevent.sleep(secs(1));
                throw body;
            })).isSameAs(body).satisfies(e -> assertThat(e.getSuppressed()).containsExactly(dying));
        });
    }

    @Test
    void aSecondKillWhileTheOwnerWaitsForKilledChildrenDoesNotCutTheWaitShort() {
        virtualHub(() -> {
            long start = now();
            List<String> log = Collections.synchronizedList(new ArrayList<>());
            IllegalStateException firstKill = new IllegalStateException("first kill");
            IllegalStateException secondKill = new IllegalStateException("second kill");
            Greenlet<Void> owner = Gevent.spawn(() -> Scope.run(scope -> {
                scope.spawn(() -> {
                    try {
                        Gevent.sleep(secs(100));
                    } finally {
                        Gevent.sleep(secs(5)); // slow cleanup
                        log.add("child done at " + elapsedSince(start).toSeconds() + " s");
                    }
                });
                Gevent.sleep(secs(100));
            }));
            Gevent.sleep(secs(1));
            owner.kill(firstKill, false, null);
            Gevent.sleep(secs(1));
            owner.kill(secondKill, true, null);
            log.add("owner dead at " + elapsedSince(start).toSeconds() + " s");
            assertThat(log).containsExactly("child done at 6 s", "owner dead at 6 s");
            assertThat(owner.exception()).isSameAs(firstKill);
            assertThat(firstKill.getSuppressed()).containsExactly(secondKill);
        });
    }

    // ---- rule 4: supervised ----

    @Test
    void aSupervisedScopeKeepsGoingWhenAChildFailsAndReturnsTheFailuresInOrder() {
        List<Throwable> reported = Collections.synchronizedList(new ArrayList<>());
        virtualHub(() -> {
            Hub.current().setErrorHandler((context, t) -> reported.add(t));
            long start = now();
            List<String> log = Collections.synchronizedList(new ArrayList<>());
            IllegalStateException a = new IllegalStateException("a");
            IllegalStateException b = new IllegalStateException("b");
            List<Throwable> failures = Scope.supervised(scope -> {
                scope.spawn(() -> {
                    Gevent.sleep(secs(2));
                    throw b;
                });
                scope.spawn(() -> {
                    Gevent.sleep(secs(1));
                    throw a;
                });
                scope.spawn(() -> {
                    Gevent.sleep(secs(5));
                    log.add("sibling finished at " + elapsedSince(start).toSeconds() + " s");
                });
                Gevent.sleep(secs(3));
                log.add("body finished at " + elapsedSince(start).toSeconds() + " s");
            });
            assertThat(failures).containsExactly(a, b);
            assertThat(log).containsExactly("body finished at 3 s", "sibling finished at 5 s");
        });
        assertThat(reported).hasSize(2); // reported as any greenlet's failure is
    }

    @Test
    void aSupervisedScopeWithoutFailuresReturnsAnEmptyList() {
        virtualHub(() -> {
            assertThat(Scope.supervised(scope -> scope.spawn(() -> Gevent.sleep(secs(1))))).isEmpty();
        });
    }

    @Test
    void theBodysExceptionStillCancelsASupervisedScope() {
        virtualHub(() -> {
            IllegalStateException body = new IllegalStateException("body");
            Greenlet<?>[] child = new Greenlet<?>[1];
            assertThatThrownBy(() -> Scope.supervised(scope -> {
                child[0] = scope.spawn(() -> Gevent.sleep(secs(100)));
                Gevent.sleep(secs(1));
                throw body;
            })).isSameAs(body);
            assertThat(child[0].dead()).isTrue();
        });
    }

    // ---- cancel() ----

    @Test
    void cancelKillsEverythingAndTheScopeEndsNormally() {
        virtualHub(() -> {
            long start = now();
            Event firstResult = new Event();
            String value = Scope.call(scope -> {
                scope.spawn(() -> {
                    Gevent.sleep(secs(1));
                    firstResult.set();
                });
                scope.spawn(() -> Gevent.sleep(secs(100)));
                scope.spawn(() -> {
                    firstResult.await();
                    scope.cancel();
                });
                Gevent.sleep(secs(100));
                return "not reached";
            });
            assertThat(value).isNull();
            assertThat(elapsedSince(start)).isEqualTo(secs(1));
        });
    }

    @Test
    void cancelByTheOwnerItselfLandsAtItsNextBlockingPointAndIsTakenBack() {
        virtualHub(() -> {
            String value = Scope.call(scope -> {
                scope.spawn(() -> Gevent.sleep(secs(100)));
                scope.cancel();
                assertThat(scope.cancelled()).isTrue();
                return "returned before blocking";
            });
            assertThat(value).isEqualTo("returned before blocking");
            Gevent.sleep(secs(1)); // nothing of the scope's is left pending on the owner
        });
    }

    @Test
    void cancelOfABodyInAJdkSleepEndsTheScopeNormally() {
        virtualHub(() -> {
            long started = System.nanoTime();
            Greenlet<Boolean> owner = Gevent.spawn(() -> {
                Scope.run(scope -> {
                    scope.spawn(scope::cancel);
                    Thread.sleep(10_000);
                });
                return Thread.currentThread().isInterrupted();
            });
            assertThat(owner.get()).isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(secs(5));
        });
    }

    @Test
    void nestedScopesEachWaitForTheirOwnChildren() {
        virtualHub(() -> {
            long start = now();
            IllegalStateException boom = new IllegalStateException("boom");
            List<Greenlet<?>> inner = new ArrayList<>();
            assertThatThrownBy(() -> Scope.run(outer -> {
                outer.spawn(() -> {
                    Gevent.sleep(secs(1));
                    throw boom;
                });
                Scope.run(nested -> {
                    inner.add(nested.spawn(() -> Gevent.sleep(secs(100))));
                    Gevent.sleep(secs(100));
                });
            })).isSameAs(boom);
            assertThat(inner).allMatch(Greenlet::dead);
            assertThat(elapsedSince(start)).isEqualTo(secs(1));
        });
    }
}
