package org.gevent4j.internal;

/**
 * A door into org.gevent4j.Greenlet for the packages that describe greenlets (pool, util), so that
 * Greenlet need not grow public methods for them. Greenlet installs it in its static initialiser.
 */
public final class Introspect {
    /** What run-info needs of a greenlet beyond its public API. */
    public interface Greenlets {
        /** The group (pool) it last joined and has not left, or null. */
        Object group(Object greenlet);

        /** Notes that {@code greenlet} joined {@code group}. */
        void joined(Object greenlet, Object group);

        /** Notes that {@code greenlet} left {@code group} (a no-op if it joined another since). */
        void left(Object greenlet, Object group);

        /** Its lifecycle state: "unstarted", "scheduled", "running", "dying" or "dead". */
        String state(Object greenlet);
    }

    private static volatile Greenlets greenlets;

    private Introspect() {}

    public static void install(Greenlets g) {
        greenlets = g;
    }

    /** The door; its class is initialised by then, since only existing greenlets are asked about. */
    public static Greenlets greenlets() {
        Greenlets g = greenlets;
        if (g == null) {
            try {
                Class.forName("org.gevent4j.Greenlet", true, Introspect.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            g = greenlets;
        }
        return g;
    }
}
