package org.gevent4j.resolver;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;

/**
 * Resolves on the calling thread with the JDK's {@link InetAddress} (or another blocking
 * {@link InetAddressResolver}): gevent's {@code blocking} resolver ({@code GEVENT_RESOLVER=block}).
 *
 * <p><b>Blocks the hub</b>: while a lookup runs no other greenlet of the hub runs, and a
 * {@code kill} or {@link org.gevent4j.Timeout} waits for it to finish. Meant for debugging (to rule
 * the resolver out); use {@link ThreadPoolResolver} otherwise.
 */
public final class BlockingResolver extends JdkStyleResolver {
    private static final Lookups.Runner DIRECT = new Lookups.Runner() {
        @Override
        public <T> T run(Lookups.Call<T> call) throws UnknownHostException {
            return call.call();
        }
    };

    /** Resolves with the JDK's {@link InetAddress}. */
    public BlockingResolver() {
        this(Lookups.JDK);
    }

    /**
     * Resolves with {@code delegate}, called on the calling thread: each lookup blocks the hub
     * while it runs.
     *
     * @param delegate the JDK-style resolver that does the lookups
     */
    public BlockingResolver(InetAddressResolver delegate) {
        super(delegate, DIRECT);
    }

    @Override
    public String toString() {
        return "BlockingResolver[" + delegate + "]";
    }
}
