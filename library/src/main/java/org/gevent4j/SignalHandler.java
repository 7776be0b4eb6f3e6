package org.gevent4j;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.gevent4j.internal.JdkSignals;
import org.gevent4j.internal.Loop;
import org.gevent4j.internal.Sneaky;

/**
 * A handler installed by {@link Gevent#signal(String, Runnable)}: gevent's {@code signal_handler}.
 * Each time the process receives the signal, the handler runs in a new greenlet of the hub that
 * installed it, until {@link #cancel()}.
 *
 * <p>Several handlers, on one hub or several, may watch one signal: each delivery runs all of
 * them, in the order they were installed. While at least one is installed, the signal no longer
 * does what it did before (for {@code INT}, {@code TERM} and {@code HUP}, the JVM's default is
 * to exit); cancelling the last one puts the previous JVM handler back.
 *
 * <p>Like gevent's signal watcher ({@code ref=False}), an installed handler does not keep its hub
 * alive: a main greenlet whose only hope is a signal gets {@link LoopExit}. Wait on something
 * that lasts instead, as the example {@code SignalShutdown} does ({@code spawn(runForever).join()}).
 *
 * <p>Differences from gevent: signals are named ({@code "TERM"} or {@code "SIGTERM"}), since Java
 * has no signal numbers; {@code QUIT} is refused because the JVM uses it for thread dumps, and
 * the JVM (not the handler) decides which other signals may be caught. A handler whose hub's
 * thread has ended is cancelled at the next delivery.
 */
public final class SignalHandler {
    /** Signals the JVM or the OS keeps for themselves: refused with a clear reason. */
    private static final Map<String, String> RESERVED = Map.of(
            "QUIT", "the JVM uses SIGQUIT to print thread dumps; use TERM, HUP or USR1 instead",
            "KILL", "SIGKILL cannot be caught by any process",
            "STOP", "SIGSTOP cannot be caught by any process");
    private static final Set<String> KNOWN_EXAMPLES = Set.of("INT", "TERM", "HUP", "USR1", "USR2");

    /* Guards WATCHED; held only for list edits and the JVM's handler swap, never while running a handler. */
    private static final Object LOCK = new Object();
    private static final Map<String, Watched> WATCHED = new HashMap<>();

    private final String name;
    private final Loop loop;
    private final Runnable handler;
    private volatile boolean cancelled;

    private SignalHandler(String name, Loop loop, Runnable handler) {
        this.name = name;
        this.loop = loop;
        this.handler = handler;
    }

    /** One signal the JVM hands to us: its handlers, and the JVM handler to restore. */
    private static final class Watched {
        final Object signal;
        final List<SignalHandler> handlers = new ArrayList<>(2);
        Object previous;

        Watched(Object signal) {
            this.signal = signal;
        }

        /* Runs on a platform thread the JDK starts for each delivery, never on a hub. */
        void handle(String unused) {
            List<SignalHandler> now;
            synchronized (LOCK) {
                now = List.copyOf(handlers);
            }
            for (SignalHandler h : now) h.deliver();
        }
    }

    static SignalHandler install(String name, Runnable handler) {
        Sneaky.checkNotNull("signal name", name);
        Sneaky.checkNotNull("handler", handler);
        String key = normalize(name);
        Loop loop = Loop.current();
        SignalHandler h = new SignalHandler(key, loop, handler);
        synchronized (LOCK) {
            Watched w = WATCHED.get(key);
            if (w == null) {
                w = new Watched(signalNamed(name, key));
                try {
                    w.previous = JdkSignals.handle(w.signal, w::handle);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("cannot handle signal " + name + ": " + e.getMessage(), e);
                }
                WATCHED.put(key, w);
            }
            w.handlers.add(h);
        }
        return h;
    }

    private static String normalize(String name) {
        String n = name.trim().toUpperCase(Locale.ROOT);
        return n.startsWith("SIG") && n.length() > 3 ? n.substring(3) : n;
    }

    private static Object signalNamed(String given, String key) {
        String reason = RESERVED.get(key);
        if (reason != null) throw new IllegalArgumentException("cannot handle signal " + given + ": " + reason);
        try {
            return JdkSignals.signal(key);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown signal: " + given + " (signal names are like "
                    + KNOWN_EXAMPLES.stream().sorted().toList() + ", with or without \"SIG\")", e);
        }
    }

    private void deliver() {
        if (cancelled) return;
        if (!loop.carrier().isAlive()) {
            cancel(); // nobody left to run it; and a dead hub should not be kept
            return;
        }
        loop.execute(this::spawnHandler);
    }

    /* On the hub's carrier: a new greenlet per delivery, as gevent's signal watcher callback does. */
    private void spawnHandler() {
        if (cancelled) return;
        Greenlet<Void> g = Greenlet.onLoop(loop, handler);
        g.setName("signal " + name);
        g.start();
    }

    /**
     * Stops future deliveries to this handler (a delivery already queued on the hub is dropped
     * too). When it is the last handler of its signal, the JVM's previous handler is put back.
     * Idempotent; callable from any thread.
     */
    public void cancel() {
        synchronized (LOCK) {
            if (cancelled) return;
            cancelled = true;
            Watched w = WATCHED.get(name);
            if (w == null) return;
            w.handlers.remove(this);
            if (w.handlers.isEmpty()) {
                WATCHED.remove(name);
                JdkSignals.restore(w.signal, w.previous);
            }
        }
    }

    /**
     * The signal's name, without "SIG": {@code "TERM"}.
     *
     * @return the signal's name, upper case, without the "SIG" prefix
     */
    public String signalName() {
        return name;
    }

    /**
     * True once {@link #cancel()} was called.
     *
     * @return true once cancelled; the handler then no longer runs
     */
    public boolean cancelled() {
        return cancelled;
    }

    @Override
    public String toString() {
        return "SignalHandler[SIG" + name + (cancelled ? ", cancelled" : "") + ", " + handler + "]";
    }
}
