package org.gevent4j.resolver;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import org.gevent4j.Hub;
import org.gevent4j.threadpool.ThreadPool;

/**
 * Resolves with the JDK's {@link InetAddress} (the platform's {@code getaddrinfo}, the hosts file,
 * the JDK's address cache) on a {@link ThreadPool}, so the hub keeps running: gevent's default
 * {@code thread} resolver. Literal addresses are answered on the calling thread.
 *
 * <h2>Blocking</h2>
 * A lookup waits cooperatively for its pool thread (by default the calling hub's
 * {@link Hub#threadpool()}: at most that pool's {@code maxsize} lookups run at once, the others
 * queue). A {@code kill} or {@link org.gevent4j.Timeout} raises in the waiting greenlet at once;
 * the lookup itself keeps running on its thread until the JDK returns, and its answer is dropped
 * (gevent behaves the same: a thread cannot be stopped safely).
 *
 * <p>{@link #close()} does not close the pool: it is the hub's, or the caller's.
 */
public final class ThreadPoolResolver extends JdkStyleResolver {
    private final ThreadPool pool;

    /** Resolves with the JDK on the calling hub's {@link Hub#threadpool()}. */
    public ThreadPoolResolver() {
        this(null, Lookups.JDK);
    }

    /**
     * Resolves with the JDK on {@code pool}.
     *
     * @param pool the pool that runs each blocking lookup
     */
    public ThreadPoolResolver(ThreadPool pool) {
        this(Objects.requireNonNull(pool, "pool"), Lookups.JDK);
    }

    /**
     * Resolves with {@code delegate} (any blocking {@link InetAddressResolver}, for instance one
     * from an {@code InetAddressResolverProvider}) on {@code pool} ({@code null}: the calling hub's
     * pool).
     *
     * @param pool the pool that runs each blocking lookup, or {@code null} for the calling hub's
     * @param delegate the blocking resolver that does the lookups
     */
    public ThreadPoolResolver(ThreadPool pool, InetAddressResolver delegate) {
        super(delegate, onPool(pool));
        this.pool = pool;
    }

    private static Lookups.Runner onPool(ThreadPool pool) {
        return new Lookups.Runner() {
            @Override
            public <T> T run(Lookups.Call<T> call) throws UnknownHostException {
                ThreadPool p = pool != null ? pool : Hub.current().threadpool();
                try {
                    return p.apply(call::call);
                } catch (CompletionException e) {
                    if (e.getCause() instanceof UnknownHostException u) throw u;
                    throw e;
                }
            }
        };
    }

    @Override
    public String toString() {
        return "ThreadPoolResolver[" + delegate + (pool == null ? " on the hub's pool" : " on " + pool) + "]";
    }
}
