package org.gevent4j.examples;

import java.util.List;
import org.gevent4j.Gevent;
import org.gevent4j.event.AsyncResult;

/**
 * An {@link AsyncResult}, an event that carries a value: the waiter's {@code get()} blocks until the
 * setter puts {@code Hello!} into it, 3 s later.
 *
 * <p>From tutorial 003 ("浅谈coroutine和gevent"), section "事件" (events), second program:
 * {@snippet lang=python :
 * import gevent
 * from gevent.event import AsyncResult
 *
 * a = AsyncResult()
 *
 *
 * def setter():
 *     """
 *     After 3 seconds set the result of a.
 *     """
 *     gevent.sleep(3)
 *     a.set('Hello!')
 *
 *
 * def waiter():
 *     """
 *     After 3 seconds the get call will unblock after the setter
 *     puts a value into the AsyncResult.
 *     """
 *     print(a.get())
 *
 *
 * gevent.joinall([
 *     gevent.spawn(setter),
 *     gevent.spawn(waiter),
 * ])
 * }
 * Output, after 3 s (the tutorial shows none; gevent 22.10 prints the same):
 * <pre>
 * Hello!
 * </pre>
 *
 * <p>Run: {@code ./gevent4j run AsyncResultHello}
 */
public final class AsyncResultHello {
    private AsyncResultHello() {}

    // The tutorial's module-level a; a fresh one per run, so main can run twice in one JVM.
    private static AsyncResult<String> a;

    /** After 3 seconds sets the result of a. */
    static void setter() {
        Gevent.sleep(3);
        a.set("Hello!");
    }

    /** After 3 seconds the get call will unblock, after the setter puts a value into the AsyncResult. */
    static void waiter() {
        System.out.println(a.get());
    }

    public static void main(String[] args) {
        a = new AsyncResult<>();
        Gevent.joinAll(List.of(
                Gevent.spawn(AsyncResultHello::setter),
                Gevent.spawn(AsyncResultHello::waiter)));
    }
}
