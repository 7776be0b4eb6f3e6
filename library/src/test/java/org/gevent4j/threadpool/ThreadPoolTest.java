package org.gevent4j.threadpool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gevent4j.TestHubs.realHub;
import static org.gevent4j.TestHubs.virtualHub;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;
import org.gevent4j.Hub;
import org.gevent4j.Timeout;
import org.gevent4j.event.AsyncResult;
import org.gevent4j.event.Event;
import org.gevent4j.pool.IMap;
import org.junit.jupiter.api.Test;

/**
 * ThreadPool: functions run on platform threads while greenlets wait cooperatively. Follows
 * gevent's test__threadpool.py (TestApply, TestMap, TestSize, TestMaxsize, TestJoin,
 * TestErrorInHandler, TestRef) and threadpool.py's spawn/adjust contracts. Pool threads are real,
 * so orderings are fixed with latches, and real time only bounds failures.
 */
@org.junit.jupiter.api.Timeout(20)
class ThreadPoolTest {

    /** The live threads of every ThreadPool in the JVM. */
    static Set<Thread> poolThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("gevent4j-threadpool-"))
                .collect(Collectors.toSet());
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) throw new AssertionError("latch not released");
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** Waits cooperatively (real time, bounded) until {@code condition} holds. */
    private static void eventually(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("condition not reached in 10 s");
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void spawnRunsTheFunctionOnAPoolThreadWhileTheHubRunsItsGreenlets() {
        realHub(() -> {
            try (ThreadPool pool = new ThreadPool(2)) {
                CountDownLatch ticked = new CountDownLatch(1);
                Greenlet<Void> ticker = Gevent.spawn(ticked::countDown);
                // The task waits for a greenlet of the hub: the hub must run while main waits.
                AsyncResult<String> r = pool.spawn(() -> {
                    await(ticked);
                    return Thread.currentThread().getName();
                });
                assertThat(r.get()).startsWith("gevent4j-threadpool-");
                assertThat(Thread.currentThread().isDaemon()).isFalse();
                ticker.join();
            }
        });
    }

    @Test
    void poolThreadsAreDaemonPlatformThreads() {
        realHub(() -> {
            try (ThreadPool pool = new ThreadPool(1)) {
                Thread t = pool.apply(Thread::currentThread);
                assertThat(t.isDaemon()).isTrue();
                assertThat(t.isVirtual()).isFalse();
            }
        });
    }

    @Test
    void applyReturnsTheValueFromAGreenletAndFromTheMainGreenlet() {
        virtualHub(() -> {
            try (ThreadPool pool = new ThreadPool(3)) {
                assertThat(pool.apply(() -> 6 * 7)).isEqualTo(42);
                Greenlet<Integer> g = Gevent.spawn(() -> pool.apply(() -> 1 + 1));
                assertThat(g.get()).isEqualTo(2);
                pool.spawn(() -> {}).get(); // the Runnable overload
            }
        });
    }

    @Test
    void aThrowingTaskRethrowsItsExceptionAsIs() {
        virtualHub(() -> {
            try (ThreadPool pool = new ThreadPool(2)) {
                IllegalStateException boom = new IllegalStateException("boom");
                assertThatThrownBy(() -> pool.apply(() -> {
                    throw boom;
                })).isSameAs(boom);
                IOException io = new IOException("disk");
                assertThatThrownBy(() -> pool.apply(() -> {
                    throw io;
                })).as("a lambda's checked exception, as itself").isSameAs(io);
                java.util.concurrent.Callable<Object> notALambda = () -> {
                    throw io;
                };
                assertThatThrownBy(() -> pool.apply(notALambda)).isInstanceOf(CompletionException.class).hasCause(io);
                AsyncResult<Object> r = pool.spawn(() -> {
                    throw new StackOverflowError("deep");
                });
                assertThat(r.await()).isNull();
                assertThat(r.exception()).isInstanceOf(StackOverflowError.class);
                // Neither the hub nor the pool is hurt.
                assertThat(pool.apply(() -> "still fine")).isEqualTo("still fine");
                assertThat(Gevent.spawn(() -> "hub fine").get()).isEqualTo("hub fine");
            }
        });
    }

    @Test
    void mapKeepsInputOrderAndThrowsTheFirstFailure() {
        virtualHub(() -> {
            try (ThreadPool pool = new ThreadPool(4)) {
                assertThat(pool.map(x -> x * x, List.of(1, 2, 3, 4, 5, 6, 7))).containsExactly(1, 4, 9, 16, 25, 36, 49);
                assertThat(pool.map(x -> x, List.of())).isEmpty();
                assertThatThrownBy(() -> pool.map(x -> {
                    if (x == 3) throw new ArithmeticException("three");
                    return x;
                }, List.of(1, 2, 3, 4))).isInstanceOf(ArithmeticException.class).hasMessage("three");
            }
        });
    }

    @Test
    void imapYieldsInInputOrderAndImapUnorderedInTheOrderItemsFinish() {
        virtualHub(() -> {
            try (ThreadPool pool = new ThreadPool(3)) {
                // Item "slow" finishes last: it waits until "fast" has run.
                CountDownLatch fastDone = new CountDownLatch(1);
                List<String> ordered = new ArrayList<>();
                for (String s : pool.imap((String x) -> {
                    if (x.equals("slow")) await(fastDone);
                    if (x.equals("fast")) fastDone.countDown();
                    return x;
                }, List.of("slow", "fast"))) {
                    ordered.add(s);
                }
                assertThat(ordered).containsExactly("slow", "fast");

                // "slow" may finish only after the reader has taken a first result: it must be "fast".
                CountDownLatch firstRead = new CountDownLatch(1);
                List<String> unordered = new ArrayList<>();
                IMap<String> it = pool.imapUnordered((String x) -> {
                    if (x.equals("slow")) await(firstRead);
                    return x;
                }, List.of("slow", "fast"));
                unordered.add(it.next());
                firstRead.countDown();
                unordered.add(it.next());
                assertThat(it.hasNext()).isFalse();
                assertThat(unordered).containsExactly("fast", "slow");
            }
        });
    }

    @Test
    void imapThrowsAFailingItemWhereIterationReachesItAndGoesOn() {
        virtualHub(() -> {
            try (ThreadPool pool = new ThreadPool(2)) {
                IMap<Integer> it = pool.imap(x -> 10 / x, List.of(5, 0, 2));
                assertThat(it.next()).isEqualTo(2);
                assertThatThrownBy(it::next).isInstanceOf(ArithmeticException.class);
                assertThat(it.next()).isEqualTo(5);
                assertThat(it.hasNext()).isFalse();
            }
        });
    }

    @Test
    void imapRunsAtMostMaxsizeItemsAheadOfTheReader() {
        virtualHub(() -> {
            try (ThreadPool pool = new ThreadPool(8)) {
                AtomicInteger started = new AtomicInteger();
                IMap<Integer> it = pool.imap(x -> {
                    started.incrementAndGet();
                    return x;
                }, List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), 3);
                assertThat(it.next()).isEqualTo(1);
                pool.join();
                // gevent's semantics (one IMap with groups): 1 read, 2 to 4 waiting to be read, since
                // asking for a result lets one more start
                assertThat(started.get()).isEqualTo(4);
                it.close();
                assertThat(it.hasNext()).isFalse();
            }
        });
    }

    @Test
    void imapWithoutMaxsizeSubmitsAsThePoolAdmitsNotAsTheReaderReadsAsInGevent() {
        // gevent: maxsize None or 0 is no bound on the results waiting to be read
        realHub(() -> { // real time: the pool's workers are platform threads
            try (ThreadPool pool = new ThreadPool(2)) {
                AtomicInteger started = new AtomicInteger();
                IMap<Integer> it = pool.imap(x -> {
                    started.incrementAndGet();
                    return x;
                }, List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), 0);
                assertThat(it.next()).isEqualTo(1);
                // join() counts queued and running tasks only, not a producer still waiting for a slot
                // (gevent's ThreadPool.join alike): wait for the producer itself, never reading meanwhile
                for (int i = 0; i < 5_000 && started.get() < 10; i++) Gevent.sleep(Duration.ofMillis(1));
                assertThat(started.get()).isEqualTo(10);
                List<Integer> rest = new ArrayList<>();
                it.forEachRemaining(rest::add);
                assertThat(rest).containsExactly(2, 3, 4, 5, 6, 7, 8, 9, 10);
            }
        });
    }

    @Test
    @SuppressWarnings("deprecation")
    void codeNamingTheDeprecatedThreadPoolIMapStillCompilesAndRuns() {
        virtualHub(() -> {
            try (ThreadPool pool = new ThreadPool(2)) {
                org.gevent4j.threadpool.IMap<Integer> it = pool.imapUnordered(x -> x * 2, List.of(1, 2, 3));
                List<Integer> out = new ArrayList<>();
                for (int x : it) out.add(x);
                assertThat(out).containsExactlyInAnyOrder(2, 4, 6);
            }
        });
    }

    @Test
    void anExceptionFromTheInputComesAfterTheResultsBeforeIt() {
        virtualHub(() -> {
            try (ThreadPool pool = new ThreadPool(2)) {
                Iterable<Integer> input = () -> new java.util.Iterator<>() {
                    int n;

                    @Override
                    public boolean hasNext() {
                        return true;
                    }

                    @Override
                    public Integer next() {
                        if (n == 2) throw new IllegalStateException("input broke");
                        return ++n;
                    }
                };
                IMap<Integer> it = pool.imap(x -> x, input);
                assertThat(it.next()).isEqualTo(1);
                assertThat(it.next()).isEqualTo(2);
                assertThatThrownBy(it::next).hasMessage("input broke");
                assertThat(it.hasNext()).isFalse();
            }
        });
    }

    @Test
    void spawnWaitsWhileMaxsizePlusOneTasksAreUnfinishedAsInGevent() {
        virtualHub(() -> {
            try (ThreadPool pool = new ThreadPool(1)) {
                CountDownLatch release = new CountDownLatch(1);
                List<String> log = Collections.synchronizedList(new ArrayList<>());
                pool.spawn(() -> await(release)); // running
                pool.spawn(() -> log.add("second ran")); // queued: gevent allows maxsize + 1
                assertThat(pool.unfinished()).isEqualTo(2);
                Greenlet<Void> third = Gevent.spawn(() -> {
                    log.add("third spawning");
                    pool.spawn(() -> log.add("third ran")).get();
                    log.add("third done");
                });
                Gevent.sleep(0.01); // third is blocked in spawn: the pool is full
                assertThat(log).containsExactly("third spawning");
                assertThat(third.dead()).isFalse();
                release.countDown();
                third.join();
                assertThat(log).containsExactly("third spawning", "second ran", "third ran", "third done");
                assertThat(pool.size()).isEqualTo(1);
            }
        });
    }

    @Test
    void aSpawnerKilledWhileWaitingForASlotSubmitsNothingAndLosesNoSlot() {
        virtualHub(() -> {
            try (ThreadPool pool = new ThreadPool(1)) {
                CountDownLatch release = new CountDownLatch(1);
                pool.spawn(() -> await(release));
                pool.spawn(() -> {});
                AtomicInteger ran = new AtomicInteger();
                Greenlet<?> blocked = Gevent.spawn(() -> pool.spawn(ran::incrementAndGet));
                Greenlet<?> next = Gevent.spawn(() -> pool.spawn(() -> ran.addAndGet(10)).get());
                Gevent.sleep(0.01);
                blocked.kill();
                assertThat(blocked.dead()).isTrue();
                release.countDown();
                next.join();
                pool.join();
                assertThat(ran.get()).isEqualTo(10);
                assertThat(pool.unfinished()).isZero();
            }
        });
    }

    @Test
    void aWaiterThatTimesOutLeavesTheTaskRunningAndItsResultIsDropped() {
        virtualHub(() -> {
            try (ThreadPool pool = new ThreadPool(1)) {
                CountDownLatch release = new CountDownLatch(1);
                AtomicInteger finished = new AtomicInteger();
                assertThatThrownBy(() -> Gevent.withTimeout(Duration.ofMillis(20), () -> pool.apply(() -> {
                    await(release);
                    return finished.incrementAndGet();
                }))).isInstanceOf(Timeout.class);
                assertThat(pool.unfinished()).isEqualTo(1); // still running on its thread
                release.countDown();
                pool.join();
                assertThat(finished.get()).isEqualTo(1);
                assertThat(pool.apply(() -> "next")).isEqualTo("next");
            }
        });
    }

    @Test
    void aKilledWaiterGetsGreenletExitAndTheHubGoesOn() {
        virtualHub(() -> {
            try (ThreadPool pool = new ThreadPool(1)) {
                CountDownLatch release = new CountDownLatch(1);
                Greenlet<Object> waiter = Gevent.spawn(() -> pool.apply(() -> {
                    await(release);
                    return "dropped";
                }));
                Gevent.sleep(0.01);
                waiter.kill();
                assertThat(waiter.dead()).isTrue();
                assertThat(waiter.value()).isNull(); // died of GreenletExit (a success, as in gevent)
                release.countDown();
                pool.join();
            }
        });
    }

    @Test
    void aPendingTaskKeepsItsHubFromLoopExit() {
        // The main greenlet waits for an Event only the pool thread sets: not a deadlock.
        virtualHub(() -> {
            try (ThreadPool pool = new ThreadPool(1)) {
                Event done = new Event();
                pool.spawn(() -> {
                    Thread.sleep(50);
                    done.set();
                    return null;
                });
                assertThat(done.await(Duration.ofSeconds(10))).isTrue();
            }
        });
    }

    @Test
    void setMaxsizeGrowsToRunQueuedTasksAndShrinksAsTasksFinish() {
        virtualHub(() -> {
            try (ThreadPool pool = new ThreadPool(1)) {
                CountDownLatch bothRunning = new CountDownLatch(2);
                CountDownLatch release = new CountDownLatch(1);
                AsyncResult<Void> a = pool.spawn(() -> {
                    bothRunning.countDown();
                    await(release);
                });
                AsyncResult<Void> b = pool.spawn(() -> {
                    bothRunning.countDown();
                    await(release);
                });
                assertThat(pool.size()).isEqualTo(1);
                pool.setMaxsize(2); // b needs no slot but a thread: one starts
                assertThat(pool.maxsize()).isEqualTo(2);
                await(bothRunning); // on the hub's thread: nothing else to run meanwhile
                assertThat(pool.size()).isEqualTo(2);
                pool.setMaxsize(1);
                release.countDown();
                a.get();
                b.get();
                eventually(() -> pool.size() == 1);
                assertThatThrownBy(() -> pool.setMaxsize(-1)).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("-1");
            }
        });
    }

    @Test
    void idleThreadsEndAfterTheIdleTimeout() {
        realHub(() -> {
            try (ThreadPool pool = new ThreadPool(3, Duration.ofMillis(30))) {
                CountDownLatch all = new CountDownLatch(3);
                List<AsyncResult<Void>> rs = new ArrayList<>();
                for (int i = 0; i < 3; i++) rs.add(pool.spawn(() -> {
                    all.countDown();
                    await(all);
                }));
                for (AsyncResult<Void> r : rs) r.get();
                assertThat(pool.size()).isEqualTo(3);
                eventually(() -> pool.size() == 0);
                assertThat(pool.apply(() -> "revived")).isEqualTo("revived"); // a new thread starts
            }
        });
    }

    @Test
    void closeWaitsForQueuedTasksThenRefusesNewOnesAndNoThreadOutlivesIt() {
        Set<Thread> before = poolThreads();
        virtualHub(() -> {
            ThreadPool pool = new ThreadPool(4);
            AtomicInteger ran = new AtomicInteger();
            for (int i = 0; i < 5; i++) {
                pool.spawn(() -> {
                    Thread.sleep(5);
                    return ran.incrementAndGet();
                });
            }
            Set<Thread> ours = poolThreads();
            ours.removeAll(before);
            assertThat(ours).isNotEmpty();
            pool.close();
            assertThat(ran.get()).isEqualTo(5);
            assertThat(pool.size()).isZero();
            assertThat(ours).noneMatch(Thread::isAlive);
            assertThatThrownBy(() -> pool.spawn(() -> 1)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("closed");
            pool.close(); // idempotent
        });
        Set<Thread> after = poolThreads();
        after.removeAll(before);
        assertThat(after).isEmpty();
    }

    @Test
    void killDropsQueuedTasksAndLeavesThePoolUsable() {
        virtualHub(() -> {
            try (ThreadPool pool = new ThreadPool(1)) {
                CountDownLatch release = new CountDownLatch(1);
                CountDownLatch started = new CountDownLatch(1);
                AsyncResult<String> running = pool.spawn(() -> {
                    started.countDown();
                    await(release);
                    return "finished anyway";
                });
                AsyncResult<String> queued = pool.spawn(() -> "never");
                await(started);
                pool.kill();
                assertThatThrownBy(queued::get).isInstanceOf(CancellationException.class);
                release.countDown();
                assertThat(running.get()).isEqualTo("finished anyway");
                assertThat(pool.apply(() -> "after kill")).isEqualTo("after kill");
            }
        });
    }

    @Test
    void applyFromAPoolThreadRunsInlineInsteadOfDeadlocking() {
        virtualHub(() -> {
            try (ThreadPool pool = new ThreadPool(1)) {
                String inner = pool.apply(() -> pool.apply(() -> Thread.currentThread().getName()));
                assertThat(inner).startsWith("gevent4j-threadpool-");
            }
        });
    }

    @Test
    void joinWaitsForEveryUnfinishedTask() {
        virtualHub(() -> {
            try (ThreadPool pool = new ThreadPool(2)) {
                AtomicInteger ran = new AtomicInteger();
                for (int i = 0; i < 6; i++) pool.spawn(() -> {
                    Thread.sleep(2);
                    ran.incrementAndGet();
                    return null;
                });
                pool.join();
                assertThat(ran.get()).isEqualTo(6);
                assertThat(pool.unfinished()).isZero();
            }
        });
    }

    @Test
    void tasksFromSeveralHubsShareOnePool() throws Exception {
        try (ThreadPool pool = new ThreadPool(2)) {
            List<Thread> hubs = new ArrayList<>();
            AtomicInteger sum = new AtomicInteger();
            for (int h = 0; h < 3; h++) {
                int base = h * 100;
                hubs.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < 20; i++) sum.addAndGet(pool.apply(() -> base + 1));
                }));
            }
            for (Thread t : hubs) t.join();
            assertThat(sum.get()).isEqualTo(20 * (1 + 101 + 201));
        }
    }

    @Test
    void theHubsPoolIsMadeOnceWithGeventsMaxsize() {
        virtualHub(() -> {
            ThreadPool p = Hub.current().threadpool();
            assertThat(p).isSameAs(Hub.current().threadpool());
            assertThat(p.maxsize()).isEqualTo(10);
            assertThat(p.apply(() -> "ok")).isEqualTo("ok");
        });
    }

    @Test
    void badArgumentsAreNamed() {
        assertThatThrownBy(() -> new ThreadPool(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxsize").hasMessageContaining("-1");
        assertThatThrownBy(() -> new ThreadPool(1, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("idleTimeout");
        try (ThreadPool pool = new ThreadPool(1)) {
            assertThatThrownBy(() -> pool.spawn((java.util.concurrent.Callable<Object>) null))
                    .isInstanceOf(NullPointerException.class).hasMessageContaining("fn");
            assertThatThrownBy(() -> pool.imap(x -> x, List.of(1), -1)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
