package org.example.hello;

import java.util.ArrayList;
import java.util.List;
import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;

/**
 * Spawns three greenlets that each call the JDK's blocking {@code Thread.sleep}: greenlet 3 first,
 * sleeping 300 ms, then 2 (200 ms), then 1 (100 ms). They sleep at the same time, so they wake in
 * the order of their sleeps, 1 2 3, and the whole takes about 300 ms, not 600.
 */
public final class Hello {
    private Hello() {}

    public static void main(String[] args) throws Exception {
        // main itself as a greenlet: its own JDK calls would yield to the hub too (Gevent.run)
        Gevent.run(() -> System.out.println(wakeOrder()));
    }

    /** The line {@code main} prints: {@code hello from greenlets, woken in order: 1 2 3}. */
    static String wakeOrder() {
        List<Integer> woken = new ArrayList<>(); // one hub runs all three, one at a time
        List<Greenlet<Void>> greenlets = new ArrayList<>();
        for (int n = 3; n >= 1; n--) {
            int id = n;
            greenlets.add(Gevent.spawn(() -> {
                Thread.sleep(100L * id); // yields to the hub: the other greenlets run meanwhile
                woken.add(id);
            }));
        }
        Gevent.joinAll(greenlets);
        StringBuilder line = new StringBuilder("hello from greenlets, woken in order:");
        woken.forEach(id -> line.append(' ').append(id));
        return line.toString();
    }
}
