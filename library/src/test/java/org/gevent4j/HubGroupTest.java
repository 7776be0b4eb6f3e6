package org.gevent4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gevent4j.TestHubs.realHub;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.gevent4j.event.Event;
import org.gevent4j.queue.Queue;
import org.junit.jupiter.api.Test;

/** A group of hubs: N hubs on N named platform threads, started and closed as a unit. */
@org.junit.jupiter.api.Timeout(30)
class HubGroupTest {

    @Test
    void itHasTheHubsItWasAskedForEachOnAThreadNamedAfterTheGroupAndIndex() throws Exception {
        try (HubGroup g = HubGroup.start("grp", 3)) {
            assertThat(g.size()).isEqualTo(3);
            assertThat(g.hubs()).hasSize(3).doesNotHaveDuplicates();
            for (int i = 0; i < 3; i++) {
                Hub h = g.hub(i);
                assertThat(h.group()).isSameAs(g);
                assertThat(h.thread().getName()).isEqualTo("grp-hub-" + i);
                assertThat(h.thread().isVirtual()).isFalse();
                String where = g.spawnOn(h, () -> Thread.currentThread().isVirtual() + " " + (Hub.current() == h)
                        + " " + Gevent.getCurrent().hub().thread().getName()).get();
                assertThat(where).isEqualTo("true true grp-hub-" + i);
            }
            assertThatThrownBy(() -> g.hub(3)).isInstanceOf(IndexOutOfBoundsException.class);
        }
    }

    @Test
    void theDefaultSizeIsTheNumberOfAvailableProcessors() {
        try (HubGroup g = HubGroup.start()) {
            assertThat(g.size()).isEqualTo(Runtime.getRuntime().availableProcessors());
            assertThat(g.name()).startsWith("hubs-");
        }
    }

    @Test
    void aGroupNeedsAHub() {
        assertThatThrownBy(() -> HubGroup.start(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nextAndSpawnGoRoundRobin() {
        try (HubGroup g = HubGroup.start(3)) {
            List<Hub> order = new ArrayList<>();
            for (int i = 0; i < 6; i++) order.add(g.next());
            assertThat(order.subList(0, 3)).containsExactlyInAnyOrderElementsOf(g.hubs());
            assertThat(order.subList(3, 6)).isEqualTo(order.subList(0, 3));

            List<Greenlet<Hub>> gs = new ArrayList<>();
            for (int i = 0; i < 6; i++) gs.add(g.spawn(Hub::current));
            Set<Hub> seen = new HashSet<>();
            for (Greenlet<Hub> x : gs) seen.add(x.get());
            assertThat(seen).containsExactlyInAnyOrderElementsOf(g.hubs());
            for (Greenlet<Hub> x : gs) assertThat(x.hub()).isSameAs(x.get());
        }
    }

    @Test
    void greenletsSpawnedInsideAGroupHubStayOnIt() {
        try (HubGroup g = HubGroup.start(2)) {
            Hub h = g.hub(1);
            Hub childHub = g.spawnOn(h, () -> Gevent.spawn(Hub::current).get()).get();
            assertThat(childHub).isSameAs(h);
        }
    }

    @Test
    void anIdleHubOfALiveGroupWaitsForWorkInsteadOfReportingLoopExit() throws InterruptedException {
        try (HubGroup g = HubGroup.start(1)) {
            // The greenlet waits for a wake-up from this thread only: its hub has nothing else to do.
            Event go = new Event();
            Greenlet<String> waiter = g.spawn(() -> {
                go.await();
                return "woken";
            });
            Thread.sleep(200); // the hub sits idle meanwhile (this test thread is no hub's)
            assertThat(waiter.dead()).isFalse();
            go.set();
            assertThat(waiter.get()).isEqualTo("woken");
        }
    }

    @Test
    void theHubsShareTheGroupsThreadPoolAndResolver() {
        try (HubGroup g = HubGroup.start(2)) {
            assertThat(g.hub(0).threadpool()).isSameAs(g.hub(1).threadpool()).isSameAs(g.threadpool());
            assertThat(g.hub(0).resolver()).isSameAs(g.hub(1).resolver()).isSameAs(g.resolver());
            String ran = g.spawn(() -> Hub.current().threadpool().apply(() -> Thread.currentThread().getName())).get();
            assertThat(ran).doesNotContain("-hub-");
        }
    }

    @Test
    void closeKillsWhatStillRunsAndEndsEveryThread() {
        HubGroup g = HubGroup.start(2);
        List<Greenlet<?>> sleepers = new ArrayList<>();
        AtomicBoolean cleanedUp = new AtomicBoolean();
        for (int i = 0; i < 4; i++) {
            sleepers.add(g.spawn(() -> {
                try {
                    Gevent.sleep(3600);
                } finally {
                    cleanedUp.set(true);
                }
            }));
        }
        Gevent.sleep(0.05); // they are asleep now
        g.close();
        assertThat(g.closed()).isTrue();
        for (Greenlet<?> s : sleepers) {
            assertThat(s.dead()).isTrue();
            assertThat(s.exception()).isNull(); // GreenletExit counts as success
        }
        assertThat(cleanedUp).isTrue();
        for (Hub h : g.hubs()) assertThat(h.thread().isAlive()).isFalse();
        assertThatThrownBy(g::resolver).isInstanceOf(IllegalStateException.class); // none was made before
        g.close(); // idempotent
        assertThatThrownBy(() -> g.spawn(() -> {})).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    @SuppressWarnings("try") // g.close() inside the try is the call under test
    void closeFromInsideTheGroupIsRefusedClearly() {
        try (HubGroup g = HubGroup.start(1)) {
            Throwable refused = g.spawn(() -> {
                try {
                    g.close();
                    return null;
                } catch (IllegalStateException e) {
                    return e;
                }
            }).get();
            assertThat(refused).hasMessageContaining("cannot wait for its own end");
            assertThat(g.closed()).isFalse();
        }
    }

    @Test
    void aVirtualThreadOfTheJdksOwnSchedulerMaySpawnOntoAndCloseAGroup() throws Exception {
        HubGroup g = HubGroup.start(2);
        java.util.concurrent.atomic.AtomicReference<Object> seen = new java.util.concurrent.atomic.AtomicReference<>();
        Thread vt = Thread.ofVirtual().start(() -> {
            try {
                java.util.concurrent.CompletableFuture<String> ran = new java.util.concurrent.CompletableFuture<>();
                g.spawn(() -> ran.complete(Hub.current().thread().getName()));
                String where = ran.join(); // gevent4j's waits are for greenlets; this thread waits the JDK's way
                g.close();
                seen.set(where + " " + g.closed());
            } catch (Throwable e) {
                seen.set(e);
            }
        });
        vt.join(30_000);
        assertThat(seen.get()).asString().matches("hubs-\\d+-hub-[01] true");
    }

    @Test
    void spawnOnRefusesAHubOfAnotherGroup() {
        try (HubGroup a = HubGroup.start(1); HubGroup b = HubGroup.start(1)) {
            assertThatThrownBy(() -> a.spawnOn(b.hub(0), () -> {})).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> a.spawnOn(Hub.current(), () -> {})).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aHubOfAGroupIsNotDestroyedAlone() {
        try (HubGroup g = HubGroup.start(1)) {
            assertThatThrownBy(() -> g.hub(0).destroy()).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("close the group");
        }
    }

    @Test
    void aMainThatWaitsForGroupWorkIsNoDeadlock() {
        // main's own hub has nothing to run while the producers (on other hubs) have not put yet:
        // the greenlets it spawned there may still put, so its get() waits instead of LoopExit.
        realHub(() -> {
            try (HubGroup g = HubGroup.start(2)) {
                Queue<Integer> q = new Queue<>();
                for (int i = 0; i < 4; i++) {
                    int n = i;
                    g.spawn(() -> {
                        Gevent.sleep(0.02);
                        q.put(n);
                    });
                }
                Set<Integer> got = new HashSet<>();
                for (int i = 0; i < 4; i++) got.add(q.get());
                assertThat(got).containsExactlyInAnyOrder(0, 1, 2, 3);
            }
        });
    }

    @Test
    void closeWaitsCooperativelyFromAGreenletOfAnotherHub() {
        realHub(() -> {
            HubGroup g = HubGroup.start(1);
            g.spawn(() -> Gevent.sleep(3600));
            Greenlet<Void> ticker = Gevent.spawn(() -> {
                for (int i = 0; i < 3; i++) Gevent.sleep(0.001);
            });
            Greenlet<Void> closer = Gevent.spawn(g::close);
            closer.join(Duration.ofSeconds(20));
            assertThat(closer.dead()).isTrue();
            assertThat(ticker.join().dead()).isTrue();
        });
    }
}
