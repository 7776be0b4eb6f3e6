package org.gevent4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gevent4j.TestHubs.virtualHub;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** gevent.local: a value each greenlet sees its own copy of. Follows gevent's test__local.py. */
@org.junit.jupiter.api.Timeout(20)
class LocalTest {

    @Test
    void eachGreenletSeesOnlyTheValueItSet() {
        List<String> seen = new ArrayList<>();
        virtualHub(() -> {
            Local<String> local = new Local<>();
            local.set("main");
            List<Greenlet<?>> all = new ArrayList<>();
            for (String name : List.of("a", "b")) {
                all.add(Gevent.spawn(() -> {
                    seen.add(name + " starts with " + local.get());
                    local.set(name);
                    Gevent.sleep(0);
                    seen.add(name + " still sees " + local.get());
                }));
            }
            Gevent.joinAll(all);
            seen.add("main still sees " + local.get());
        });
        assertThat(seen).containsExactly(
                "a starts with null", "b starts with null",
                "a still sees a", "b still sees b",
                "main still sees main");
    }

    @Test
    void withInitialCallsTheSupplierOnceInEachGreenletOnFirstGet() {
        List<String> calls = new ArrayList<>();
        List<Integer> values = new ArrayList<>();
        virtualHub(() -> {
            int[] counter = {0};
            Local<Integer> local = Local.withInitial(() -> {
                calls.add(Gevent.getCurrent().name());
                return ++counter[0];
            });
            Greenlet<Void> a = Gevent.spawn(() -> {
                values.add(local.get());
                values.add(local.get());
            });
            a.setName("a");
            Greenlet<Void> b = Gevent.spawn(() -> { values.add(local.get()); });
            b.setName("b");
            Gevent.joinAll(a, b);
            values.add(local.get());
        });
        assertThat(calls).containsExactly("a", "b", "main");
        assertThat(values).containsExactly(1, 1, 2, 3);
    }

    @Test
    void removeForgetsTheValueSoTheNextGetStartsFromTheInitialValueAgain() {
        virtualHub(() -> {
            int[] calls = {0};
            Local<String> initial = Local.withInitial(() -> "initial " + ++calls[0]);
            initial.set("changed");
            initial.remove();
            assertThat(initial.get()).isEqualTo("initial 1");
            initial.remove();
            assertThat(initial.get()).isEqualTo("initial 2");

            Local<String> plain = new Local<>();
            plain.set("x");
            plain.remove();
            assertThat(plain.get()).isNull();
        });
    }

    @Test
    void removeInOneGreenletLeavesTheOthersValues() {
        virtualHub(() -> {
            Local<String> local = new Local<>();
            local.set("main");
            Gevent.spawn(() -> {
                local.set("child");
                local.remove();
            }).join();
            assertThat(local.get()).isEqualTo("main");
        });
    }
}
