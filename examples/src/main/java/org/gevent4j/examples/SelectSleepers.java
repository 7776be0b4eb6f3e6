package org.gevent4j.examples;

import java.io.IOException;
import java.util.List;
import org.gevent4j.Gevent;
import org.gevent4j.socket.Select;

/**
 * {@code select} with nothing to watch is a cooperative sleep: two greenlets each "poll" for 2 s
 * while a third does some work, and everything is done at 2 s, not 4.
 *
 * <p>From tutorial 002 ("python之Gevent"), section "真正了解Gevent", second program:
 * {@snippet lang=python :
 * import time
 * import gevent
 * from gevent import select
 *
 * start = time.time()
 * tic = lambda :'at %1.1f seconds' %(time.time()-start)
 *
 * def gr1():
 *    #Busy waits for a second, but we don't want to stick around
 *    print('start Polling: %s' %tic())
 *    select.select([],[],[],2)
 *    print('Ended Polling: %s' %tic())
 *
 * def gr2():
 *    #Busy waits for a second, but we don't want to stick around
 *    print('Started Polling: %s' % tic())
 *    select.select([], [], [], 2)
 *    print('Ended Polling: %s' % tic())
 *
 * def gr3():
 *     print("Hey lets do some stuff while the greenlets poll, %s" % tic())
 *     gevent.sleep(1)
 *
 * gevent.joinall([
 *     gevent.spawn(gr1),
 *     gevent.spawn(gr2),
 *     gevent.spawn(gr3),
 * ])
 * }
 * Output (the tutorial's comment shows "Started" for gr1 too; its code prints "start"):
 * {@snippet :
 * start Polling: at 0.0 seconds
 * Started Polling: at 0.0 seconds
 * Hey lets do some stuff while the greenlets poll, at 0.0 seconds
 * Ended Polling: at 2.0 seconds
 * Ended Polling: at 2.0 seconds
 * }
 *
 * <p>Run: {@code ./gevent4j run SelectSleepers} (about 2 s).
 */
public final class SelectSleepers {
    private SelectSleepers() {}

    private static long start;

    static String tic() {
        double seconds = (Gevent.getHub().clock().nanoTime() - start) / 1e9;
        return String.format(java.util.Locale.ROOT, "at %1.1f seconds", seconds);
    }

    static void gr1() throws IOException {
        // Busy waits for a second, but we don't want to stick around
        System.out.println("start Polling: " + tic());
        Select.select(List.of(), List.of(), List.of(), Args.duration(2));
        System.out.println("Ended Polling: " + tic());
    }

    static void gr2() throws IOException {
        // Busy waits for a second, but we don't want to stick around
        System.out.println("Started Polling: " + tic());
        Select.select(List.of(), List.of(), List.of(), Args.duration(2));
        System.out.println("Ended Polling: " + tic());
    }

    static void gr3() {
        System.out.println("Hey lets do some stuff while the greenlets poll, " + tic());
        Gevent.sleep(1);
    }

    public static void main(String[] args) {
        start = Gevent.getHub().clock().nanoTime();
        Gevent.joinAll(List.of(
                Gevent.spawn(SelectSleepers::gr1),
                Gevent.spawn(SelectSleepers::gr2),
                Gevent.spawn(SelectSleepers::gr3)));
    }
}
