package org.gevent4j.socket;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.gevent4j.Hub;
import org.gevent4j.internal.IoWatcher;
import org.gevent4j.internal.Loop;
import org.gevent4j.internal.Sneaky;
import org.gevent4j.internal.Strand;

/**
 * The functions of {@code gevent.socket}: {@link #createConnection}, {@link #createServer},
 * {@link #waitRead}, {@link #waitWrite} and {@link #getAddrInfo}.
 */
public final class Sockets {
    private Sockets() {}

    /**
     * Connects a TCP socket to {@code host}:{@code port}, without a timeout: gevent's
     * {@code create_connection}. See {@link #createConnection(String, int, Duration, InetSocketAddress)}.
     *
     * @param host a host name or literal address; not null
     * @param port the peer's port, 0 to 65535
     * @return a connected socket, blocking without a timeout, owned by the caller
     * @throws IOException if the name cannot be resolved or no address accepted the connection
     */
    public static Socket createConnection(String host, int port) throws IOException {
        return createConnection(host, port, null, null);
    }

    /**
     * Connects a TCP socket to {@code host}:{@code port}: gevent's {@code create_connection}. Each
     * address the name resolves to is tried in turn until one connects; the socket returned keeps
     * {@code timeout} as its own timeout ({@link Socket#setTimeout}), which also bounds each
     * attempt. {@code source}, if not {@code null}, is bound first.
     *
     * <p>Blocks while resolving (a literal address never touches DNS) and connecting; a kill or
     * {@code Timeout} leaves no socket open.
     *
     * @param host a host name or literal address; not null
     * @param port the peer's port, 0 to 65535
     * @param timeout the socket's timeout, also the limit of each connection attempt; {@code null}
     *     for none, {@link Duration#ZERO} for a non-blocking socket
     * @param source the local address to bind first, or {@code null} to let the system choose
     * @return a connected socket with {@code timeout} set, owned by the caller
     * @throws UnknownHostException if the name cannot be resolved
     * @throws java.net.ConnectException if every address refused the connection (the others'
     *     failures are attached as suppressed exceptions)
     * @throws SocketTimeoutException if the last attempt timed out
     */
    public static Socket createConnection(String host, int port, Duration timeout, InetSocketAddress source)
            throws IOException {
        Sneaky.checkNotNull("host", host);
        Sneaky.checkTimeout("timeout", timeout);
        checkPort(port);
        IOException failure = null;
        for (InetAddress a : resolveAll(host)) {
            Socket s = new Socket(a instanceof Inet4Address ? Socket.Family.INET : Socket.Family.INET6, Socket.Type.STREAM);
            boolean ok = false;
            try {
                s.setTimeout(timeout);
                if (source != null) s.bind(source);
                s.connect(new InetSocketAddress(a, port));
                ok = true;
                return s;
            } catch (IOException e) {
                if (failure != null) e.addSuppressed(failure);
                failure = e;
            } finally {
                if (!ok) s.close();
            }
        }
        throw failure != null ? failure : new UnknownHostException(host + ": no address");
    }

    /**
     * {@link #createConnection(String, int, Duration, InetSocketAddress)} to {@code address}.
     *
     * @param address the peer's address; an unresolved one's host name is resolved here
     * @param timeout the socket's timeout and the limit of each attempt; {@code null} for none
     * @return a connected socket with {@code timeout} set, owned by the caller
     * @throws IOException if the name cannot be resolved or no address accepted the connection
     */
    public static Socket createConnection(InetSocketAddress address, Duration timeout) throws IOException {
        Sneaky.checkNotNull("address", address);
        String host = address.isUnresolved() ? address.getHostString() : address.getAddress().getHostAddress();
        return createConnection(host, address.getPort(), timeout, null);
    }

    /**
     * Python's {@code socket.socketpair()}: two TCP sockets connected to each other over
     * 127.0.0.1 (Python's own fallback where there is no AF_UNIX pair), for greenlets of one hub
     * to talk through, as gevent's tests do. Blocks cooperatively while it connects.
     *
     * @return two connected sockets of the current hub, both blocking without a timeout
     * @throws IOException if loopback is unavailable
     */
    public static Socket[] socketPair() throws IOException {
        try (Socket listener = createServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1)) {
            Socket a = Socket.tcp();
            try {
                // A non-blocking connect first, so that accept below has something to accept.
                InetSocketAddress to = listener.localAddress();
                boolean pending = false;
                a.setTimeout(Duration.ZERO);
                try {
                    a.connect(to);
                } catch (BlockingIOException inProgress) {
                    pending = true;
                }
                a.setTimeout(null);
                Socket b = listener.accept().socket();
                if (pending) a.connect(to); // waits for the attempt under way to complete
                return new Socket[] {a, b};
            } catch (IOException | RuntimeException | Error e) {
                a.close();
                throw e;
            }
        }
    }

    /**
     * A TCP socket listening on {@code address} (port 0: any free port), of the address's family:
     * Python's {@code socket.create_server}. Does not block.
     *
     * @param address the local address; an unresolved one is resolved here (which blocks)
     * @return a listening socket with a backlog of 128, owned by the caller
     * @throws IOException if the address is in use or cannot be resolved
     */
    public static Socket createServer(InetSocketAddress address) throws IOException {
        return createServer(address, 128);
    }

    /**
     * {@link #createServer(InetSocketAddress)} with a listen backlog of {@code backlog}.
     *
     * @param address the local address; an unresolved one is resolved here (which blocks)
     * @param backlog how many connections the system may queue before they are accepted
     * @return a listening socket, owned by the caller
     * @throws IOException if the address is in use or cannot be resolved
     */
    public static Socket createServer(InetSocketAddress address, int backlog) throws IOException {
        Sneaky.checkNotNull("address", address);
        InetSocketAddress a = address.isUnresolved() ? resolve(address, null) : address;
        Socket s = new Socket(a.getAddress() instanceof Inet6Address ? Socket.Family.INET6 : Socket.Family.INET,
                Socket.Type.STREAM);
        try {
            s.bind(a);
            s.listen(backlog);
            return s;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /**
     * Waits until {@code socket} is readable (data, end of stream, or a connection to accept):
     * gevent's {@code wait_read}. Counts as the socket's reader: another greenlet reading it
     * meanwhile gets {@link org.gevent4j.ConcurrentObjectUseError}.
     *
     * <p>Blocks until readable, {@code timeout} ({@code null}: none) expires
     * ({@link SocketTimeoutException}), the greenlet is killed or times out, or the socket is
     * closed ({@link SocketException}).
     *
     * @param socket a connected or listening socket of the current hub; not null
     * @param timeout the longest wait; {@code null} for no limit
     * @throws IOException if the timeout expires, or the socket is closed or not connected
     */
    public static void waitRead(Socket socket, Duration timeout) throws IOException {
        Sneaky.checkNotNull("socket", socket);
        waitOn(socket, readOp(socket.channel()), timeout);
    }

    /**
     * Waits until {@code socket} can take data (or has connected): gevent's {@code wait_write}; see {@link #waitRead}.
     *
     * @param socket a connected or connecting socket of the current hub; not null
     * @param timeout the longest wait; {@code null} for no limit
     * @throws IOException if the timeout expires, or the socket is closed, not connected or listening
     */
    public static void waitWrite(Socket socket, Duration timeout) throws IOException {
        Sneaky.checkNotNull("socket", socket);
        waitOn(socket, writeOp(socket.channel()), timeout);
    }

    /**
     * {@link #waitRead(Socket, Duration)} for a non-blocking NIO channel of one's own.
     *
     * @param channel an open channel in non-blocking mode; not null
     * @param timeout the longest wait; {@code null} for no limit
     * @throws IOException if the timeout expires ({@link SocketTimeoutException}) or the channel
     *     is closed or not connected
     */
    public static void waitRead(SelectableChannel channel, Duration timeout) throws IOException {
        waitOn(channel, readOp(channel), timeout);
    }

    /**
     * {@link #waitWrite(Socket, Duration)} for a non-blocking NIO channel of one's own.
     *
     * @param channel an open channel in non-blocking mode; not null
     * @param timeout the longest wait; {@code null} for no limit
     * @throws IOException if the timeout expires ({@link SocketTimeoutException}) or the channel
     *     is closed, not connected or listening
     */
    public static void waitWrite(SelectableChannel channel, Duration timeout) throws IOException {
        waitOn(channel, writeOp(channel), timeout);
    }

    private static void waitOn(Object target, int op, Duration timeout) throws IOException {
        Sneaky.checkTimeout("timeout", timeout);
        long deadline = Loop.current().deadlineAfter(timeout);
        boolean ready = target instanceof Socket s ? s.awaitUntil(op, deadline) : watcherOf((SelectableChannel) target).await(op, deadline);
        if (!ready) throw new SocketTimeoutException("timed out");
    }

    static IoWatcher watcherOf(SelectableChannel channel) throws IOException {
        Sneaky.checkNotNull("channel", channel);
        if (channel.isBlocking()) throw new IllegalArgumentException("the channel must be non-blocking: " + channel);
        if (!channel.isOpen()) throw new SocketException("Socket is closed");
        return IoWatcher.of(channel);
    }

    static int readOp(SelectableChannel ch) throws SocketException {
        if (ch == null) throw new SocketException("Socket is not connected");
        return ch.validOps() & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT);
    }

    static int writeOp(SelectableChannel ch) throws SocketException {
        if (ch == null) throw new SocketException("Socket is not connected");
        if (ch instanceof SocketChannel s && s.isConnectionPending()) return SelectionKey.OP_CONNECT;
        int op = ch.validOps() & SelectionKey.OP_WRITE;
        if (op == 0) throw new SocketException("a listening socket is never writable");
        return op;
    }

    /**
     * The socket addresses {@code host}:{@code port} resolves to, IPv4 and IPv6, in the
     * resolver's order: gevent's {@code getaddrinfo} (one entry per address; the type and protocol
     * are the caller's choice). {@code host} may be a literal address (no DNS query) or
     * {@code null}/{@code ""} for the wildcard address.
     *
     * <p>Blocks while resolving.
     *
     * @param host a host name, a literal address, or {@code null}/{@code ""} for the wildcard
     * @param port the port to put in each address, 0 to 65535
     * @return the resolved addresses, at least one, in the resolver's order
     * @throws UnknownHostException if the name cannot be resolved
     */
    public static List<InetSocketAddress> getAddrInfo(String host, int port) throws UnknownHostException {
        return getAddrInfo(host, port, null);
    }

    /**
     * {@link #getAddrInfo(String, int)} restricted to {@code family} ({@code null}: any).
     *
     * @param host a host name, a literal address, or {@code null}/{@code ""} for the wildcard
     * @param port the port to put in each address, 0 to 65535
     * @param family the address family to keep, or {@code null} for both
     * @return the resolved addresses of {@code family}, at least one, in the resolver's order
     * @throws UnknownHostException if the name cannot be resolved or has no address of {@code family}
     */
    public static List<InetSocketAddress> getAddrInfo(String host, int port, Socket.Family family)
            throws UnknownHostException {
        checkPort(port);
        List<InetSocketAddress> out = new ArrayList<>();
        InetAddress[] all = host == null || host.isEmpty()
                ? new InetAddress[] {Socket.wildcard(family == null ? Socket.Family.INET : family)}
                : resolveAll(host);
        for (InetAddress a : all) {
            if (family == null || matches(a, family)) out.add(new InetSocketAddress(a, port));
        }
        if (out.isEmpty()) throw new UnknownHostException(host + ": no " + family + " address (Address family for hostname not supported)");
        return out;
    }

    // ---- resolution ------------------------------------------------------------------------

    private static boolean matches(InetAddress a, Socket.Family f) {
        return f == Socket.Family.INET ? a instanceof Inet4Address : a instanceof Inet6Address;
    }

    /** An unresolved address for {@code host} ({@code ""}: the wildcard address) that {@link #resolve} will finish. */
    static InetSocketAddress unresolved(String host, int port, Socket.Family family) throws UnknownHostException {
        Sneaky.checkNotNull("host", host);
        checkPort(port);
        if (host.isEmpty()) return new InetSocketAddress(Socket.wildcard(family), port);
        return InetSocketAddress.createUnresolved(host, port);
    }

    /**
     * {@code a} with its host resolved for a socket of {@code family} ({@code null}: any): IPv4
     * for {@code INET}; IPv6 preferred, else IPv4, for {@code INET6} (Java's IPv6 sockets reach
     * IPv4 through mapped addresses).
     */
    static InetSocketAddress resolve(InetSocketAddress a, Socket.Family family) throws IOException {
        if (!a.isUnresolved()) {
            if (family == Socket.Family.INET && !(a.getAddress() instanceof Inet4Address)) {
                throw new SocketException("Address family not supported by protocol: " + a + " on an INET socket");
            }
            return a;
        }
        InetAddress[] all = resolveAll(a.getHostString());
        InetAddress pick = null;
        for (InetAddress x : all) {
            if (family == null || matches(x, family)) {
                pick = x;
                break;
            }
        }
        if (pick == null && family == Socket.Family.INET6 && all.length > 0) pick = all[0];
        if (pick == null) throw new UnknownHostException(a.getHostString() + ": no " + family + " address");
        return new InetSocketAddress(pick, a.getPort());
    }

    /**
     * Host names go through the hub's resolver (the thread pool by default, dnsjava with
     * {@code GEVENT_RESOLVER=ares}), so a lookup never blocks the hub; literals are parsed there
     * without a lookup.
     */
    private static InetAddress[] resolveAll(String host) throws UnknownHostException {
        return Hub.current().resolver().getAllByName(host).toArray(InetAddress[]::new);
    }

    private static void checkPort(int port) {
        if (port < 0 || port > 0xFFFF) throw new IllegalArgumentException("port must be 0-65535: " + port);
    }

    /** The current strand (for Select and Poll). */
    static Strand current() {
        return Strand.current();
    }
}
