package org.gevent4j.resolver;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.gevent4j.internal.Loop;
import org.gevent4j.internal.Timer;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;
import org.xbill.DNS.WireParseException;

/*
 * Implementation overview.
 *
 * dnsjava's own transport (NioClient) runs a selector thread of its own, checks timeouts only
 * when that selector has been idle for a second, and its close() leaves the thread waiting
 * forever (it joins itself; dnsjava 3.6.4). Its pluggable IoClientFactory lives in a package its
 * module does not export. So the wire exchange is ours, as c-ares's sockets live in gevent's loop:
 * each query is an Exchange whose channel is registered with the hub's own selector and whose
 * attempt deadline is a hub timer. No thread is started; every step of an exchange runs on the
 * carrier of the hub that sent it (a greenlet of it, a selector callback, a timer). dnsjava's
 * LookupSession is kept for what it does well: search path, ndots, /etc/hosts, CNAME chains,
 * the optional cache. Its follow-up queries are sent from our completions, hence on the carrier.
 *
 * Attempts: servers in order, tries times round (resolv.conf's "attempts"), each with the full
 * timeout; UDP first, TCP to the same server when the answer is truncated or the query too big.
 * A datagram that is not the answer (wrong id or question, garbage) is ignored, as c-ares does.
 */
/** A dnsjava {@link org.xbill.DNS.Resolver} that exchanges messages on the calling hub's selector. */
final class HubTransport implements org.xbill.DNS.Resolver {
    private static final int UDP_LIMIT = 512; // no EDNS: a classic UDP message

    private final List<InetSocketAddress> servers;
    private final Duration timeout;
    private final int tries;
    private final Set<Exchange> inflight = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    HubTransport(List<InetSocketAddress> servers, Duration timeout, int tries) {
        this.servers = List.copyOf(servers);
        this.timeout = timeout;
        this.tries = tries;
    }

    @Override
    public CompletionStage<Message> sendAsync(Message query, Executor ignored) {
        CompletableFuture<Message> f = new CompletableFuture<>();
        Loop loop = Loop.current();
        Exchange x = new Exchange(loop, query, f);
        if (loop.inLoop()) x.start();
        else loop.execute(x::start);
        return f;
    }

    /** Number of exchanges not yet finished (for tests). */
    int inflight() {
        return inflight.size();
    }

    /** Fails every unfinished exchange on its own hub; later queries fail at once. */
    void close() {
        closed = true;
        for (Exchange x : inflight) x.loop.execute(() -> x.finish(null, new IOException("resolver closed")));
    }

    private final class Exchange extends Timer implements Loop.IoHandler {
        final Loop loop;
        final Message query;
        final CompletableFuture<Message> result;
        byte[] wire;
        int attempt;
        boolean tcp;
        SelectableChannel channel;
        SelectionKey key;
        ByteBuffer tcpOut;
        final ByteBuffer tcpLength = ByteBuffer.allocate(2);
        ByteBuffer tcpIn;
        IOException lastError;
        boolean done;

        Exchange(Loop loop, Message query, CompletableFuture<Message> result) {
            this.loop = loop;
            this.query = query;
            this.result = result;
        }

        void start() {
            inflight.add(this);
            loop.ioWaiting(+1); // an answer may come: the waiting greenlet is not deadlocked
            if (closed) {
                finish(null, new IOException("resolver closed"));
                return;
            }
            wire = query.toWire(Message.MAXLENGTH);
            attempt();
        }

        private InetSocketAddress server() {
            return servers.get(attempt % servers.size());
        }

        private void attempt() {
            tcp = wire.length > UDP_LIMIT;
            open();
        }

        private void open() {
            InetSocketAddress server = server();
            try {
                if (tcp) {
                    SocketChannel ch = SocketChannel.open();
                    channel = ch;
                    ch.configureBlocking(false);
                    tcpOut = ByteBuffer.allocate(2 + wire.length).putShort((short) wire.length).put(wire).flip();
                    tcpLength.clear();
                    tcpIn = null;
                    boolean connected = ch.connect(server);
                    key = loop.register(ch, this);
                    key.interestOps(connected ? SelectionKey.OP_WRITE : SelectionKey.OP_CONNECT);
                } else {
                    DatagramChannel ch = DatagramChannel.open();
                    channel = ch;
                    ch.configureBlocking(false);
                    ch.connect(server);
                    if (ch.write(ByteBuffer.wrap(wire)) != wire.length) throw new IOException("UDP send buffer full");
                    key = loop.register(ch, this);
                    key.interestOps(SelectionKey.OP_READ);
                }
            } catch (IOException e) {
                failed(e);
                return;
            }
            loop.schedule(this, loop.deadlineAfter(timeout));
        }

        @Override
        public void ready(SelectionKey k) {
            if (done || k != key) return;
            try {
                if (tcp) tcpReady(k);
                else udpReady();
            } catch (IOException e) {
                failed(e);
            }
        }

        private void udpReady() throws IOException {
            DatagramChannel ch = (DatagramChannel) channel;
            ByteBuffer buf = ByteBuffer.allocate(65535);
            while (!done && ch.read(buf.clear()) > 0) { // PortUnreachableException: the server is down
                Message m = parse(buf.flip());
                if (m == null) continue;
                if (m.getHeader().getFlag(Flags.TC)) {
                    // Truncated: ask the same server again over TCP, with a fresh deadline.
                    loop.cancel(this);
                    closeChannel();
                    tcp = true;
                    open();
                    return;
                }
                finish(m, null);
            }
        }

        private void tcpReady(SelectionKey k) throws IOException {
            SocketChannel ch = (SocketChannel) channel;
            if (k.isConnectable()) {
                ch.finishConnect();
                k.interestOps(SelectionKey.OP_WRITE);
                return;
            }
            if (k.isWritable()) {
                ch.write(tcpOut);
                if (!tcpOut.hasRemaining()) k.interestOps(SelectionKey.OP_READ);
                return;
            }
            if (!k.isReadable()) return;
            ByteBuffer into = tcpIn == null ? tcpLength : tcpIn;
            if (ch.read(into) < 0) throw new EOFException("DNS server " + server() + " closed the TCP connection");
            if (tcpIn == null && !tcpLength.hasRemaining()) {
                tcpIn = ByteBuffer.allocate(tcpLength.flip().getShort() & 0xFFFF);
                ch.read(tcpIn);
            }
            if (tcpIn != null && !tcpIn.hasRemaining()) {
                Message m = parse(tcpIn.flip());
                if (m == null) throw new WireParseException("DNS server " + server() + " sent a TCP reply that is not the answer");
                finish(m, null);
            }
        }

        /** The answer in {@code b}, or null if it is anything else (spoofed, stale, garbage). */
        private Message parse(ByteBuffer b) {
            if (b.remaining() < 12 || (b.getShort(b.position()) & 0xFFFF) != query.getHeader().getID()) return null;
            Message m;
            try {
                m = new Message(b);
            } catch (IOException e) {
                return null;
            }
            Record q = query.getQuestion();
            Record a = m.getQuestion();
            if (a == null || !a.getName().equals(q.getName()) || a.getType() != q.getType()
                    || a.getDClass() != q.getDClass()) {
                return null;
            }
            return m;
        }

        /** The attempt's deadline passed. */
        @Override
        protected void fire() {
            if (done) return;
            closeChannel();
            lastError = new SocketTimeoutException("no answer from " + server() + " within " + timeout.toMillis() + " ms");
            next();
        }

        private void failed(IOException e) {
            loop.cancel(this);
            closeChannel();
            lastError = e;
            next();
        }

        private void next() {
            if (++attempt < tries * servers.size() && !closed) {
                attempt();
                return;
            }
            Record q = query.getQuestion();
            String what = q.getName() + "/" + Type.string(q.getType());
            IOException e = lastError instanceof SocketTimeoutException
                    ? new SocketTimeoutException("DNS query " + what + " timed out: no answer from " + servers + " in "
                            + tries + " tries of " + timeout.toMillis() + " ms")
                    : new IOException("DNS query " + what + " failed: " + lastError, lastError);
            if (e instanceof SocketTimeoutException) e.initCause(lastError);
            finish(null, e);
        }

        void finish(Message m, IOException e) {
            if (done) return;
            done = true;
            loop.cancel(this);
            closeChannel();
            loop.ioWaiting(-1);
            inflight.remove(this);
            if (e != null) result.completeExceptionally(e);
            else result.complete(m);
        }

        private void closeChannel() {
            if (key != null) key.cancel();
            key = null;
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // Nothing more to release.
                }
                channel = null;
            }
        }
    }

    // The knobs below belong to dnsjava's SimpleResolver; the DnsResolver builder sets ours.

    @Override
    public void setPort(int port) {
        throw new UnsupportedOperationException("set servers on DnsResolver.builder()");
    }

    @Override
    public void setTCP(boolean flag) {
        throw new UnsupportedOperationException("TCP is used when a UDP answer is truncated");
    }

    @Override
    public void setIgnoreTruncation(boolean flag) {
        throw new UnsupportedOperationException("truncated answers are retried over TCP");
    }

    @Override
    public void setEDNS(int version, int payloadSize, int flags, List<EDNSOption> options) {
        throw new UnsupportedOperationException("EDNS is not sent");
    }

    @Override
    public void setTSIGKey(TSIG key) {
        throw new UnsupportedOperationException("TSIG is not supported");
    }

    @Override
    public void setTimeout(Duration timeout) {
        throw new UnsupportedOperationException("set the timeout on DnsResolver.builder()");
    }

    @Override
    public Duration getTimeout() {
        return timeout;
    }

    @Override
    public String toString() {
        return "HubTransport" + servers;
    }
}
