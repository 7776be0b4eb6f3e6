package org.gevent4j.examples;

import java.util.List;
import org.gevent4j.Gevent;

/**
 * A context switch in gevent is a yield: two greenlets hand control to each other with
 * {@code Gevent.sleep(0)}.
 *
 * <p>The same program appears in two tutorials:
 * <ul>
 * <li>tutorial 002 ("python之Gevent"), section "真正了解Gevent", first program;</li>
 * <li>tutorial 003 ("浅谈coroutine和gevent"), section "上下文切换" (context switching).</li>
 * </ul>
 * {@snippet lang=python :
 * import gevent
 *
 * def foo():
 *     print('Running in foo')
 *     gevent.sleep(0)
 *     print('Explicit context switch to foo again')
 *
 * def bar():
 *     print('Explicit context to bar')
 *     gevent.sleep(0)
 *     print('Implicit context switch back to bar')
 *
 * gevent.joinall([
 *     gevent.spawn(foo),
 *     gevent.spawn(bar),
 * ])
 * }
 * Output (deterministic):
 * <pre>
 * Running in foo
 * Explicit context to bar
 * Explicit context switch to foo again
 * Implicit context switch back to bar
 * </pre>
 *
 * <p>Run: {@code ./gevent4j run ExplicitContextSwitch}
 */
public final class ExplicitContextSwitch {
    private ExplicitContextSwitch() {}

    static void foo() {
        System.out.println("Running in foo");
        Gevent.sleep(0);
        System.out.println("Explicit context switch to foo again");
    }

    static void bar() {
        System.out.println("Explicit context to bar");
        Gevent.sleep(0);
        System.out.println("Implicit context switch back to bar");
    }

    public static void main(String[] args) {
        Gevent.joinAll(List.of(
                Gevent.spawn(ExplicitContextSwitch::foo),
                Gevent.spawn(ExplicitContextSwitch::bar)));
    }
}
