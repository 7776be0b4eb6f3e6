package org.gevent4j.examples;

import org.gevent4j.greenlet.RawGreenlet;

/**
 * Two raw greenlets pass control back and forth; the first switch into each passes its argument.
 *
 * <p>From tutorial 001 ("Day27 notes"), section "1.greenlet模块", first program:
 * {@snippet lang=python :
 * from greenlet import greenlet
 *
 * def eat(name):
 *     print('%s eat 1' % name)
 *     g2.switch('egon')
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
 * g1.switch('egon')
 * }
 * ("可以在第一次switch时传入参数，以后都不需要": arguments are passed on the first switch only.)
 * Output:
 * <pre>
 * egon eat 1
 * egon play 1
 * egon eat 2
 * egon play 2
 * </pre>
 * When {@code play} returns, control goes to its parent, main, and the program ends.
 *
 * <p>Run: {@code ./gevent4j run RawGreenletSwitchArgs}
 */
public final class RawGreenletSwitchArgs {
    private RawGreenletSwitchArgs() {}

    // The tutorial's module globals, read by the functions.
    private static RawGreenlet g1, g2;

    static Object eat(Object... args) {
        Object name = args[0];
        System.out.println(name + " eat 1");
        g2.switchTo("egon");
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
        g1 = new RawGreenlet(RawGreenletSwitchArgs::eat);
        g2 = new RawGreenlet(RawGreenletSwitchArgs::play);

        // Arguments go with the first switch into a greenlet only.
        g1.switchTo("egon");
    }
}
