package org.gevent4j.threadpool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gevent4j.TestHubs.captureStderr;
import static org.gevent4j.TestHubs.realHub;
import static org.gevent4j.TestHubs.virtualHub;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;
import org.gevent4j.Timeout;
import org.junit.jupiter.api.Test;

/**
 * ThreadPoolExecutor: java.util.concurrent's contract, with futures a greenlet waits for
 * cooperatively. Follows gevent's test__threadpool.py (TestTPE).
 */
@org.junit.jupiter.api.Timeout(20)
class ThreadPoolExecutorTest {

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) throw new AssertionError("latch not released");
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void submitRunsOnAPoolThreadAndGetWaitsCooperatively() {
        realHub(() -> {
            ThreadPoolExecutor ex = new ThreadPoolExecutor(2);
            CountDownLatch ticked = new CountDownLatch(1);
            Gevent.spawn(ticked::countDown);
            Future<String> f = ex.submit(() -> {
                await(ticked); // only the hub can release it: main's get() must let it run
                return Thread.currentThread().getName();
            });
            assertThat(f.get()).startsWith("gevent4j-threadpool-");
            assertThat(f.isDone()).isTrue();
            assertThat(ex.submit(() -> {}).get()).isNull();
            assertThat(ex.submit(() -> {}, "given").get()).isEqualTo("given");
            ex.shutdown();
            assertThat(ex.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        });
    }

    @Test
    void aFailingTaskSurfacesAsExecutionExceptionAndTheExecutorGoesOn() {
        virtualHub(() -> {
            ThreadPoolExecutor ex = new ThreadPoolExecutor(1);
            Future<Object> f = ex.submit(() -> {
                throw new IllegalArgumentException("bad");
            });
            assertThatThrownBy(f::get).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(IllegalArgumentException.class);
            assertThat(ex.submit(() -> 5).get()).isEqualTo(5);
            ex.close();
        });
    }

    @Test
    void anExceptionEscapingExecuteIsReportedToTheHub() {
        String err = captureStderr(() -> virtualHub(() -> {
            ThreadPoolExecutor ex = new ThreadPoolExecutor(1);
            ex.execute(() -> {
                throw new IllegalStateException("nobody else sees me");
            });
            ex.close();
        }));
        assertThat(err).contains("nobody else sees me");
    }

    @Test
    void getWithATimeoutThrowsTimeoutExceptionAndAGreenletTimeoutInterruptsAWait() {
        virtualHub(() -> {
            ThreadPoolExecutor ex = new ThreadPoolExecutor(1);
            CountDownLatch release = new CountDownLatch(1);
            Future<String> f = ex.submit(() -> {
                await(release);
                return "late";
            });
            assertThatThrownBy(() -> f.get(10, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
            assertThatThrownBy(() -> Gevent.withTimeout(Duration.ofMillis(10), () -> f.get()))
                    .isInstanceOf(Timeout.class);
            Greenlet<String> waiter = Gevent.spawn(() -> f.get());
            Gevent.sleep(0.005);
            waiter.kill();
            assertThat(waiter.dead()).isTrue();
            release.countDown();
            assertThat(f.get()).isEqualTo("late");
            ex.close();
        });
    }

    @Test
    void cancelInterruptsTheRunningTaskAndTheThreadServesTheNextOne() {
        virtualHub(() -> {
            ThreadPoolExecutor ex = new ThreadPoolExecutor(1);
            CountDownLatch started = new CountDownLatch(1);
            AtomicBoolean interrupted = new AtomicBoolean();
            Future<?> f = ex.submit(() -> {
                started.countDown();
                try {
                    Thread.sleep(10_000);
                } catch (InterruptedException e) {
                    interrupted.set(true);
                }
            });
            await(started);
            assertThat(f.cancel(true)).isTrue();
            assertThat(f.isCancelled()).isTrue();
            assertThatThrownBy(f::get).isInstanceOf(CancellationException.class);
            // The interrupt status does not leak into the next task on the same thread.
            assertThat(ex.submit(() -> Thread.currentThread().isInterrupted()).get()).isFalse();
            assertThat(interrupted.get()).isTrue();
            ex.close();
        });
    }

    @Test
    void invokeAllAndInvokeAnyWaitCooperatively() {
        realHub(() -> {
            ThreadPoolExecutor ex = new ThreadPoolExecutor(3);
            List<Callable<Integer>> tasks = List.of(() -> 1, () -> 2, () -> 3);
            List<Integer> values = new ArrayList<>();
            for (Future<Integer> f : ex.invokeAll(tasks)) values.add(f.get());
            assertThat(values).containsExactly(1, 2, 3);

            CountDownLatch never = new CountDownLatch(1);
            Integer any = ex.invokeAny(List.of(() -> {
                await(never);
                return 1;
            }, () -> 2));
            assertThat(any).isEqualTo(2);
            assertThatThrownBy(() -> ex.invokeAny(List.<Callable<Integer>>of(() -> {
                throw new IllegalStateException("all fail");
            }))).isInstanceOf(ExecutionException.class).hasRootCauseMessage("all fail");
            never.countDown();
            ex.close();
        });
    }

    @Test
    void shutdownRefusesNewTasksRunsQueuedOnesAndLeavesNoThread() {
        Set<Thread> before = ThreadPoolTest.poolThreads();
        virtualHub(() -> {
            ThreadPoolExecutor ex = new ThreadPoolExecutor(2);
            List<Future<Integer>> fs = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                int n = i;
                fs.add(ex.submit(() -> {
                    Thread.sleep(5);
                    return n;
                }));
            }
            ex.shutdown();
            assertThat(ex.isShutdown()).isTrue();
            assertThatThrownBy(() -> ex.submit(() -> 1)).isInstanceOf(RejectedExecutionException.class);
            assertThat(ex.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            assertThat(ex.isTerminated()).isTrue();
            for (int i = 0; i < 3; i++) assertThat(fs.get(i).get()).isEqualTo(i);
        });
        Set<Thread> after = ThreadPoolTest.poolThreads();
        after.removeAll(before);
        assertThat(after).isEmpty();
    }

    @Test
    void shutdownNowReturnsTheTasksThatNeverStarted() {
        virtualHub(() -> {
            ThreadPoolExecutor ex = new ThreadPoolExecutor(1);
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            ex.execute(() -> {
                started.countDown();
                await(release);
            });
            Runnable second = () -> {};
            ex.execute(second);
            await(started);
            assertThat(ex.shutdownNow()).containsExactly(second);
            assertThat(ex.awaitTermination(0, TimeUnit.SECONDS)).isFalse();
            release.countDown();
            assertThat(ex.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        });
    }

    @Test
    void badArgumentsAreNamed() {
        assertThatThrownBy(() -> new ThreadPoolExecutor(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxWorkers");
    }
}
