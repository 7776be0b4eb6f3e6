package org.gevent4j.examples;

import org.gevent4j.greenlet.RawGreenlet;

/**
 * One raw greenlet switches to another, which never switches back: the first never finishes.
 *
 * <p>From tutorial 000 ("python 模块 gevent 协程"), section 5.1, second program
 * ("在一个任务函数中切换到另一个任务函数去执行，然后没有再切换回来": switch from one task to
 * another and never come back):
 * {@snippet lang=python :
 * import time
 * from  greenlet import greenlet
 * def eat():
 *     print('魔降风云变 is eating')
 *     g2.switch()
 *     time.sleep(0.5)
 *     print('魔降风云变 finished eat')
 *
 * def sleep():
 *     print('小马过河 is sleeping')
 *     time.sleep(0.5)
 *     print('小马过河 finished sleep')
 * g1 = greenlet(eat)
 * g2 = greenlet(sleep)
 * g1.switch()
 * }
 * Output:
 * <pre>
 * 魔降风云变 is eating
 * 小马过河 is sleeping
 * 小马过河 finished sleep
 * </pre>
 * When {@code sleep} returns, control goes to {@code g2}'s parent, main (which created it), not
 * to {@code g1}: main's {@code g1.switch()} returns and the program ends with {@code eat} still
 * suspended. (Python collects that abandoned greenlet; here its virtual thread just stays parked
 * until the JVM exits.)
 *
 * <p>Run: {@code ./gevent4j run RawGreenletSwitchAway}
 */
public final class RawGreenletSwitchAway {
    private RawGreenletSwitchAway() {}

    // The tutorial's module globals, read by the functions.
    private static RawGreenlet g1, g2;

    static Object eat(Object... args) throws InterruptedException {
        System.out.println("魔降风云变 is eating");
        g2.switchTo();
        Thread.sleep(500); // time.sleep(0.5)
        System.out.println("魔降风云变 finished eat");
        return null;
    }

    static Object sleep(Object... args) throws InterruptedException {
        System.out.println("小马过河 is sleeping");
        Thread.sleep(500);
        System.out.println("小马过河 finished sleep");
        return null;
    }

    public static void main(String[] args) {
        g1 = new RawGreenlet(RawGreenletSwitchAway::eat);
        g2 = new RawGreenlet(RawGreenletSwitchAway::sleep);
        g1.switchTo();
    }
}
