package org.gevent4j.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gevent4j.TestHubs.elapsedSince;
import static org.gevent4j.TestHubs.now;
import static org.gevent4j.TestHubs.virtualHub;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;
import org.gevent4j.GreenletExit;
import org.gevent4j.Hub;
import org.gevent4j.LoopExit;
import org.gevent4j.Timeout;
import org.junit.jupiter.api.Test;

/**
 * Pool: a group bounded to a number of running greenlets. Follows gevent's test__pool.py
 * (PoolBasicTests, TestPool0, TestSpawn, TestCoroutinePool.test_reentrant, test_stderr_raising,
 * test_terminate) and pool.py's add/start/wait_available contracts.
 */
@org.junit.jupiter.api.Timeout(20)
class PoolTest {

    private static Greenlet<Void> sleeper(double seconds) {
        return new Greenlet<>(() -> Gevent.sleep(seconds));
    }

    @Test
    void aNegativeSizeIsRejectedAndZeroIsAllowed() {
        // PoolBasicTests.test_init_error: ValueError for -1
        assertThatThrownBy(() -> new Pool(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("size").hasMessageContaining("-1");
        assertThat(new Pool(0).maxsize()).isZero();
    }

    @Test
    void freeCountFollowsSpawnsAndDeathsAndApplyAsyncNeverBlocks() {
        // PoolBasicTests.test_execute_async
        virtualHub(() -> {
            Pool p = new Pool(2);
            assertThat(p.freeCount()).isEqualTo(2);
            List<Integer> r = new ArrayList<>();
            Greenlet<Boolean> first = p.spawn(() -> r.add(1));
            assertThat(p.freeCount()).isEqualTo(1);
            first.get();
            assertThat(r).containsExactly(1);
            assertThat(p.freeCount()).isEqualTo(2);

            p.applyAsync(() -> r.add(2));
            assertThat(p.freeCount()).isEqualTo(1);
            p.applyAsync(() -> r.add(3));
            assertThat(p.freeCount()).isZero();
            assertThat(p.full()).isTrue();
            Greenlet<Boolean> fourth = p.applyAsync(() -> r.add(4)); // full: an untracked greenlet that waits
            assertThat(p.contains(fourth)).isFalse();
            assertThat(r).containsExactly(1);
            Gevent.sleep(0.01);
            assertThat(r).containsExactly(1, 2, 3, 4);
            assertThat(p.freeCount()).isEqualTo(2);
        });
    }

    @Test
    void spawnWaitsWhileFullAndWaitersGetSlotsInTheOrderTheyCame() {
        List<String> out = virtualHub(() -> {
            List<String> log = new ArrayList<>();
            long start = now();
            Pool pool = new Pool(2);
            for (String name : List.of("a", "b", "c", "d", "e")) {
                pool.spawn(() -> {
                    log.add(name + " start at " + elapsedSince(start).toSeconds());
                    Gevent.sleep(1);
                });
                log.add("spawned " + name + " at " + elapsedSince(start).toSeconds() + ", size " + pool.size());
            }
            pool.join();
            return log;
        });
        assertThat(out).containsExactly(
                "spawned a at 0, size 1", "spawned b at 0, size 2",
                "a start at 0", "b start at 0",
                // at 1 both die: main takes the first slot, the second stays free for d
                "spawned c at 1, size 1", "spawned d at 1, size 2",
                "c start at 1", "d start at 1",
                "spawned e at 2, size 1",
                "e start at 2");
    }

    @Test
    void blockedSpawnersAreServedFifo() {
        List<String> out = virtualHub(() -> {
            List<String> log = new ArrayList<>();
            Pool pool = new Pool(1);
            pool.spawn(() -> Gevent.sleep(1));
            for (String name : List.of("w1", "w2", "w3")) {
                Gevent.spawn(() -> {
                    log.add(name + " waits");
                    pool.spawn(() -> log.add(name + "'s task runs"));
                });
            }
            Gevent.sleep(0);
            // a latecomer arriving when a slot frees must not jump the queue
            Gevent.spawnLater(Duration.ofSeconds(1), () -> pool.spawn(() -> log.add("latecomer's task runs")));
            Gevent.sleep(2);
            return log;
        });
        assertThat(out).containsExactly("w1 waits", "w2 waits", "w3 waits", "w1's task runs", "w2's task runs",
                "w3's task runs", "latecomer's task runs");
    }

    @Test
    void spawnBlocksUntilTheOldMemberFinishes() {
        // TestSpawn.test
        virtualHub(() -> {
            Pool p = new Pool(1);
            assertThat(p.size()).isZero();
            p.spawn(() -> Gevent.sleep(0.1));
            assertThat(p.size()).isEqualTo(1);
            long start = now();
            p.spawn(() -> Gevent.sleep(0.1));
            assertThat(elapsedSince(start)).isEqualTo(Duration.ofMillis(100));
            assertThat(p.size()).isEqualTo(1);
            Gevent.sleep(0.19);
            assertThat(p.size()).isZero();
        });
    }

    @Test
    void addOnAFullPoolBlocksAndATimeoutAroundItLeavesThePoolUnchanged() {
        // PoolBasicTests.test_add_method
        virtualHub(() -> {
            Pool p = new Pool(1);
            Greenlet<Void> first = Gevent.spawn(() -> Gevent.sleep(1000));
            Greenlet<Void> second = Gevent.spawn(() -> Gevent.sleep(1000));
            assertThat(p.freeCount()).isEqualTo(1);
            p.add(first);
            assertThat(p.freeCount()).isZero();
            assertThat(p.size()).isEqualTo(1);
            try (Timeout t = Timeout.start(Duration.ofMillis(100))) {
                assertThatThrownBy(() -> p.add(second)).isSameAs(t);
            }
            assertThat(p.freeCount()).isZero();
            assertThat(p.size()).isEqualTo(1);
            second.kill();
            first.kill();
            assertThat(p.freeCount()).isEqualTo(1);
        });
    }

    @Test
    void addWithoutBlockingOrWithATimeoutThrowsPoolFull() {
        // PoolBasicTests.test_add_method_non_blocking, test_add_method_timeout, test_start_method_timeout
        virtualHub(() -> {
            Pool p = new Pool(1);
            Greenlet<Void> first = Gevent.spawn(() -> Gevent.sleep(1000));
            Greenlet<Void> second = Gevent.spawn(() -> Gevent.sleep(1000));
            p.add(first);
            assertThatThrownBy(() -> p.add(second, false, null)).isInstanceOf(PoolFull.class)
                    .hasMessageContaining("full");
            long start = now();
            assertThatThrownBy(() -> p.add(second, true, Duration.ofMillis(100))).isInstanceOf(PoolFull.class);
            assertThat(elapsedSince(start)).isEqualTo(Duration.ofMillis(100));
            Greenlet<Void> third = sleeper(1000);
            assertThatThrownBy(() -> p.start(third, true, Duration.ofMillis(100))).isInstanceOf(PoolFull.class);
            assertThat(third.started()).isFalse();
            assertThat(p).containsExactly(first);
            second.kill();
            first.kill();
        });
    }

    @Test
    void aZeroSizedPoolIsAlwaysFull() {
        // TestPool0.test_wait_full, and "Pool(0).spawn with a timeout" raising PoolFull as add does
        virtualHub(() -> {
            Pool p = new Pool(0);
            assertThat(p.freeCount()).isZero();
            assertThat(p.full()).isTrue();
            long start = now();
            assertThat(p.waitAvailable(Duration.ofMillis(10))).isZero();
            assertThat(elapsedSince(start)).isEqualTo(Duration.ofMillis(10));
            List<String> log = new ArrayList<>();
            assertThatThrownBy(() -> p.spawn(() -> log.add("ran"), Duration.ofSeconds(1)))
                    .isInstanceOf(PoolFull.class).hasMessageContaining("PT1S");
            // without a timeout it waits forever: for the main greenlet with nothing else to run, LoopExit
            assertThatThrownBy(() -> p.spawn(() -> log.add("ran"))).isInstanceOf(LoopExit.class);
            Gevent.sleep(0.1);
            assertThat(log).isEmpty();
            assertThat(p.size()).isZero();
        });
    }

    @Test
    void waitAvailableWaitsForAFreeSlotWithoutTakingIt() {
        virtualHub(() -> {
            Pool p = new Pool(1);
            p.spawn(() -> Gevent.sleep(2));
            long start = now();
            assertThat(p.waitAvailable(null)).isEqualTo(1);
            assertThat(elapsedSince(start)).isEqualTo(Duration.ofSeconds(2));
            assertThat(p.freeCount()).isEqualTo(1);
            assertThat(p.waitAvailable(Duration.ZERO)).isEqualTo(1);
        });
    }

    @Test
    void discardFreesTheSlotAndLeavesTheGreenletRunning() {
        // PoolBasicTests.test_discard
        virtualHub(() -> {
            Pool p = new Pool(1);
            Greenlet<Void> first = p.spawn(() -> Gevent.sleep(1000));
            p.discard(first);
            assertThat(p.freeCount()).isEqualTo(1);
            first.kill();
            assertThat(first.started()).isFalse();
            assertThat(p.size()).isZero();
            assertThat(p.freeCount()).isEqualTo(1); // its death does not free the slot a second time
        });
    }

    @Test
    void aFailingMemberFreesItsSlot() {
        // TestCoroutinePool.test_stderr_raising
        virtualHub(() -> {
            Hub.current().setErrorHandler((context, error) -> {});
            Pool p = new Pool(1);
            Greenlet<Void> crash = p.spawn(() -> {
                throw new RuntimeException("Raising an error from the crash() function");
            });
            assertThatThrownBy(crash::get).isInstanceOf(RuntimeException.class);
            assertThat(p.freeCount()).isEqualTo(1);
            try (Timeout t = Timeout.start(Duration.ofMillis(100))) { // "shouldn't block when trying to get"
                p.apply(() -> {
                    Gevent.sleep(0);
                    return null;
                });
                assertThat(t.pending()).isTrue();
            }
        });
    }

    @Test
    void applyFromAMemberOfAFullPoolRunsInline() {
        // TestCoroutinePool.test_reentrant: pool.apply(pool.apply, (lambda a: a + 1, (5,)))
        virtualHub(() -> {
            Pool pool = new Pool(1);
            int result = pool.apply(() -> pool.apply(() -> 5 + 1));
            assertThat(result).isEqualTo(6);
            org.gevent4j.event.Event evt = new org.gevent4j.event.Event();
            pool.applyAsync(() -> {
                evt.set();
                return null;
            });
            assertThat(evt.await(Duration.ofSeconds(1))).isTrue();
        });
    }

    @Test
    void aSlotWaiterKilledAfterBeingHandedTheSlotPassesItOn() {
        List<String> out = virtualHub(() -> {
            List<String> log = new ArrayList<>();
            Pool pool = new Pool(1);
            Greenlet<Void> member = pool.spawn(() -> Gevent.sleep(1));
            Greenlet<?> w1 = Gevent.spawn(() -> pool.spawn(() -> log.add("w1's task runs")));
            Greenlet<?> w2 = Gevent.spawn(() -> pool.spawn(() -> log.add("w2's task runs")));
            Gevent.sleep(0);
            // runs as the member dies, after the pool handed its slot to w1 but before w1 resumes
            member.rawlink(dead -> w1.kill(new GreenletExit(), false, null));
            Gevent.joinAll(w1, w2);
            Gevent.sleep(0);
            log.add("w1 dead " + w1.dead() + ", pool size " + pool.size() + ", free " + pool.freeCount());
            return log;
        });
        assertThat(out).containsExactly("w2's task runs", "w1 dead true, pool size 0, free 1");
    }

    @Test
    void aSlotGrantedToAWaiterThatDiesBeforeUsingItWakesWaitAvailableWhenNoOtherWaiterWantsIt() {
        List<String> out = virtualHub(() -> {
            List<String> log = new ArrayList<>();
            Pool pool = new Pool(1);
            Greenlet<Void> member = pool.spawn(() -> Gevent.sleep(1));
            Greenlet<?> w1 = Gevent.spawn(() -> pool.spawn(() -> log.add("w1's task runs")));
            Greenlet<?> watcher = Gevent.spawn(() -> log.add("available " + pool.waitAvailable(null)));
            Gevent.sleep(0);
            // runs as the member dies, after the pool granted its slot to w1 but before w1 resumes
            member.rawlink(dead -> w1.kill(new GreenletExit(), false, null));
            Gevent.joinAll(w1, watcher);
            log.add("pool size " + pool.size() + ", free " + pool.freeCount());
            return log;
        });
        assertThat(out).containsExactly("available 1", "pool size 0, free 1");
    }

    @Test
    void aSlotWaiterThatTimesOutLeavesItsPlaceToTheNext() {
        virtualHub(() -> {
            Pool pool = new Pool(1);
            pool.spawn(() -> Gevent.sleep(2));
            Greenlet<Object> impatient = Gevent.spawn(() -> {
                try {
                    return pool.spawn(() -> Gevent.sleep(0), Duration.ofSeconds(1));
                } catch (PoolFull e) {
                    return "gave up";
                }
            });
            Greenlet<Greenlet<Void>> patient = Gevent.spawn(() -> pool.spawn(() -> Gevent.sleep(0)));
            assertThat(impatient.get()).isEqualTo("gave up");
            assertThat(patient.get().started()).isTrue();
            pool.join();
            assertThat(pool.freeCount()).isEqualTo(1);
        });
    }

    @Test
    void killReturnsPromptlyWhileMapAsyncFeedsThePool() {
        // test_terminate: kill while map_async is still feeding the pool
        virtualHub(() -> {
            Pool pool = new Pool(2);
            Greenlet<List<Object>> result = pool.mapAsync(x -> {
                Gevent.sleep(0.1);
                return x;
            }, List.of(1, 2, 3, 4, 5, 6));
            Gevent.sleep(0.05);
            long start = now();
            pool.kill();
            assertThat(elapsedSince(start)).isLessThan(Duration.ofMillis(50));
            assertThat(pool.size()).isZero();
            result.join();
            assertThat(result.successful()).isTrue();
        });
    }

    @Test
    void killAlsoKillsAGreenletThatGetsASlotWhileKillWaits() {
        List<String> out = virtualHub(() -> {
            List<String> log = new ArrayList<>();
            Pool pool = new Pool(1);
            pool.spawn(() -> {
                try {
                    Gevent.sleep(100);
                } catch (GreenletExit e) {
                    Gevent.sleep(1); // slow to die: kill waits here
                    log.add("member died");
                }
            });
            Greenlet<Greenlet<Boolean>> spawner = Gevent.spawn(() -> pool.spawn(() -> log.add("late task ran")));
            Gevent.sleep(0);
            pool.kill();
            log.add("kill returned, size " + pool.size());
            Gevent.sleep(1);
            log.add("late task started " + spawner.get().started() + ", dead " + spawner.get().dead());
            return log;
        });
        assertThat(out).containsExactly("member died", "kill returned, size 0", "late task started false, dead true");
    }

    @Test
    void aPoolSharedByTheHubsOfSeveralThreadsNeverExceedsItsSize() throws Exception {
        // Unlike gevent's, a Pool is thread-safe: greenlets of four hubs compete for its three slots.
        Pool pool = new Pool(3);
        java.util.concurrent.atomic.AtomicInteger running = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger peak = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    for (int i = 0; i < 50; i++) {
                        pool.spawn(() -> {
                            peak.accumulateAndGet(running.incrementAndGet(), Math::max);
                            Gevent.sleep(0.0005);
                            running.decrementAndGet();
                            done.incrementAndGet();
                        });
                    }
                    pool.join();
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        for (Thread t : threads) t.join(15_000);
        assertThat(failures).isEmpty();
        assertThat(done.get()).isEqualTo(200);
        assertThat(peak.get()).isBetween(1, 3);
        assertThat(pool.size()).isZero();
        assertThat(pool.freeCount()).isEqualTo(3);
    }

    @Test
    void slotsAreNeverLostOrDuplicatedAcrossDeathsDiscardsKillsAndTimeouts() {
        virtualHub(() -> {
            Pool pool = new Pool(3);
            java.util.Random random = new java.util.Random(42);
            List<Greenlet<?>> all = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int op = random.nextInt(5);
                double d = random.nextInt(5) / 10.0;
                switch (op) {
                    case 0 -> all.add(pool.spawn(() -> Gevent.sleep(d)));
                    case 1 -> {
                        try {
                            all.add(pool.spawn(() -> Gevent.sleep(d), Duration.ofMillis(random.nextInt(3) * 50)));
                        } catch (PoolFull ignored) {
                            // the pool was busy for that long
                        }
                    }
                    case 2 -> pool.iterator().forEachRemaining(g -> {
                        if (random.nextBoolean()) pool.discard(g);
                    });
                    case 3 -> pool.iterator().forEachRemaining(g -> pool.killOne(g, null, false, null));
                    default -> Gevent.sleep(d);
                }
                assertThat(pool.size() + pool.freeCount()).isBetween(0, 3);
            }
            Gevent.joinAll(all);
            assertThat(pool.size()).isZero();
            assertThat(pool.freeCount()).isEqualTo(3);
        });
    }

    @Test
    void aPoolWithoutASizeHasNoBoundLikeGeventsPoolOfNone() {
        virtualHub(() -> {
            Pool pool = new Pool();
            for (int i = 0; i < 10_000; i++) pool.spawn(() -> Gevent.sleep(1));
            assertThat(pool.full()).isFalse();
            assertThat(pool.size()).isEqualTo(10_000);
            pool.join();
            assertThat(pool.size()).isZero();
        });
    }
}
