package org.gevent4j.resolver;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolver.LookupPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** What every resolver shares: literals, the JDK's address-order policy, the JDK's own lookups. */
final class Lookups {
    private Lookups() {}

    /** The JDK's order, from the same system properties {@link InetAddress} reads. */
    static LookupPolicy policy() {
        if (Boolean.getBoolean("java.net.preferIPv4Stack")) return LookupPolicy.of(LookupPolicy.IPV4);
        String v6 = System.getProperty("java.net.preferIPv6Addresses", "false");
        int both = LookupPolicy.IPV4 | LookupPolicy.IPV6;
        if (v6.equalsIgnoreCase("true")) return LookupPolicy.of(both | LookupPolicy.IPV6_FIRST);
        if (v6.equalsIgnoreCase("system")) return LookupPolicy.of(both);
        return LookupPolicy.of(both | LookupPolicy.IPV4_FIRST);
    }

    static boolean wantsV4(LookupPolicy p) {
        return (p.characteristics() & LookupPolicy.IPV4) != 0;
    }

    static boolean wantsV6(LookupPolicy p) {
        return (p.characteristics() & LookupPolicy.IPV6) != 0;
    }

    /** {@code v4} and {@code v6} merged in the policy's order ({@code v4} first unless IPv6 comes first). */
    static List<InetAddress> ordered(LookupPolicy p, List<InetAddress> v4, List<InetAddress> v6) {
        List<InetAddress> out = new ArrayList<>(v4.size() + v6.size());
        boolean v6First = (p.characteristics() & LookupPolicy.IPV6_FIRST) != 0;
        if (wantsV4(p) && !v6First) out.addAll(v4);
        if (wantsV6(p)) out.addAll(v6);
        if (wantsV4(p) && v6First) out.addAll(v4);
        return out;
    }

    /** What {@code null} or {@code ""} resolves to, as for {@link InetAddress#getAllByName}. */
    static boolean isEmptyHost(String host) {
        return host == null || host.isEmpty();
    }

    static List<InetAddress> loopback() {
        return List.of(InetAddress.getLoopbackAddress());
    }

    /**
     * The address {@code host} spells out, or {@code null} when it is a name. Literals never reach
     * a name service (gevent and the JDK both answer them directly).
     *
     * @throws UnknownHostException for a bracketed or colon form that is not a valid IPv6 literal
     */
    static InetAddress literal(String host) throws UnknownHostException {
        String h = host;
        boolean bracketed = h.length() > 1 && h.charAt(0) == '[' && h.charAt(h.length() - 1) == ']';
        if (bracketed) h = h.substring(1, h.length() - 1);
        if (bracketed || h.indexOf(':') >= 0) {
            try {
                return Inet6Address.ofLiteral(h);
            } catch (IllegalArgumentException e) {
                throw unknown(host + ": invalid IPv6 address literal", e);
            }
        }
        for (int i = 0; i < h.length(); i++) {
            char c = h.charAt(i);
            if ((c < '0' || c > '9') && c != '.') return null;
        }
        try {
            return Inet4Address.ofLiteral(h);
        } catch (IllegalArgumentException e) {
            return null; // "1.2.3.4.5" is a (numeric) name to the JDK too
        }
    }

    static UnknownHostException unknown(String message, Throwable cause) {
        UnknownHostException e = new UnknownHostException(message);
        if (cause != null) e.initCause(cause);
        return e;
    }

    static UnknownHostException noPtr(InetAddress address) {
        return new UnknownHostException(address.getHostAddress() + ": no host name for this address (PTR)");
    }

    /**
     * The JDK's own resolution (the platform's {@code getaddrinfo}, {@code /etc/hosts}, the JDK's
     * address cache, or an installed {@code InetAddressResolverProvider}), as a blocking
     * {@link InetAddressResolver}.
     */
    static final InetAddressResolver JDK = new InetAddressResolver() {
        @Override
        public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {
            InetAddress[] all = InetAddress.getAllByName(host);
            return Stream.of(all).filter(a -> a instanceof Inet4Address ? wantsV4(policy) : wantsV6(policy));
        }

        @Override
        public String lookupByAddress(byte[] addr) throws UnknownHostException {
            InetAddress bare = InetAddress.getByAddress(addr);
            String name = bare.getHostName(); // the literal when no (forward-confirmed) name exists
            if (name.equals(bare.getHostAddress())) throw noPtr(bare);
            return name;
        }

        @Override
        public String toString() {
            return "the JDK's InetAddress";
        }
    };

    /** The JDK resolution steps both JDK-backed resolvers share, around a way to run the blocking call. */
    interface Runner {
        <T> T run(Call<T> call) throws UnknownHostException;
    }

    interface Call<T> {
        T call() throws UnknownHostException;
    }

    static List<InetAddress> getAllByName(InetAddressResolver delegate, Runner runner, String host)
            throws UnknownHostException {
        if (isEmptyHost(host)) return loopback();
        InetAddress lit = literal(host);
        if (lit != null) return List.of(lit);
        LookupPolicy policy = policy();
        List<InetAddress> all = runner.run(() -> delegate.lookupByName(host, policy).toList());
        if (all.isEmpty()) throw new UnknownHostException(host + ": no address of the wanted family");
        return all;
    }

    static String getHostByAddr(InetAddressResolver delegate, Runner runner, InetAddress address)
            throws UnknownHostException {
        byte[] raw = address.getAddress();
        return runner.run(() -> delegate.lookupByAddress(raw));
    }
}
