package org.gevent4j.examples;

import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;

/**
 * Spawns a greenlet and ends without blocking: the greenlet never runs, and nothing is printed.
 *
 * <p>From tutorial 000 ("python 模块 gevent 协程"), section 5.2 "创建协程任务" (create a
 * coroutine task), first program:
 * {@snippet lang=python :
 * import time
 * import gevent
 * def eat():
 *     print('魔降风云变 is eating')
 *     time.sleep(1)
 *     print('魔降风云变  finished eat')
 * def sleep():
 *     print('小马过河 is sleeping')
 *     time.sleep(1)
 *     print('小马过河 finished sleep')
 * g1 = gevent.spawn(eat)  # 创造一个协程任务
 * }
 * Output: none. As the tutorial explains, "协程遇到阻塞才切换" — greenlets switch only when the current
 * one blocks, and main runs to its end without blocking. In gevent4j too, a spawned greenlet runs
 * only once the thread that spawned it blocks cooperatively; see {@link SpawnThenSleep}.
 *
 * <p>Run: {@code ./gevent4j run SpawnWithoutBlocking}
 */
public final class SpawnWithoutBlocking {
    private SpawnWithoutBlocking() {}

    static void eat() throws InterruptedException {
        System.out.println("魔降风云变 is eating");
        Thread.sleep(1000); // time.sleep(1)
        System.out.println("魔降风云变  finished eat");
    }

    static void sleep() throws InterruptedException {
        System.out.println("小马过河 is sleeping");
        Thread.sleep(1000);
        System.out.println("小马过河 finished sleep");
    }

    public static void main(String[] args) {
        Greenlet<Void> g1 = Gevent.spawn(SpawnWithoutBlocking::eat); // 创造一个协程任务: create a task
    }
}
