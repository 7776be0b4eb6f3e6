package org.gevent4j.examples;

import java.util.List;
import org.gevent4j.Gevent;

/**
 * Two greenlets take turns through {@code Gevent.sleep(0)}, which yields to every other greenlet
 * that is ready to run.
 *
 * <p>From tutorial 000 ("python 模块 gevent 协程"), section 5.3 "同步和异步执行" (synchronous
 * and asynchronous execution), first program (Python 2):
 * {@snippet lang=python :
 * import gevent
 * def test1():
 *   print 12
 *   gevent.sleep(0)
 *   print 34
 * def test2():
 *   print 56
 *   gevent.sleep(0)
 *   print 78
 * gevent.joinall([
 *   gevent.spawn(test1),
 *   gevent.spawn(test2),
 * ])
 * }
 * Output: {@code 12}, {@code 56}, {@code 34}, {@code 78}, one per line. It is deterministic: the
 * hub runs ready greenlets in FIFO order, and {@code sleep(0)} puts the caller at the back.
 *
 * <p>Run: {@code ./gevent4j run SleepZeroSwitch}
 */
public final class SleepZeroSwitch {
    private SleepZeroSwitch() {}

    static void test1() {
        System.out.println(12);
        Gevent.sleep(0);
        System.out.println(34);
    }

    static void test2() {
        System.out.println(56);
        Gevent.sleep(0);
        System.out.println(78);
    }

    public static void main(String[] args) {
        Gevent.joinAll(List.of(
                Gevent.spawn(SleepZeroSwitch::test1),
                Gevent.spawn(SleepZeroSwitch::test2)));
    }
}
