package org.gevent4j.backdoor;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Map;
import jdk.jshell.execution.LocalExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * JShell's local execution engine (snippets run in this JVM, each on a new platform thread of the
 * engine's, which the calling thread waits for), plus the hand-over of the caller's objects: a
 * variable declared while a value is {@link #handOver armed} is set to that value once its
 * declaration has run, by reflection on the snippet's own class. So no public registry is needed
 * for snippets to read bound objects from.
 */
final class Engine extends LocalExecutionControl {
    private String armedName;
    private Object armedValue;

    private Engine(ClassLoader parent) {
        super(parent);
    }

    /** The provider JShell's builder takes; each JShell gets an engine of its own. */
    static ExecutionControlProvider provider(ClassLoader parent, Engine[] made) {
        return new ExecutionControlProvider() {
            @Override
            public String name() {
                return "gevent4j-backdoor";
            }

            @Override
            public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
                Engine e = new Engine(parent);
                made[0] = e;
                return e;
            }
        };
    }

    /** The next variable declaration named {@code name} that runs is set to {@code value}. */
    void handOver(String name, Object value) {
        armedName = name;
        armedValue = value;
    }

    @Override
    protected String invoke(Method doitMethod) throws Exception {
        String shown = super.invoke(doitMethod);
        String name = armedName;
        if (name == null) return shown;
        Object value = armedValue;
        armedName = null;
        armedValue = null;
        Field f = doitMethod.getDeclaringClass().getDeclaredField(name);
        f.setAccessible(true);
        f.set(null, value);
        return valueString(value);
    }
}
