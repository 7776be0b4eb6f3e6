package org.gevent4j.internal.jfr;

import org.gevent4j.Greenlet;
import org.gevent4j.GreenletExit;
import org.gevent4j.internal.Strand;

/** Greenlet's hooks for its spawn and exit events; out of Greenlet so that it stays small. */
public final class GreenletEvents {
    /* Never committed: their isEnabled() is the flag each hook checks. */
    private static final GreenletSpawnEvent SPAWN = new GreenletSpawnEvent();
    private static final GreenletExitEvent EXIT = new GreenletExitEvent();

    private GreenletEvents() {}

    public static boolean spawnEnabled() {
        return SPAWN.isEnabled();
    }

    public static boolean exitEnabled() {
        return EXIT.isEnabled();
    }

    /** Just after {@code strand} was started for {@code g}, on the thread that started it. */
    public static void spawned(Greenlet<?> g, Strand strand) {
        GreenletSpawnEvent e = new GreenletSpawnEvent();
        if (!e.shouldCommit()) return;
        // Naming assigns a minimal ident, which only the greenlet's own hub may do.
        boolean onHub = strand.loop.inLoop();
        e.greenlet = onHub ? g.name() : g.getClass().getSimpleName();
        Thread t = strand.thread();
        e.greenletThreadId = t == null ? -1 : t.threadId();
        Greenlet<?> spawner = g.spawningGreenlet();
        e.spawner = spawner == null || !onHub ? null : spawner.name();
        e.hub = strand.loop.carrier().getName();
        e.commit();
    }

    /** As {@code g} finishes, on its own thread; {@code error} is what it died of, or null. */
    public static void exited(Greenlet<?> g, Strand strand, Throwable error) {
        GreenletExitEvent e = new GreenletExitEvent();
        if (!e.shouldCommit()) return;
        e.greenlet = g.name();
        e.greenletThreadId = Thread.currentThread().threadId();
        e.outcome = error == null ? "value" : error instanceof GreenletExit ? "killed" : error.getClass().getName();
        e.age = strand.ageNanos();
        e.hub = strand.loop.carrier().getName();
        e.commit();
    }
}
