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
import org.gevent4j.GreenletExit;
import org.gevent4j.event.AsyncResult;
import org.junit.jupiter.api.Test;

/**
 * {@link Channel}: the contract, plus the rendezvous. Translates gevent's TestChannel (test_send,
 * test_wait, test_zero_max_size, test_get_nowait_unlock_channel, test_put_nowait_simple) and
 * TestPutInterruptChannel.
 */
class ChannelTest extends QueueContract {
    @Override
    Pipe<Integer> make() {
        return new Channel<>();
    }

    @Override
    List<Integer> drained(List<Integer> putOrder) {
        return putOrder; // each put waits for its getter, so items pass in the order put
    }

    @Test
    void aChannelHoldsNothingAndIsBothEmptyAndFull() {
        Channel<String> c = new Channel<>();
        assertThat(List.of(c.maxsize(), c.qsize())).containsExactly(0, 0);
        assertThat(c.empty()).isTrue();
        assertThat(c.full()).isTrue();
        assertThat(c.balance()).isZero();
        assertThat(c).hasToString("<Channel>");
    }

    @Test
    void putWaitsUntilAGetterTookTheItemAndTheGetterRunsFirst() {
        // gevent's test_send
        virtualHub(() -> {
            Channel<String> channel = new Channel<>();
            List<String> events = new ArrayList<>();
            Greenlet<Void> g = Gevent.spawn(() -> {
                events.add(channel.get());
                events.add(channel.get());
            });
            events.add("sending");
            channel.put("hello");
            events.add("sent hello");
            channel.put("world");
            events.add("sent world");
            assertThat(events).containsExactly("sending", "hello", "sent hello", "world", "sent world");
            g.get();
        });
    }

    @Test
    void getWaitsForAPutterAndThePutterResumesAfterTheGetter() {
        // gevent's test_wait
        virtualHub(() -> {
            Channel<String> channel = new Channel<>();
            List<String> events = new ArrayList<>();
            Greenlet<Void> g = Gevent.spawn(() -> {
                events.add("sending hello");
                channel.put("hello");
                events.add("sending world");
                channel.put("world");
                events.add("sent world");
            });
            events.add("waiting");
            events.add(channel.get());
            events.add(channel.get());
            assertThat(events).containsExactly("waiting", "sending hello", "hello", "sending world", "world");
            Gevent.sleep(0);
            assertThat(events).containsExactly("waiting", "sending hello", "hello", "sending world", "world",
                    "sent world");
            g.get();
        });
    }

    @Test
    void aSenderIsNotDoneUntilAReceiverCame() {
        // gevent's test_zero_max_size
        virtualHub(() -> {
            Channel<String> q = new Channel<>();
            AsyncResult<String> e1 = new AsyncResult<>(), e2 = new AsyncResult<>();
            Greenlet<Void> p1 = Gevent.spawn(() -> {
                q.put("hi");
                e1.set("done");
            });
            Gevent.sleep(0.001);
            assertThat(e1.ready()).isFalse();
            assertThat(q.balance()).isEqualTo(1);
            Greenlet<Void> p2 = Gevent.spawn(() -> e2.set(q.get()));
            assertThat(e2.get()).isEqualTo("hi");
            assertThat(e1.get()).isEqualTo("done");
            Gevent.joinAll(p1, p2);
        });
    }

    @Test
    void putNowaitSucceedsOnlyIfAGetterWaitsAndDoesNotYield() {
        // gevent's test_put_nowait_simple and test_put_nowait_unlock
        virtualHub(() -> {
            Channel<Integer> c = new Channel<>();
            assertThatThrownBy(() -> c.putNowait(2)).isInstanceOf(Full.class)
                    .hasMessage("no getter is waiting on the channel");
            List<String> log = new ArrayList<>();
            Greenlet<Void> g = getter(c, "g", log);
            Gevent.sleep(0);
            assertThat(c.balance()).isEqualTo(-1);

            c.putNowait(10);
            assertThat(log).isEmpty(); // handed over, but g has not run yet
            assertThatThrownBy(() -> c.putNowait(3)).isInstanceOf(Full.class);
            g.join();
            assertThat(log).containsExactly("g got 10");
        });
    }

    @Test
    void getNowaitTakesTheItemOfAWaitingPutterAndReleasesIt() {
        // gevent's test_get_nowait_unlock_channel
        virtualHub(() -> {
            Channel<Integer> c = new Channel<>();
            assertThatThrownBy(c::getNowait).isInstanceOf(Empty.class).hasMessage("no putter is waiting on the channel");
            Greenlet<Void> p = Gevent.spawn(() -> c.put(5));
            Gevent.sleep(0);
            assertThat(c.getNowait()).isEqualTo(5);
            Gevent.sleep(0);
            assertThat(p.dead()).isTrue();
            assertThat(p.successful()).isTrue();
            assertThatThrownBy(c::getNowait).isInstanceOf(Empty.class);
        });
    }

    @Test
    void waitingPuttersAreServedInTheOrderTheyStartedWaiting() {
        virtualHub(() -> {
            Channel<String> c = new Channel<>();
            List<String> log = new ArrayList<>();
            List<Greenlet<Void>> putters = new ArrayList<>();
            for (String name : List.of("a", "b", "c")) {
                putters.add(Gevent.spawn(() -> {
                    c.put(name);
                    log.add(name + " delivered");
                }));
            }
            Gevent.sleep(0);
            log.add("got " + c.get());
            log.add("got " + c.get());
            log.add("got " + c.get());
            Gevent.joinAll(putters);
            assertThat(log).containsExactly("got a", "got b", "got c", "a delivered", "b delivered", "c delivered");
        });
    }

    @Test
    void putTimesOutWithFullAndDeliversNothing() {
        // gevent's TestPutInterruptChannel
        virtualHub(() -> {
            Channel<Integer> c = new Channel<>();
            long start = now();
            assertThatThrownBy(() -> c.put(1, Duration.ofSeconds(2)))
                    .isInstanceOf(Full.class)
                    .hasMessage("no getter took the item within PT2S");
            assertThat(elapsedSince(start)).isEqualTo(Duration.ofSeconds(2));
            assertThat(c.balance()).isZero();
            assertThatThrownBy(c::getNowait).isInstanceOf(Empty.class);
        });
    }

    @Test
    void aPutterKilledBeforeAGetterTookTheItemDeliversNothing() {
        virtualHub(() -> {
            Channel<Integer> c = new Channel<>();
            Greenlet<Void> p = Gevent.spawn(() -> c.put(1));
            Gevent.sleep(0);
            p.kill();
            assertThat(c.balance()).isZero();
            assertThatThrownBy(c::getNowait).isInstanceOf(Empty.class);
        });
    }

    @Test
    void aPutterKilledAfterAGetterTookTheItemReturnsNormallyAndDiesAtItsNextBlockingCall() {
        virtualHub(() -> {
            Channel<Integer> c = new Channel<>();
            List<String> log = new ArrayList<>();
            Greenlet<Void> p = Gevent.spawn(() -> {
                c.put(1);
                log.add("put returned");
                Gevent.sleep(0);
                log.add("still alive");
            });
            Gevent.sleep(0);
            assertThat(c.getNowait()).isEqualTo(1); // the put has happened; p has not run yet
            p.kill(new GreenletExit(), false, null);
            p.join();
            assertThat(log).containsExactly("put returned");
            assertThat(p.successful()).isTrue(); // GreenletExit counts as success
        });
    }

    @Test
    void aGetterHandedAnItemByPutNowaitThenKilledReturnsItAndDiesAtItsNextBlockingCall() {
        virtualHub(() -> {
            Channel<Integer> c = new Channel<>();
            List<String> log = new ArrayList<>();
            Greenlet<Void> g = Gevent.spawn(() -> {
                log.add("got " + c.get());
                Gevent.sleep(0);
                log.add("still alive");
            });
            Gevent.sleep(0);
            c.putNowait(9);
            g.kill(new GreenletExit(), false, null);
            g.join();
            assertThat(log).containsExactly("got 9");
        });
    }

    @Test
    void aTimeoutThatFiresAfterTheHandOffCanStillBeCancelled() {
        virtualHub(() -> {
            Channel<Integer> c = new Channel<>();
            Greenlet<String> g = Gevent.spawn(() -> {
                int item;
                try (org.gevent4j.Timeout _ = org.gevent4j.Timeout.start(Duration.ZERO)) {
                    item = c.get();
                }
                Gevent.sleep(0); // the Timeout was withdrawn by close(): nothing pending any more
                return "got " + item;
            });
            Gevent.sleep(0); // g waits; its zero Timeout fires at the next iteration
            c.putNowait(4); // handed over before that
            assertThat(g.get()).isEqualTo("got 4");
        });
    }

    @Test
    void shutdownWakesWaitingPuttersWithShutDownWithoutDeliveringTheirItems() {
        virtualHub(() -> {
            Channel<Integer> c = new Channel<>();
            List<String> log = new ArrayList<>();
            Greenlet<Void> p = Gevent.spawn(() -> {
                try {
                    c.put(1);
                    log.add("delivered");
                } catch (ShutDown e) {
                    log.add("p shut down");
                }
            });
            Gevent.sleep(0);
            c.shutdown();
            p.join();
            assertThat(log).containsExactly("p shut down");
            assertThatThrownBy(c::getNowait).isInstanceOf(ShutDown.class);
            assertThat(c).hasToString("<Channel shut down>");
        });
    }

    @Test
    void aGetterHandedAnItemByABlockingPutThenKilledBeforeItRanStillReturnsIt() {
        virtualHub(() -> {
            Channel<Integer> c = new Channel<>();
            List<String> log = new ArrayList<>();
            Greenlet<Void> a = Gevent.spawn(() -> {
                log.add("a got " + c.get());
                Gevent.sleep(0);
                log.add("a still alive");
            });
            Greenlet<Void> b = getter(c, "b", log);
            Gevent.sleep(0);
            // One hub iteration: the putter hands 1 to a (then yields); the killer kills a before it runs.
            Greenlet<Void> putter = Gevent.spawn(() -> c.put(1));
            Greenlet<Void> killer = Gevent.spawn(() -> a.kill(new GreenletExit(), false, null));
            Gevent.joinAll(a, putter, killer);
            assertThat(log).containsExactly("a got 1");
            assertThat(c.balance()).isEqualTo(-1); // b still waits: nothing was handed to it
            c.put(2);
            b.join();
            assertThat(log).containsExactly("a got 1", "b got 2");
        });
    }

    @Test
    void aGetterHandedAnItemWhoseTimeoutFiresBeforeItRanReturnsItAndTheTimeoutIsWithdrawn() {
        virtualHub(() -> {
            Channel<Integer> c = new Channel<>();
            List<String> log = new ArrayList<>();
            Greenlet<Void> g = Gevent.spawn(() -> {
                try (org.gevent4j.Timeout _ = org.gevent4j.Timeout.start(Duration.ZERO)) {
                    log.add("got " + c.get());
                } catch (org.gevent4j.Timeout e) {
                    log.add("timed out");
                }
                Gevent.sleep(0);
                log.add("alive");
            });
            Greenlet<Void> putter = Gevent.spawn(() -> c.put(1));
            Gevent.joinAll(g, putter);
            assertThat(log).containsExactly("got 1", "alive");
        });
    }

    @Test
    void aGetterArrivingWhileOthersWaitQueuesBehindThem() {
        virtualHub(() -> {
            Channel<Integer> c = new Channel<>();
            List<String> log = new ArrayList<>();
            Greenlet<Void> a = getter(c, "a", log);
            Gevent.sleep(0);
            Greenlet<Void> p = Gevent.spawn(() -> c.put(1));
            Greenlet<Void> b = getter(c, "b", log); // runs after the putter handed 1 to a
            Gevent.sleep(0);
            c.put(2);
            Gevent.joinAll(a, b, p);
            assertThat(log).containsExactly("a got 1", "b got 2");
        });
    }

    @Test
    void aHandOffPassesOverAGetterThatWasKilledButHasNotRunYet() {
        virtualHub(() -> {
            Channel<Integer> c = new Channel<>();
            List<String> log = new ArrayList<>();
            Greenlet<Void> a = getter(c, "a", log), b = getter(c, "b", log);
            Gevent.sleep(0);
            a.kill(new GreenletExit(), false, null); // a has not run since: the kill is pending
            c.putNowait(5);
            Gevent.joinAll(a, b);
            assertThat(log).containsExactly("b got 5");
        });
    }

    @Test
    void aGetPassesOverAPutterThatWasKilledButHasNotRunYet() {
        virtualHub(() -> {
            Channel<String> c = new Channel<>();
            Greenlet<Void> a = Gevent.spawn(() -> c.put("from a"));
            Greenlet<Void> b = Gevent.spawn(() -> c.put("from b"));
            Gevent.sleep(0);
            a.kill(new GreenletExit(), false, null);
            assertThat(c.getNowait()).isEqualTo("from b");
            Gevent.joinAll(a, b);
            assertThat(c.balance()).isZero();
        });
    }

    // ---- a hand-off loop re-uses its waiter (Channel.spare): kills and timeouts on that path ----

    @Test
    void aGetterKilledWhileWaitingAgainAfterAHandOffTakesNothingAndTheNextItemGoesToTheNextGetter() {
        virtualHub(() -> {
            Channel<Integer> c = new Channel<>();
            List<String> log = new ArrayList<>();
            Greenlet<Void> a = Gevent.spawn(() -> {
                while (true) log.add("a got " + c.get());
            });
            Gevent.sleep(0);
            c.put(1); // a ran, took 1 and waits again (in the waiter of its first get)
            c.put(2);
            a.kill(); // a waits in its third get: it takes nothing
            assertThat(a.dead()).isTrue();
            assertThat(c.balance()).isZero();
            assertThatThrownBy(() -> c.putNowait(3)).isInstanceOf(Full.class); // no getter left behind
            Greenlet<Void> b = getter(c, "b", log);
            Gevent.sleep(0);
            c.put(4);
            b.join();
            assertThat(log).containsExactly("a got 1", "a got 2", "b got 4");
        });
    }

    @Test
    void aGetterHandedAnItemInItsReusedWaiterThenKilledBeforeItRanStillReturnsIt() {
        virtualHub(() -> {
            Channel<Integer> c = new Channel<>();
            List<String> log = new ArrayList<>();
            Greenlet<Void> a = Gevent.spawn(() -> {
                log.add("a got " + c.get());
                log.add("a got " + c.get()); // waits in the waiter of its first get
                Gevent.sleep(0);
                log.add("a still alive");
            });
            Gevent.sleep(0);
            c.put(1);
            c.putNowait(2); // handed to a, which has not run since
            a.kill(new GreenletExit(), false, null);
            a.join();
            assertThat(log).containsExactly("a got 1", "a got 2");
            assertThat(c.balance()).isZero();
        });
    }

    @Test
    void aGetterWhoseReusedWaitTimesOutTakesNothingAndLaterGetsAgain() {
        virtualHub(() -> {
            Channel<Integer> c = new Channel<>();
            List<String> log = new ArrayList<>();
            Greenlet<Void> a = Gevent.spawn(() -> {
                log.add("a got " + c.get());
                try {
                    log.add("a got " + c.get(Duration.ofSeconds(1)));
                } catch (Empty e) {
                    log.add("a timed out");
                }
                log.add("a got " + c.get());
            });
            Gevent.sleep(0);
            c.put(1);
            Gevent.sleep(2); // a's second get times out
            assertThat(c.balance()).isEqualTo(-1); // a waits in its third get, once
            c.put(3);
            a.join();
            assertThat(log).containsExactly("a got 1", "a timed out", "a got 3");
        });
    }

    @Test
    void aPutterKilledWhileWaitingAgainAfterAHandOffDeliversNothing() {
        virtualHub(() -> {
            Channel<Integer> c = new Channel<>();
            List<String> log = new ArrayList<>();
            Greenlet<Void> p = Gevent.spawn(() -> {
                for (int i = 1; ; i++) {
                    c.put(i); // waits for a getter every time
                    log.add("put " + i);
                }
            });
            Gevent.sleep(0);
            assertThat(c.getNowait()).isEqualTo(1);
            Gevent.sleep(0); // p returned from put(1) and waits in put(2), in the waiter of put(1)
            assertThat(c.getNowait()).isEqualTo(2);
            Gevent.sleep(0);
            p.kill(); // p waits in put(3)
            assertThat(c.balance()).isZero();
            assertThatThrownBy(c::getNowait).isInstanceOf(Empty.class);
            assertThat(log).containsExactly("put 1", "put 2");
        });
    }

    @Test
    void twoGettersInAHandOffLoopEachGetTheirTurnAndEveryItemOnce() {
        virtualHub(() -> {
            Channel<Integer> c = new Channel<>();
            List<String> log = new ArrayList<>();
            Greenlet<Void> a = Gevent.spawn(() -> {
                for (int i = 0; i < 50; i++) log.add("a " + c.get());
            });
            Greenlet<Void> b = Gevent.spawn(() -> {
                for (int i = 0; i < 50; i++) log.add("b " + c.get());
            });
            Gevent.sleep(0);
            for (int i = 0; i < 100; i++) c.put(i);
            Gevent.joinAll(a, b);
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 100; i++) expected.add((i % 2 == 0 ? "a " : "b ") + i); // getters served in turn
            assertThat(log).containsExactlyElementsOf(expected);
        });
    }

    @Test
    @org.junit.jupiter.api.Timeout(60)
    void aHandOffLoopThatAnotherThreadJoinsLosesAndDuplicatesNothing() throws Exception {
        // The first half is handed over on one hub (waiters re-used), the second half by a platform
        // thread with its own hub (the channel is shared from then on: no re-use).
        int n = 2000;
        Channel<Integer> c = new Channel<>();
        java.util.concurrent.atomic.AtomicReference<Throwable> failed = new java.util.concurrent.atomic.AtomicReference<>();
        Thread other = new Thread(() -> {
            try {
                for (int i = n / 2; i < n; i++) c.put(i);
            } catch (Throwable t) {
                failed.set(t);
            }
        });
        org.gevent4j.TestHubs.realHub(() -> {
            List<Integer> got = new ArrayList<>();
            Greenlet<Void> consumer = Gevent.spawn(() -> {
                for (int i = 0; i < n; i++) got.add(c.get());
            });
            Greenlet<Void> producer = Gevent.spawn(() -> {
                for (int i = 0; i < n / 2; i++) c.put(i);
            });
            producer.join();
            other.start();
            consumer.join(Duration.ofSeconds(30));
            assertThat(consumer.successful()).isTrue();
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < n; i++) expected.add(i);
            assertThat(got).containsExactlyElementsOf(expected);
        });
        other.join(30_000);
        assertThat(failed.get()).isNull();
        assertThat(other.isAlive()).isFalse();
    }
}
