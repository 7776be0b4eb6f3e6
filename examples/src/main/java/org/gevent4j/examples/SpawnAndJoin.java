package org.gevent4j.examples;

import java.util.List;
import java.util.function.IntUnaryOperator;
import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;

/**
 * Three ways to spawn a greenlet ({@code Greenlet.spawn}, {@code Gevent.spawn}, a lambda), then
 * {@code joinAll} to wait for all of them.
 *
 * <p>From two tutorials, the same program with different messages:
 * <ul>
 * <li>tutorial 000 ("python 模块 gevent 协程"), section 5.3 "同步和异步执行", second program:
 *     messages {@code "Hello"} and {@code "I live!"} (the default). The tutorial's indentation is broken
 *     (the spawns are inside {@code foo}, so nothing would run); this is the intended program, as
 *     tutorial 002 writes it.</li>
 * <li>tutorial 002 ("python之Gevent"), section "Greenlets": messages {@code 'hello'}
 *     and {@code 'I live'}: {@code ./gevent4j run SpawnAndJoin hello "I live"}.</li>
 * </ul>
 * {@snippet lang=python :
 * import gevent
 * from gevent import Greenlet
 *
 * def foo(message, n):
 *     gevent.sleep(n)
 *     print(message)
 *
 * thread1 = Greenlet.spawn(foo, "Hello", 1)
 * thread2 = gevent.spawn(foo, "I live!", 2)
 * thread3 = gevent.spawn(lambda x: (x+1), 2)
 * threads = [thread1, thread2, thread3]
 * gevent.joinall(threads)
 * }
 * Output: {@code Hello} after 1 s, {@code I live!} after 2 s; the program ends after 2 s, since
 * the greenlets sleep concurrently. The lambda's greenlet prints nothing (its value is 3).
 *
 * <p>Run: {@code ./gevent4j run SpawnAndJoin [message1 message2]}
 */
public final class SpawnAndJoin {
    private SpawnAndJoin() {}

    static void foo(String message, double n) {
        Gevent.sleep(n);
        System.out.println(message);
    }

    public static void main(String[] args) {
        String message1 = Args.string(args, 0, "Hello");
        String message2 = Args.string(args, 1, "I live!");

        Greenlet<Void> thread1 = Greenlet.spawn(() -> foo(message1, 1));
        Greenlet<Void> thread2 = Gevent.spawn(() -> foo(message2, 2));
        IntUnaryOperator lambda = x -> x + 1;
        Greenlet<Integer> thread3 = Gevent.spawn(() -> lambda.applyAsInt(2));
        List<Greenlet<?>> threads = List.of(thread1, thread2, thread3);
        Gevent.joinAll(threads);
    }
}
