package org.gevent4j.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gevent4j.TestHubs.elapsedSince;
import static org.gevent4j.TestHubs.now;
import static org.gevent4j.TestHubs.virtualHub;
import static org.gevent4j.queue.Select.defaultClause;
import static org.gevent4j.queue.Select.get;
import static org.gevent4j.queue.Select.put;
import static org.gevent4j.queue.Select.ready;
import static org.gevent4j.queue.Select.select;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;
import org.gevent4j.HubGroup;
import org.gevent4j.LoopExit;
import org.gevent4j.Timeout;
import org.gevent4j.event.Event;
import org.junit.jupiter.api.Test;

/** {@link Select}: which clause completes, that only one does, and what a kill, timeout or shutdown leaves. */
class SelectTest {
    @Test
    void whenSeveralClausesAreReadyTheFirstInArgumentOrderWinsAndTheOthersAreUntouched() {
        virtualHub(() -> {
            Queue<String> a = new Queue<>();
            Queue<String> b = new Queue<>();
            a.put("a1");
            b.put("b1");
            String r = select(get(b).map(s -> "b:" + s), get(a).map(s -> "a:" + s));
            assertThat(r).isEqualTo("b:b1");
            assertThat(a.qsize()).isEqualTo(1);
            assertThat(b.qsize()).isZero();
            assertThat(select(get(b), get(a))).isEqualTo("a1");
        });
    }

    @Test
    void aWaitingSelectTakesFromExactlyOneQueue() {
        virtualHub(() -> {
            Queue<Integer> a = new Queue<>();
            Queue<Integer> b = new Queue<>();
            Greenlet<Integer> g = Gevent.spawn(() -> select(get(a), get(b)));
            Gevent.sleep(0);
            b.put(2); // no yield between the two puts: both clauses can complete when g runs,
            a.put(1); // so the first in argument order wins, though b's item came first
            assertThat(g.get()).isEqualTo(1);
            assertThat(b.qsize()).as("the other queue's item stays").isEqualTo(1);
            assertThat(a.toString()).doesNotContain("getters");
            assertThat(b.toString()).doesNotContain("getters");
        });
    }

    @Test
    void aChannelHandOffCompletesTheSelectAndTheOtherChannelsPutterFindsNoGetter() {
        virtualHub(() -> {
            Channel<String> c1 = new Channel<>();
            Channel<String> c2 = new Channel<>();
            Greenlet<String> g = Gevent.spawn(() -> select(get(c1), get(c2)));
            Gevent.sleep(0);
            assertThat(c1.balance()).isEqualTo(-1);
            c2.put("two");
            assertThat(g.get()).isEqualTo("two");
            assertThat(c1.balance()).isZero();
            assertThatThrownBy(() -> c1.put("one", Duration.ofSeconds(1))).isInstanceOf(Full.class);
        });
    }

    @Test
    void putClausesPutIntoExactlyOne() {
        virtualHub(() -> {
            Queue<String> full = new Queue<>(1);
            full.put("old");
            Channel<String> ch = new Channel<>();
            Greenlet<String> g = Gevent.spawn(() -> select(put(full, "q").map(x -> "queue"), put(ch, "c").map(x -> "channel")));
            Gevent.sleep(0);
            assertThat(ch.get()).isEqualTo("c");
            assertThat(g.get()).isEqualTo("channel");
            assertThat(full.getNowait()).isEqualTo("old");
            assertThat(full.empty()).as("the queue clause put nothing").isTrue();
        });
    }

    @Test
    void aPutClauseIntoAQueueWaitsForRoom() {
        virtualHub(() -> {
            Queue<String> q = new Queue<>(1);
            q.put("old");
            Greenlet<String> g = Gevent.spawn(() -> select(put(q, "new")));
            Gevent.sleep(0);
            assertThat(q.get()).isEqualTo("old");
            assertThat(g.get()).isEqualTo("new");
            assertThat(q.getNowait()).isEqualTo("new");
        });
    }

    @Test
    void theDefaultClauseAnswersWhenNothingIsReadyAndNothingIsLeftWaiting() {
        virtualHub(() -> {
            Queue<String> q = new Queue<>();
            Channel<String> ch = new Channel<>();
            long t0 = now();
            assertThat(select(get(q), get(ch), defaultClause("none"))).isEqualTo("none");
            assertThat(elapsedSince(t0)).isZero();
            assertThat(ch.balance()).isZero();
            assertThat(q.toString()).doesNotContain("getters");
            q.put("x");
            assertThat(select(get(q), defaultClause("none"))).isEqualTo("x");
        });
    }

    @Test
    void aDefaultClauseCompletesAHandOffWithAWaitingChannelPutter() {
        virtualHub(() -> {
            Channel<String> ch = new Channel<>();
            Greenlet<Void> putter = Gevent.spawn(() -> ch.put("v"));
            Gevent.sleep(0);
            assertThat(select(get(ch), defaultClause("none"))).isEqualTo("v");
            putter.join();
            assertThat(putter.successful()).isTrue();
        });
    }

    @Test
    void aTimeoutThrowsTimeoutAfterItAndNothingIsTaken() {
        virtualHub(() -> {
            Queue<String> q = new Queue<>();
            Channel<String> ch = new Channel<>();
            long t0 = now();
            assertThatThrownBy(() -> select(Duration.ofSeconds(2), get(q), get(ch))).isInstanceOf(Timeout.class);
            assertThat(elapsedSince(t0)).isEqualTo(Duration.ofSeconds(2));
            assertThat(ch.balance()).isZero();
            Greenlet<String> getter = Gevent.spawn(() -> q.get());
            Gevent.sleep(0);
            q.put("x");
            assertThat(getter.get()).as("the timed-out select left no waiter behind").isEqualTo("x");
        });
    }

    @Test
    void aGeventTimeoutAroundASelectCancelsIt() {
        virtualHub(() -> {
            Channel<String> ch = new Channel<>();
            long t0 = now();
            try (Timeout t = Timeout.start(Duration.ofSeconds(1))) {
                assertThatThrownBy(() -> select(get(ch))).isSameAs(t);
            }
            assertThat(elapsedSince(t0)).isEqualTo(Duration.ofSeconds(1));
            assertThat(ch.balance()).isZero();
        });
    }

    @Test
    void aSelectKilledAfterItsQueueTurnCameTakesNothingAndTheTurnGoesToTheNextGetter() {
        virtualHub(() -> {
            Queue<String> q = new Queue<>();
            Queue<String> other = new Queue<>();
            Greenlet<String> sel = Gevent.spawn(() -> select(get(q), get(other)));
            Gevent.sleep(0);
            Greenlet<String> plain = Gevent.spawn(() -> q.get());
            Gevent.sleep(0);
            q.put("item"); // wakes the select, first in line
            IllegalStateException kill = new IllegalStateException("killed");
            sel.kill(kill, false, null); // before it runs
            assertThat(plain.get()).isEqualTo("item");
            sel.join();
            assertThat(sel.exception()).isSameAs(kill);
            assertThat(q.qsize()).isZero();
        });
    }

    @Test
    void aKillThatComesAfterAChannelHandOffIsRaisedAtTheNextBlockingCallAndTheItemIsKept() {
        virtualHub(() -> {
            Channel<String> ch = new Channel<>();
            Queue<String> q = new Queue<>();
            AtomicReference<String> got = new AtomicReference<>();
            Greenlet<Void> g = Gevent.spawn(() -> {
                got.set(select(get(q), get(ch)));
                Gevent.sleep(0);
                got.set("not killed");
            });
            Gevent.sleep(0);
            ch.putNowait("handed"); // the select has the item now
            IllegalStateException kill = new IllegalStateException("killed");
            g.kill(kill, false, null); // before it runs
            g.join();
            assertThat(got.get()).isEqualTo("handed");
            assertThat(g.exception()).isSameAs(kill);
            assertThat(q.toString()).doesNotContain("getters");
        });
    }

    @Test
    void aTurnTheSelectDoesNotUseGoesToTheNextWaiter() {
        virtualHub(() -> {
            Queue<String> q = new Queue<>();
            Channel<String> ch = new Channel<>();
            Greenlet<String> sel = Gevent.spawn(() -> select(get(q), get(ch)));
            Gevent.sleep(0);
            Greenlet<String> plain = Gevent.spawn(() -> q.get());
            Gevent.sleep(0);
            ch.putNowait("from channel"); // decides the select
            q.put("item"); // wakes the select's queue waiter, first in line: it must pass the turn on
            assertThat(sel.get()).isEqualTo("from channel");
            assertThat(plain.get()).isEqualTo("item");
        });
    }

    @Test
    void aSelectWaitsInLineBehindEarlierGetters() {
        virtualHub(() -> {
            Queue<String> q = new Queue<>();
            List<String> order = new ArrayList<>();
            Gevent.spawn(() -> order.add("plain " + q.get()));
            Gevent.sleep(0);
            Gevent.spawn(() -> order.add("select " + select(get(q))));
            Gevent.sleep(0);
            q.put("1");
            q.put("2");
            Gevent.sleep(0);
            assertThat(order).containsExactly("plain 1", "select 2");
        });
    }

    @Test
    void aWaitableClauseCompletesWhenItIsReady() {
        virtualHub(() -> {
            Event stop = new Event();
            Queue<String> q = new Queue<>();
            Gevent.spawnLater(Duration.ofSeconds(3), stop::set);
            long t0 = now();
            Object r = select(get(q), ready(stop));
            assertThat(r).isSameAs(stop);
            assertThat(elapsedSince(t0)).isEqualTo(Duration.ofSeconds(3));
            Greenlet<String> g = Gevent.spawn(() -> "done");
            String v = select(ready(g).map(Greenlet::get));
            assertThat(v).isEqualTo("done");
        });
    }

    @Test
    void twoSelectsOnTheSameChannelHandOffToEachOther() {
        virtualHub(() -> {
            Channel<Integer> ch = new Channel<>();
            Channel<Integer> never = new Channel<>();
            Greenlet<String> sender = Gevent.spawn(() -> select(put(ch, 7).map(x -> "sent"), get(never).map(x -> "?")));
            Gevent.sleep(0);
            assertThat(select(get(ch), put(never, 1))).isEqualTo(7);
            assertThat(sender.get()).isEqualTo("sent");
            assertThat(never.balance()).isZero();
            assertThat(ch.balance()).isZero();
        });
    }

    @Test
    void aSelectDoesNotRendezvousWithItself() {
        virtualHub(() -> {
            Channel<Integer> ch = new Channel<>();
            assertThat(select(get(ch), put(ch, 1), defaultClause(-1))).isEqualTo(-1);
            assertThatThrownBy(() -> select(Duration.ofSeconds(1), get(ch), put(ch, 1))).isInstanceOf(Timeout.class);
            assertThat(ch.balance()).isZero();
        });
    }

    @Test
    void aShutDownQueueIsDrainedFirstThenTheClauseThrowsShutDown() {
        virtualHub(() -> {
            Queue<String> q = new Queue<>();
            Queue<String> other = new Queue<>();
            q.put("last");
            q.shutdown();
            assertThat(select(get(q), get(other))).isEqualTo("last");
            assertThatThrownBy(() -> select(get(q), get(other))).isInstanceOf(ShutDown.class);
            assertThatThrownBy(() -> select(put(q, "x"))).isInstanceOf(ShutDown.class);
        });
    }

    @Test
    void aShutdownWakesAWaitingSelect() {
        virtualHub(() -> {
            Queue<String> q = new Queue<>();
            Channel<String> ch = new Channel<>();
            Greenlet<String> g1 = Gevent.spawn(() -> select(get(q)));
            Greenlet<String> g2 = Gevent.spawn(() -> select(get(ch)));
            Gevent.sleep(0);
            IllegalStateException why = new IllegalStateException("producer failed");
            q.shutdown(why);
            ch.shutdown();
            g1.join();
            g2.join();
            assertThat(g1.exception()).isInstanceOf(ShutDown.class).hasCause(why);
            assertThat(g2.exception()).isInstanceOf(ShutDown.class).hasNoCause();
        });
    }

    @Test
    void shutdownWithAnErrorDiscardsTheItemsAndEveryGetterAndPutterSeesTheError() {
        virtualHub(() -> {
            Queue<String> q = new Queue<>(1);
            q.put("a");
            Greenlet<Void> putter = Gevent.spawn(() -> q.put("b"));
            Gevent.sleep(0);
            RuntimeException why = new RuntimeException("boom");
            q.shutdown(why);
            putter.join();
            assertThat(putter.exception()).isInstanceOf(ShutDown.class).hasCause(why);
            assertThat(q.qsize()).isZero();
            assertThatThrownBy(q::get).isInstanceOf(ShutDown.class).hasCause(why);
            assertThatThrownBy(() -> q.put("c")).isInstanceOf(ShutDown.class).hasCause(why);
            assertThatThrownBy(() -> q.iterator().hasNext()).isInstanceOf(ShutDown.class).hasCause(why);
            assertThat(q.shutdownError()).isSameAs(why);
            q.shutdown(new RuntimeException("later"));
            assertThat(q.shutdownError()).as("the first shutdown decides").isSameAs(why);
        });
    }

    @Test
    void aDoneShutdownStaysDoneAndIterationEndsQuietly() {
        Queue<String> q = new Queue<>();
        q.put("a");
        q.shutdown();
        q.shutdown(new RuntimeException("too late"));
        assertThat(q.shutdownError()).isNull();
        List<String> seen = new ArrayList<>();
        for (String s : q) seen.add(s);
        assertThat(seen).as("a later error shutdown discards, but the close stays done").isEmpty();
    }

    @Test
    void aChannelShutDownWithAnErrorGivesItToWaitingAndLaterParties() {
        virtualHub(() -> {
            Channel<String> ch = new Channel<>();
            Greenlet<String> getter = Gevent.spawn(() -> ch.get());
            Gevent.sleep(0);
            RuntimeException why = new RuntimeException("gone");
            ch.shutdown(why);
            getter.join();
            assertThat(getter.exception()).isInstanceOf(ShutDown.class).hasCause(why);
            assertThatThrownBy(() -> ch.put("x")).isInstanceOf(ShutDown.class).hasCause(why);
            assertThatThrownBy(() -> select(get(ch), defaultClause("d"))).isInstanceOf(ShutDown.class).hasCause(why);
            assertThatThrownBy(() -> ch.iterator().hasNext()).isInstanceOf(ShutDown.class);
            assertThat(ch.shutdownError()).isSameAs(why);
        });
    }

    @Test
    void everyKindOfQueueWorks() {
        virtualHub(() -> {
            PriorityQueue<Integer> pq = new PriorityQueue<>();
            LifoQueue<Integer> lifo = new LifoQueue<>();
            JoinableQueue<Integer> jq = new JoinableQueue<>();
            for (int i = 1; i <= 3; i++) {
                select(put(pq, 4 - i));
                select(put(lifo, i));
                select(put(jq, i));
            }
            assertThat(select(get(pq))).isEqualTo(1);
            assertThat(select(get(lifo))).isEqualTo(3);
            assertThat(select(get(jq))).isEqualTo(1);
            assertThat(jq.unfinishedTasks()).isEqualTo(3);
            assertThatThrownBy(() -> put(new PriorityQueue<Object>(), new Object())).isInstanceOf(ClassCastException.class);
        });
    }

    @Test
    void aMainGreenletSelectingOnWhatNobodyElseUsesGetsLoopExitAndLeavesNoWaiter() {
        virtualHub(() -> {
            Queue<String> q = new Queue<>();
            Channel<String> ch = new Channel<>();
            assertThatThrownBy(() -> select(get(q), get(ch))).isInstanceOf(LoopExit.class);
            assertThat(q.toString()).doesNotContain("getters");
            assertThat(ch.balance()).isZero();
        });
    }

    @Test
    void badArgumentsAreRefused() {
        assertThatThrownBy(() -> select()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> select(defaultClause(1), defaultClause(2))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> select(Duration.ofSeconds(-1), defaultClause(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> put(new Queue<String>(), null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> get((Queue<String>) null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aSelectOnOneHubReceivesFromAGreenletOfAnotherHub() throws Exception {
        Channel<String> ch = new Channel<>();
        Queue<String> q = new Queue<>();
        try (HubGroup hubs = HubGroup.start(2)) {
            Greenlet<String> sel = hubs.spawnOn(hubs.hub(0), () -> select(Duration.ofSeconds(20), get(q), get(ch)));
            Greenlet<Void> sender = hubs.spawnOn(hubs.hub(1), () -> ch.put("across", Duration.ofSeconds(20)));
            assertThat(sel.get()).isEqualTo("across");
            sender.get();
            Greenlet<String> sel2 = hubs.spawnOn(hubs.hub(0), () -> select(Duration.ofSeconds(20), get(q), get(ch)));
            hubs.spawnOn(hubs.hub(1), () -> q.put("queued")).get();
            assertThat(sel2.get()).isEqualTo("queued");
        }
    }

    @Test
    void selectsOnBothSidesOfTwoChannelsAcrossHubsPassEveryItemExactlyOnce() throws Exception {
        // Both sides are selects, on different hubs, in opposite clause orders: every hand-off must
        // decide two selects at once (the PENDING path), under real contention.
        try (HubGroup hubs = HubGroup.start(2)) {
            selectOnBothSidesAcrossHubs(hubs, 2_000, Duration.ofSeconds(20));
        }
    }

    @Test
    void aSelectMetWhileDecidingElsewhereKeepsItsPlaceInLine() throws Exception {
        // A party that finds a select PENDING (deciding a hand-off on another channel) passes it
        // over but must leave its waiter in line: that select may be WAITING again a moment later
        // and then park, counting on its waiters to be found. Judging it by a second read of its
        // state (WAITING by then, so "not busy") dropped the waiter: the select then parked where
        // no later party could see it, until its timeout. The window is a few instructions wide,
        // so this repeats the exchange over fresh channels: roughly 1 in 100,000 hand-offs hit it
        // before the fix, and these are 1.6 million.
        try (HubGroup hubs = HubGroup.start(2)) {
            for (int round = 0; round < 400; round++) {
                selectOnBothSidesAcrossHubs(hubs, 2_000, Duration.ofSeconds(10));
            }
        }
    }

    /**
     * Two putting and two getting selects over two fresh channels, each pair on different hubs of
     * {@code hubs}; asserts that all 2 * {@code n} items pass exactly once and nobody is left
     * waiting. A lost wake-up shows as a select's Timeout after {@code patience}.
     */
    private static void selectOnBothSidesAcrossHubs(HubGroup hubs, int n, Duration patience) throws Exception {
        Channel<Integer> c1 = new Channel<>();
        Channel<Integer> c2 = new Channel<>();
        List<Integer> got = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Greenlet<?>> all = new ArrayList<>();
        for (int s = 0; s < 2; s++) {
            int base = s * n;
            all.add(hubs.spawnOn(hubs.hub(s), () -> {
                for (int i = 0; i < n; i++) {
                    int item = base + i;
                    select(patience, put(item % 2 == 0 ? c1 : c2, item), put(item % 2 == 0 ? c2 : c1, item));
                }
            }));
            all.add(hubs.spawnOn(hubs.hub(1 - s), () -> {
                for (int i = 0; i < n; i++) got.add(select(patience, get(c2), get(c1)));
            }));
        }
        for (Greenlet<?> g : all) g.get();
        assertThat(got).hasSize(2 * n).doesNotHaveDuplicates();
        assertThat(c1.balance()).isZero();
        assertThat(c2.balance()).isZero();
    }

    @Test
    void aPlatformThreadCanSelect() throws Exception {
        Channel<String> ch = new Channel<>();
        AtomicReference<Object> got = new AtomicReference<>();
        try (HubGroup hubs = HubGroup.start(1)) {
            Thread t = Thread.ofPlatform().start(() -> got.set(select(Duration.ofSeconds(20), get(ch))));
            hubs.spawnOn(hubs.hub(0), () -> ch.put("to a thread", Duration.ofSeconds(20))).get();
            t.join(20_000);
        }
        assertThat(got.get()).isEqualTo("to a thread");
    }
}
