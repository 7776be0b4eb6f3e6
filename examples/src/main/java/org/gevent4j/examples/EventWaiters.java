package org.gevent4j.examples;

import java.util.List;
import org.gevent4j.Gevent;
import org.gevent4j.event.Event;

/**
 * One greenlet sets an {@link Event} after 3 s; three greenlets wait for it and all wake together.
 *
 * <p>From tutorial 003 ("浅谈coroutine和gevent"), section "事件" (events), first program:
 * {@snippet lang=python :
 * import gevent
 * from gevent.event import Event
 *
 * '''
 * Illustrates the use of events
 * '''
 *
 * evt = Event()
 *
 *
 * def setter():
 *     '''After 3 seconds, wake all threads waiting on the value of evt'''
 *     print('A: Hey wait for me, I have to do something')
 *     gevent.sleep(3)
 *     print("Ok, I'm done")
 *     evt.set()
 *
 *
 * def waiter():
 *     '''After 3 seconds the get call will unblock'''
 *     print("I'll wait for you")
 *     evt.wait()  # blocking
 *     print("It's about time")
 *
 *
 * def main():
 *     gevent.joinall([
 *         gevent.spawn(setter),
 *         gevent.spawn(waiter),
 *         gevent.spawn(waiter),
 *         gevent.spawn(waiter),
 *     ])
 *
 *
 * if __name__ == '__main__':
 *     main()
 * }
 * The tutorial shows no output; gevent 22.10 prints this (and so does this program), the last four
 * lines 3 s after the first four:
 * <pre>
 * A: Hey wait for me, I have to do something
 * I'll wait for you
 * I'll wait for you
 * I'll wait for you
 * Ok, I'm done
 * It's about time
 * It's about time
 * It's about time
 * </pre>
 * gevent's {@code evt.wait()} is {@link Event#await()} (Java keeps {@code wait()} for monitors).
 *
 * <p>Run: {@code ./gevent4j run EventWaiters}
 */
public final class EventWaiters {
    private EventWaiters() {}

    // The tutorial's module-level evt; a fresh one per run, so main can run twice in one JVM.
    private static Event evt;

    /** After 3 seconds, wakes all greenlets waiting on the value of evt. */
    static void setter() {
        System.out.println("A: Hey wait for me, I have to do something");
        Gevent.sleep(3);
        System.out.println("Ok, I'm done");
        evt.set();
    }

    /** After 3 seconds the await call will unblock. */
    static void waiter() {
        System.out.println("I'll wait for you");
        evt.await(); // blocking
        System.out.println("It's about time");
    }

    public static void main(String[] args) {
        evt = new Event();
        Gevent.joinAll(List.of(
                Gevent.spawn(EventWaiters::setter),
                Gevent.spawn(EventWaiters::waiter),
                Gevent.spawn(EventWaiters::waiter),
                Gevent.spawn(EventWaiters::waiter)));
    }
}
