package org.gevent4j.examples;

import java.util.List;
import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;

/**
 * A greenlet's state flags ({@code started}, {@code ready}, {@code successful}, {@code value},
 * {@code exception}) for one that returns a value and one that fails.
 *
 * <p>From tutorial 003 ("浅谈coroutine和gevent"), section "Greenlet 的状态" (greenlet state):
 * {@snippet lang=python :
 * import gevent
 *
 * def win():
 *     return 'You win!'
 *
 * def fail():
 *     raise Exception('You fail at failing.')
 *
 * winner = gevent.spawn(win)
 * loser = gevent.spawn(fail)
 *
 * print(winner.started)  # True
 * print(loser.started)  # True
 *
 * # Exceptions raised in the Greenlet, stay inside the Greenlet.
 * try:
 *     gevent.joinall([winner, loser])
 * except Exception as e:
 *     print('This will never be reached')
 *
 * print(winner.value)  # 'You win!'
 * print(loser.value)  # None
 *
 * print(winner.ready())  # True
 * print(loser.ready())  # True
 *
 * print(winner.successful())  # True
 * print(loser.successful())  # False
 *
 * # The exception raised in fail, will not propogate outside the
 * # greenlet. A stack trace will be printed to stdout but it
 * # will not unwind the stack of the parent.
 *
 * print(loser.exception)
 * }
 * Output on standard output, Java's spelling of Python's ({@code true} for {@code True},
 * {@code null} for {@code None}, and an exception prints with its class):
 * <pre>
 * true
 * true
 * You win!
 * null
 * true
 * true
 * true
 * false
 * java.lang.Exception: You fail at failing.
 * </pre>
 * As in gevent, the hub reports the loser's exception once, on standard error: its stack trace,
 * then {@code <time> <Greenlet at N> failed with Exception}.
 *
 * <p>Run: {@code ./gevent4j run GreenletStates}
 */
public final class GreenletStates {
    private GreenletStates() {}

    static String win() {
        return "You win!";
    }

    static void fail() throws Exception {
        throw new Exception("You fail at failing.");
    }

    public static void main(String[] args) {
        Greenlet<String> winner = Gevent.spawn(GreenletStates::win);
        Greenlet<Void> loser = Gevent.spawn(GreenletStates::fail);

        System.out.println(winner.started()); // true
        System.out.println(loser.started()); // true

        // Exceptions raised in the Greenlet, stay inside the Greenlet.
        try {
            Gevent.joinAll(List.of(winner, loser));
        } catch (Exception e) {
            System.out.println("This will never be reached");
        }

        System.out.println(winner.value()); // You win!
        System.out.println(loser.value()); // null

        System.out.println(winner.ready()); // true
        System.out.println(loser.ready()); // true

        System.out.println(winner.successful()); // true
        System.out.println(loser.successful()); // false

        // The exception raised in fail will not propagate outside the greenlet. The hub prints a
        // stack trace to standard error, but it does not unwind the stack of the parent.

        System.out.println(loser.exception());
    }
}
