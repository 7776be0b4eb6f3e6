package org.gevent4j.resolver;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.util.List;
import java.util.Objects;

/**
 * What the resolvers built on a blocking {@link InetAddressResolver} share: literals, ordering and
 * errors (in {@link Lookups}) and the closed state. They differ only in where the blocking call
 * runs, their {@link Lookups.Runner}.
 */
abstract sealed class JdkStyleResolver implements Resolver permits BlockingResolver, ThreadPoolResolver {
    final InetAddressResolver delegate;
    private final Lookups.Runner runner;
    private volatile boolean closed;

    JdkStyleResolver(InetAddressResolver delegate, Lookups.Runner runner) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.runner = runner;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalStateException after {@link #close()}
     */
    @Override
    public final List<InetAddress> getAllByName(String host) throws UnknownHostException {
        checkOpen();
        return Lookups.getAllByName(delegate, runner, host);
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalStateException after {@link #close()}
     */
    @Override
    public final String getHostByAddr(InetAddress address) throws UnknownHostException {
        checkOpen();
        return Lookups.getHostByAddr(delegate, runner, Objects.requireNonNull(address, "address"));
    }

    private void checkOpen() {
        if (closed) throw new IllegalStateException("resolver closed: " + this);
    }

    /** Later lookups throw. Never blocks. */
    @Override
    public void close() {
        closed = true;
    }
}
