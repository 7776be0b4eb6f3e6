package org.gevent4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gevent4j.TestHubs.virtualHub;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Callbacks on a greenlet's death: link, linkValue, linkException and rawlink, their order, the
 * greenlet each runs in, and unlink. Follows gevent's LinksTestCase family and
 * test_multiple_listeners_error(_unlink).
 */
@org.junit.jupiter.api.Timeout(20)
class GreenletLinkTest {

    @Test
    void linkCallbacksRunInRegistrationOrderWithTheDeadGreenlet() {
        List<String> log = new ArrayList<>();
        virtualHub(() -> {
            Greenlet<Integer> g = Gevent.spawn(() -> 25);
            g.link(dead -> log.add("first " + dead.value()));
            g.link(dead -> log.add("second " + dead.value()));
            g.link(dead -> log.add("third " + dead.value()));
            g.join();
            Gevent.sleep(0);
            assertThat(log).containsExactly("first 25", "second 25", "third 25");
        });
    }

    @Test
    void linkValueIsCalledOnlyOnSuccessAndLinkExceptionOnlyOnFailure() {
        List<String> log = new ArrayList<>();
        virtualHub(() -> {
            Hub.current().setErrorHandler((context, error) -> {});
            Greenlet<Integer> winner = Gevent.spawn(() -> 1);
            Greenlet<Integer> loser = Gevent.spawn(() -> {
                throw new IllegalStateException("lost");
            });
            for (Greenlet<Integer> g : List.of(winner, loser)) {
                String name = g == winner ? "winner" : "loser";
                g.link(dead -> log.add(name + " link"));
                g.linkValue(dead -> log.add(name + " linkValue"));
                g.linkException(dead -> log.add(name + " linkException"));
            }
            Gevent.joinAll(winner, loser);
            Gevent.sleep(0);
            assertThat(log).containsExactly(
                    "winner link", "winner linkValue",
                    "loser link", "loser linkException");
        });
    }

    @Test
    void aKilledGreenletIsSuccessfulSoItsValueLinksRunAndItsExceptionLinksDoNot() {
        List<String> log = new ArrayList<>();
        virtualHub(() -> {
            Greenlet<Void> g = Gevent.spawn(() -> Gevent.sleep(10));
            g.linkValue(dead -> log.add("linkValue"));
            g.linkException(dead -> log.add("linkException"));
            Gevent.sleep(0);
            g.kill();
            Gevent.sleep(0);
            assertThat(log).containsExactly("linkValue");
        });
    }

    @Test
    void everyLinkCallbackRunsInAGreenletOfItsOwn() {
        List<Greenlet<?>> runners = new ArrayList<>();
        virtualHub(() -> {
            Greenlet<Integer> g = Gevent.spawn(() -> 1);
            for (int i = 0; i < 3; i++) g.link(dead -> runners.add(Gevent.getCurrent()));
            g.linkValue(dead -> runners.add(Gevent.getCurrent()));
            g.join();
            Gevent.sleep(0);

            Set<Greenlet<?>> distinct = new HashSet<>(runners);
            assertThat(runners).hasSize(4);
            assertThat(distinct).hasSize(4).doesNotContain(g, Gevent.getCurrent());
        });
    }

    @Test
    void aLinkCallbackThatBlocksDoesNotHoldUpTheOthers() {
        List<String> log = new ArrayList<>();
        virtualHub(() -> {
            Greenlet<Integer> g = Gevent.spawn(() -> 1);
            g.link(dead -> {
                log.add("slow starts");
                Gevent.sleep(5);
                log.add("slow ends");
            });
            g.link(dead -> log.add("fast"));
            g.join();
            Gevent.sleep(1);
            assertThat(log).containsExactly("slow starts", "fast");
            Gevent.sleep(5);
            assertThat(log).containsExactly("slow starts", "fast", "slow ends");
        });
    }

    @Test
    void aLinkAddedAfterDeathIsStillCalled() {
        List<Object> log = new ArrayList<>();
        virtualHub(() -> {
            Greenlet<String> g = Gevent.spawn(() -> "done");
            g.join();
            g.link(log::add);
            g.linkValue(dead -> log.add("value " + dead.value()));
            g.linkException(dead -> log.add("never"));
            g.rawlink(w -> log.add("raw"));
            Gevent.sleep(0);
            assertThat(log).containsExactly("raw", g, "value done");
        });
    }

    @Test
    void unlinkRemovesACallbackRegisteredWithLink() {
        List<String> log = new ArrayList<>();
        virtualHub(() -> {
            Greenlet<Integer> g = Gevent.spawn(() -> 1);
            Consumer<Greenlet<Integer>> removed = dead -> log.add("removed");
            g.link(removed);
            g.unlink(removed);
            g.join();
            Gevent.sleep(0);
            assertThat(log).isEmpty();
        });
    }

    @Test
    void unlinkRemovesOnlyThatCallbackFromSeveral() {
        List<String> log = new ArrayList<>();
        virtualHub(() -> {
            Greenlet<Integer> g = Gevent.spawn(() -> 1);
            Consumer<Greenlet<Integer>> value = dead -> log.add("linkValue");
            Consumer<Greenlet<Integer>> exception = dead -> log.add("linkException");
            Consumer<Waitable> raw = w -> log.add("rawlink");
            g.link(dead -> log.add("kept 1"));
            g.linkValue(value);
            g.linkException(exception);
            g.rawlink(raw);
            g.link(dead -> log.add("kept 2"));
            g.unlink(value);
            g.unlink(exception);
            g.unlink(raw);
            g.join();
            Gevent.sleep(0);
            assertThat(log).containsExactly("kept 1", "kept 2");
        });
    }

    @Test
    void unlinkingSomethingNeverLinkedDoesNothing() {
        List<String> log = new ArrayList<>();
        virtualHub(() -> {
            Greenlet<Integer> g = Gevent.spawn(() -> 1);
            g.link(dead -> log.add("linked"));
            g.unlink(dead -> log.add("a stranger"));
            g.unlink(null);
            g.join();
            Gevent.sleep(0);
            assertThat(log).containsExactly("linked");
        });
    }

    @Test
    void rawlinkCallbacksRunBeforeTheSpawnedLinkGreenletsInRegistrationOrder() {
        List<String> log = new ArrayList<>();
        virtualHub(() -> {
            Greenlet<Integer> g = Gevent.spawn(() -> 1);
            g.link(dead -> log.add("link A"));
            g.rawlink(w -> log.add("rawlink B"));
            g.linkValue(dead -> log.add("linkValue C"));
            g.rawlink(w -> log.add("rawlink D"));
            g.linkException(dead -> log.add("linkException E"));
            g.link(dead -> log.add("link F"));
            g.join();
            Gevent.sleep(0);
            assertThat(log).containsExactly("rawlink B", "rawlink D", "link A", "linkValue C", "link F");
        });
    }

    @Test
    void rawlinkCallbacksAreCalledWithTheGreenletItself() {
        List<Object> log = new ArrayList<>();
        virtualHub(() -> {
            Greenlet<Integer> g = Gevent.spawn(() -> 1);
            g.rawlink(log::add);
            g.join();
            assertThat(log).containsExactly(g);
        });
    }

    @Test
    void aThrowingLinkCallbackIsReportedAndDoesNotStopTheOthers() {
        // gevent's test_multiple_listeners_error
        List<Object> log = new CopyOnWriteArrayList<>();
        List<Object> reported = new CopyOnWriteArrayList<>();
        RuntimeException e1 = new RuntimeException("listener1"), e2 = new RuntimeException("listener2");
        virtualHub(() -> {
            Hub.current().setErrorHandler((context, error) -> reported.add(error));
            Greenlet<Integer> g = Gevent.spawn(() -> 5);
            g.link(dead -> {
                log.add(10);
                throw e1;
            });
            g.link(dead -> {
                log.add(20);
                throw e2;
            });
            g.link(dead -> log.add(30));
            g.join();
            Gevent.sleep(0);
            assertThat(log).containsExactly(10, 20, 30);
            assertThat(reported).containsExactly(e1, e2);
        });
    }

    @Test
    void aThrowingRawlinkCallbackIsReportedWithItselfAsContextAndDoesNotStopTheOthers() {
        List<Object> log = new ArrayList<>();
        List<Object> reported = new ArrayList<>();
        RuntimeException boom = new RuntimeException("rawlink failed");
        virtualHub(() -> {
            Hub.current().setErrorHandler((context, error) -> {
                reported.add(context);
                reported.add(error);
            });
            Greenlet<Integer> g = Gevent.spawn(() -> 5);
            Consumer<Waitable> thrower = w -> {
                log.add("thrower");
                throw boom;
            };
            g.rawlink(thrower);
            g.rawlink(w -> log.add("next"));
            g.join();
            assertThat(log).containsExactly("thrower", "next");
            assertThat(reported).containsExactly(thrower, boom);
            assertThat(g.successful()).as("a failing callback does not make the greenlet fail").isTrue();
        });
    }

    @Test
    void aRawlinkCallbackThatUnlinksALaterOneStopsItBeingCalled() {
        // gevent's test_multiple_listeners_error_unlink_Greenlet_rawlink: "notification must not
        // happen after unlink even though notification process has been already started"
        List<String> log = new ArrayList<>();
        virtualHub(() -> {
            Greenlet<Integer> g = Gevent.spawn(() -> 5);
            List<Consumer<Waitable>> listeners = new ArrayList<>();
            listeners.add(w -> {
                g.unlink(listeners.get(1));
                log.add("listener1");
            });
            listeners.add(w -> {
                g.unlink(listeners.get(0));
                log.add("listener2");
            });
            g.rawlink(listeners.get(0));
            g.rawlink(listeners.get(1));
            g.join();
            Gevent.sleep(0);
            assertThat(log).containsExactly("listener1");
        });
    }

    @Test
    void aLinkCallbackThatUnlinksALaterOneStopsItBeingCalled() {
        // gevent's test_multiple_listeners_error_unlink_Greenlet_link: gevent switches into each
        // link's greenlet as it notifies, so listener1 unlinks listener2 before its turn.
        List<String> log = new ArrayList<>();
        virtualHub(() -> {
            Greenlet<Integer> g = Gevent.spawn(() -> 5);
            List<Consumer<Greenlet<Integer>>> listeners = new ArrayList<>();
            listeners.add(dead -> {
                dead.unlink(listeners.get(1));
                log.add("listener1");
            });
            listeners.add(dead -> {
                dead.unlink(listeners.get(0));
                log.add("listener2");
            });
            g.link(listeners.get(0));
            g.link(listeners.get(1));
            g.join();
            Gevent.sleep(0);
            assertThat(log).containsExactly("listener1");
        });
    }

    @Test
    void theLinksOfAGreenletKilledBeforeItStartedAreCalled() {
        List<String> log = new ArrayList<>();
        virtualHub(() -> {
            Greenlet<Void> g = new Greenlet<>(() -> {});
            g.rawlink(w -> log.add("rawlink"));
            g.link(dead -> log.add("link"));
            g.linkValue(dead -> log.add("linkValue"));
            g.kill();
            Gevent.sleep(0);
            assertThat(log).containsExactly("rawlink", "link", "linkValue");
        });
    }
}
