package org.gevent4j.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Field;
import java.util.concurrent.Executor;

/**
 * The only place gevent4j touches JDK internals: creating a virtual thread whose scheduler is a
 * {@link Loop}, asking which platform thread carries the current thread, handing inheritable
 * thread-locals to a greenlet's thread, starting the JDK's socket pollers off any hub, and finding
 * the virtual thread behind a task in a hub's run queue (for the monitor). (Signals go through
 * {@code sun.misc.Signal}, which the JDK exports on purpose in {@code jdk.unsupported}, JEP 260:
 * no flag opens it, so it is not a hook.)
 *
 * <p>JDK 25 has no public API for custom virtual-thread schedulers; the package-private factory
 * {@code ThreadBuilders.newVirtualThread(Executor, ...)} (used by the JDK's own tests) is the
 * hook. It needs {@code --add-opens java.base/java.lang=ALL-UNNAMED} (or {@code =org.gevent4j} on
 * the module path). Without it every entry point fails with {@link #check()}'s message, which names
 * the flag, instead of an {@code IllegalAccessException} from deep inside.
 */
public final class Loom {
    private static final MethodHandle NEW_VIRTUAL_THREAD;
    private static final MethodHandle CURRENT_CARRIER;
    private static final VarHandle SCHEDULER;
    private static final VarHandle INTERRUPTED;
    private static final VarHandle INHERITABLE_LOCALS;
    private static final MethodHandle COPY_INHERITABLE;
    private static final VarHandle LOCALS_SIZE;
    private static final RuntimeException FAILURE;
    /** Thread.NO_INHERIT_THREAD_LOCALS (JDK 25): no inheritable thread locals, the system class loader. */
    private static final int NO_INHERIT = 1 << 2;

    static {
        MethodHandle newThread = null, carrier = null;
        VarHandle scheduler = null, interrupted = null, inheritable = null, localsSize = null;
        MethodHandle copyInheritable = null;
        RuntimeException failure = null;
        try {
            var lookup = MethodHandles.privateLookupIn(Thread.class, MethodHandles.lookup());
            Class<?> builders = Class.forName("java.lang.ThreadBuilders");
            newThread = lookup.findStatic(builders, "newVirtualThread", MethodType.methodType(
                    Thread.class, Executor.class, String.class, int.class, Runnable.class));
            carrier = lookup.findStatic(Thread.class, "currentCarrierThread", MethodType.methodType(Thread.class));
            interrupted = lookup.findVarHandle(Thread.class, "interrupted", boolean.class);
            Class<?> localsMap = Class.forName("java.lang.ThreadLocal$ThreadLocalMap");
            inheritable = lookup.findVarHandle(Thread.class, "inheritableThreadLocals", localsMap);
            copyInheritable = MethodHandles.privateLookupIn(ThreadLocal.class, MethodHandles.lookup())
                    .findStatic(ThreadLocal.class, "createInheritedMap", MethodType.methodType(localsMap, localsMap))
                    .asType(MethodType.methodType(Object.class, Object.class));
            localsSize = MethodHandles.privateLookupIn(localsMap, MethodHandles.lookup())
                    .findVarHandle(localsMap, "size", int.class);
            Class<?> vthread = Class.forName("java.lang.VirtualThread");
            scheduler = MethodHandles.privateLookupIn(vthread, MethodHandles.lookup())
                    .findVarHandle(vthread, "scheduler", Executor.class);
        } catch (IllegalAccessException | RuntimeException e) {
            failure = new IllegalStateException(missingFlagMessage(), e);
        } catch (ReflectiveOperationException e) {
            failure = new IllegalStateException("gevent4j needs JDK 25's virtual-thread internals (java.lang.ThreadBuilders"
                    + ".newVirtualThread, Thread.currentCarrierThread); this JVM (" + Runtime.version()
                    + ") lacks them", e);
        }
        NEW_VIRTUAL_THREAD = newThread;
        CURRENT_CARRIER = carrier;
        SCHEDULER = scheduler;
        INTERRUPTED = interrupted;
        INHERITABLE_LOCALS = inheritable;
        COPY_INHERITABLE = copyInheritable;
        LOCALS_SIZE = localsSize;
        FAILURE = failure;
    }

    private Loom() {}

    static String missingFlagMessage() {
        String target = Loom.class.getModule().isNamed() ? Loom.class.getModule().getName() : "ALL-UNNAMED";
        return "gevent4j needs the JVM flag --add-opens java.base/java.lang=" + target
                + " (greenlets are virtual threads scheduled by their hub, through a JDK-internal hook)."
                + " Add it to the java command line, or run through ./gevent4j run. For java -jar, the jar"
                + " you run must carry the manifest attribute 'Add-Opens: java.base/java.lang' (a shaded or fat"
                + " jar needs it in its own manifest: java reads it only from the jar it runs, not from jars on"
                + " the class path).";
    }

    /** Throws the reason gevent4j cannot run on this JVM, if there is one. */
    public static void check() {
        if (FAILURE != null) {
            throw new IllegalStateException(FAILURE.getMessage(), FAILURE.getCause());
        }
    }

    /** An unstarted virtual thread that runs {@code task} and is scheduled by {@code scheduler}. */
    public static Thread newVirtualThread(Executor scheduler, Runnable task) {
        try {
            return (Thread) NEW_VIRTUAL_THREAD.invokeExact(scheduler, (String) null, 0, task);
        } catch (Throwable t) {
            check();
            throw Sneaky.rethrow(t);
        }
    }

    /**
     * An unstarted virtual thread like {@link #newVirtualThread}'s, but one that inherits nothing
     * from the thread that creates it: no inheritable thread locals, the system class loader as its
     * context class loader. Any thread may create it for a spawner that {@link #inheritsNothing}.
     */
    public static Thread newPlainVirtualThread(Executor scheduler, Runnable task) {
        try {
            return (Thread) NEW_VIRTUAL_THREAD.invokeExact(scheduler, (String) null, NO_INHERIT, task);
        } catch (Throwable t) {
            check();
            throw Sneaky.rethrow(t);
        }
    }

    /**
     * True when a virtual thread created by {@code t} would inherit nothing from it: it has no
     * inheritable thread locals and the system class loader as its context class loader. A
     * thread for such a spawner may be created later by any thread, with {@link #newPlainVirtualThread}.
     */
    public static boolean inheritsNothing(Thread t) {
        Object locals = INHERITABLE_LOCALS.get(t); // Thread's own test: a map that is null or empty
        return (locals == null || (int) LOCALS_SIZE.get(locals) == 0) && t.getContextClassLoader() == SYSTEM_LOADER;
    }

    private static final ClassLoader SYSTEM_LOADER = ClassLoader.getSystemClassLoader();

    /**
     * The platform thread that is the caller's hub: itself for a platform thread, the carrier for
     * a virtual one; for a loop's HubRunner (which runs the loop while the carrier's main waits),
     * that loop's carrier.
     */
    public static Thread currentCarrierThread() {
        try {
            Thread t = (Thread) CURRENT_CARRIER.invokeExact();
            return t instanceof Loop.HubRunner r ? r.loop.carrier : t;
        } catch (Throwable t) {
            check();
            throw Sneaky.rethrow(t);
        }
    }

    /**
     * Sets the current thread's interrupt status back without {@code Thread.interrupt()}'s side
     * effect of unparking it: a wait that set the status aside restores it, and the restored
     * status must not become a wake-up of that same wait.
     */
    public static void restoreInterrupt() {
        INTERRUPTED.setVolatile(Thread.currentThread(), true);
    }

    /** The scheduler of a virtual thread. */
    public static Executor schedulerOf(Thread virtualThread) {
        check();
        return (Executor) SCHEDULER.get(virtualThread);
    }

    /*
     * Inherited locals. The JDK copies a thread's InheritableThreadLocals into a thread it
     * creates; a greenlet's thread is created when the greenlet starts, perhaps by another thread
     * than the one that made it (a timer of spawnLater, a start() elsewhere). So a greenlet takes
     * the copy when it is made and hands it to its thread at start. A thread that never set an
     * inheritable local has none: a read of one null field is all it costs.
     */

    /**
     * A copy of the calling thread's inheritable thread-locals (each value passed through its
     * {@code childValue}), or {@code null} when it has none.
     */
    public static Object inheritableSnapshot() {
        Object map = INHERITABLE_LOCALS.get(Thread.currentThread());
        if (map == null) return null;
        try {
            return (Object) COPY_INHERITABLE.invokeExact(map);
        } catch (Throwable t) {
            throw Sneaky.rethrow(t);
        }
    }

    /** Gives the unstarted {@code thread} the inheritable locals of {@code snapshot} (null: none). */
    static void setInheritable(Thread thread, Object snapshot) {
        if (snapshot != null || INHERITABLE_LOCALS.get(thread) != null) INHERITABLE_LOCALS.set(thread, snapshot);
    }

    /*
     * The JDK's socket pollers are virtual threads that inherit the scheduler of whoever first
     * touches sun.nio.ch.Poller. If a greenlet did, every java.net socket in the JVM would depend
     * on that hub; so the pollers are started here, from a platform thread, onto the JDK's own
     * scheduler.
     */
    static void initJdkPollers() {
        Runnable init = () -> {
            try {
                Class.forName("sun.nio.ch.Poller", true, null);
            } catch (ClassNotFoundException | LinkageError ignored) {
                // Another JDK layout: nothing to protect against.
            }
        };
        if (!Thread.currentThread().isVirtual()) {
            init.run();
        } else {
            Thread t = Thread.ofPlatform().daemon().start(init);
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /*
     * A virtual thread submits to its scheduler a task of the JDK's own (its continuation's run)
     * that holds the thread in a private field: found once per task class, through the
     * --add-opens gevent4j needs anyway.
     */
    private static final ClassValue<Field> THREAD_FIELD = new ClassValue<>() {
        @Override
        protected Field computeValue(Class<?> type) {
            for (Field f : type.getDeclaredFields()) {
                if (Thread.class.isAssignableFrom(f.getType())) {
                    try {
                        f.setAccessible(true);
                        return f;
                    } catch (RuntimeException e) {
                        return null;
                    }
                }
            }
            return null;
        }
    };

    /** The thread a scheduler task of the JDK will run (a virtual thread's continuation), or null. */
    static Thread threadOfTask(Object task) {
        Field f = THREAD_FIELD.get(task.getClass());
        if (f == null) return null;
        try {
            return (Thread) f.get(task);
        } catch (IllegalAccessException e) {
            return null;
        }
    }
}
