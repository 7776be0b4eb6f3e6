package org.gevent4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gevent4j.TestHubs.virtualHub;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import org.gevent4j.event.Event;
import org.junit.jupiter.api.Test;

/**
 * A greenlet spawned on its own hub is queued before its virtual thread exists (the thread is
 * created when the hub reaches it): what users can observe must be what an eagerly created
 * thread gives them, run order and inherited thread state alike.
 */
@org.junit.jupiter.api.Timeout(20)
class SpawnLaunchTest {

    private static final InheritableThreadLocal<String> TRACE = new InheritableThreadLocal<>();

    @Test
    void aSpawnedGreenletRunsAtItsPlaceInTheRunQueue() {
        List<String> log = new ArrayList<>();
        virtualHub(() -> {
            Event go = new Event();
            Greenlet<?> waiter = Gevent.spawn(() -> {
                go.await();
                log.add("woken");
            });
            Gevent.sleep(0); // waiter now waits on the event
            Greenlet<?> a = Gevent.spawn(() -> { log.add("a"); });
            go.set(); // wakes the waiter: queued after a, before b
            Greenlet<?> b = Gevent.spawn(() -> { log.add("b"); });
            Gevent.joinAll(waiter, a, b);
        });
        assertThat(log).containsExactly("a", "woken", "b");
    }

    @Test
    void greenletsOfAGreenletSpawnInSpawnOrderBeforeItRunsAgain() {
        List<Integer> log = new ArrayList<>();
        virtualHub(() -> {
            Greenlet<?> parent = Gevent.spawn(() -> {
                List<Greenlet<?>> kids = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    int n = i;
                    kids.add(Gevent.spawn(() -> { log.add(n); }));
                }
                Gevent.sleep(0);
                log.add(-1);
                Gevent.joinAll(kids);
            });
            parent.join();
        });
        assertThat(log).containsExactly(0, 1, 2, 3, 4, -1);
    }

    @Test
    void aChildInheritsTheSpawnersInheritableThreadLocalsAndClassLoader() throws Exception {
        List<Object> seen = new ArrayList<>();
        try (URLClassLoader loader = new URLClassLoader(new URL[0], getClass().getClassLoader())) {
            virtualHub(() -> {
                Gevent.spawn(() -> {
                    TRACE.set("request-7");
                    Thread.currentThread().setContextClassLoader(loader);
                    Gevent.spawn(() -> {
                        seen.add(TRACE.get());
                        seen.add(Thread.currentThread().getContextClassLoader());
                    }).join();
                }).join();
                seen.add(Thread.currentThread().getContextClassLoader());
                Gevent.spawn(() -> { // a spawner with nothing to pass on: the thread is made late
                    seen.add(TRACE.get());
                    seen.add(Thread.currentThread().getContextClassLoader());
                }).join();
            });
            assertThat(seen).containsExactly("request-7", loader, seen.get(2), null, seen.get(2));
        }
    }

    @Test
    void aGreenletKilledBeforeItsThreadExistsNeverRuns() {
        List<String> log = new ArrayList<>();
        virtualHub(() -> {
            Greenlet<?> g = Gevent.spawn(() -> { log.add("ran"); });
            g.kill();
            assertThat(g.dead()).isTrue();
            Gevent.sleep(0);
            Gevent.sleep(0);
        });
        assertThat(log).isEmpty();
    }
}
