package org.gevent4j.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.function.Consumer;

/**
 * The JDK's {@code sun.misc.Signal} (module {@code jdk.unsupported}), the only way Java has to
 * catch a signal, reached by reflection: javac warns about every mention of {@code sun.misc} by
 * name and JDK 25 has no key to suppress that warning (JDK 26's {@code -Xlint:-proprietary}),
 * while the build compiles with {@code -Werror}. Signals are passed around as {@code Object}s.
 */
public final class JdkSignals {
    private static final Class<?> SIGNAL, HANDLER;
    private static final Method HANDLE, RAISE, GET_NAME;

    static {
        try {
            SIGNAL = Class.forName("sun.misc.Signal");
            HANDLER = Class.forName("sun.misc.SignalHandler");
            HANDLE = SIGNAL.getMethod("handle", SIGNAL, HANDLER);
            RAISE = SIGNAL.getMethod("raise", SIGNAL);
            GET_NAME = SIGNAL.getMethod("getName");
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private JdkSignals() {}

    /** The signal named {@code name} (without "SIG"); IllegalArgumentException when the OS has none. */
    public static Object signal(String name) {
        try {
            return SIGNAL.getConstructor(String.class).newInstance(name);
        } catch (ReflectiveOperationException e) {
            throw rethrow(e);
        }
    }

    /**
     * Makes {@code handler} the JVM's handler of {@code signal}; the JDK calls it on a new platform
     * thread per delivery, with the signal's name. Returns the previous handler, for
     * {@link #restore}. IllegalArgumentException when the JVM keeps the signal for itself.
     */
    public static Object handle(Object signal, Consumer<String> handler) {
        Object proxy = Proxy.newProxyInstance(JdkSignals.class.getClassLoader(), new Class<?>[] {HANDLER},
                (self, method, args) -> switch (method.getName()) {
                    case "handle" -> {
                        handler.accept((String) GET_NAME.invoke(args[0]));
                        yield null;
                    }
                    case "equals" -> self == args[0];
                    case "hashCode" -> System.identityHashCode(self);
                    default -> "JdkSignals.handler[" + handler + "]";
                });
        return restore(signal, proxy);
    }

    /** Puts back a handler that {@link #handle} returned; returns the one it replaces. */
    public static Object restore(Object signal, Object previous) {
        try {
            return HANDLE.invoke(null, signal, previous);
        } catch (ReflectiveOperationException e) {
            throw rethrow(e);
        }
    }

    /** Raises {@code signal} in this process (tests). */
    public static void raise(Object signal) {
        try {
            RAISE.invoke(null, signal);
        } catch (ReflectiveOperationException e) {
            throw rethrow(e);
        }
    }

    private static RuntimeException rethrow(ReflectiveOperationException e) {
        Throwable cause = e instanceof InvocationTargetException ite ? ite.getCause() : e;
        if (cause instanceof RuntimeException r) throw r;
        if (cause instanceof Error err) throw err;
        throw new IllegalStateException("sun.misc.Signal: " + cause, cause);
    }
}
