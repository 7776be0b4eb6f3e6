package org.gevent4j.bench;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The JVM's floor for a switch: a raw {@code jdk.internal.vm.Continuation}, the mechanism under
 * every virtual thread, mounted with {@code run()} and unmounted with {@code Continuation.yield}.
 * One op = one run + one yield, i.e. what one greenlet switch must do at the very least, without
 * any scheduler, queue or thread state.
 *
 * <p>The class is JDK-internal; it is reached through method handles (static final, so the JIT
 * treats them as constants and inlines through them) after {@code --add-opens
 * java.base/jdk.internal.vm}, so nothing needs {@code --add-exports} at compile time.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(jvmArgsAppend = "--add-opens=java.base/jdk.internal.vm=ALL-UNNAMED")
public class ContinuationBenchmark {
    static final int ALTERNATIONS = 1_000;

    /** Why the handles could not be made (reported from setup, where JMH shows it), or null. */
    private static final Throwable FAILURE;
    private static final MethodHandle NEW_SCOPE;
    private static final MethodHandle NEW_CONTINUATION;
    private static final MethodHandle RUN;
    private static final MethodHandle YIELD;
    private static final MethodHandle IS_DONE;

    static {
        MethodHandle newScope = null, newCont = null, run = null, yield = null, isDone = null;
        Throwable failure = null;
        try {
            Class<?> scopeClass = Class.forName("jdk.internal.vm.ContinuationScope");
            Class<?> contClass = Class.forName("jdk.internal.vm.Continuation");
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(contClass, MethodHandles.lookup());
            newScope = lookup.findConstructor(scopeClass, MethodType.methodType(void.class, String.class))
                    .asType(MethodType.methodType(Object.class, String.class));
            newCont = lookup.findConstructor(contClass,
                            MethodType.methodType(void.class, scopeClass, Runnable.class))
                    .asType(MethodType.methodType(Object.class, Object.class, Runnable.class));
            run = lookup.findVirtual(contClass, "run", MethodType.methodType(void.class))
                    .asType(MethodType.methodType(void.class, Object.class));
            yield = lookup.findStatic(contClass, "yield", MethodType.methodType(boolean.class, scopeClass))
                    .asType(MethodType.methodType(boolean.class, Object.class));
            isDone = lookup.findVirtual(contClass, "isDone", MethodType.methodType(boolean.class))
                    .asType(MethodType.methodType(boolean.class, Object.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            failure = e;
        }
        NEW_SCOPE = newScope;
        NEW_CONTINUATION = newCont;
        RUN = run;
        YIELD = yield;
        IS_DONE = isDone;
        FAILURE = failure;
    }

    private Object scope;
    private Object single;
    private Object first;
    private Object second;

    @Setup
    public void setup() throws Throwable {
        if (FAILURE != null) {
            throw new IllegalStateException("needs --add-opens java.base/jdk.internal.vm=ALL-UNNAMED", FAILURE);
        }
        JvmFlags.check();
        scope = (Object) NEW_SCOPE.invokeExact("bench");
        single = yieldForever(scope);
        first = yieldForever(scope);
        second = yieldForever(scope);
    }

    /** A continuation that yields each time it is run, forever. */
    private static Object yieldForever(Object scope) throws Throwable {
        Runnable body = () -> {
            try {
                while (true) {
                    boolean ignored = (boolean) YIELD.invokeExact(scope);
                }
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        };
        return (Object) NEW_CONTINUATION.invokeExact(scope, body);
    }

    /** One run + one yield of a single continuation. */
    @Benchmark
    public void runYield() throws Throwable {
        RUN.invokeExact(single);
    }

    /** Two continuations alternated by a loop (as a scheduler would): ns per run + yield. */
    @Benchmark
    @OperationsPerInvocation(2 * ALTERNATIONS)
    public boolean alternateTwo() throws Throwable {
        Object a = first, b = second;
        for (int i = 0; i < ALTERNATIONS; i++) {
            RUN.invokeExact(a);
            RUN.invokeExact(b);
        }
        return (boolean) IS_DONE.invokeExact(a);
    }
}
