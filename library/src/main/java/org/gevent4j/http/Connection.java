package org.gevent4j.http;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import org.gevent4j.Greenlet;
import org.gevent4j.GreenletExit;
import org.gevent4j.internal.InputBuffer;
import org.gevent4j.internal.Loop;

/**
 * One connection's loop, in its greenlet: wait for a request (idle timeout), read its head
 * (one deadline for the whole head), run the handler, finish the response, drain the unread
 * body, and go round again while the connection is kept alive. Pipelined requests wait in the
 * input buffer, so responses leave in order.
 *
 * <p>The drain ({@link HttpServer#stop}) runs on the same hub: it closes a connection while it
 * is {@link #idle} (between requests, nothing buffered) and otherwise lets the exchange finish
 * with {@code Connection: close}; the loop checks {@link HttpServer#draining()} before each request.
 */
final class Connection {
    final HttpServer server;
    final Limits limits;
    final Transport transport;
    final InputBuffer in;
    final ResponseWriter out;
    /** Waiting for the first byte of a request with nothing buffered: the drain may close it. */
    boolean idle;
    /** While reading a head: when it must be complete (System.nanoTime), else 0. */
    private long headDeadline;
    /** Its greenlet, so that stop() called from a handler knows not to wait for itself. */
    Greenlet<?> greenlet;
    /** While an executor runs the exchange: its socket operations, run here (the socket's hub). */
    private volatile Bridge offHub;
    /** Set once a handler upgraded the connection: reads then wait without a timeout. */
    Upgraded upgraded;
    /** The hub of the connection's greenlet: the socket's. */
    private Loop loop;

    /**
     * One exchange's hand-off of socket operations from the executor's thread to this greenlet.
     * Before an upgrade the greenlet runs them itself, one after the other (an HTTP exchange
     * reads, then writes). After it, each runs in a greenlet of its own, so that a read waiting
     * for the peer does not hold back a write (a WebSocket's reader and writer threads).
     * Closed when the greenlet stops serving it (normally, or killed by the drain): operations
     * queued, running or offered after that fail with an IOException instead of waiting for ever.
     */
    private static final class Bridge {
        final LinkedBlockingQueue<FutureTask<?>> ops = new LinkedBlockingQueue<>();
        /** The operations running in greenlets of their own; touched on the hub only. */
        final Map<FutureTask<?>, Greenlet<?>> running = new HashMap<>();
        volatile boolean closed;

        /** On the hub: runs {@code op} in a new greenlet. */
        void spawn(FutureTask<?> op) {
            Greenlet<Void> g = new Greenlet<>(() -> {
                try {
                    op.run();
                } finally {
                    running.remove(op);
                }
            });
            running.put(op, g);
            g.start();
        }

        /**
         * On the hub: withdraws {@code op} unless it is done. A socket wait that a kill ends has
         * read or written nothing, so the caller loses no byte; one that completed keeps its result.
         */
        void withdraw(FutureTask<?> op, boolean block) {
            if (op.isDone()) return;
            Greenlet<?> g = running.remove(op);
            op.cancel(false);
            // Blocking: the socket has no reader (or writer) left when the caller's next operation comes.
            if (g != null) g.kill(new GreenletExit(), block, null);
        }

        void close() {
            closed = true;
            for (FutureTask<?> t; (t = ops.poll()) != null; ) t.cancel(false);
            for (FutureTask<?> t : List.copyOf(running.keySet())) withdraw(t, false);
        }
    }

    Connection(HttpServer server, Transport transport) {
        this.server = server;
        this.limits = server.limits;
        this.transport = transport;
        this.in = new InputBuffer(this::read, 1024, 4096, Math.max(limits.requestLine(), limits.headerLine()) + 4096);
        this.out = new ResponseWriter(transport, limits.write());
        transport.connection = this;
        out.pipelined = () -> in.buffered() > 0;
    }

    private int read(byte[] b, int off, int len) throws IOException {
        Duration timeout;
        if (upgraded != null) {
            timeout = null; // a WebSocket may idle for long: only a Timeout, a kill or the drain ends the wait
        } else if (headDeadline != 0) {
            long left = headDeadline - System.nanoTime();
            if (left <= 0) throw new SocketTimeoutException("request head timed out");
            timeout = Duration.ofNanos(left);
        } else {
            timeout = limits.bodyRead();
        }
        return transport.read(b, off, len, timeout);
    }

    /** Serves requests until the connection closes. Kills and Timeouts pass through; the server closes the socket. */
    void serve() throws IOException {
        loop = Loop.current();
        boolean first = true;
        // The first request's head must be complete within the head timeout of the accept (a
        // client that waits, then trickles, is still one slowloris); later ones, of their first byte.
        long firstHeadDeadline = System.nanoTime() + limits.head().toNanos();
        // A connection accepted while the drain began still gets its first request answered
        // (with Connection: close): its client connected before the listener closed.
        while (first || !server.draining()) {
            if (in.buffered() == 0) {
                out.flush(); // responses held back for pipelined requests leave before the wait
                idle = true;
                try {
                    // The first request's head deadline starts at accept (a silent client is a
                    // slowloris); later ones wait up to the idle timeout for their first byte.
                    long idleEnd = first ? firstHeadDeadline : System.nanoTime() + limits.idle().toNanos();
                    if (!awaitRequest(idleEnd)) return;
                } catch (IOException e) {
                    return; // idle timeout, reset, or closed by the drain: a silent close
                } finally {
                    idle = false;
                }
            }
            headDeadline = first ? firstHeadDeadline : System.nanoTime() + limits.head().toNanos();
            RequestHead head;
            try {
                head = HeadParser.parse(in, limits);
            } catch (HttpException e) {
                refuse(e.status, e.getMessage(), null, e.headRequest);
                return;
            } catch (SocketTimeoutException e) {
                refuse(408, "Request Timeout", null, false);
                return;
            } finally {
                headDeadline = 0;
            }
            if (head == null) {
                out.flush();
                return;
            }
            if (limits.maxBody() >= 0 && head.contentLength > limits.maxBody()) {
                refuse(413, "Content Too Large", head, head.isHead());
                return;
            }
            if (!exchange(head)) {
                try {
                    out.flush();
                } catch (IOException ignored) {
                    // the client is gone: nothing left to deliver
                }
                transport.lingeringClose(limits.linger());
                return;
            }
            first = false;
        }
        out.flush(); // the drain began: what is held back for pipelined requests still goes out
    }

    /**
     * Waits for a request's first byte until {@code idleEnd}; false at end of stream. A client
     * that sends nothing for {@link #IDLE_GRACE} (a keep-alive connection between bursts, one of
     * thousands held open) waits on without the connection's buffers: they are given back and
     * allocated again when its next request arrives. Busy connections never pay for that.
     */
    private boolean awaitRequest(long idleEnd) throws IOException {
        long grace = System.nanoTime() + IDLE_GRACE_NANOS;
        if (grace < idleEnd && !transport.secure()) {
            headDeadline = grace;
            try {
                return in.fill();
            } catch (SocketTimeoutException quietForAWhile) {
                in.release();
                out.release();
                long left = idleEnd - System.nanoTime();
                if (left <= 0) throw quietForAWhile;
                transport.awaitReadable(Duration.ofNanos(left));
            }
        }
        headDeadline = idleEnd;
        return in.fill();
    }

    /** How long a connection waits for its next request before it gives its buffers back. */
    static final long IDLE_GRACE_NANOS = Long.getLong("gevent4j.http.idleGraceMillis", 1000) * 1_000_000L;

    /** Runs one exchange; true if the connection stays open for the next request. */
    private boolean exchange(RequestHead head) throws IOException {
        Context ctx = server.contexts.find(path(head));
        if (ctx == null) {
            out.written = 0;
            ExchangeImpl x = new ExchangeImpl(this, head, server.notFound);
            notFound(x);
            boolean keep = x.finish();
            server.log(x, x.bodyBytes());
            return keep;
        }
        ExchangeImpl x = new ExchangeImpl(this, head, ctx);
        out.written = 0;
        Executor executor = server.executor;
        Exception failure = executor == null ? handle(x) : handleOn(executor, x);
        if (x.upgraded != null) {
            // The connection was handed over: it never returns to HTTP, whatever the handler did.
            if (failure != null) server.error("upgraded handler of " + ctx.getPath() + " failed on " + head.line, failure);
            server.log(x, 0);
            out.discard();
            transport.close();
            return false;
        }
        boolean keep;
        if (failure != null) {
            server.error("handler of " + ctx.getPath() + " failed on " + head.line, failure);
            if (x.headersSent && out.written > 0) {
                keep = false; // the response is partly out: only a close tells the client
                out.discard();
            } else {
                x.retract(); // nothing reached the client yet: the 500 replaces what was buffered
                int status = failure instanceof HttpException h ? h.status : 500;
                try {
                    x.sendResponseHeaders(status, -1);
                    x.finish();
                } catch (IOException ignored) {
                    // the connection is broken too: just close it
                }
                keep = false;
            }
        } else {
            try {
                keep = x.finish();
            } catch (IOException e) {
                keep = false;
            }
        }
        server.log(x, x.bodyBytes());
        return keep;
    }

    private static String path(RequestHead head) {
        String p = head.uri.getRawPath();
        return p == null || p.isEmpty() || p.equals("*") ? "/" : head.uri.getPath();
    }

    /** Runs the context's filters, authenticator and handler; the exception they threw, else null. */
    private static Exception handle(ExchangeImpl x) {
        try {
            Context ctx = x.context;
            Authenticator auth = ctx.getAuthenticator();
            List<Filter> filters = ctx.getFilters();
            HttpHandler user = filters.isEmpty() ? ctx.getHandler() : e -> new Filter.Chain(filters, ctx.getHandler()).doFilter(e);
            if (auth == null) user.handle(x.face);
            else new Filter.Chain(List.of(new AuthFilter(auth)), user).doFilter(x.face);
            return null;
        } catch (Exception e) {
            return e;
        }
    }

    /**
     * Runs the exchange on {@code executor} (the SPI's {@code setExecutor}); meanwhile this
     * greenlet performs the exchange's socket operations, which belong to this hub.
     */
    private Exception handleOn(Executor executor, ExchangeImpl x) throws java.io.InterruptedIOException {
        Bridge bridge = new Bridge();
        LinkedBlockingQueue<FutureTask<?>> ops = bridge.ops;
        Exception[] failure = new Exception[1];
        FutureTask<Void> end = new FutureTask<>(() -> null);
        offHub = bridge;
        try {
            executor.execute(() -> {
                try {
                    failure[0] = handle(x);
                } finally {
                    ops.add(end);
                }
            });
            while (true) {
                FutureTask<?> op = ops.take();
                if (op == end) break;
                if (op instanceof Withdrawal w) bridge.withdraw(w.op, true);
                else if (upgraded == null) op.run();
                else bridge.spawn(op);
            }
        } catch (InterruptedException e) {
            // A kill (the drain's, at its deadline) interrupts the wait: let an exception escape so
            // that the greenlet dies of the kill instead of answering for the exchange.
            Thread.currentThread().interrupt();
            var escape = new java.io.InterruptedIOException("killed while the executor ran the exchange");
            escape.initCause(e);
            throw escape;
        } catch (RuntimeException e) {
            return e; // the executor refused the task
        } finally {
            bridge.close(); // kept as offHub: a late operation from the executor fails rather than touch the socket
        }
        return failure[0];
    }

    /**
     * Whether the caller must hand its socket operation to this connection's greenlet: an
     * executor's thread off the socket's hub does. Greenlets of the hub (an {@code onStop}
     * callback, a virtual thread started from a greenlet, which inherits its hub) use the
     * socket themselves.
     */
    boolean offHub() {
        return offHub != null && !loop.inLoop();
    }

    /** A request to withdraw {@link #op}, whose caller was interrupted. */
    private static final class Withdrawal extends FutureTask<Void> {
        final FutureTask<?> op;

        Withdrawal(FutureTask<?> op) {
            super(() -> null);
            this.op = op;
        }
    }

    /**
     * Runs {@code op} in this connection's greenlet (or, after an upgrade, a greenlet of its
     * own) and waits for it; blocks the calling (executor) thread. An interrupt of the caller
     * withdraws an upgraded connection's operation: {@link java.io.InterruptedIOException},
     * nothing read (a write may have sent a prefix), the connection still usable; unless the
     * operation completed meanwhile, whose result is returned (the interrupt status set again).
     */
    <T> T onHub(java.util.concurrent.Callable<T> op) throws IOException {
        Bridge bridge = offHub;
        FutureTask<T> task = new FutureTask<>(op);
        if (bridge.closed) throw new java.net.SocketException("the connection's exchange is over");
        bridge.ops.add(task);
        if (bridge.closed) task.cancel(false); // closed meanwhile: its drain may have missed this task
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    T result = task.get();
                    if (interrupted) Thread.currentThread().interrupt();
                    return result;
                } catch (InterruptedException e) {
                    if (upgraded == null) {
                        Thread.currentThread().interrupt();
                        throw new java.io.InterruptedIOException("interrupted");
                    }
                    if (!interrupted) bridge.ops.add(new Withdrawal(task)); // then wait for the outcome
                    if (bridge.closed) task.cancel(false);
                    interrupted = true;
                }
            }
        } catch (java.util.concurrent.CancellationException e) {
            if (interrupted) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted: the read or write was withdrawn");
            }
            throw new java.net.SocketException("the connection's exchange is over");
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof IOException io) throw io;
            if (e.getCause() instanceof RuntimeException r) throw r;
            // A kill of the operation's greenlet (the drain's): the exchange is over.
            throw new java.net.SocketException("the connection's exchange is over");
        }
    }

    private static void notFound(ExchangeImpl x) throws IOException {
        byte[] msg = "<h1>404 Not Found</h1>No context found for request".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        x.responseHeaders.set("Content-Type", "text/html");
        x.sendResponseHeaders(404, msg.length);
        x.responseBody().write(msg);
    }

    /** Answers a refused request ({@code headRequest}: without the body) and closes, lingering. */
    private void refuse(int status, String message, RequestHead head, boolean headRequest) {
        try {
            out.flush(); // earlier pipelined responses first
            byte[] body = (message + "\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            var h = new com.sun.net.httpserver.Headers();
            h.set("Content-Type", "text/plain");
            h.set("Content-Length", Integer.toString(body.length));
            h.set("Connection", "close");
            h.set("Date", ResponseWriter.date());
            out.written = 0;
            out.head(status, h);
            if (!headRequest) out.write(body, 0, body.length); // a response to HEAD has no body (RFC 9110 §9.3.2)
            out.flush();
            server.logRefused(transport.remote, head, status, headRequest ? 0 : body.length);
        } catch (IOException ignored) {
            // the client is gone; close below
        }
        transport.lingeringClose(limits.linger());
    }
}
