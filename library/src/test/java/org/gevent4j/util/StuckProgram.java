package org.gevent4j.util;

import java.time.Duration;
import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;
import org.gevent4j.event.Event;

/**
 * The child process of {@link ExternalTriggerTest}: a hub with a greenlet waiting on an event
 * and one that holds the hub in a busy loop, as a stuck service would. Prints READY, then stays
 * until killed (at most a minute).
 */
public final class StuckProgram {
    private StuckProgram() {}

    public static void main(String[] args) throws Exception {
        Gevent.run(() -> {
            Event never = new Event();
            Greenlet<Void> waiter = new Greenlet<>((Runnable) () -> never.await(Duration.ofMinutes(1)));
            waiter.setName("waits-for-an-event");
            waiter.start();
            Gevent.sleep(Duration.ofMillis(10));
            Greenlet<Void> hog = new Greenlet<>(StuckProgram::spin);
            hog.setName("hogs-the-hub");
            hog.start();
            hog.join();
        });
    }

    private static void spin() {
        System.out.println("READY");
        System.out.flush();
        long end = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < end) Thread.onSpinWait();
    }
}
