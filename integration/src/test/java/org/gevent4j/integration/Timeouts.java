package org.gevent4j.integration;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.gevent4j.Timeout;

/** {@code Timeout.causeOf(e)}, called reflectively until it is on this branch (issue 9, on main). */
final class Timeouts {
    private Timeouts() {}

    static Throwable causeOf(Throwable e) {
        Method m;
        try {
            m = Timeout.class.getMethod("causeOf", Throwable.class);
        } catch (NoSuchMethodException x) {
            throw new AssertionError("org.gevent4j.Timeout.causeOf(Throwable) does not exist yet (issue 9, Timeout translation)");
        }
        try {
            return (Throwable) m.invoke(null, e);
        } catch (IllegalAccessException x) {
            throw new AssertionError(x);
        } catch (InvocationTargetException x) {
            throw new AssertionError("Timeout.causeOf threw", x.getCause());
        }
    }
}
