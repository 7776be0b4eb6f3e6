package org.gevent4j.resolver;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns host names into addresses and back without blocking the hub: gevent's
 * {@code gevent.resolver} ({@code Hub.current().resolver()} is gevent's {@code get_hub().resolver}).
 *
 * <h2>Blocking</h2>
 * Every lookup is cooperative: the calling greenlet (or a platform thread, which is then its
 * hub's main greenlet) parks and the hub runs others until the answer comes. A literal address
 * ({@code "192.0.2.1"}, {@code "::1"}, {@code "[::1]"}) is answered at once, without a lookup or a
 * switch. {@code kill} and {@link org.gevent4j.Timeout} interrupt a waiting lookup: the lookup is
 * abandoned (its answer, when it comes, is dropped) and the exception is raised as is.
 *
 * <h2>Failures</h2>
 * A name that does not resolve, a server that does not answer, any other failure: an
 * {@link UnknownHostException} whose message starts with the host name (the JDK's convention),
 * with the underlying exception as its cause when there is one. Addresses come in the JDK's order:
 * IPv4 first unless {@code -Djava.net.preferIPv6Addresses=true}; IPv4 only with
 * {@code -Djava.net.preferIPv4Stack=true}.
 *
 * <p>Implementations: {@link ThreadPoolResolver} (the default: the JDK's own resolution on the
 * hub's thread pool), {@link DnsResolver} (an asynchronous DNS client on the hub's own selector:
 * gevent's {@code ares} role) and {@link BlockingResolver} (blocks the hub; for debugging).
 * {@link Resolvers#fromConfig()} picks one as gevent's {@code GEVENT_RESOLVER} does.
 */
public interface Resolver extends AutoCloseable {

    /**
     * All addresses of {@code host}, in the JDK's preferred order; never empty. {@code null} or
     * {@code ""} is the loopback address, as for {@link InetAddress#getAllByName}.
     *
     * @param host a host name or an address literal; {@code null} or {@code ""} for loopback
     * @return the addresses, never empty
     * @throws UnknownHostException if the name does not resolve or the lookup fails
     */
    List<InetAddress> getAllByName(String host) throws UnknownHostException;

    /**
     * The first address {@link #getAllByName} returns (gevent's {@code gethostbyname}).
     *
     * @param host a host name or an address literal; {@code null} or {@code ""} for loopback
     * @return the first address
     * @throws UnknownHostException if the name does not resolve or the lookup fails
     */
    default InetAddress getByName(String host) throws UnknownHostException {
        return getAllByName(host).getFirst();
    }

    /**
     * The host name of {@code address} by reverse lookup (a PTR record; gevent's
     * {@code gethostbyaddr}). Unlike {@link InetAddress#getHostName()}, which falls back to the
     * literal, a missing name is an error.
     *
     * @param address the address to look up
     * @return the host name the address's PTR record gives
     * @throws UnknownHostException if the address has no name or the lookup fails
     */
    String getHostByAddr(InetAddress address) throws UnknownHostException;

    /**
     * Socket addresses for {@code host} and {@code port}, one per address, in
     * {@link #getAllByName} order (gevent's {@code getaddrinfo} for one socket type).
     *
     * @param host a host name or an address literal; {@code null} or {@code ""} for loopback
     * @param port the port of every returned address, 0..65535
     * @return the socket addresses, never empty
     * @throws UnknownHostException if the name does not resolve or the lookup fails
     * @throws IllegalArgumentException if {@code port} is outside 0..65535
     */
    default List<InetSocketAddress> getAddrInfo(String host, int port) throws UnknownHostException {
        return getAddrInfo(host, port, null);
    }

    /**
     * As {@link #getAddrInfo(String, int)}, keeping only the addresses of {@code family}
     * ({@link StandardProtocolFamily#INET} or {@link StandardProtocolFamily#INET6}; {@code null}:
     * both).
     *
     * @param host a host name or an address literal; {@code null} or {@code ""} for loopback
     * @param port the port of every returned address, 0..65535
     * @param family the address family to keep, or {@code null} for both
     * @return the socket addresses of that family, never empty
     * @throws UnknownHostException if no address of that family resolves, or the lookup fails
     * @throws IllegalArgumentException if {@code port} is outside 0..65535 or {@code family} is
     *     {@link StandardProtocolFamily#UNIX}
     */
    default List<InetSocketAddress> getAddrInfo(String host, int port, ProtocolFamily family)
            throws UnknownHostException {
        if (port < 0 || port > 0xFFFF) throw new IllegalArgumentException("port out of range: " + port);
        if (family == StandardProtocolFamily.UNIX) throw new IllegalArgumentException("not an IP family: " + family);
        List<InetSocketAddress> out = new ArrayList<>();
        for (InetAddress a : getAllByName(host)) {
            if (family == null
                    || (family == StandardProtocolFamily.INET && a instanceof Inet4Address)
                    || (family == StandardProtocolFamily.INET6 && a instanceof Inet6Address)) {
                out.add(new InetSocketAddress(a, port));
            }
        }
        if (out.isEmpty()) throw new UnknownHostException(host + ": no " + family + " address");
        return out;
    }

    /**
     * Releases what the resolver holds; lookups after it throw {@link IllegalStateException}.
     * Idempotent. Never blocks.
     */
    @Override
    void close();
}
