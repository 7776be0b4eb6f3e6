package org.gevent4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gevent4j.TestHubs.virtualHub;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Names, minimal idents, the spawning greenlet, toString, and which greenlet is current. Follows
 * gevent's TestStr and test_minimal_id.
 */
@org.junit.jupiter.api.Timeout(20)
class GreenletIdentityTest {

    /** A function with a name worth showing. */
    static final class Download implements Runnable {
        @Override
        public void run() {}

        @Override
        public String toString() {
            return "download(http://example.com/)";
        }
    }

    static final class Worker extends Greenlet<Void> {
        @Override
        protected Void run() {
            return null;
        }
    }

    @Test
    void minimalIdentsAreSmallIntegersCountingFromOnePerHub() {
        List<Long> first = virtualHub(() -> {
            Greenlet<?> a = Gevent.spawn(() -> {}), b = Gevent.spawn(() -> {}), c = Gevent.spawn(() -> {});
            return List.of(a.minimalIdent(), b.minimalIdent(), c.minimalIdent(), a.minimalIdent());
        });
        List<Long> second = virtualHub(() -> List.of(Gevent.spawn(() -> {}).minimalIdent()));

        assertThat(first).containsExactly(1L, 2L, 3L, 1L);
        assertThat(second).as("another hub counts on its own").containsExactly(1L);
    }

    @Test
    void theDefaultNameIsGreenletDashMinimalIdent() {
        virtualHub(() -> {
            Greenlet<?> a = Gevent.spawn(() -> {}), b = Gevent.spawn(() -> {});
            assertThat(a.name()).isEqualTo("Greenlet-1");
            assertThat(b.name()).isEqualTo("Greenlet-2");
        });
    }

    @Test
    void setNameChangesTheName() {
        virtualHub(() -> {
            Greenlet<?> g = Gevent.spawn(() -> {});
            g.setName("fetcher");
            assertThat(g.name()).isEqualTo("fetcher");
        });
    }

    @Test
    void toStringShowsTheMinimalIdentAndNoNameUnlessOneWasSet() {
        virtualHub(() -> {
            Greenlet<?> g = Gevent.spawn(() -> {});
            assertThat(g).hasToString("<Greenlet at 1>");
            g.setName("fetcher");
            assertThat(g).hasToString("<Greenlet \"fetcher\" at 1>");
        });
    }

    @Test
    void toStringShowsTheFunctionWhenItHasANameButNotALambdasClassName() {
        virtualHub(() -> {
            Greenlet<Void> named = Gevent.spawn(new Download());
            Greenlet<Void> lambda = Gevent.spawn(() -> {});
            assertThat(named).hasToString("<Greenlet at 1: download(http://example.com/)>");
            assertThat(lambda).hasToString("<Greenlet at 2>");
            named.setName("dl");
            assertThat(named).hasToString("<Greenlet \"dl\" at 1: download(http://example.com/)>");
        });
    }

    @Test
    void toStringOfASubclassUsesItsClassNameAndSaysItRunsRun() {
        virtualHub(() -> {
            Worker w = new Worker();
            assertThat(w).hasToString("<Worker at 1: run>");
        });
    }

    @Test
    void toStringIsTheSameBeforeAndAfterDeath() {
        virtualHub(() -> {
            Greenlet<?> g = Gevent.spawn(() -> {});
            String before = g.toString();
            g.join();
            assertThat(g).hasToString(before);
        });
    }

    @Test
    void getCurrentInTheMainGreenletIsTheSameObjectEveryTimeNamedMain() {
        virtualHub(() -> {
            Greenlet<?> main = Gevent.getCurrent();
            assertThat(Gevent.getCurrent()).isSameAs(main);
            assertThat(main.name()).isEqualTo("main");
            assertThat(main.dead()).isFalse();
            assertThat(main.ready()).isFalse();
        });
    }

    @Test
    void getCurrentInsideAGreenletIsThatGreenlet() {
        virtualHub(() -> {
            Greenlet<?>[] seen = new Greenlet<?>[1];
            Greenlet<Void> g = Gevent.spawn(() -> {
                seen[0] = Gevent.getCurrent();
            });
            g.join();
            assertThat(seen[0]).isSameAs(g);
        });
    }

    @Test
    void eachPlatformThreadHasItsOwnMainGreenlet() {
        Greenlet<?> first = virtualHub(() -> Gevent.getCurrent());
        Greenlet<?> second = virtualHub(() -> Gevent.getCurrent());
        assertThat(first).isNotSameAs(second);
    }

    @Test
    void theSpawningGreenletIsTheOneThatWasRunningAtCreation() {
        virtualHub(() -> {
            Greenlet<?> main = Gevent.getCurrent();
            List<Greenlet<?>> seen = new ArrayList<>();
            Greenlet<?>[] child = new Greenlet<?>[1];
            Greenlet<Void> parent = Gevent.spawn(() -> {
                child[0] = Gevent.spawn(() -> Gevent.sleep(1));
                seen.add(child[0].spawningGreenlet());
                seen.add(Gevent.getCurrent().spawningGreenlet());
            });
            parent.join();
            assertThat(seen).containsExactly(parent, main);
        });
    }

    @Test
    void minimalIdentsOfGreenletsSpawnedByGreenletsComeFromTheSameHub() {
        virtualHub(() -> {
            Greenlet<?> outer = Gevent.spawn(() -> Gevent.spawn(() -> {}));
            long outerIdent = outer.minimalIdent();
            Greenlet<?> inner = (Greenlet<?>) outer.get();
            assertThat(outerIdent).isEqualTo(1L);
            assertThat(inner.minimalIdent()).isEqualTo(2L);
            assertThat(inner.hub()).isSameAs(outer.hub()).isSameAs(Hub.current());
        });
    }
}
