package org.gevent4j.examples;

import java.time.Duration;
import org.gevent4j.greenlet.RawGreenlet;

/**
 * A raw greenlet that blocks does not switch to another: the whole program waits.
 *
 * <p>From tutorial 001 ("Day27 notes"), section "1.greenlet模块", second program:
 * {@snippet lang=python :
 * import time
 * from greenlet import greenlet
 *
 * def eat(name):
 *     print('%s eat 1' % name)
 *     time.sleep(10)
 *     g2.switch('aaa')
 *     print('%s eat 2' % name)
 *     g2.switch()
 *
 * def play(name):
 *     print('%s play 1' % name)
 *     g1.switch()
 *     print('%s play 2' % name)
 *
 * g1 = greenlet(eat)
 * g2 = greenlet(play)
 *
 * # 可以在第一次switch时传入参数，以后都不需要
 * g1.switch('aaa')
 * }
 * Output: {@code aaa eat 1}, then after 10 s {@code aaa play 1}, {@code aaa eat 2},
 * {@code aaa play 2}. The tutorial's point: "greenlet只是提供了一种比generator更加便捷的切换方式，当切到一个任务执行时如果遇到io，
 * 那就原地阻塞" — greenlet only makes switching easier than generators; a task that hits I/O
 * blocks where it is. In gevent4j, {@code Thread.sleep} inside a raw greenlet does yield to the
 * hub, but raw greenlets are not scheduled by the hub — they run only when switched to — so
 * nothing else runs during the 10 s either.
 *
 * <p>Run: {@code ./gevent4j run RawGreenletNoAutoSwitch [sleepSeconds]} (default 10, the tutorial's).
 */
public final class RawGreenletNoAutoSwitch {
    private RawGreenletNoAutoSwitch() {}

    // The tutorial's module globals, read by the functions; nap is the tutorial's time.sleep(10).
    private static RawGreenlet g1, g2;
    private static Duration nap = Duration.ofSeconds(10);

    static Object eat(Object... args) throws InterruptedException {
        Object name = args[0];
        System.out.println(name + " eat 1");
        Thread.sleep(nap); // time.sleep(10): blocks right here
        g2.switchTo("aaa");
        System.out.println(name + " eat 2");
        g2.switchTo();
        return null;
    }

    static Object play(Object... args) {
        Object name = args[0];
        System.out.println(name + " play 1");
        g1.switchTo();
        System.out.println(name + " play 2");
        return null;
    }

    public static void main(String[] args) {
        nap = Args.duration(Args.seconds(args, 0, 10));
        g1 = new RawGreenlet(RawGreenletNoAutoSwitch::eat);
        g2 = new RawGreenlet(RawGreenletNoAutoSwitch::play);

        // Arguments go with the first switch into a greenlet only.
        g1.switchTo("aaa");
    }
}
