package org.gevent4j.threadpool;

import java.util.concurrent.Callable;
import java.util.function.Function;
import org.gevent4j.event.AsyncResult;

/**
 * The results of {@link ThreadPool#imap} or {@link ThreadPool#imapUnordered}: an
 * {@link org.gevent4j.pool.IMap}, which describes iteration, blocking, errors and {@code maxsize}.
 * This subclass adds nothing; it remains so that code naming it keeps compiling.
 *
 * @param <R> the type of the results
 * @deprecated Declare {@link org.gevent4j.pool.IMap} instead: a thread pool's imap is the same
 *     class as a group's, with gevent's semantics (before, this class ran at most the pool's
 *     {@link ThreadPool#maxsize()} items ahead of the reader by default and rejected a
 *     {@code maxsize} of 0; now 0, the default, means no bound, as in gevent). The thread pool's
 *     methods will return {@code org.gevent4j.pool.IMap} once this class is removed.
 */
@Deprecated(since = "0.1.0")
public final class IMap<R> extends org.gevent4j.pool.IMap<R> {
    <A> IMap(Function<Callable<R>, AsyncResult<R>> spawn, Function<? super A, ? extends R> fn,
            Iterable<? extends A> items, boolean ordered, int maxsize) {
        super(spawn, fn, items, ordered, maxsize);
    }
}
