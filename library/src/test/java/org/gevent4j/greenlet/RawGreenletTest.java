package org.gevent4j.greenlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gevent4j.TestHubs.virtualHub;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;
import org.gevent4j.GreenletExit;
import org.junit.jupiter.api.Test;

/**
 * The greenlet library: explicit switches between symmetric coroutines, values and exceptions
 * passed to the parent when a greenlet finishes. Follows the seed programs' greenlet examples and
 * greenlet's own documented semantics.
 */
@org.junit.jupiter.api.Timeout(20)
class RawGreenletTest {

    @Test
    void seedEatAndPlaySwitchBackAndForthWithTheFirstSwitchPassingTheName() {
        // seed 001: g1.switch('egon'); eat switches to play with 'egon', play back to eat, eat to play
        List<String> out = new ArrayList<>();
        List<Object> results = new ArrayList<>();
        virtualHub(() -> {
            RawGreenlet[] g = new RawGreenlet[2];
            g[0] = new RawGreenlet(args -> {
                String name = (String) args[0];
                out.add(name + " eat 1");
                g[1].switchTo("egon");
                out.add(name + " eat 2");
                g[1].switchTo();
                return "eat's end is never reached";
            });
            g[1] = new RawGreenlet(args -> {
                String name = (String) args[0];
                out.add(name + " play 1");
                g[0].switchTo();
                out.add(name + " play 2");
                return "play done";
            });
            results.add(g[0].switchTo("egon"));
            results.add(g[0].dead());
            results.add(g[1].dead());
        });
        assertThat(out).containsExactly("egon eat 1", "egon play 1", "egon eat 2", "egon play 2");
        assertThat(results).as("play's value goes to its parent, main; eat stays suspended")
                .containsExactly("play done", false, true);
    }

    @Test
    void seedOneGreenletRunsAFunctionThatSleeps() {
        List<String> out = new CopyOnWriteArrayList<>();
        virtualHub(() -> {
            RawGreenlet g1 = new RawGreenlet(args -> {
                out.add("魔降风云变 is eating");
                sleepQuietly(5);
                out.add("魔降风云变 finished eat");
                return null;
            });
            g1.switchTo();
            assertThat(g1.dead()).isTrue();
        });
        assertThat(out).containsExactly("魔降风云变 is eating", "魔降风云变 finished eat");
    }

    @Test
    void seedSwitchingAwayAndNeverBackResumesMainWhenTheOtherFinishesAndLeavesTheFirstAlive() {
        List<String> out = new CopyOnWriteArrayList<>();
        virtualHub(() -> {
            RawGreenlet[] g = new RawGreenlet[2];
            g[0] = new RawGreenlet(args -> {
                out.add("魔降风云变 is eating");
                g[1].switchTo();
                sleepQuietly(5);
                out.add("魔降风云变 finished eat");
                return null;
            });
            g[1] = new RawGreenlet(args -> {
                out.add("小马过河 is sleeping");
                sleepQuietly(5);
                out.add("小马过河 finished sleep");
                return null;
            });
            g[0].switchTo();
            assertThat(g[0].dead()).isFalse();
            assertThat(g[1].dead()).isTrue();
        });
        assertThat(out).containsExactly("魔降风云变 is eating", "小马过河 is sleeping", "小马过河 finished sleep");
    }

    @Test
    void seedSwitchingBackAndForthLetsBothTasksFinishTheirWork() {
        List<String> out = new CopyOnWriteArrayList<>();
        virtualHub(() -> {
            RawGreenlet[] g = new RawGreenlet[2];
            g[0] = new RawGreenlet(args -> {
                out.add("魔降风云变 is eating");
                g[1].switchTo();
                sleepQuietly(5);
                out.add("魔降风云变 finished eat");
                return null;
            });
            g[1] = new RawGreenlet(args -> {
                out.add("小马过河 is sleeping");
                sleepQuietly(5);
                out.add("小马过河 finished sleep");
                g[0].switchTo();
                return null;
            });
            g[0].switchTo();
            assertThat(g[0].dead()).isTrue();
            assertThat(g[1].dead()).as("sleep switched to eat and was never resumed").isFalse();
        });
        assertThat(out).containsExactly(
                "魔降风云变 is eating", "小马过河 is sleeping", "小马过河 finished sleep", "魔降风云变 finished eat");
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void switchToPassesNothingAsNullOneArgumentAsItselfAndSeveralAsAnArray() {
        List<Object> received = new ArrayList<>();
        List<Object> returned = new ArrayList<>();
        virtualHub(() -> {
            RawGreenlet main = RawGreenlet.current();
            RawGreenlet child = new RawGreenlet(args -> {
                received.add(List.of(args));
                received.add(main.switchTo("first"));
                received.add(main.switchTo("second"));
                received.add(main.switchTo("third"));
                received.add(main.switchTo());
                return "done";
            });
            returned.add(child.switchTo(1, 2));
            returned.add(child.switchTo());
            returned.add(child.switchTo("one"));
            returned.add(child.switchTo("a", "b"));
            returned.add(child.switchTo((Object) null));
        });
        assertThat(received).hasSize(5);
        assertThat(received.get(0)).isEqualTo(List.of(1, 2));
        assertThat(received.get(1)).isNull();
        assertThat(received.get(2)).isEqualTo("one");
        assertThat(received.get(3)).isEqualTo(new Object[] {"a", "b"});
        assertThat(received.get(4)).isNull();
        assertThat(returned).containsExactly("first", "second", "third", null, "done");
    }

    @Test
    void theFirstSwitchWithoutArgumentsCallsRunWithAnEmptyArray() {
        Object[][] seen = new Object[1][];
        virtualHub(() -> {
            new RawGreenlet(args -> {
                seen[0] = args;
                return null;
            }).switchTo();
        });
        assertThat(seen[0]).isEmpty();
    }

    @Test
    void theReturnValueGoesToTheParentNotToWhoeverSwitchedLast() {
        List<Object> log = new ArrayList<>();
        virtualHub(() -> {
            RawGreenlet[] child = new RawGreenlet[1];
            RawGreenlet parent = new RawGreenlet(args -> {
                child[0] = new RawGreenlet(a -> "child's value"); // created here: this is its parent
                log.add("parent got " + child[0].switchTo());
                return "parent's value";
            });
            log.add("main got " + parent.switchTo());
            assertThat(child[0].parent()).isSameAs(parent);
        });
        assertThat(log).containsExactly("parent got child's value", "main got parent's value");
    }

    @Test
    void aGreenletFinishingReturnsToItsParentEvenIfAnotherGreenletSwitchedToIt() {
        List<Object> log = new ArrayList<>();
        virtualHub(() -> {
            RawGreenlet finisher = new RawGreenlet(args -> "finisher's value"); // parent: main
            RawGreenlet switcher = new RawGreenlet(args -> {
                finisher.switchTo();
                log.add("switcher resumed");
                return null;
            });
            log.add("main got " + switcher.switchTo());
            assertThat(switcher.dead()).isFalse();
        });
        assertThat(log).containsExactly("main got finisher's value");
    }

    @Test
    void anExplicitParentReceivesTheValue() {
        List<Object> log = new ArrayList<>();
        virtualHub(() -> {
            RawGreenlet main = RawGreenlet.current();
            RawGreenlet receiver = new RawGreenlet(args -> {
                log.add("receiver started");
                Object v = main.switchTo("receiver waiting");
                log.add("receiver got " + v);
                return "receiver done";
            });
            log.add(receiver.switchTo());
            RawGreenlet child = new RawGreenlet(args -> "to the receiver", receiver);
            assertThat(child.parent()).isSameAs(receiver);
            log.add(child.switchTo());
        });
        assertThat(log).containsExactly(
                "receiver started", "receiver waiting", "receiver got to the receiver", "receiver done");
    }

    @Test
    void anExceptionThrownByRunIsRaisedInTheParent() {
        IllegalStateException boom = new IllegalStateException("boom");
        virtualHub(() -> {
            RawGreenlet child = new RawGreenlet(args -> {
                throw boom;
            });
            assertThatThrownBy(child::switchTo).isSameAs(boom);
            assertThat(child.dead()).isTrue();
        });
    }

    @Test
    void greenletExitThrownInTheChildReachesTheParentAsAValue() {
        GreenletExit exit = new GreenletExit("bye");
        virtualHub(() -> {
            RawGreenlet child = new RawGreenlet(args -> {
                throw exit;
            });
            assertThat(child.switchTo()).isSameAs(exit);
            assertThat(child.dead()).isTrue();
        });
    }

    @Test
    void throwIntoAStartedGreenletRaisesAtTheSwitchWhereItWaits() {
        List<Object> log = new ArrayList<>();
        virtualHub(() -> {
            RawGreenlet main = RawGreenlet.current();
            RawGreenlet child = new RawGreenlet(args -> {
                try {
                    main.switchTo("waiting");
                    return "not thrown";
                } catch (IllegalArgumentException e) {
                    return "caught " + e.getMessage();
                }
            });
            log.add(child.switchTo());
            log.add(child.throwInto(new IllegalArgumentException("boom")));
            log.add(child.dead());
        });
        assertThat(log).containsExactly("waiting", "caught boom", true);
    }

    @Test
    void throwIntoAStartedGreenletThatDoesNotCatchPassesTheExceptionToTheParent() {
        IllegalArgumentException boom = new IllegalArgumentException("boom");
        GreenletExit exit = new GreenletExit();
        virtualHub(() -> {
            RawGreenlet main = RawGreenlet.current();
            RawGreenlet a = new RawGreenlet(args -> main.switchTo());
            a.switchTo();
            assertThatThrownBy(() -> a.throwInto(boom)).isSameAs(boom);
            assertThat(a.dead()).isTrue();

            RawGreenlet b = new RawGreenlet(args -> main.switchTo());
            b.switchTo();
            assertThat(b.throwInto(exit)).as("GreenletExit comes back as a value").isSameAs(exit);
            assertThat(b.dead()).isTrue();
        });
    }

    @Test
    void throwIntoAnUnstartedGreenletKillsItWithoutRunningIt() {
        List<String> ran = new ArrayList<>();
        IllegalStateException boom = new IllegalStateException("boom");
        GreenletExit exit = new GreenletExit();
        virtualHub(() -> {
            RawGreenlet a = new RawGreenlet(args -> ran.add("a"));
            assertThatThrownBy(() -> a.throwInto(boom)).isSameAs(boom);
            assertThat(a.dead()).isTrue();

            RawGreenlet b = new RawGreenlet(args -> ran.add("b"));
            assertThat(b.throwInto(exit)).isSameAs(exit);
            assertThat(b.dead()).isTrue();
        });
        assertThat(ran).isEmpty();
    }

    @Test
    void switchingToOrThrowingIntoADeadGreenletIsAnError() {
        virtualHub(() -> {
            RawGreenlet child = new RawGreenlet(args -> "done");
            child.switchTo();
            assertThat(child.dead()).isTrue();
            assertThatThrownBy(child::switchTo).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> child.throwInto(new GreenletExit())).isInstanceOf(IllegalStateException.class);
        });
    }

    @Test
    void switchingToAGreenletOfAnotherThreadIsAnError() throws Exception {
        RawGreenlet foreign = virtualHub(() -> new RawGreenlet(args -> "never"));
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                foreign.switchTo();
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        t.join(5_000);
        assertThat(thrown.get()).isInstanceOf(IllegalStateException.class);
        assertThat(foreign.started()).isFalse();
    }

    @Test
    void aParentFromAnotherThreadIsRejected() {
        RawGreenlet foreignRoot = virtualHub(RawGreenlet::current);
        virtualHub(() -> {
            assertThatThrownBy(() -> new RawGreenlet(args -> null, foreignRoot)).isInstanceOf(IllegalStateException.class);
            RawGreenlet local = new RawGreenlet(args -> null);
            assertThatThrownBy(() -> local.setParent(foreignRoot)).isInstanceOf(IllegalStateException.class);
        });
    }

    @Test
    void setParentRejectsACycle() {
        virtualHub(() -> {
            RawGreenlet a = new RawGreenlet(args -> null);
            RawGreenlet b = new RawGreenlet(args -> null, a);
            assertThatThrownBy(() -> a.setParent(b)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> a.setParent(a)).isInstanceOf(IllegalArgumentException.class);
            assertThat(a.parent()).isSameAs(RawGreenlet.current());

            RawGreenlet c = new RawGreenlet(args -> null);
            b.setParent(c);
            assertThat(b.parent()).isSameAs(c);
        });
    }

    @Test
    void theRootGreenletOfAThreadIsStartedAliveParentlessAndAlwaysTheSame() {
        virtualHub(() -> {
            RawGreenlet root = RawGreenlet.current();
            assertThat(RawGreenlet.current()).isSameAs(root);
            assertThat(root.started()).isTrue();
            assertThat(root.dead()).isFalse();
            assertThat(root.parent()).isNull();
            assertThatThrownBy(() -> root.setParent(new RawGreenlet(args -> null))).isInstanceOf(IllegalStateException.class);
        });
    }

    @Test
    void insideARawGreenletCurrentIsThatGreenlet() {
        List<RawGreenlet> seen = new ArrayList<>();
        virtualHub(() -> {
            RawGreenlet[] self = new RawGreenlet[1];
            self[0] = new RawGreenlet(args -> {
                seen.add(RawGreenlet.current());
                return null;
            });
            self[0].switchTo();
            assertThat(seen).containsExactly(self[0]);
        });
    }

    @Test
    void aNewGreenletIsNotStartedUntilTheFirstSwitch() {
        virtualHub(() -> {
            RawGreenlet g = new RawGreenlet(args -> RawGreenlet.current().parent().switchTo("paused"));
            assertThat(g.started()).isFalse();
            assertThat(g.dead()).isFalse();
            g.switchTo();
            assertThat(g.started()).isTrue();
            assertThat(g.dead()).isFalse();
            g.switchTo();
            assertThat(g.dead()).isTrue();
        });
    }

    @Test
    void switchingToTheCurrentGreenletReturnsTheArgumentsAtOnce() {
        virtualHub(() -> {
            assertThat(RawGreenlet.current().switchTo("to myself")).isEqualTo("to myself");
        });
    }

    @Test
    void rawGreenletsWorkInsideGeventGreenletsEachWithItsOwnRoot() {
        List<Object> log = new CopyOnWriteArrayList<>();
        virtualHub(() -> {
            RawGreenlet mainRoot = RawGreenlet.current();
            List<Greenlet<List<Object>>> all = new ArrayList<>();
            for (int n : new int[] {10, 20}) {
                all.add(Gevent.spawn(() -> {
                    RawGreenlet root = RawGreenlet.current();
                    log.add(root != mainRoot);
                    RawGreenlet counter = new RawGreenlet(args -> {
                        for (int i = 0; i < 3; i++) root.switchTo(n + i);
                        return "end";
                    });
                    List<Object> got = new ArrayList<>();
                    for (int i = 0; i < 4; i++) {
                        got.add(counter.switchTo());
                        Gevent.sleep(0);
                    }
                    return got;
                }));
            }
            Gevent.joinAll(all);
            assertThat(all.get(0).get()).containsExactly(10, 11, 12, "end");
            assertThat(all.get(1).get()).containsExactly(20, 21, 22, "end");
        });
        assertThat(log).containsExactly(true, true);
    }

    @Test
    void aGreenletWhoseParentDiedReturnsToItsGrandparent() {
        List<Object> log = new ArrayList<>();
        virtualHub(() -> {
            RawGreenlet parent = new RawGreenlet(args -> new RawGreenlet(a -> "child's value")); // dies at once
            RawGreenlet child = (RawGreenlet) parent.switchTo();
            assertThat(parent.dead()).isTrue();
            assertThat(child.parent()).isSameAs(parent);
            log.add(child.switchTo());
        });
        assertThat(log).containsExactly("child's value");
    }
}
