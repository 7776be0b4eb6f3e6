package org.gevent4j.monkey;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import org.gevent4j.Gevent;
import org.gevent4j.backdoor.BackdoorServer;

/**
 * Runs another program's {@code main} as a greenlet: gevent's {@code python -m gevent.monkey
 * script.py}, for programs that were not written for gevent4j.
 *
 * <pre>java --add-opens java.base/java.lang=ALL-UNNAMED -cp app.jar:gevent4j.jar org.gevent4j.monkey.Main com.example.App args...</pre>
 *
 * <p>{@code ./gevent4j run} starts every program this way. Inside, the program's blocking JDK
 * calls ({@code Thread.sleep}, {@code java.net} sockets, JDBC, {@code HttpClient}) yield to the
 * hub as in any greenlet, so {@code main} may sleep, read sockets and wait under a
 * {@link org.gevent4j.Timeout} while its greenlets run; see {@link Gevent#run(org.gevent4j.ThrowingCallable)}.
 * The JDK's monkey patching is built in (a greenlet's JDK calls are cooperative without
 * patching anything); what this adds is that {@code main} itself is a greenlet.
 *
 * <p>With {@code GEVENT4J_BACKDOOR=PORT} in the environment (or {@code -Dgevent4j.backdoor=PORT}),
 * a {@link BackdoorServer} console listens on {@code 127.0.0.1:PORT} from before {@code main}
 * runs, on the program's hub; see {@link BackdoorServer#startFromEnvironment()}.
 *
 * <p>The class may declare any launchable {@code main} (Java 25): {@code static void main(String[])},
 * {@code static void main()}, or the instance forms with a no-argument constructor. An exception
 * escaping it escapes this {@code main} unchanged, so the JVM prints it and exits with status 1
 * as usual.
 */
public final class Main {
    private Main() {}

    /**
     * Runs the {@code main} of the class named by {@code args[0]} as the main greenlet of this
     * thread's hub, with the remaining arguments; returns when it does.
     *
     * @param args the main class's name, then its arguments
     * @throws Throwable what the program's {@code main} throws, unchanged
     */
    public static void main(String[] args) throws Throwable {
        if (args.length == 0) {
            System.err.println("usage: java ... org.gevent4j.monkey.Main <main class> [args...]");
            System.exit(2);
        }
        Class<?> program;
        try {
            program = Class.forName(args[0], true, Thread.currentThread().getContextClassLoader());
        } catch (ClassNotFoundException e) {
            System.err.println("org.gevent4j.monkey.Main: no class " + args[0] + " on the class path");
            System.exit(2);
            return;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        Method main = findMain(program);
        if (main == null) {
            System.err.println("org.gevent4j.monkey.Main: " + program.getName() + " has no main method");
            System.exit(2);
        }
        main.setAccessible(true);
        Object target = Modifier.isStatic(main.getModifiers()) ? null : newInstance(program);
        Object[] invokeArgs = main.getParameterCount() == 1 ? new Object[] {rest} : new Object[0];
        Gevent.run(() -> {
            startBackdoor();
            try {
                main.invoke(target, invokeArgs);
            } catch (InvocationTargetException e) {
                throw sneaky(e.getCause());
            }
            return null;
        });
    }

    /**
     * The console of {@link BackdoorServer#startFromEnvironment()} when {@code GEVENT4J_BACKDOOR}
     * (or {@code -Dgevent4j.backdoor}) names a port: on the program's hub, before its main runs. A
     * console that cannot start is reported, and the program runs without it.
     */
    private static void startBackdoor() {
        try {
            BackdoorServer.startFromEnvironment();
        } catch (IOException | RuntimeException e) {
            System.err.println("org.gevent4j.monkey.Main: no backdoor console: " + e.getMessage());
        }
    }

    /** The launch protocol's order: main(String[]) before main(), static before instance. */
    private static Method findMain(Class<?> c) {
        Method withArgs = find(c, String[].class), noArgs = find(c);
        for (Method m : new Method[] {withArgs, noArgs}) {
            if (m != null && Modifier.isStatic(m.getModifiers())) return m;
        }
        return withArgs != null ? withArgs : noArgs;
    }

    private static Method find(Class<?> c, Class<?>... params) {
        for (Class<?> k = c; k != null; k = k.getSuperclass()) {
            try {
                Method m = k.getDeclaredMethod("main", params);
                if (!Modifier.isPrivate(m.getModifiers()) && m.getReturnType() == void.class) return m;
            } catch (NoSuchMethodException ignored) {
                // try the superclass
            }
        }
        return null;
    }

    private static Object newInstance(Class<?> c) throws ReflectiveOperationException {
        var ctor = c.getDeclaredConstructor();
        ctor.setAccessible(true);
        return ctor.newInstance();
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> RuntimeException sneaky(Throwable t) throws T {
        throw (T) t;
    }
}
