package org.gevent4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gevent4j.TestHubs.realHub;
import static org.gevent4j.TestHubs.virtualHub;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link Local#inheritable()}: a greenlet starts with the value its creator had when it made it,
 * a copy of the reference that neither side's later {@code set} disturbs, on any hub.
 */
@org.junit.jupiter.api.Timeout(20)
class InheritableLocalTest {

    @Test
    void aChildStartsWithTheValueItsCreatorHad() {
        virtualHub(() -> {
            Local<String> trace = Local.inheritable();
            trace.set("trace-1");
            assertThat(Gevent.spawn(trace::get).get()).isEqualTo("trace-1");
        });
    }

    @Test
    void theValueIsTakenWhenTheGreenletIsMadeNotWhenItStarts() {
        virtualHub(() -> {
            Local<String> trace = Local.inheritable();
            trace.set("at creation");
            Greenlet<String> made = new Greenlet<>(trace::get);
            Greenlet<String> later = Gevent.spawnLater(Duration.ofSeconds(1), trace::get); // started by the hub's timer
            trace.set("changed afterwards");
            made.start();
            assertThat(made.get()).isEqualTo("at creation");
            assertThat(later.get()).isEqualTo("at creation");
        });
    }

    @Test
    void setsOnEitherSideAfterwardsAreNotSeenByTheOther() {
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        virtualHub(() -> {
            Local<String> trace = Local.inheritable();
            trace.set("parent");
            Greenlet<Void> child = Gevent.spawn(() -> {
                Gevent.sleep(Duration.ofSeconds(1));
                log.add("child still sees " + trace.get());
                trace.set("child");
                Gevent.spawn(() -> { log.add("grandchild sees " + trace.get()); }).join();
            });
            trace.set("parent changed");
            child.join();
            log.add("parent still sees " + trace.get());
        });
        assertThat(log).containsExactly("child still sees parent", "grandchild sees child",
                "parent still sees parent changed");
    }

    @Test
    void aPlainLocalIsNotInherited() {
        virtualHub(() -> {
            Local<String> plain = new Local<>();
            plain.set("mine");
            assertThat(Gevent.spawn(plain::get).get()).isNull();
        });
    }

    @Test
    void aGreenletMadeOnAnotherHubInheritsTooAndSoDoesWorkFromAPlatformThread() {
        realHub(() -> {
            Local<String> trace = Local.inheritable();
            trace.set("from main");
            try (HubGroup group = HubGroup.start(2)) {
                Greenlet<String> there = group.spawn(() -> Hub.current().thread().getName() + " sees " + trace.get());
                assertThat(there.get()).endsWith(" sees from main").doesNotStartWith(Thread.currentThread().getName());
                // and onwards: a greenlet of the group spawning on its own hub hands the value down again
                Greenlet<String> chain = group.spawn(() -> Gevent.spawn(trace::get).get());
                assertThat(chain.get()).isEqualTo("from main");
            }
        });
    }

    @Test
    void inheritableWithACopyFunctionGivesTheChildItsOwnCopyOfAMutableValue() {
        virtualHub(() -> {
            Local<Map<String, String>> baggage = Local.inheritable(HashMap::new);
            baggage.set(new HashMap<>(Map.of("user", "ann")));
            Greenlet<Map<String, String>> child = Gevent.spawn(() -> {
                baggage.get().put("span", "child");
                return baggage.get();
            });
            assertThat(child.get()).containsEntry("user", "ann").containsEntry("span", "child");
            assertThat(baggage.get()).containsOnlyKeys("user");
        });
    }

    @Test
    void aGreenletMadeBeforeAnyInheritableValueWasSetStartsEmpty() {
        virtualHub(() -> {
            Local<String> trace = Local.inheritable();
            Greenlet<String> early = new Greenlet<>(trace::get);
            trace.set("too late");
            early.start();
            assertThat(early.get()).isNull();
        });
    }
}
