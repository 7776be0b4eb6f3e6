package org.gevent4j.examples;

import org.gevent4j.greenlet.Generator;

/**
 * The most basic coroutine, a generator: {@code foo} hands out a value with {@code yield}, gives
 * up control, and resumes where it stopped when main asks for the next value.
 *
 * <p>From tutorial 003 ("浅谈coroutine和gevent"), section "Coroutine":
 * {@snippet lang=python :
 * def foo():
 *     for i in range(10):
 *         # 暂时返回一个值，并将控制权交出去
 *         yield i
 *         print(u'foo: 控制权又回到我手上了，叫我大笨蛋')
 *
 *
 * bar = foo()
 * # 执行coroutine
 * print(next(bar))
 * print(u'main: 现在控制权在我手上，啦啦啦')
 * print('main:hello baby!')
 * # 回到刚刚foo这个coroutine中断的地方继续执行
 * print(next(bar))
 * print(u'main: 老大我又来了')
 * print(next(bar))
 * }
 * (Comments: "return a value for now and hand over control"; "run the coroutine"; "go back to where
 * foo was interrupted and carry on". The prints: foo says "control is back in my hands"; main says
 * "now I have control" and "boss, I'm back".) Output:
 * <pre>
 * 0
 * main: 现在控制权在我手上，啦啦啦
 * main:hello baby!
 * foo: 控制权又回到我手上了，叫我大笨蛋
 * 1
 * main: 老大我又来了
 * foo: 控制权又回到我手上了，叫我大笨蛋
 * 2
 * </pre>
 * {@link Generator} runs {@code foo}'s body in a raw greenlet of its own. Python collects the
 * half-consumed generator; in Java main closes it, which ends the body at its pending
 * {@code yield} without printing anything.
 *
 * <p>Run: {@code ./gevent4j run GeneratorYield}
 */
public final class GeneratorYield {
    private GeneratorYield() {}

    static Generator<Integer> foo() {
        return Generator.of(y -> {
            for (int i = 0; i < 10; i++) {
                // 暂时返回一个值，并将控制权交出去: hand out a value and give up control, for now
                y.yield(i);
                System.out.println("foo: 控制权又回到我手上了，叫我大笨蛋");
            }
        });
    }

    public static void main(String[] args) {
        Generator<Integer> bar = foo();
        // 执行coroutine: run the coroutine
        System.out.println(bar.next());
        System.out.println("main: 现在控制权在我手上，啦啦啦");
        System.out.println("main:hello baby!");
        // 回到刚刚foo这个coroutine中断的地方继续执行: resume foo where it stopped
        System.out.println(bar.next());
        System.out.println("main: 老大我又来了");
        System.out.println(bar.next());
        bar.close();
    }
}
