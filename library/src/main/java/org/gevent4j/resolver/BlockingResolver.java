package org.gevent4j.resolver;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.util.List;
import java.util.Objects;

/**
 * Resolves on the calling thread with the JDK's {@link InetAddress} (or another blocking
 * {@link InetAddressResolver}): gevent's {@code blocking} resolver ({@code GEVENT_RESOLVER=block}).
 *
 * <p><b>Blocks the hub</b>: while a lookup runs no other greenlet of the hub runs, and a
 * {@code kill} or {@link org.gevent4j.Timeout} waits for it to finish. Meant for debugging (to rule
 * the resolver out); use {@link ThreadPoolResolver} otherwise.
 */
public final class BlockingResolver implements Resolver {
    private static final Lookups.Runner DIRECT = new Lookups.Runner() {
        @Override
        public <T> T run(Lookups.Call<T> call) throws UnknownHostException {
            return call.call();
        }
    };

    private final InetAddressResolver delegate;
    private volatile boolean closed;

    /** Resolves with the JDK's {@link InetAddress}. */
    public BlockingResolver() {
        this(Lookups.JDK);
    }

    /** Resolves with {@code delegate}, called on the calling thread. */
    public BlockingResolver(InetAddressResolver delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** Blocks the hub while the lookup runs. @throws IllegalStateException after {@link #close()} */
    @Override
    public List<InetAddress> getAllByName(String host) throws UnknownHostException {
        checkOpen();
        return Lookups.getAllByName(delegate, DIRECT, host);
    }

    /** Blocks the hub while the lookup runs. @throws IllegalStateException after {@link #close()} */
    @Override
    public String getHostByAddr(InetAddress address) throws UnknownHostException {
        checkOpen();
        return Lookups.getHostByAddr(delegate, DIRECT, Objects.requireNonNull(address, "address"));
    }

    private void checkOpen() {
        if (closed) throw new IllegalStateException("resolver closed: " + this);
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return "BlockingResolver[" + delegate + "]";
    }
}
