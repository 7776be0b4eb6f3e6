package org.gevent4j.socket;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketException;
import java.net.SocketOption;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.UnsupportedAddressTypeException;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.gevent4j.ConcurrentObjectUseError;
import org.gevent4j.internal.IoWatcher;
import org.gevent4j.internal.Loop;
import org.gevent4j.internal.Sneaky;
import org.gevent4j.internal.SocketStreams;

/**
 * A cooperative TCP or UDP socket, IPv4 or IPv6: gevent's {@code gevent.socket.socket}. It is a
 * non-blocking NIO channel watched by the hub's own selector, so a blocking call parks only the
 * calling greenlet while the hub runs the others.
 *
 * {@snippet lang=java :
 * try (Socket server = Socket.tcp()) {
 *     server.bind("127.0.0.1", 0);
 *     server.listen();
 *     Gevent.spawn(() -> {
 *         try (Socket c = Sockets.createConnection("127.0.0.1", server.localAddress().getPort())) {
 *             c.sendAll("ping".getBytes());
 *         }
 *         return null;
 *     });
 *     try (Socket conn = server.accept().socket()) {
 *         byte[] data = conn.recv(1024); // "ping"
 *     }
 * }
 * }
 *
 * <h2>Blocking</h2>
 * {@code accept}, {@code connect}, {@code recv*}, {@code send*} and the streams block
 * cooperatively: if the operation cannot complete now, the calling greenlet (or a platform
 * thread, whose hub loop then runs) waits for readiness and tries again. What ends the wait:
 * <ul>
 * <li>readiness: the operation completes (and returns);</li>
 * <li>the socket's own timeout ({@link #setTimeout}): {@link SocketTimeoutException} "timed out",
 *     as gevent raises {@code socket.timeout}; with {@link Duration#ZERO} (non-blocking) the
 *     operation never waits and throws {@link BlockingIOException} instead;</li>
 * <li>a {@code Timeout} or {@code kill()} of the waiting greenlet: raised there; the socket
 *     stays open and usable, and nothing was read or written by the abandoned call;</li>
 * <li>{@link #close()} by another greenlet or thread: {@link SocketException} "File descriptor was
 *     closed in another greenlet" (gevent's {@code cancel_wait_ex}).</li>
 * </ul>
 * One greenlet may wait to read and one to write at a time; a second concurrent reader (or
 * writer) gets {@link ConcurrentObjectUseError} "This socket is already used by another greenlet",
 * as in gevent.
 *
 * <h2>Hubs and threads</h2>
 * A socket belongs to the hub of the first greenlet (or platform thread) that waits on it; waiting
 * on it from another hub throws {@link IllegalStateException}. Operations that need no wait, and
 * {@link #close()}, work from any thread.
 *
 * <p>A connected TCP socket is a {@link StreamSocket}, as an {@link org.gevent4j.ssl.SslSocket}
 * is: code written against that interface serves both.
 *
 * <h2>Differences from gevent</h2>
 * <ul>
 * <li>A TCP socket's {@link #bind} takes effect at {@link #listen} or {@link #connect} (NIO binds
 *     and listens in one step); until then {@link #localAddress()} is the requested address.</li>
 * <li>Options set before {@code listen} that a listening socket does not take (such as
 *     {@code TCP_NODELAY}) are applied to each accepted socket, as Linux passes them on.</li>
 * <li>{@link #shutdown} does not cancel waits with an error: a greenlet blocked reading sees end
 *     of file, one blocked writing gets the write's {@code IOException}.</li>
 * </ul>
 */
public final class Socket implements StreamSocket {
    /** The address family: gevent's {@code AF_INET} and {@code AF_INET6}. */
    public enum Family {
        /** IPv4. */
        INET(StandardProtocolFamily.INET),
        /** IPv6. */
        INET6(StandardProtocolFamily.INET6);

        final ProtocolFamily protocol;

        Family(ProtocolFamily protocol) {
            this.protocol = protocol;
        }
    }

    /** The socket type: gevent's {@code SOCK_STREAM} (TCP) and {@code SOCK_DGRAM} (UDP). */
    public enum Type {
        /** TCP. */
        STREAM,
        /** UDP. */
        DGRAM
    }

    /** {@link #shutdown} the receiving side. */
    public static final int SHUT_RD = 0;
    /** {@link #shutdown} the sending side. */
    public static final int SHUT_WR = 1;
    /** {@link #shutdown} both sides. */
    public static final int SHUT_RDWR = 2;

    /**
     * What {@link #accept()} returns: the connection's socket and the peer's address.
     *
     * @param socket the accepted connection, blocking without a timeout, owned by the caller
     * @param address the peer's address
     */
    public record Accepted(Socket socket, InetSocketAddress address) {}

    /**
     * What {@link #recvFrom} returns: the data and the sender's address.
     *
     * @param data the bytes received (a datagram truncated to the requested size); empty at end of stream on TCP
     * @param address the sender's address (the peer's, on a connected socket)
     */
    public record Datagram(byte[] data, InetSocketAddress address) {
        @Override
        public String toString() {
            return "Datagram[" + data.length + " bytes from " + address + "]";
        }
    }

    private final Family family;
    private final Type type;
    /** SocketChannel, ServerSocketChannel or DatagramChannel; a TCP socket's is opened at connect/listen. */
    private volatile SelectableChannel channel;
    private volatile IoWatcher watcher;
    private volatile boolean closed;
    /** -1: blocking without limit; 0: non-blocking; else nanoseconds per wait. */
    private long timeoutNanos = -1;
    /** The last stream read took less than it could: the next waits for readiness before reading. */
    private boolean drained;
    private InetSocketAddress bindAddress;
    /** Options set before the channel exists; for a listening socket, those it passes on to accepted ones. */
    private Map<SocketOption<?>, Object> options;
    private InputStream in;
    private OutputStream out;

    /**
     * A new socket of {@code family} and {@code type}. A UDP socket's channel is opened at once
     * (so {@link #sendTo} works unbound); a TCP socket's when it connects or listens.
     *
     * @param family the address family: IPv4 or IPv6; not null
     * @param type TCP ({@link Type#STREAM}) or UDP ({@link Type#DGRAM}); not null
     * @throws IOException if the channel cannot be opened (no IPv6 on this host, out of descriptors)
     */
    public Socket(Family family, Type type) throws IOException {
        this.family = Sneaky.checkNotNull("family", family);
        this.type = Sneaky.checkNotNull("type", type);
        if (type == Type.DGRAM) {
            DatagramChannel ch = DatagramChannel.open(family.protocol);
            configure(ch);
            channel = ch;
        }
    }

    private Socket(Family family, SocketChannel accepted) {
        this.family = family;
        this.type = Type.STREAM;
        this.channel = accepted;
    }

    /**
     * A TCP socket over IPv4.
     *
     * @return a new unconnected socket, blocking without a timeout
     * @throws IOException never in practice: the channel is opened at connect or listen
     */
    public static Socket tcp() throws IOException {
        return new Socket(Family.INET, Type.STREAM);
    }

    /**
     * A TCP socket over IPv6 (it also reaches IPv4 peers, through mapped addresses).
     *
     * @return a new unconnected socket, blocking without a timeout
     * @throws IOException never in practice: the channel is opened at connect or listen
     */
    public static Socket tcp6() throws IOException {
        return new Socket(Family.INET6, Type.STREAM);
    }

    /**
     * A UDP socket over IPv4.
     *
     * @return a new unbound socket, blocking without a timeout
     * @throws IOException if the channel cannot be opened (out of descriptors)
     */
    public static Socket udp() throws IOException {
        return new Socket(Family.INET, Type.DGRAM);
    }

    /**
     * A UDP socket over IPv6.
     *
     * @return a new unbound socket, blocking without a timeout
     * @throws IOException if the channel cannot be opened (no IPv6 on this host, out of descriptors)
     */
    public static Socket udp6() throws IOException {
        return new Socket(Family.INET6, Type.DGRAM);
    }

    /**
     * Wraps a connected {@link SocketChannel} (switched to non-blocking mode): for code that made
     * the channel itself. The socket owns the channel from now on.
     *
     * @param connected a connected channel; not null
     * @return a TCP socket over the channel, of the family of its local address, blocking without a timeout
     * @throws IOException if the channel cannot be switched to non-blocking mode or is closed
     */
    public static Socket wrap(SocketChannel connected) throws IOException {
        Sneaky.checkNotNull("channel", connected);
        connected.configureBlocking(false);
        Family f = connected.getLocalAddress() instanceof InetSocketAddress a && a.getAddress() instanceof Inet4Address
                ? Family.INET : Family.INET6;
        return new Socket(f, connected);
    }

    /**
     * The address family this socket was made with.
     *
     * @return {@link Family#INET} or {@link Family#INET6}; never null
     */
    public Family family() {
        return family;
    }

    /**
     * The type this socket was made with.
     *
     * @return {@link Type#STREAM} (TCP) or {@link Type#DGRAM} (UDP); never null
     */
    public Type type() {
        return type;
    }

    /**
     * The NIO channel underneath (non-blocking), or {@code null} for a TCP socket that has not yet
     * connected or listened. Reading or writing it directly bypasses the socket's waits.
     *
     * @return a {@code SocketChannel}, {@code ServerSocketChannel} or {@code DatagramChannel}, or {@code null}
     */
    public SelectableChannel channel() {
        return channel;
    }

    // ---- timeouts --------------------------------------------------------------------------

    /**
     * Sets how long each blocking operation may wait: {@code null} for ever (the default, gevent's
     * {@code settimeout(None)}), {@link Duration#ZERO} never (non-blocking: a call that would wait
     * throws {@link BlockingIOException}), else that long per wait, after which it throws
     * {@link SocketTimeoutException}. {@link #sendAll} and {@link #connect} apply it to the whole
     * call, as gevent does.
     *
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public void setTimeout(Duration timeout) {
        Sneaky.checkTimeout("timeout", timeout);
        timeoutNanos = timeout == null ? -1 : Sneaky.toNanos(timeout);
    }

    /** The timeout set by {@link #setTimeout}: {@code null} when blocking for ever. */
    public Duration timeout() {
        return timeoutNanos < 0 ? null : Duration.ofNanos(timeoutNanos);
    }

    /**
     * gevent's {@code gettimeout()}: the same as {@link #timeout()}.
     *
     * @return the timeout per wait; {@code null} when blocking for ever, {@link Duration#ZERO} when non-blocking
     */
    public Duration getTimeout() {
        return timeout();
    }

    /**
     * gevent's {@code setblocking}: {@code true} is {@code setTimeout(null)}, {@code false} is {@code setTimeout(ZERO)}.
     *
     * @param blocking {@code true} to wait without limit, {@code false} to never wait
     */
    public void setBlocking(boolean blocking) {
        setTimeout(blocking ? null : Duration.ZERO);
    }

    // ---- options ---------------------------------------------------------------------------

    /**
     * Sets a socket option ({@code StandardSocketOptions.TCP_NODELAY}, {@code SO_REUSEADDR},
     * {@code SO_RCVBUF}, ...): gevent's {@code setsockopt}. Before a TCP socket connects or listens,
     * the option is kept and applied then.
     *
     * @param <T> the option's value type
     * @param option the option, usually one of {@link java.net.StandardSocketOptions}; not null
     * @param value the value to set; {@code null} only where the option allows it
     * @throws UnsupportedOperationException if this kind of socket does not support {@code option}
     * @throws IOException if the socket is closed or the system refuses the value
     */
    public <T> void setOption(SocketOption<T> option, T value) throws IOException {
        Sneaky.checkNotNull("option", option);
        ensureOpen();
        SelectableChannel ch = channel;
        if (ch == null || (ch instanceof ServerSocketChannel s && !s.supportedOptions().contains(option))) {
            if (!StreamOptions.SUPPORTED.contains(option)) {
                throw new UnsupportedOperationException("'" + option + "' not supported by a " + type + " socket");
            }
            if (options == null) options = new LinkedHashMap<>();
            options.put(option, value);
            return;
        }
        ((NetworkChannel) ch).setOption(option, value);
    }

    /**
     * A socket option's value: gevent's {@code getsockopt}. Before a TCP socket connects or
     * listens, the value set by {@link #setOption}, or {@code null} if none was.
     *
     * @param <T> the option's value type
     * @param option the option, usually one of {@link java.net.StandardSocketOptions}; not null
     * @return the option's current value; {@code null} if the socket has no channel yet and none was set
     * @throws IOException if the socket is closed or the system cannot read the option
     */
    @SuppressWarnings("unchecked")
    public <T> T getOption(SocketOption<T> option) throws IOException {
        Sneaky.checkNotNull("option", option);
        ensureOpen();
        SelectableChannel ch = channel;
        if (ch != null && ((NetworkChannel) ch).supportedOptions().contains(option)) {
            return ((NetworkChannel) ch).getOption(option);
        }
        return options == null ? null : (T) options.get(option);
    }

    // ---- addresses -------------------------------------------------------------------------

    /**
     * Binds the socket to {@code address} (port 0: any free port): gevent's {@code bind}. A host
     * name is resolved (a literal address never touches DNS).
     *
     * @param address the local address; an unresolved one is resolved here (blocking the greenlet, not the hub)
     * @throws IOException if the address is in use, cannot be resolved, or the socket is closed
     */
    public void bind(InetSocketAddress address) throws IOException {
        Sneaky.checkNotNull("address", address);
        ensureOpen();
        InetSocketAddress a = Sockets.resolve(address, family);
        if (channel instanceof DatagramChannel d) {
            d.bind(a);
        } else if (channel != null || bindAddress != null) {
            throw new SocketException("Socket is already bound");
        } else {
            bindAddress = a;
        }
    }

    /**
     * {@link #bind(InetSocketAddress)} to {@code host} ({@code ""}: every interface) and {@code port}.
     *
     * @param host a host name or literal address; {@code ""} for the wildcard address
     * @param port the local port, 0 to 65535; 0 picks any free port
     * @throws IOException if the address is in use, cannot be resolved, or the socket is closed
     */
    public void bind(String host, int port) throws IOException {
        bind(Sockets.unresolved(host, port, family));
    }

    /**
     * The socket's own address (gevent's {@code getsockname}); for a TCP socket that has not yet
     * connected or listened, the address given to {@link #bind}, or {@code null}.
     */
    public InetSocketAddress localAddress() throws IOException {
        ensureOpen();
        SelectableChannel ch = channel;
        if (ch == null) return bindAddress;
        return (InetSocketAddress) ((NetworkChannel) ch).getLocalAddress();
    }

    /** The connected peer's address (gevent's {@code getpeername}), or {@code null} when not connected. */
    public InetSocketAddress remoteAddress() throws IOException {
        ensureOpen();
        return switch (channel) {
            case SocketChannel s -> (InetSocketAddress) s.getRemoteAddress();
            case DatagramChannel d -> (InetSocketAddress) d.getRemoteAddress();
            case null, default -> null;
        };
    }

    // ---- listening -------------------------------------------------------------------------

    /**
     * {@link #listen(int)} with a backlog of 128.
     *
     * @throws IOException if the address is in use or the socket is closed
     */
    public void listen() throws IOException {
        listen(128);
    }

    /**
     * Starts listening for connections on the {@link #bind} address (any port on the wildcard
     * address if unbound), queueing up to {@code backlog} of them. TCP only; does not block.
     *
     * @param backlog how many connections the system may queue before {@link #accept} takes them
     * @throws IOException if the address is in use or the socket is closed
     */
    public void listen(int backlog) throws IOException {
        ensureOpen();
        if (type != Type.STREAM) throw new SocketException("Operation not supported: listen on a " + type + " socket");
        if (channel != null) throw new SocketException("Socket is already " + (channel instanceof ServerSocketChannel ? "listening" : "connected"));
        ServerSocketChannel ch = ServerSocketChannel.open(family.protocol);
        try {
            configure(ch);
            applyOptions(ch, true);
            ch.bind(bindAddress, Math.max(backlog, 0));
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        channel = ch;
    }

    /**
     * Waits for a connection and returns it with the peer's address: gevent's {@code accept}. The
     * new socket blocks without a timeout.
     *
     * <p>Blocks until a connection arrives, the socket's timeout expires
     * ({@link SocketTimeoutException}), the greenlet is killed or times out, or the socket is
     * closed ({@link SocketException}).
     *
     * @return the new connection and its peer's address
     * @throws SocketException if the socket is not listening
     */
    public Accepted accept() throws IOException {
        ensureOpen();
        if (!(channel instanceof ServerSocketChannel server)) throw new SocketException("Socket is not listening");
        while (true) {
            SocketChannel c = server.accept();
            if (c != null) {
                try {
                    configure(c);
                    applyOptions(c, false);
                    return new Accepted(new Socket(family, c), (InetSocketAddress) c.getRemoteAddress());
                } catch (IOException | RuntimeException e) {
                    c.close();
                    throw e;
                }
            }
            await(SelectionKey.OP_ACCEPT, deadline(), "accept");
        }
    }

    // ---- connecting ------------------------------------------------------------------------

    /**
     * Connects to {@code address}: gevent's {@code connect}. A host name is resolved first
     * ({@link UnknownHostException} if it cannot be). For UDP, only sets the default destination
     * and the only accepted source.
     *
     * <p>Blocks until connected, the socket's timeout expires for the whole call
     * ({@link SocketTimeoutException}), the greenlet is killed or times out (the attempt goes on:
     * calling {@code connect} again waits for it), or the socket is closed. A refused connection
     * throws {@link java.net.ConnectException}.
     *
     * @param address the peer's address; an unresolved one is resolved here
     * @throws IOException if the name cannot be resolved, the connection is refused or times out,
     *     or the socket is closed
     */
    public void connect(InetSocketAddress address) throws IOException {
        Sneaky.checkNotNull("address", address);
        ensureOpen();
        InetSocketAddress a = Sockets.resolve(address, family);
        if (channel instanceof DatagramChannel d) {
            d.connect(a);
            return;
        }
        if (channel instanceof ServerSocketChannel) throw new SocketException("Socket is listening");
        SocketChannel ch = (SocketChannel) channel;
        if (ch == null) {
            ch = SocketChannel.open(family.protocol);
            try {
                configure(ch);
                applyOptions(ch, false);
                if (bindAddress != null) ch.bind(bindAddress);
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
            channel = ch;
        }
        if (ch.isConnected()) throw new SocketException("Socket is already connected");
        if (!ch.isConnectionPending()) {
            try {
                if (ch.connect(a)) return;
            } catch (UnsupportedAddressTypeException e) {
                throw new SocketException("Address family not supported by protocol: " + a + " on an " + family + " socket");
            }
        }
        if (timeoutNanos == 0) throw new BlockingIOException("Operation now in progress");
        long deadline = deadline();
        while (!ch.finishConnect()) await(SelectionKey.OP_CONNECT, deadline, "connect");
    }

    /**
     * {@link #connect(InetSocketAddress)} to {@code host} and {@code port}.
     *
     * @param host a host name or literal address
     * @param port the peer's port, 0 to 65535
     * @throws IOException if the name cannot be resolved, the connection is refused or times out,
     *     or the socket is closed
     */
    public void connect(String host, int port) throws IOException {
        connect(Sockets.unresolved(host, port, family));
    }

    // ---- receiving -------------------------------------------------------------------------

    /**
     * Receives up to {@code max} bytes: gevent's {@code recv}. Returns what arrived (at least one
     * byte), or an empty array at end of stream, as Python does. On a UDP socket, one datagram
     * (truncated to {@code max}).
     *
     * <p>Blocks until data or end of stream arrives, the socket's timeout expires
     * ({@link SocketTimeoutException}), the greenlet is killed or times out, or the socket is
     * closed ({@link SocketException}). A reset connection throws {@link SocketException}.
     */
    public byte[] recv(int max) throws IOException {
        if (max < 0) throw new IllegalArgumentException("negative buffersize in recv: " + max);
        byte[] b = new byte[max];
        int n = recvInto(ByteBuffer.wrap(b));
        return n == max ? b : Arrays.copyOf(b, n);
    }

    /** {@link #recvInto(ByteBuffer)} into {@code b}; returns the count, 0 at end of stream. */
    public int recvInto(byte[] b) throws IOException {
        return recvInto(ByteBuffer.wrap(b));
    }

    /** {@link #recvInto(ByteBuffer)} into {@code b[off..off+len)}; returns the count, 0 at end of stream. */
    public int recvInto(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        return recvInto(ByteBuffer.wrap(b, off, len));
    }

    /**
     * Receives into {@code dst}'s remaining space (advancing its position): gevent's
     * {@code recv_into}. Returns the number of bytes received: at least one, or 0 at end of
     * stream (Python's convention; a Java stream would say -1) or when {@code dst} is full. Blocks
     * like {@link #recv}.
     */
    public int recvInto(ByteBuffer dst) throws IOException {
        Sneaky.checkNotNull("buffer", dst);
        ensureOpen();
        if (!dst.hasRemaining()) return 0;
        IoWatcher w = watcher;
        if (drained && timeoutNanos != 0 && w != null && !w.readableSeen() && channel instanceof SocketChannel
                && w.loop.inLoop()) {
            // The last read emptied the kernel's buffer: a read now would most likely find nothing
            // (a request-response peer has not answered yet) and cost a system call for it. The
            // readiness interest stays armed, so data that came meanwhile is reported at once.
            await(SelectionKey.OP_READ, deadline(), "recv");
        }
        while (true) {
            int want = dst.remaining();
            int n = switch (channel) {
                case SocketChannel s -> {
                    int r = s.read(dst);
                    drained = r > 0 && r < want;
                    if (drained && w != null) w.clearReadableSeen();
                    yield r;
                }
                case DatagramChannel d -> {
                    int before = dst.position();
                    yield d.receive(dst) == null ? 0 : Math.max(1, dst.position() - before);
                }
                case null, default -> throw notConnected();
            };
            if (n > 0) return n;
            if (n < 0) return 0;
            await(SelectionKey.OP_READ, deadline(), "recv");
        }
    }

    /**
     * Receives one datagram of up to {@code max} bytes (the rest is dropped) and its sender:
     * gevent's {@code recvfrom}. On a TCP socket, received bytes and the peer's address. Blocks
     * like {@link #recv}.
     *
     * @param max the most bytes to take, not negative
     * @return the data (empty at end of stream on TCP) and the sender's address
     * @throws IOException as {@link #recv} throws it
     */
    public Datagram recvFrom(int max) throws IOException {
        if (max < 0) throw new IllegalArgumentException("negative buffersize in recvfrom: " + max);
        if (!(channel instanceof DatagramChannel)) return new Datagram(recv(max), remoteAddress());
        ByteBuffer buf = ByteBuffer.allocate(max);
        InetSocketAddress from = recvFromInto(buf);
        return new Datagram(Arrays.copyOf(buf.array(), buf.position()), from);
    }

    /**
     * Receives one datagram into {@code dst} (advancing its position; what does not fit is
     * dropped) and returns its sender: gevent's {@code recvfrom_into}. Blocks like {@link #recv}.
     *
     * @param dst the buffer to fill from its position; not null
     * @return the sender's address (on TCP, the peer's)
     * @throws IOException as {@link #recv} throws it
     */
    public InetSocketAddress recvFromInto(ByteBuffer dst) throws IOException {
        Sneaky.checkNotNull("buffer", dst);
        ensureOpen();
        if (!(channel instanceof DatagramChannel d)) {
            recvInto(dst);
            return remoteAddress();
        }
        while (true) {
            InetSocketAddress from = (InetSocketAddress) d.receive(dst);
            if (from != null) return from;
            await(SelectionKey.OP_READ, deadline(), "recvfrom");
        }
    }

    // ---- sending ---------------------------------------------------------------------------

    /**
     * Sends as much of {@code data} as the socket takes now (at least one byte, waiting if it
     * takes none) and returns how much: gevent's {@code send}. Use {@link #sendAll} to send all.
     *
     * <p>Blocks until the socket can take data, the socket's timeout expires
     * ({@link SocketTimeoutException}), the greenlet is killed or times out (nothing was sent), or
     * the socket is closed ({@link SocketException}). A peer that has gone away throws
     * {@link IOException} ("Broken pipe" or "Connection reset").
     */
    public int send(byte[] data) throws IOException {
        return send(ByteBuffer.wrap(data));
    }

    /** {@link #send(byte[])} of {@code data[off..off+len)}. */
    public int send(byte[] data, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, data.length);
        return send(ByteBuffer.wrap(data, off, len));
    }

    /** {@link #send(byte[])} of {@code src}'s remaining bytes, advancing its position. */
    public int send(ByteBuffer src) throws IOException {
        Sneaky.checkNotNull("data", src);
        ensureOpen();
        if (!src.hasRemaining()) return 0;
        while (true) {
            int n = write(src);
            if (n > 0) return n;
            await(SelectionKey.OP_WRITE, deadline(), "send");
        }
    }

    /**
     * Sends all of {@code data}: gevent's {@code sendall}. Blocks like {@link #send}, but the
     * socket's timeout bounds the whole call. If a timeout, kill or error ends it early, an
     * unknown prefix of the data has been sent.
     */
    public void sendAll(byte[] data) throws IOException {
        sendAll(ByteBuffer.wrap(data));
    }

    /** {@link #sendAll(byte[])} of {@code data[off..off+len)}. */
    public void sendAll(byte[] data, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, data.length);
        sendAll(ByteBuffer.wrap(data, off, len));
    }

    /** {@link #sendAll(byte[])} of {@code src}'s remaining bytes, advancing its position. */
    public void sendAll(ByteBuffer src) throws IOException {
        Sneaky.checkNotNull("data", src);
        ensureOpen();
        long deadline = Long.MIN_VALUE;
        while (src.hasRemaining()) {
            if (write(src) > 0) continue;
            if (deadline == Long.MIN_VALUE) deadline = deadline();
            await(SelectionKey.OP_WRITE, deadline, "sendall");
        }
    }

    /**
     * Sends {@code data} as one datagram to {@code address} and returns its length: gevent's
     * {@code sendto}. UDP only. Blocks (rarely) while the socket's send buffer is full, like
     * {@link #send}.
     *
     * @param data the datagram's bytes; not null
     * @param address the destination; an unresolved one is resolved here
     * @return {@code data.length}: a datagram is sent whole
     * @throws IOException if the socket is not UDP, the address is of another family, or the
     *     socket is closed
     */
    public int sendTo(byte[] data, InetSocketAddress address) throws IOException {
        Sneaky.checkNotNull("data", data);
        Sneaky.checkNotNull("address", address);
        ensureOpen();
        if (!(channel instanceof DatagramChannel d)) throw new SocketException("sendto needs a " + Type.DGRAM + " socket, this is " + type);
        InetSocketAddress a = Sockets.resolve(address, family);
        ByteBuffer src = ByteBuffer.wrap(data);
        while (true) {
            int n;
            try {
                n = d.send(src, a);
            } catch (UnsupportedAddressTypeException e) {
                throw new SocketException("Address family not supported by protocol: " + a + " on an " + family + " socket");
            }
            if (n > 0 || data.length == 0) return n;
            await(SelectionKey.OP_WRITE, deadline(), "sendto");
        }
    }

    private int write(ByteBuffer src) throws IOException {
        return switch (channel) {
            case SocketChannel s -> s.write(src);
            case DatagramChannel d -> {
                if (!d.isConnected()) throw new SocketException("Destination address required (use sendTo)");
                yield d.write(src);
            }
            case null, default -> throw notConnected();
        };
    }

    // ---- closing ---------------------------------------------------------------------------

    /**
     * Shuts down one or both directions of a connection: gevent's {@code shutdown}, with
     * {@link #SHUT_RD}, {@link #SHUT_WR} or {@link #SHUT_RDWR}. The socket stays open (close it
     * still). A greenlet blocked reading then sees end of stream; one blocked writing gets the
     * write's {@link IOException}.
     */
    public void shutdown(int how) throws IOException {
        if (how < SHUT_RD || how > SHUT_RDWR) throw new IllegalArgumentException("shutdown: how must be SHUT_RD, SHUT_WR or SHUT_RDWR: " + how);
        ensureOpen();
        if (!(channel instanceof SocketChannel s) || !s.isConnected()) throw notConnected();
        if (how != SHUT_WR) s.shutdownInput();
        if (how != SHUT_RD) s.shutdownOutput();
        IoWatcher w = watcher;
        if (w != null && w.loop.inLoop()) {
            w.wake((how != SHUT_WR ? SelectionKey.OP_READ : 0) | (how != SHUT_RD ? SelectionKey.OP_WRITE : 0));
        }
    }

    /**
     * Closes the socket; a second close does nothing. A greenlet blocked on it, in any hub or
     * thread, wakes with {@link SocketException} "File descriptor was closed in another
     * greenlet". Never blocks.
     */
    @Override
    public void close() throws IOException {
        if (closed) return;
        closed = true;
        IoWatcher w = watcher;
        if (w != null) w.markClosed();
        SelectableChannel ch = channel;
        if (ch != null) ch.close();
        if (w != null) w.released();
    }

    /** Whether {@link #close()} was called (gevent's {@code closed}). */
    public boolean isClosed() {
        return closed;
    }

    // ---- streams ---------------------------------------------------------------------------

    /**
     * An {@link InputStream} reading this socket cooperatively, for Java code that wants streams:
     * {@code read} blocks like {@link #recvInto}, returns -1 at end of stream and throws
     * {@link SocketTimeoutException} when the socket's timeout expires. Closing the stream closes
     * the socket, as {@code java.net.Socket}'s streams do. The same object on every call.
     */
    public synchronized InputStream getInputStream() throws IOException {
        ensureOpen();
        if (in == null) in = SocketStreams.input(this, this::recvInto);
        return in;
    }

    /**
     * An {@link OutputStream} writing this socket cooperatively: {@code write} sends everything
     * like {@link #sendAll}. Unbuffered; {@code flush} does nothing. Closing the stream closes the
     * socket, as {@code java.net.Socket}'s streams do. The same object on every call.
     */
    public synchronized OutputStream getOutputStream() throws IOException {
        ensureOpen();
        if (out == null) out = SocketStreams.output(this, (b, off, len) -> sendAll(ByteBuffer.wrap(b, off, len)));
        return out;
    }

    // ---- waiting ---------------------------------------------------------------------------

    /** This socket's watcher on the current hub, registered on first use. */
    IoWatcher watcher() throws IOException {
        IoWatcher w = watcher;
        if (w == null) {
            SelectableChannel ch = channel;
            if (ch == null) throw notConnected();
            synchronized (this) {
                w = watcher;
                if (w == null) watcher = w = IoWatcher.of(ch);
            }
            if (closed) {
                w.markClosed();
                w.released();
            }
        }
        return w;
    }

    private long deadline() {
        return timeoutNanos < 0 ? Loop.FOREVER : Loop.current().deadlineAfterNanos(timeoutNanos);
    }

    /** Waits for {@code op}, or throws as the socket's timeout says. */
    private void await(int op, long deadline, String what) throws IOException {
        if (timeoutNanos == 0) throw new BlockingIOException("Resource temporarily unavailable (" + what + " would block)");
        if (!watcher().await(op, deadline)) throw new SocketTimeoutException("timed out");
    }

    /** Used by {@link Sockets#waitRead} and {@link Sockets#waitWrite}: waits with an explicit deadline. */
    boolean awaitUntil(int op, long deadline) throws IOException {
        ensureOpen();
        boolean ready = watcher().await(op, deadline);
        if (ready && (op & SelectionKey.OP_READ) != 0) drained = false; // readable now: the next read goes straight in
        return ready;
    }

    private void ensureOpen() throws SocketException {
        if (closed) throw new SocketException("Socket is closed");
    }

    private static SocketException notConnected() {
        return new SocketException("Socket is not connected");
    }

    private static void configure(SelectableChannel ch) throws IOException {
        ch.configureBlocking(false);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void applyOptions(NetworkChannel ch, boolean listening) throws IOException {
        if (options == null) return;
        var supported = ch.supportedOptions();
        Map<SocketOption<?>, Object> passOn = listening ? new LinkedHashMap<>() : null;
        for (Map.Entry<SocketOption<?>, Object> e : options.entrySet()) {
            if (supported.contains(e.getKey())) {
                ch.setOption((SocketOption) e.getKey(), e.getValue());
            } else if (listening) {
                passOn.put(e.getKey(), e.getValue());
            }
        }
        if (listening) options = passOn.isEmpty() ? null : passOn;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("<gevent4j.socket.Socket");
        if (closed) b.append(" [closed]");
        b.append(" family=").append(family).append(" type=").append(type);
        SelectableChannel ch = channel;
        if (!closed && ch != null) {
            try {
                b.append(" laddr=").append(((NetworkChannel) ch).getLocalAddress());
                InetSocketAddress r = remoteAddress();
                if (r != null) b.append(" raddr=").append(r);
            } catch (IOException ignored) {
                // closed meanwhile
            }
        }
        return b.append('>').toString();
    }

    /** The options a TCP socket takes, connected or listening (found once, on two throwaway channels). */
    private static final class StreamOptions {
        static final java.util.Set<SocketOption<?>> SUPPORTED = find();

        private static java.util.Set<SocketOption<?>> find() {
            java.util.Set<SocketOption<?>> all = new java.util.HashSet<>();
            try (SocketChannel c = SocketChannel.open(); ServerSocketChannel s = ServerSocketChannel.open()) {
                all.addAll(c.supportedOptions());
                all.addAll(s.supportedOptions());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot open a socket to list its options", e);
            }
            return java.util.Set.copyOf(all);
        }
    }

    // Visible to Sockets.
    static InetAddress wildcard(Family f) throws UnknownHostException {
        return InetAddress.getByName(f == Family.INET ? "0.0.0.0" : "::");
    }
}
