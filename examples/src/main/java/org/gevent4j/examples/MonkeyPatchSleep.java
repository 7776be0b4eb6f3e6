package org.gevent4j.examples;

import java.time.Duration;
import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;

/**
 * Two greenlets call the JDK's blocking {@code Thread.sleep} for 3 s and 4 s: they sleep at the
 * same time, so the program takes about 4 s, not 7.
 *
 * <p>From tutorial 001 ("Day27 notes"), section "2.gevent模块", the first program
 * after "遇到IO阻塞时会自动切换任务" (tasks switch automatically on blocking I/O):
 * {@snippet lang=python :
 * from gevent import monkey;
 * import gevent
 * import time
 * monkey.patch_all()
 *
 * def eat(name):
 *     print('%s eat 1' % name)
 *     # gevent.sleep(3)
 *     time.sleep(3)
 *     print('%s eat 2' % name)
 *
 * def play(name):
 *     print('%s play 1' % name)
 *     # # gevent.sleep(4)
 *     time.sleep(4)
 *     print('%s play 2' % name)
 *
 * start_time = time.time()
 * g1 = gevent.spawn(eat, 'aaa')
 * g2 = gevent.spawn(play, 'bbb')
 *
 * g1.join()
 * g2.join()
 * stop_time = time.time()
 * print(stop_time - start_time)
 * }
 * Output: {@code aaa eat 1}, {@code bbb play 1}, {@code aaa eat 2} (at 3 s), {@code bbb play 2}
 * (at 4 s), then the elapsed seconds, about {@code 4.0}.
 *
 * <p>In gevent, {@code time.sleep} would block the whole thread (7 s) unless
 * {@code monkey.patch_all()} replaced it first. gevent4j needs no patching: every greenlet is a
 * virtual thread scheduled by its hub, so the JDK's own blocking calls ({@code Thread.sleep},
 * {@code java.net} sockets, {@code java.util.concurrent} locks) park just that greenlet and let the
 * others run. The patch line therefore has no Java counterpart.
 *
 * <p>Run: {@code ./gevent4j run MonkeyPatchSleep [eatSeconds playSeconds]} (default 3 and 4, the
 * tutorial's). The seconds are parameters of {@code eat} and {@code play} here so they can be shortened.
 */
public final class MonkeyPatchSleep {
    private MonkeyPatchSleep() {}

    static void eat(String name, Duration seconds) throws InterruptedException {
        System.out.println(name + " eat 1");
        // gevent.sleep(3)
        Thread.sleep(seconds); // time.sleep(3)
        System.out.println(name + " eat 2");
    }

    static void play(String name, Duration seconds) throws InterruptedException {
        System.out.println(name + " play 1");
        // gevent.sleep(4)
        Thread.sleep(seconds); // time.sleep(4)
        System.out.println(name + " play 2");
    }

    public static void main(String[] args) {
        Duration eatSeconds = Args.duration(Args.seconds(args, 0, 3));
        Duration playSeconds = Args.duration(Args.seconds(args, 1, 4));

        long startTime = System.nanoTime();
        Greenlet<Void> g1 = Gevent.spawn(() -> eat("aaa", eatSeconds));
        Greenlet<Void> g2 = Gevent.spawn(() -> play("bbb", playSeconds));

        g1.join();
        g2.join();
        long stopTime = System.nanoTime();
        System.out.println((stopTime - startTime) / 1e9);
    }
}
