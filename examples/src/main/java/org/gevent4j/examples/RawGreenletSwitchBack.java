package org.gevent4j.examples;

import org.gevent4j.greenlet.RawGreenlet;

/**
 * Two raw greenlets switch to each other explicitly, and both finish.
 *
 * <p>From tutorial 000 ("python 模块 gevent 协程"), section 5.1, third program
 * ("一个任务中切换到另一个任务，另一个任务执行完了再执行切换回到这个任务执行": switch to the
 * other task and, when it is done, back again):
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
 *     g1.switch()
 * g1 = greenlet(eat)
 * g2 = greenlet(sleep)
 * g1.switch()
 * }
 * Output:
 * <pre>
 * 魔降风云变 is eating
 * 小马过河 is sleeping
 * 小马过河 finished sleep
 * 魔降风云变 finished eat
 * </pre>
 * When {@code eat} returns, its parent (main) resumes and the program ends; {@code sleep} stays
 * suspended in its last {@code g1.switch()}. The two half-second sleeps run one after the other:
 * about 1 s in all.
 *
 * <p>Run: {@code ./gevent4j run RawGreenletSwitchBack}
 */
public final class RawGreenletSwitchBack {
    private RawGreenletSwitchBack() {}

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
        g1.switchTo();
        return null;
    }

    public static void main(String[] args) {
        g1 = new RawGreenlet(RawGreenletSwitchBack::eat);
        g2 = new RawGreenlet(RawGreenletSwitchBack::sleep);
        g1.switchTo();
    }
}
