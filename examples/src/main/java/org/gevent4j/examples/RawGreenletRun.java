package org.gevent4j.examples;

import org.gevent4j.greenlet.RawGreenlet;

/**
 * Runs a function in a raw greenlet by switching to it once.
 *
 * <p>From tutorial 000 ("python 模块 gevent 协程"), section 5.1 "用greenlet执行一个函数"
 * (run a function with greenlet), first program:
 * {@snippet lang=python :
 * import time
 * from  greenlet import greenlet
 *
 * def eat():
 *     print('魔降风云变 is eating')
 *     time.sleep(0.5)
 *     print('魔降风云变 finished eat')
 *
 * def sleep():
 *     print('小马过河 is sleeping')
 *     time.sleep(0.5)
 *     print('小马过河 finished sleep')
 * g1 = greenlet(eat)
 * g1.switch()
 * }
 * Output (as the tutorial shows it):
 * <pre>
 * 魔降风云变 is eating
 * 魔降风云变 finished eat
 * </pre>
 * {@code sleep} is defined but never switched to, so it never runs. {@code g1.switch()} returns to
 * main when {@code eat} returns, because main created {@code g1} and so is its parent.
 * {@code time.sleep} becomes {@code Thread.sleep}: inside a greenlet it yields to the hub, but
 * raw greenlets switch only explicitly, so nothing else runs meanwhile here.
 *
 * <p>Run: {@code ./gevent4j run RawGreenletRun}
 */
public final class RawGreenletRun {
    private RawGreenletRun() {}

    static Object eat(Object... args) throws InterruptedException {
        System.out.println("魔降风云变 is eating");
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
        RawGreenlet g1 = new RawGreenlet(RawGreenletRun::eat);
        g1.switchTo();
    }
}
