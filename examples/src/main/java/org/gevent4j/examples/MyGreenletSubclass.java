package org.gevent4j.examples;

import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;

/**
 * A subclass of {@link Greenlet} that overrides {@code run()} (gevent's {@code _run}), started and
 * joined by hand.
 *
 * <p>From two tutorials, the same program with a different message:
 * <ul>
 * <li>tutorial 002 ("python之Gevent"), section "Greenlets", second program:
 *     {@code MyGreenlet('hi,there', 3)}: {@code ./gevent4j run MyGreenletSubclass hi,there};</li>
 * <li>tutorial 003 ("浅谈coroutine和gevent"), section "生成greenlet" (creating greenlets):
 *     {@code MyGreenlet("Hi there!", 3)}, the default.</li>
 * </ul>
 * {@snippet lang=python :
 * import gevent
 * from gevent import Greenlet
 *
 * class MyGreenlet(Greenlet):
 *
 *     def __init__(self, message, n):
 *         Greenlet.__init__(self)
 *         self.message = message
 *         self.n = n
 *
 *     def _run(self):
 *         print(self.message)
 *         gevent.sleep(self.n)
 *
 * g = MyGreenlet("Hi there!", 3)
 * g.start()
 * g.join()
 * }
 * Output: {@code Hi there!}; the program ends 3 s later, when the greenlet's sleep ends.
 *
 * <p>Run: {@code ./gevent4j run MyGreenletSubclass [message [seconds]]}
 */
public final class MyGreenletSubclass {
    private MyGreenletSubclass() {}

    /** The tutorial's {@code MyGreenlet}. */
    static final class MyGreenlet extends Greenlet<Void> {
        private final String message;
        private final double n;

        MyGreenlet(String message, double n) {
            super();
            this.message = message;
            this.n = n;
        }

        @Override
        protected Void run() {
            System.out.println(message);
            Gevent.sleep(n);
            return null;
        }
    }

    public static void main(String[] args) {
        String message = Args.string(args, 0, "Hi there!");
        double n = Args.seconds(args, 1, 3);

        MyGreenlet g = new MyGreenlet(message, n);
        g.start();
        g.join();
    }
}
