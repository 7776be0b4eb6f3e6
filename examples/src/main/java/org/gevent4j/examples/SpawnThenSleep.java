package org.gevent4j.examples;

import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;

/**
 * Spawns a greenlet, then blocks in {@code Gevent.sleep(2)}: while main sleeps, the greenlet runs.
 *
 * <p>From tutorial 000 ("python 模块 gevent 协程"), section 5.2 "创建协程任务", second program:
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
 * gevent.sleep(2) #加个gevent.sleep(2)就切换到eat执行里面的代码了
 * }
 * Output:
 * <pre>
 * 魔降风云变 is eating
 * 魔降风云变  finished eat
 * </pre>
 * ("加个gevent.sleep(2)就切换到eat执行里面的代码了": adding gevent.sleep(2) switches to eat.)
 * The tutorial's {@code time.sleep(1)} is unpatched, so in gevent it blocks the whole thread for 1 s;
 * here it is {@code Thread.sleep(1000)}, which inside a greenlet parks only that greenlet — the
 * output is the same, and the program takes 2 s either way.
 *
 * <p>Run: {@code ./gevent4j run SpawnThenSleep}
 */
public final class SpawnThenSleep {
    private SpawnThenSleep() {}

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
        Greenlet<Void> g1 = Gevent.spawn(SpawnThenSleep::eat); // 创造一个协程任务: create a task
        Gevent.sleep(2); // main blocks cooperatively: the hub runs eat meanwhile
    }
}
