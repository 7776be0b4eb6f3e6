package org.gevent4j.examples;

import java.time.Duration;
import java.util.List;
import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;

/**
 * Two greenlets call {@code Thread.sleep} for 3 s and 4 s; {@code joinAll} waits for both, then
 * main prints {@code zhu}.
 *
 * <p>From tutorial 001 ("Day27 notes"), section "2.gevent模块", the program after
 * "要用gevent，需要将from gevent import monkey;monkey.patch_all()放到文件的开头" (to use gevent, put
 * the monkey patch at the top of the file):
 * {@snippet lang=python :
 * from gevent import monkey;monkey.patch_all()
 * import gevent
 * import time
 *
 * def eat(name):
 *     print('%s eat 1' % name)
 *     time.sleep(3)
 *     print('%s eat 2' % name)
 *
 * def play(name):
 *     print('%s play 1' % name)
 *     time.sleep(4)
 *     print('%s play 2' % name)
 *
 * g1 = gevent.spawn(eat, 'aaa')
 * g2 = gevent.spawn(play, 'bbb')
 *
 * gevent.joinall([g1, g2])
 * print('zhu')
 * }
 * Output:
 * <pre>
 * aaa eat 1
 * bbb play 1
 * aaa eat 2
 * bbb play 2
 * zhu
 * </pre>
 * after about 4 s. As in {@link MonkeyPatchSleep}, nothing needs patching in gevent4j:
 * {@code Thread.sleep} in a greenlet already lets the other greenlets run.
 *
 * <p>Run: {@code ./gevent4j run MonkeyPatchJoinAll [eatSeconds playSeconds]} (default 3 and 4).
 */
public final class MonkeyPatchJoinAll {
    private MonkeyPatchJoinAll() {}

    static void eat(String name, Duration seconds) throws InterruptedException {
        System.out.println(name + " eat 1");
        Thread.sleep(seconds); // time.sleep(3)
        System.out.println(name + " eat 2");
    }

    static void play(String name, Duration seconds) throws InterruptedException {
        System.out.println(name + " play 1");
        Thread.sleep(seconds); // time.sleep(4)
        System.out.println(name + " play 2");
    }

    public static void main(String[] args) {
        Duration eatSeconds = Args.duration(Args.seconds(args, 0, 3));
        Duration playSeconds = Args.duration(Args.seconds(args, 1, 4));

        Greenlet<Void> g1 = Gevent.spawn(() -> eat("aaa", eatSeconds));
        Greenlet<Void> g2 = Gevent.spawn(() -> play("bbb", playSeconds));

        Gevent.joinAll(List.of(g1, g2));
        System.out.println("zhu");
    }
}
