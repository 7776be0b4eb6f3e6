package org.gevent4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gevent4j.TestHubs.elapsedSince;
import static org.gevent4j.TestHubs.now;
import static org.gevent4j.TestHubs.virtualHub;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.gevent4j.event.AsyncResult;
import org.junit.jupiter.api.Test;

/**
 * Gevent.executor(): an ExecutorService whose tasks are greenlets of the hub that created it, so
 * Java APIs that take an Executor run on gevent4j.
 */
@org.junit.jupiter.api.Timeout(20)
class ExecutorTest {

    @Test
    void completableFutureAsyncStagesRunAsGreenletsOfTheHub() {
        virtualHub(() -> {
            Hub hub = Hub.current();
            Greenlet<?> main = Gevent.getCurrent();
            ExecutorService executor = Gevent.executor();
            List<String> where = Collections.synchronizedList(new ArrayList<>());
            long start = now();
            CompletableFuture<String> f = CompletableFuture.supplyAsync(() -> {
                where.add("supply on hub " + (Hub.current() == hub) + ", virtual " + Thread.currentThread().isVirtual()
                        + ", main " + (Gevent.getCurrent() == main));
                Gevent.sleep(1); // a cooperative sleep inside a JDK async stage
                return "value";
            }, executor).thenApplyAsync(v -> {
                where.add("apply on hub " + (Hub.current() == hub));
                return v + "!";
            }, executor);

            assertThat(AsyncResult.from(f).get()).isEqualTo("value!");
            assertThat(elapsedSince(start)).isEqualTo(Duration.ofSeconds(1));
            assertThat(where).containsExactly("supply on hub true, virtual true, main false", "apply on hub true");
        });
    }

    @Test
    void submittedTasksRunInOrderOnceTheHubsThreadBlocksAndGetWaitsCooperatively() throws Exception {
        virtualHub(() -> {
            List<String> log = new ArrayList<>();
            ExecutorService executor = Gevent.executor();
            List<Future<Integer>> futures = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                int n = i;
                futures.add(executor.submit(() -> {
                    log.add("task " + n);
                    return n * 10;
                }));
            }
            log.add("submitted");
            // Future.get on the hub's own thread: a JDK park here would stop the hub for good
            assertThat(futures.get(2).get()).isEqualTo(30);
            assertThat(futures.get(0).get()).isEqualTo(10);
            assertThat(log).containsExactly("submitted", "task 1", "task 2", "task 3");
        });
    }

    @Test
    void getWithATimeoutThrowsTimeoutExceptionWhenTheTaskIsLate() {
        virtualHub(() -> {
            ExecutorService executor = Gevent.executor();
            Future<String> f = executor.submit(() -> {
                Gevent.sleep(2);
                return "late";
            });
            long start = now();
            assertThatThrownBy(() -> f.get(1, TimeUnit.SECONDS)).isInstanceOf(TimeoutException.class);
            assertThat(elapsedSince(start)).isEqualTo(Duration.ofSeconds(1));
            assertThat(f.get(5, TimeUnit.SECONDS)).isEqualTo("late");
            assertThat(elapsedSince(start)).isEqualTo(Duration.ofSeconds(2));
        });
    }

    @Test
    void aTasksExceptionComesOutOfGetAsExecutionException() {
        IllegalStateException boom = new IllegalStateException("boom");
        virtualHub(() -> {
            Future<Object> f = Gevent.executor().submit(() -> {
                throw boom;
            });
            assertThatThrownBy(f::get).isInstanceOf(ExecutionException.class).hasCause(boom);
        });
    }

    @Test
    void cancelWithInterruptKillsTheRunningGreenletAndWithoutItLetsItFinish() {
        virtualHub(() -> {
            List<String> log = new ArrayList<>();
            ExecutorService executor = Gevent.executor();
            Callable<String> task = () -> {
                try {
                    Gevent.sleep(1);
                    log.add("finished");
                    return "done";
                } catch (GreenletExit e) {
                    log.add("killed");
                    throw e;
                }
            };
            Future<String> killed = executor.submit(task);
            Gevent.sleep(0.5);
            assertThat(killed.cancel(true)).isTrue();
            assertThat(killed.isCancelled()).isTrue();
            assertThatThrownBy(killed::get).isInstanceOf(CancellationException.class);
            Gevent.sleep(0);
            assertThat(log).containsExactly("killed");

            Future<String> spared = executor.submit(task);
            Gevent.sleep(0.5);
            assertThat(spared.cancel(false)).isTrue();
            assertThatThrownBy(spared::get).isInstanceOf(CancellationException.class);
            Gevent.sleep(1);
            assertThat(log).containsExactly("killed", "finished");
            assertThat(spared.cancel(true)).isFalse();
        });
    }

    @Test
    void aTaskCancelledBeforeItStartsNeverRuns() {
        virtualHub(() -> {
            List<String> log = new ArrayList<>();
            ExecutorService executor = Gevent.executor();
            Future<?> f = executor.submit(() -> log.add("ran"));
            assertThat(f.cancel(true)).isTrue();
            executor.shutdown();
            assertThat(executor.awaitTermination(1, TimeUnit.SECONDS)).isTrue();
            assertThat(log).isEmpty();
        });
    }

    @Test
    void shutdownRejectsNewTasksAndTerminatesWhenTheLastTaskEnds() {
        virtualHub(() -> {
            ExecutorService executor = Gevent.executor();
            executor.execute(() -> Gevent.sleep(2));
            executor.shutdown();
            assertThat(executor.isShutdown()).isTrue();
            assertThat(executor.isTerminated()).isFalse();
            assertThatThrownBy(() -> executor.execute(() -> {})).isInstanceOf(RejectedExecutionException.class)
                    .hasMessageContaining("shut down");
            long start = now();
            assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            assertThat(elapsedSince(start)).isEqualTo(Duration.ofSeconds(2));
            assertThat(executor.isTerminated()).isTrue();
        });
    }

    @Test
    void awaitTerminationReturnsFalseWhenTheTimeoutPasses() {
        virtualHub(() -> {
            ExecutorService executor = Gevent.executor();
            long start = now();
            assertThat(executor.awaitTermination(1, TimeUnit.SECONDS)).isFalse();
            assertThat(elapsedSince(start)).isEqualTo(Duration.ofSeconds(1));
            assertThat(executor.awaitTermination(0, TimeUnit.SECONDS)).isFalse();
            executor.shutdown();
            assertThat(executor.awaitTermination(0, TimeUnit.SECONDS)).isTrue();
        });
    }

    @Test
    void shutdownNowKillsRunningTasksAndReturnsThoseThatNeverStarted() {
        virtualHub(() -> {
            List<String> log = new ArrayList<>();
            ExecutorService executor = Gevent.executor();
            executor.execute(() -> {
                try {
                    Gevent.sleep(100);
                } catch (GreenletExit e) {
                    log.add("running task killed");
                }
            });
            Gevent.sleep(0);
            Runnable b = () -> log.add("b ran"), c = () -> log.add("c ran");
            executor.execute(b);
            executor.execute(c);
            assertThat(executor.shutdownNow()).containsExactly(b, c);
            assertThat(executor.awaitTermination(1, TimeUnit.SECONDS)).isTrue();
            assertThat(log).containsExactly("running task killed");
        });
    }

    @Test
    void invokeAllWaitsForEveryTask() throws Exception {
        virtualHub(() -> {
            ExecutorService executor = Gevent.executor();
            long start = now();
            List<Future<String>> done = executor.invokeAll(List.of(() -> {
                Gevent.sleep(2);
                return "a";
            }, () -> {
                Gevent.sleep(1);
                return "b";
            }));
            assertThat(elapsedSince(start)).isEqualTo(Duration.ofSeconds(2));
            assertThat(done).allMatch(Future::isDone);
            assertThat(List.of(done.get(0).get(), done.get(1).get())).containsExactly("a", "b");

            List<Future<String>> partly = executor.invokeAll(List.of(() -> "quick", () -> {
                Gevent.sleep(5);
                return "slow";
            }), 1, TimeUnit.SECONDS);
            assertThat(partly.get(0).get()).isEqualTo("quick");
            assertThat(partly.get(1).isCancelled()).isTrue();
        });
    }

    @Test
    void invokeAnyReturnsTheFirstSuccessAndKillsTheRest() throws Exception {
        virtualHub(() -> {
            Hub.current().setErrorHandler((context, error) -> {});
            List<String> log = new ArrayList<>();
            ExecutorService executor = Gevent.executor();
            long start = now();
            String first = executor.invokeAny(List.of(() -> {
                Gevent.sleep(0.5);
                throw new IllegalStateException("fails first");
            }, () -> {
                Gevent.sleep(1);
                return "one";
            }, () -> {
                try {
                    Gevent.sleep(2);
                    return "two";
                } catch (GreenletExit e) {
                    log.add("slower task killed");
                    throw e;
                }
            }));
            assertThat(first).isEqualTo("one");
            assertThat(elapsedSince(start)).isEqualTo(Duration.ofSeconds(1));
            Gevent.sleep(0);
            assertThat(log).containsExactly("slower task killed");

            IllegalStateException last = new IllegalStateException("last");
            assertThatThrownBy(() -> executor.invokeAny(List.of(() -> {
                throw new IllegalStateException("first");
            }, () -> {
                Gevent.sleep(1);
                throw last;
            }))).isInstanceOf(ExecutionException.class).hasCause(last);

            assertThatThrownBy(() -> executor.invokeAny(List.of(() -> {
                Gevent.sleep(10);
                return "never";
            }), 1, TimeUnit.SECONDS)).isInstanceOf(TimeoutException.class);
            assertThatThrownBy(() -> executor.invokeAny(List.of())).isInstanceOf(IllegalArgumentException.class);
        });
    }

    @Test
    void anExceptionEscapingAnExecutedRunnableIsReportedByTheHub() {
        virtualHub(() -> {
            List<Throwable> reported = new ArrayList<>();
            Hub.current().setErrorHandler((context, error) -> reported.add(error));
            IllegalStateException boom = new IllegalStateException("boom");
            Gevent.executor().execute(() -> {
                throw boom;
            });
            Gevent.sleep(0);
            assertThat(reported).containsExactly(boom);
        });
    }

    @Test
    void closeWaitsCooperativelyForTheTasks() {
        virtualHub(() -> {
            ExecutorService executor = Gevent.executor();
            List<String> log = new ArrayList<>();
            executor.execute(() -> {
                Gevent.sleep(1);
                log.add("task done");
            });
            long start = now();
            executor.close();
            assertThat(elapsedSince(start)).isEqualTo(Duration.ofSeconds(1));
            assertThat(log).containsExactly("task done");
            assertThat(executor.isTerminated()).isTrue();
        });
    }

    @Test
    void tasksSubmittedFromAnotherThreadRunOnTheHubAndThatThreadCanWaitForThem() {
        TestHubs.realHub(() -> {
            Hub hub = Hub.current();
            ExecutorService executor = Gevent.executor();
            List<String> ran = Collections.synchronizedList(new ArrayList<>());
            AtomicReference<Object> seenBySubmitter = new AtomicReference<>();
            Thread submitter = Thread.ofPlatform().start(() -> {
                try {
                    List<Integer> results = new ArrayList<>();
                    for (int i = 1; i <= 3; i++) {
                        int n = i;
                        Future<Integer> f = executor.submit(() -> {
                            ran.add("task " + n + " on hub " + (Hub.current() == hub));
                            Gevent.sleep(0.01);
                            return n;
                        });
                        // a plain thread with no timer pending: its wait must hold its own hub open
                        results.add(f.get());
                    }
                    seenBySubmitter.set(results);
                } catch (Exception e) {
                    seenBySubmitter.set(e);
                } finally {
                    executor.shutdown();
                }
            });
            // the hub's thread blocks here; meanwhile the other thread's tasks run on this hub
            assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            submitter.join(10_000);
            assertThat(seenBySubmitter.get()).isEqualTo(List.of(1, 2, 3));
            assertThat(ran).containsExactly("task 1 on hub true", "task 2 on hub true", "task 3 on hub true");
        });
    }

    @Test
    void aPlatformThreadInterruptedWhileWaitingGetsInterruptedException() throws Exception {
        AtomicReference<Object> outcome = new AtomicReference<>();
        TestHubs.realHub(() -> {
            ExecutorService executor = Gevent.executor();
            Future<?> never = executor.submit(() -> Gevent.sleep(100)); // this hub never blocks: it never runs
            Thread waiter = Thread.ofPlatform().start(() -> {
                try {
                    never.get();
                    outcome.set("returned");
                } catch (InterruptedException e) {
                    outcome.set("interrupted, flag cleared " + !Thread.currentThread().isInterrupted());
                } catch (Throwable e) {
                    outcome.set(e);
                }
            });
            waiter.interrupt();
            waiter.join(10_000);
            never.cancel(true);
        });
        assertThat(outcome.get()).isEqualTo("interrupted, flag cleared true");
    }

    @Test
    void aTaskThatRestoresItsInterruptStatusCanStillWaitCooperatively() throws Exception {
        // j.u.c code restores the interrupt status after catching InterruptedException, then goes on.
        // gevent4j waits set that status aside (else LockSupport.park would return at once, and the
        // hub would spin) and restore it afterwards. Bounded in real time; a stuck task is killed
        // so no spinning thread could outlive the test.
        AtomicReference<Greenlet<?>> task = new AtomicReference<>();
        AtomicReference<Object> result = new AtomicReference<>("hub stuck");
        Thread hubThread = Thread.ofPlatform().daemon().start(() -> {
            try {
                result.set(Hub.runWithVirtualClock(() -> Gevent.executor().submit(() -> {
                    task.set(Gevent.getCurrent());
                    Thread.currentThread().interrupt();
                    Gevent.sleep(1);
                    return "slept";
                }).get()));
            } catch (Throwable e) {
                result.compareAndSet("hub stuck", e);
            }
        });
        hubThread.join(3000);
        if (hubThread.isAlive() && task.get() != null) {
            task.get().kill(new GreenletExit(), false, null); // frees the hub: its spin loop checks for kills
            hubThread.join(3000);
        }
        assertThat(result.get()).isEqualTo("slept");
    }

    @Test
    void badArgumentsAreRejected() {
        virtualHub(() -> {
            ExecutorService executor = Gevent.executor();
            assertThatThrownBy(() -> executor.execute(null)).isInstanceOf(NullPointerException.class)
                    .hasMessageContaining("command");
            assertThatThrownBy(() -> executor.submit((Callable<?>) null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> executor.awaitTermination(1, null)).isInstanceOf(NullPointerException.class)
                    .hasMessageContaining("unit");
        });
    }
}
