package org.gevent4j.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Arrays;
import org.gevent4j.internal.Sneaky;
import org.gevent4j.lock.Lock;
import org.gevent4j.socket.Socket;

/**
 * A UDP server: gevent's {@code gevent.server.DatagramServer}. It receives datagrams on a bound
 * socket and runs a handler for each in a greenlet of its own, with the data and the sender's
 * address; a handler answers with {@link #sendTo}.
 *
 * {@snippet lang=java :
 * DatagramServer[] server = new DatagramServer[1];
 * server[0] = new DatagramServer(new InetSocketAddress("127.0.0.1", 0),
 *         (data, addr) -> server[0].sendTo(data, addr)); // echo
 * server[0].serveForever();
 * }
 *
 * <p>Lifecycle, pools, {@code max_accept} and the back-off after receive errors are those of
 * {@link StreamServer} (see {@link BaseServer}). An exception from a handler is reported through
 * {@link org.gevent4j.Hub#handleError}; the server goes on.
 *
 * <p>Differs from gevent: a datagram of any size up to 65,507 bytes reaches the handler whole
 * (gevent reads 8,192 bytes and drops the rest).
 */
public final class DatagramServer extends BaseServer<DatagramServer> {
    /** Handles one datagram. */
    @FunctionalInterface
    public interface Handler {
        /**
         * Handles {@code data} (the whole datagram, the handler's to keep) from {@code address}, in
         * a greenlet of its own; what it throws is reported, and the server goes on.
         *
         * @param data the datagram's bytes, up to 65,535 of them; never null
         * @param address the sender's address, where {@link DatagramServer#sendTo} can reply
         * @throws Exception anything: it is reported through the hub, and the server goes on
         */
        void handle(byte[] data, InetSocketAddress address) throws Exception;
    }

    private static final int MAX_DATAGRAM = 65_535;

    private final Handler handler;
    /** gevent's _writelock: greenlets sending at once would otherwise wait on the socket together. */
    private final Lock writeLock = new Lock();
    /** Reused by the reader: only the reader greenlet touches it. */
    private ByteBuffer buffer;

    /**
     * A server that will bind a UDP socket to {@code address} (port 0: any free port) once {@link #start started}.
     *
     * @param address the local address to receive on; not null
     * @param handler called in a new greenlet for each datagram; not null
     */
    public DatagramServer(InetSocketAddress address, Handler handler) {
        super(Sneaky.checkNotNull("address", address), null);
        this.handler = Sneaky.checkNotNull("handler", handler);
    }

    /**
     * A server receiving on {@code socket}, a bound UDP socket. The server owns it from now on and
     * closes it on stop.
     *
     * @param socket a bound, open UDP socket; not null
     * @param handler called in a new greenlet for each datagram; not null
     * @throws IllegalArgumentException if {@code socket} is not an open UDP socket
     */
    public DatagramServer(Socket socket, Handler handler) {
        super(null, checkUdp(socket));
        this.handler = Sneaky.checkNotNull("handler", handler);
        try {
            this.address = socket.localAddress();
        } catch (IOException e) {
            throw new IllegalArgumentException("the socket must be open: " + socket, e);
        }
    }

    /**
     * Sends {@code data} as one datagram to {@code address}: gevent's {@code sendto}. Greenlets
     * sending at once take turns. On a {@link #hubs(org.gevent4j.HubGroup) group of hubs} it
     * sends from the socket of the caller's hub (a handler's), else from the first hub's.
     *
     * <p>Blocks (rarely) while the socket's send buffer is full; a kill or {@code Timeout} of the
     * caller is raised from here, before anything is sent.
     *
     * @param data the datagram's bytes; not null
     * @param address the destination; not null
     * @return {@code data.length}: a datagram is sent whole
     * @throws SocketException if the server is not started or was stopped
     * @throws IOException if the datagram cannot be sent (too large, unreachable)
     */
    public int sendTo(byte[] data, InetSocketAddress address) throws IOException {
        Sneaky.checkNotNull("data", data);
        Sneaky.checkNotNull("address", address);
        java.util.List<BaseServer<?>> shards = shards();
        if (!shards.isEmpty()) return shardOfThisHub(shards).sendTo(data, address);
        Socket s = socket;
        if (s == null) throw new SocketException("the server is not started: " + this);
        writeLock.acquire();
        try {
            return s.sendTo(data, address);
        } finally {
            writeLock.release();
        }
    }

    /** On a group of hubs: the shard of the caller's hub (a socket belongs to one hub), else the first. */
    private DatagramServer shardOfThisHub(java.util.List<BaseServer<?>> shards) {
        java.util.List<org.gevent4j.Hub> hubs = hubs().hubs();
        org.gevent4j.Hub here = org.gevent4j.Hub.current();
        for (int i = 0; i < shards.size(); i++) {
            if (hubs.get(i) == here) return (DatagramServer) shards.get(i);
        }
        return (DatagramServer) shards.getFirst();
    }

    @Override
    BaseServer<?> shard(InetSocketAddress address) {
        return new DatagramServer(address, handler);
    }

    @Override
    Socket openListener(InetSocketAddress address) throws IOException {
        return openBound(address, Socket.Type.DGRAM, -1, reusePort());
    }

    @Override
    Object read(Socket listener) throws IOException {
        ByteBuffer b = buffer;
        if (b == null) buffer = b = ByteBuffer.allocate(MAX_DATAGRAM);
        b.clear();
        InetSocketAddress from = listener.recvFromInto(b);
        return new Socket.Datagram(Arrays.copyOf(b.array(), b.position()), from);
    }

    @Override
    HandlerGreenlet handlerFor(Object item) {
        Socket.Datagram d = (Socket.Datagram) item;
        Handler h = handler;
        return new HandlerGreenlet() {
            @Override
            protected Void run() throws Exception {
                runHandler(() -> h.handle(d.data(), d.address()));
                return null;
            }

            @Override
            void discard() {}

            @Override
            protected String formatInfo() {
                return "datagram from " + d.address();
            }
        };
    }

    private static Socket checkUdp(Socket socket) {
        Sneaky.checkNotNull("socket", socket);
        if (!(socket.channel() instanceof DatagramChannel) || socket.isClosed()) {
            throw new IllegalArgumentException("the socket must be an open UDP socket: " + socket);
        }
        return socket;
    }
}
