package org.gevent4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gevent4j.TestHubs.elapsedSince;
import static org.gevent4j.TestHubs.now;
import static org.gevent4j.TestHubs.realHub;
import static org.gevent4j.TestHubs.virtualHub;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The order in which greenlets run: sleep(0) round robin, sleep(d) by deadline, idle(), and the
 * seed programs that show it. All on the virtual clock, so every ordering is exact.
 */
@org.junit.jupiter.api.Timeout(20)
class SchedulingTest {

    @Test
    void seedSynchronousAndAsynchronousPrints12_56_34_78() {
        List<Integer> out = new ArrayList<>();
        virtualHub(() -> {
            Gevent.joinAll(
                    Gevent.spawn(() -> {
                        out.add(12);
                        Gevent.sleep(0);
                        out.add(34);
                    }),
                    Gevent.spawn(() -> {
                        out.add(56);
                        Gevent.sleep(0);
                        out.add(78);
                    }));
        });
        assertThat(out).containsExactly(12, 56, 34, 78);
    }

    @Test
    void seedExplicitContextSwitchesBetweenFooAndBar() {
        List<String> out = new ArrayList<>();
        virtualHub(() -> {
            Gevent.joinAll(
                    Gevent.spawn(() -> {
                        out.add("Running in foo");
                        Gevent.sleep(0);
                        out.add("Explicit context switch to foo again");
                    }),
                    Gevent.spawn(() -> {
                        out.add("Explicit context to bar");
                        Gevent.sleep(0);
                        out.add("Implicit context switch back to bar");
                    }));
        });
        assertThat(out).containsExactly(
                "Running in foo",
                "Explicit context to bar",
                "Explicit context switch to foo again",
                "Implicit context switch back to bar");
    }

    @Test
    void sleepZeroLetsEveryReadyGreenletRunOnceBeforeTheCallerResumes() {
        List<String> out = new ArrayList<>();
        virtualHub(() -> {
            for (String name : List.of("a", "b", "c")) {
                Gevent.spawn(() -> {
                    for (int i = 1; i <= 3; i++) {
                        out.add(name + i);
                        Gevent.sleep(0);
                    }
                });
            }
            for (int i = 1; i <= 3; i++) {
                Gevent.sleep(0);
                out.add("main" + i);
            }
        });
        assertThat(out).containsExactly(
                "a1", "b1", "c1", "main1",
                "a2", "b2", "c2", "main2",
                "a3", "b3", "c3", "main3");
    }

    @Test
    void greenletsSpawnedDuringAnIterationRunAfterThoseAlreadyQueued() {
        List<String> out = new ArrayList<>();
        virtualHub(() -> {
            Gevent.spawn(() -> {
                out.add("a");
                Gevent.spawn(() -> { out.add("a's child"); });
                Gevent.sleep(0);
                out.add("a again");
            });
            Gevent.spawn(() -> { out.add("b"); });
            Gevent.sleep(0);
            out.add("main");
            Gevent.sleep(0);
        });
        assertThat(out).containsExactly("a", "b", "main", "a's child", "a again");
    }

    @Test
    void sleepingGreenletsWakeInDeadlineOrderAtTheirDeadlines() {
        List<String> out = new ArrayList<>();
        virtualHub(() -> {
            long start = now();
            List<Greenlet<?>> all = new ArrayList<>();
            for (double s : new double[] {3, 1, 2.5, 0.5}) {
                all.add(Gevent.spawn(() -> {
                    Gevent.sleep(s);
                    out.add(s + "@" + elapsedSince(start).toMillis() + "ms");
                }));
            }
            Gevent.joinAll(all);
        });
        assertThat(out).containsExactly("0.5@500ms", "1.0@1000ms", "2.5@2500ms", "3.0@3000ms");
    }

    @Test
    void seedFooMessageNPrintsHelloThenILive() {
        // seed: thread1 = Greenlet.spawn(foo, "Hello", 1); thread2 = gevent.spawn(foo, "I live!", 2);
        // thread3 = gevent.spawn(lambda x: (x+1), 2)
        List<String> out = new ArrayList<>();
        virtualHub(() -> {
            long start = now();
            Greenlet<Void> thread1 = Greenlet.spawn(() -> {
                Gevent.sleep(1);
                out.add("Hello@" + elapsedSince(start).toSeconds());
            });
            Greenlet<Void> thread2 = Gevent.spawn(() -> {
                Gevent.sleep(2);
                out.add("I live!@" + elapsedSince(start).toSeconds());
            });
            int x = 2;
            Greenlet<Integer> thread3 = Gevent.spawn(() -> x + 1);
            Gevent.joinAll(thread1, thread2, thread3);
            assertThat(thread3.value()).isEqualTo(3);
        });
        assertThat(out).containsExactly("Hello@1", "I live!@2");
    }

    @Test
    void seedPollingGreenletsLetTheThirdOneRunWhileTheyWait() {
        // seed 002: gr1 and gr2 poll for 2 s (select), gr3 does some stuff meanwhile
        List<String> out = new ArrayList<>();
        virtualHub(() -> {
            long start = now();
            Supplier<String> at =
                    () -> String.format("at %1.1f seconds", elapsedSince(start).toMillis() / 1000.0);
            Gevent.joinAll(
                    Gevent.spawn(() -> {
                        out.add("Started Polling: " + at.get());
                        Gevent.sleep(2);
                        out.add("Ended Polling: " + at.get());
                    }),
                    Gevent.spawn(() -> {
                        out.add("Started Polling: " + at.get());
                        Gevent.sleep(2);
                        out.add("Ended Polling: " + at.get());
                    }),
                    Gevent.spawn(() -> {
                        out.add("Hey lets do some stuff while the greenlets poll, " + at.get());
                        Gevent.sleep(1);
                    }));
        });
        assertThat(out).containsExactly(
                "Started Polling: at 0.0 seconds",
                "Started Polling: at 0.0 seconds",
                "Hey lets do some stuff while the greenlets poll, at 0.0 seconds",
                "Ended Polling: at 2.0 seconds",
                "Ended Polling: at 2.0 seconds");
    }

    @Test
    void seedSynchronousTasksRunInOrderAndAsynchronousOnesByTheirSleeps() {
        // seed: task(pid) sleeps random.randint(0,2)*0.001; here the "random" delays are fixed
        int[] delays = {2, 0, 1, 2, 0};
        List<String> out = new ArrayList<>();
        virtualHub(() -> {
            out.add("Synchronous:");
            for (int i = 0; i < 5; i++) {
                Gevent.sleep(delays[i] * 0.001);
                out.add("Task " + i + " done");
            }
            out.add("Asynchronous:");
            List<Greenlet<?>> threads = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                int pid = i;
                threads.add(Gevent.spawn(() -> {
                    Gevent.sleep(delays[pid] * 0.001);
                    out.add("Task " + pid + " done");
                }));
            }
            Gevent.joinAll(threads);
        });
        assertThat(out).containsExactly(
                "Synchronous:", "Task 0 done", "Task 1 done", "Task 2 done", "Task 3 done", "Task 4 done",
                "Asynchronous:", "Task 1 done", "Task 4 done", "Task 2 done", "Task 0 done", "Task 3 done");
    }

    @Test
    void idleResumesOnlyWhenNothingElseCanRun() {
        List<String> out = new ArrayList<>();
        virtualHub(() -> {
            Gevent.spawn(() -> {
                for (int i = 1; i <= 3; i++) {
                    out.add("busy" + i);
                    Gevent.sleep(0);
                }
            });
            Gevent.idle();
            out.add("idle returned");
        });
        assertThat(out).containsExactly("busy1", "busy2", "busy3", "idle returned");
    }

    @Test
    void idleResumesBeforeATimerThatIsNotDueYet() {
        List<String> out = new ArrayList<>();
        virtualHub(() -> {
            long start = now();
            Greenlet<Void> sleeper = Gevent.spawn(() -> {
                Gevent.sleep(10);
                out.add("slept");
            });
            Gevent.idle();
            out.add("idle at " + elapsedSince(start).toSeconds());
            sleeper.join();
        });
        assertThat(out).containsExactly("idle at 0", "slept");
    }

    @Test
    void idleInAGreenletWaitsForTheOthersToBlock() {
        List<String> out = new ArrayList<>();
        virtualHub(() -> {
            Greenlet<Void> idler = Gevent.spawn(() -> {
                Gevent.idle();
                out.add("idler");
            });
            Greenlet<Void> worker = Gevent.spawn(() -> {
                out.add("worker 1");
                Gevent.sleep(0);
                out.add("worker 2");
            });
            Gevent.joinAll(idler, worker);
        });
        assertThat(out).containsExactly("worker 1", "worker 2", "idler");
    }

    @Test
    void idleWithNothingToRunReturnsAtOnce() {
        virtualHub(() -> {
            long start = now();
            Gevent.idle();
            assertThat(elapsedSince(start)).isZero();
        });
    }

    @Test
    void aGreenletSpawnedFromAGreenletRunsOnceItsSpawnerBlocks() {
        List<String> out = new ArrayList<>();
        virtualHub(() -> {
            Greenlet<Greenlet<Void>> parent = Gevent.spawn(() -> {
                Greenlet<Void> child = Gevent.spawn(() -> { out.add("child runs"); });
                out.add("parent before blocking");
                Gevent.sleep(0);
                out.add("parent after blocking");
                return child;
            });
            Greenlet<Void> child = parent.get();
            child.join();
            assertThat(child.hub()).isSameAs(Hub.current());
        });
        assertThat(out).containsExactly("parent before blocking", "child runs", "parent after blocking");
    }

    @Test
    void aSleepZeroLoopCannotStarveTimers() {
        // gevent's test__sleep0: with Timeout(0.01, False): while True: gevent.sleep(0)
        realHub(() -> {
            long start = System.nanoTime();
            try (Timeout _ = Timeout.start(Duration.ofMillis(20))) {
                while (true) Gevent.sleep(0);
            } catch (Timeout expected) {
                // the timer fired although the loop never stopped yielding
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        });
    }

    @Test
    void aGreenletLoopingOnSleepZeroCannotStarveASleepingOne() {
        List<String> out = new ArrayList<>();
        realHub(() -> {
            Greenlet<Void> spinner = Gevent.spawn(() -> {
                while (true) Gevent.sleep(0);
            });
            Gevent.sleep(0.02);
            out.add("main woke");
            spinner.kill();
        });
        assertThat(out).containsExactly("main woke");
    }

    @Test
    void breakingOutOfIwaitEarlyDoesNotMakeALaterIdleReturnBeforeTheHubIsIdle() {
        // for (g : iwait(...)) { if (...) break; } is the usual "first to finish" idiom; the
        // greenlets left behind must not wake the waiter later.
        List<String> out = new ArrayList<>();
        virtualHub(() -> {
            Greenlet<String> first = Gevent.spawn(() -> {
                Gevent.sleep(1);
                return "first";
            });
            Greenlet<String> second = Gevent.spawn(() -> {
                Gevent.sleep(100);
                return "second";
            });
            for (Greenlet<String> g : Gevent.iwait(List.of(first, second))) {
                out.add("first to finish: " + g.value());
                break;
            }
            Gevent.spawn(() -> {
                second.kill();
                out.add("busy 1");
                Gevent.sleep(0);
                out.add("busy 2");
            });
            Gevent.idle();
            out.add("idle returned");
        });
        assertThat(out).containsExactly("first to finish: first", "busy 1", "busy 2", "idle returned");
    }

    @Test
    void idleAfterAWithdrawnTimeoutStillWaitsUntilTheHubIsIdle() {
        // The timeout interrupts a JDK sleep and is withdrawn by cancel(); nothing of it may make
        // the next idle() return while another greenlet is still runnable.
        List<String> out = new CopyOnWriteArrayList<>();
        AtomicBoolean closed = new AtomicBoolean();
        realHub(() -> {
            Greenlet<Void> idler = Gevent.spawn(() -> {
                Timeout t = Timeout.start(Duration.ofMillis(10));
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException expected) {
                    // the timeout's way into a JDK call
                }
                t.cancel();
                closed.set(true);
                Gevent.idle();
                out.add("idle returned");
            });
            Greenlet<Void> busy = Gevent.spawn(() -> {
                long giveUp = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                while (!closed.get() && System.nanoTime() < giveUp) Gevent.sleep(0); // always runnable
                for (int i = 1; i <= 3; i++) {
                    out.add("busy" + i);
                    Gevent.sleep(0);
                }
            });
            Gevent.joinAll(idler, busy);
        });
        assertThat(out).containsExactly("busy1", "busy2", "busy3", "idle returned");
    }

    @Test
    void aSleepOfAnyPositiveLengthGoesRoundTheHubFirst() {
        // gevent's sleep(seconds > 0) always switches to the hub, so `while busy: sleep(1e-9)`
        // cannot starve the other greenlets.
        virtualHub(() -> {
            for (long nanos : new long[] {1, 100, 1000}) {
                List<String> order = new ArrayList<>();
                Greenlet<?> other = Gevent.spawn(() -> {
                    order.add("other");
                });
                Gevent.sleep(Duration.ofNanos(nanos));
                order.add("main after sleep");
                other.join();
                assertThat(order).as("sleep(%d ns)", nanos).containsExactly("other", "main after sleep");
            }
        });
    }
}
