package org.gevent4j;

import java.util.concurrent.Callable;

/**
 * A {@link Callable} that declares exactly which checked exception it throws, so that the call
 * that runs it can declare the same one: {@code Gevent.withTimeout(d, () -> in.read())} throws
 * {@code IOException}, not a wrapper of it. A lambda gets this type wherever an overload takes it
 * beside a plain {@code Callable}; {@code X} is inferred from the lambda's body
 * ({@code RuntimeException} when it throws nothing checked).
 *
 * @param <T> the result type
 * @param <X> the checked exception the body may throw
 */
@FunctionalInterface
public interface ThrowingCallable<T, X extends Exception> extends Callable<T> {
    @Override
    T call() throws X;
}
