package org.gevent4j.queue;

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
import org.junit.jupiter.api.Test;

/**
 * {@link JoinableQueue}: the contract (FIFO), plus taskDone and join. Translates gevent's
 * test_task_done, test_issue_45 and the JoinableQueue half of _shutdown_all_methods_in_one_thread.
 */
class JoinableQueueTest extends BufferedQueueContract {
    @Override
    Queue<Integer> create(int maxsize) {
        return new JoinableQueue<>(maxsize);
    }

    @Override
    List<Integer> drained(List<Integer> putOrder) {
        return putOrder;
    }

    @Test
    void everyPutAddsAnUnfinishedTaskAndTaskDoneRemovesOne() {
        // gevent's test_task_done
        virtualHub(() -> {
            JoinableQueue<String> q = new JoinableQueue<>();
            Gevent.spawn(() -> q.put("X"));
            assertThat(q.get()).isEqualTo("X");
            assertThat(q.unfinishedTasks()).isEqualTo(1);
            q.taskDone();
            assertThat(q.unfinishedTasks()).isZero();
        });
    }

    @Test
    void joinReturnsAtOnceWhenNothingWasPut() {
        // gevent's test_issue_45
        virtualHub(() -> {
            JoinableQueue<String> q = new JoinableQueue<>();
            List<String> log = new ArrayList<>();
            Gevent.spawn(() -> {
                log.add("ran");
            });
            assertThat(q.join()).isTrue();
            assertThat(log).isEmpty(); // it did not even yield
        });
    }

    @Test
    void joinWaitsUntilEveryItemPutWasMarkedDoneAndWakesAllJoinersInOrder() {
        virtualHub(() -> {
            JoinableQueue<Integer> q = new JoinableQueue<>();
            List<String> log = new ArrayList<>();
            for (int i = 1; i <= 3; i++) q.put(i);
            Greenlet<Void> j1 = Gevent.spawn(() -> {
                q.join();
                log.add("j1 joined");
            });
            Greenlet<Void> j2 = Gevent.spawn(() -> {
                q.join();
                log.add("j2 joined");
            });
            Greenlet<Void> worker = Gevent.spawn(() -> {
                for (int item : q) {
                    Gevent.sleep(1);
                    log.add("done " + item);
                    q.taskDone();
                }
            });
            long start = now();
            Gevent.joinAll(j1, j2);
            assertThat(log).containsExactly("done 1", "done 2", "done 3", "j1 joined", "j2 joined");
            assertThat(elapsedSince(start)).isEqualTo(Duration.ofSeconds(3));
            q.shutdown();
            worker.join();
        });
    }

    @Test
    void joinWithATimeoutReturnsFalseWhenTasksAreStillUnfinished() {
        virtualHub(() -> {
            JoinableQueue<Integer> q = new JoinableQueue<>();
            q.put(1);
            long start = now();
            assertThat(q.join(Duration.ofSeconds(2))).isFalse();
            assertThat(elapsedSince(start)).isEqualTo(Duration.ofSeconds(2));
            q.get();
            q.taskDone();
            assertThat(q.join(Duration.ofSeconds(2))).isTrue();
        });
    }

    @Test
    void joinReturnsTrueIfTheCountReachedZeroDuringTheWaitEvenIfMoreWasPutSince() {
        virtualHub(() -> {
            JoinableQueue<Integer> q = new JoinableQueue<>();
            q.put(1);
            Greenlet<Boolean> joiner = Gevent.spawn(() -> q.join(Duration.ofSeconds(5)));
            Gevent.sleep(0);
            q.get();
            q.taskDone(); // wakes the joiner...
            q.put(2); // ...which runs after this put
            assertThat(joiner.get()).isTrue();
            assertThat(q.unfinishedTasks()).isEqualTo(1);
        });
    }

    @Test
    void taskDoneCalledMoreOftenThanItemsWerePutThrowsIllegalStateException() {
        virtualHub(() -> {
            JoinableQueue<Integer> q = new JoinableQueue<>();
            assertThatThrownBy(q::taskDone).isInstanceOf(IllegalStateException.class)
                    .hasMessage("taskDone() called too many times");
            q.put(1);
            q.taskDone();
            assertThatThrownBy(q::taskDone).isInstanceOf(IllegalStateException.class)
                    .hasMessage("taskDone() called too many times");
            assertThat(q.unfinishedTasks()).isZero();
        });
    }

    @Test
    void anImmediateShutdownMarksTheDiscardedItemsDone() {
        // gevent's _shutdown_all_methods_in_one_thread(immediate=True)
        virtualHub(() -> {
            JoinableQueue<String> q = new JoinableQueue<>();
            q.put("L");
            q.putNowait("O");
            Greenlet<Boolean> joiner = Gevent.spawn(() -> q.join());
            Gevent.sleep(0);
            q.shutdown(true);
            assertThatThrownBy(() -> q.put("E")).isInstanceOf(ShutDown.class);
            assertThatThrownBy(q::get).isInstanceOf(ShutDown.class);
            assertThatThrownBy(q::taskDone).isInstanceOf(IllegalStateException.class);
            assertThat(joiner.get()).isTrue();
            assertThat(q.join()).isTrue();
        });
    }

    @Test
    void afterAShutdownGetsAndTaskDoneStillReleaseJoin() {
        // gevent's _shutdown_all_methods_in_one_thread(immediate=False)
        virtualHub(() -> {
            JoinableQueue<String> q = new JoinableQueue<>();
            q.put("L");
            q.putNowait("O");
            q.shutdown(false);
            assertThat(q.get()).isEqualTo("L");
            q.taskDone();
            assertThat(q.get()).isEqualTo("O");
            q.taskDone();
            assertThat(q.join()).isTrue();
            assertThatThrownBy(q::get).isInstanceOf(ShutDown.class);
        });
    }

    @Test
    void toStringShowsTheUnfinishedTasks() {
        virtualHub(() -> {
            JoinableQueue<String> q = new JoinableQueue<>(2);
            q.put("x");
            q.get();
            assertThat(q).hasToString("<JoinableQueue maxsize=2 qsize=0 tasks=1>");
        });
    }
}
