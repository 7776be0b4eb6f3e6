package org.gevent4j.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;
import org.gevent4j.Hub;
import org.gevent4j.HubGroup;
import org.gevent4j.event.Event;
import org.gevent4j.server.StreamServer;
import org.gevent4j.socket.Socket;
import org.gevent4j.ssl.SslSocket;

/**
 * An HTTP/1.1 server for the JDK's {@link HttpHandler}s: gevent's {@code pywsgi.WSGIServer}
 * with a Java face. Each connection is a greenlet of the hub that started the server (or, with
 * {@link Builder#hubs}, of one hub of a {@link HubGroup}: docs/scaling.md), and each request runs
 * in its connection's greenlet, so a handler is plain blocking code.
 *
 * {@snippet lang=java :
 * try (HttpServer server = HttpServer.builder()
 *         .address(new InetSocketAddress("127.0.0.1", 8080))
 *         .context("/", exchange -> {
 *             byte[] body = "Hello, World!".getBytes();
 *             exchange.getResponseHeaders().set("Content-Type", "text/plain");
 *             exchange.sendResponseHeaders(200, body.length);
 *             exchange.getResponseBody().write(body);
 *             exchange.close();
 *         })
 *         .build()) {
 *     server.serveForever();
 * }
 * }
 *
 * <h2>Protocol</h2>
 * HTTP/1.1 (RFC 9110/9112): keep-alive (1.1 by default, 1.0 when asked), pipelining with
 * responses in order, chunked request and response bodies, bounded trailers never merged into
 * the headers, a lazy {@code 100 Continue} (sent when the handler first reads the body, never
 * after the final status), {@code Date}, the HEAD/1xx/204/304 body rules,
 * {@code Connection: close} either way, absolute-form targets, {@code OPTIONS *}, and an
 * {@code Upgrade} that a handler accepts through {@link Upgraded} (other Upgrade headers, such
 * as {@code h2c}, are ignored). A body the
 * handler left unread is drained up to 64 KiB; beyond that the connection is closed lingering
 * (half-closed, the client's bytes discarded for up to 2 s) so that the client reads the response
 * instead of a reset. Headers and the start of the body leave in one write, with
 * {@code TCP_NODELAY} set.
 *
 * <h2>Strict framing</h2>
 * Where a request's framing is decided the server refuses rather than guesses, and closes the
 * connection after the answer: Content-Length and Transfer-Encoding together, two
 * Content-Lengths (even equal) or a malformed one, a bare CR, obs-fold or whitespace before a
 * field, a space before the colon, control characters in a field, HTTP/1.1 without Host, two
 * Hosts → 400; a Transfer-Encoding other than {@code chunked} → 501; HTTP/2+ → 505; a chunk
 * line without CR LF, a chunk size over 15 hex digits or an extension over 4 KiB → 400. A bare
 * LF ends a head line (RFC 9112 allows it) but not a chunk line. Empty lines before the request
 * line are skipped; any other leading byte is a 400.
 *
 * <h2>Limits and timeouts</h2>
 * Defaults (all set through the {@link Builder}): request line 8 KiB → 414; header line,
 * section and count 8 KiB / 64 KiB / 100 → 431; body unlimited, or the {@link Builder#maxBody}
 * → 413; the whole request head within 15 s of its first byte (of the accept, for a connection's
 * first request) → 408; 30 s idle between requests → silent close; body reads and writes fail
 * after 30 s without progress (408 / the connection is dropped); TLS handshake 10 s. There is
 * no connection cap but the optional {@link Builder#pool pool} bound.
 *
 * <h2>Blocking, in a handler</h2>
 * A handler runs in its connection's greenlet, so everything it does blocks only that greenlet
 * (cooperatively; the hub serves the other connections meanwhile):
 * <ul>
 * <li>reading the request body waits for the client: up to the body-read timeout without
 *     progress, then an {@code IOException} (the client gets a 408 if nothing was sent yet);
 *     a body that is malformed or over the limit is an {@code IOException} too (400, 413);</li>
 * <li>{@code sendResponseHeaders} and writing the body block only when the connection's 8 KiB
 *     buffer must go out (and for a response without a body, whose head leaves at once), up to
 *     the write timeout without progress, then an {@code IOException};</li>
 * <li>a kill or {@link org.gevent4j.Timeout} that lands in a handler (say around a slow
 *     database call) propagates out of it like in any greenlet: the connection is then closed,
 *     with whatever part of the response had left; the server serves on.</li>
 * </ul>
 * With an {@link Builder#executor executor}, the same holds on the executor's thread, whose
 * socket operations are performed by the connection's greenlet while the thread waits.
 *
 * <h2>Errors and logs</h2>
 * A handler's exception goes to the error log; the client gets a 500 if nothing was sent yet,
 * else the connection is closed; the server goes on serving. The access log (on by default, to
 * {@code System.err}) writes NCSA combined lines plus the duration in microseconds, off the hub
 * through a bounded queue that drops (and counts) lines rather than slow the server.
 *
 * <h2>Differences from pywsgi and the JDK server</h2>
 * <ul>
 * <li>pywsgi unfolds obs-fold, lets Transfer-Encoding win over Content-Length and never closes
 *     idle keep-alive connections; here they are 400, 400, and closed after 30 s.</li>
 * <li>The JDK server sends {@code 100 Continue} before the handler runs; here it is sent on the
 *     first read of the body. A handler that returns without a response gets a 500 here (the JDK
 *     leaves the exchange open). The JDK caps idle connections at 200; here there is no cap.</li>
 * <li>The JDK tolerates CR LF + space in response header values (obs-fold); here any CR or LF
 *     in a response header is an {@link IllegalArgumentException}, before anything is written.</li>
 * <li>A HEAD response keeps the Content-Length the handler declared (RFC 9110 §9.3.2); the
 *     JDK sends none. Error pages (400, 404, 501...) are plain text with other words than the
 *     JDK's HTML ones; the statuses are the same (checked by a differential test).</li>
 * <li>{@link com.sun.net.httpserver.HttpExchange#getAttribute} reads the exchange's own attributes, then the context's
 *     (the JDK shares the context's map for both).</li>
 * </ul>
 */
public final class HttpServer implements AutoCloseable {
    /** How long {@link #close()} lets in-flight exchanges finish. */
    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(1);

    final Limits limits;
    final Contexts contexts = new Contexts();
    final Context notFound;
    volatile Executor executor;
    private final AccessLog accessLog;
    private final BiConsumer<String, Throwable> errorLog;
    volatile SSLContext tls;
    volatile BiConsumer<SSLParameters, InetSocketAddress> tlsParameters;
    /** Created for the SPI as an HttpsServer: its face is the JDK's HttpsServer even before a configurator is set. */
    private boolean httpsFace;
    private final int poolSize;
    private final int backlog;
    private final boolean reusePort;
    private final Duration idleDrain;
    private Socket listener;
    private InetSocketAddress address;
    private volatile boolean draining;
    /** The connections of each hub serving; each set is touched only on its own hub. */
    private final java.util.Map<Hub, Set<Connection>> connections = new java.util.concurrent.ConcurrentHashMap<>();
    /** The hubs to serve on (Builder.hubs), or null: the hub that calls start(). */
    private final HubGroup group;
    /** The hubs connections may live on (set by start()). */
    private volatile List<Hub> serving;
    /** One per hub with SO_REUSEPORT on a group, else one (relaying to the group's hubs if it has one). */
    private List<StreamServer> shards;
    /** On a group: the hub that started the server, held open until the drain ends. */
    private org.gevent4j.internal.Loop home;
    private final Event stopRequested = new Event();
    private final Event stopped = new Event();
    private volatile Duration stopTimeout = DEFAULT_STOP_TIMEOUT;
    private volatile boolean started;
    private com.sun.net.httpserver.HttpServer jdkView;

    private HttpServer(Builder b) throws IOException {
        this.limits = b.limits;
        this.executor = b.executor;
        this.accessLog = b.accessLog == null ? null : new AccessLog(b.accessLog, 8192);
        this.errorLog = b.errorLog;
        this.tls = b.tls;
        Consumer<SSLParameters> tp = b.tlsParameters;
        this.tlsParameters = tp == null ? null : (p, remote) -> tp.accept(p);
        this.poolSize = b.poolSize;
        this.backlog = b.backlog;
        this.reusePort = b.reusePort;
        this.idleDrain = b.idleDrain;
        this.group = b.group;
        this.notFound = new Context(this, "", null);
        for (Builder.Ctx c : b.contexts) {
            Context ctx = new Context(this, c.path(), c.handler());
            ctx.getFilters().addAll(c.filters());
            contexts.add(ctx);
        }
        if (b.socket != null) {
            listener = b.socket;
            address = listener.localAddress();
        } else if (b.address != null) {
            bind(b.address, b.backlog);
        }
    }

    /**
     * A builder; see its methods for every knob and its default.
     *
     * @return a new builder with every default: unbound, no context, access log to {@code System.err}
     */
    public static Builder builder() {
        return new Builder();
    }

    // ---- contexts ----------------------------------------------------------------------------

    /**
     * Adds a context at any time: requests whose path starts with {@code path} (the longest such
     * path wins) go to {@code handler}. Returns it, for filters, an authenticator and attributes.
     *
     * @param path the path prefix, starting with {@code /}
     * @param handler the handler of the requests under {@code path}
     * @return the new context, live at once
     *
     * @throws IllegalArgumentException if {@code path} does not start with {@code /} or is taken
     */
    public HttpContext createContext(String path, HttpHandler handler) {
        Context c = new Context(this, checkPath(path), handler);
        contexts.add(c);
        return c;
    }

    /**
     * Removes the context at {@code path}; exchanges already running in it finish.
     *
     * @param path the context's path exactly as created, starting with {@code /}
     * @throws IllegalArgumentException if {@code path} does not start with {@code /}
     */
    public void removeContext(String path) {
        contexts.remove(checkPath(path));
    }

    /**
     * Removes {@code context}; exchanges already running in it finish.
     *
     * @param context a context this server's {@link #createContext} or builder made
     * @throws IllegalArgumentException if {@code context} is not (or no longer) one of this server's
     */
    public void removeContext(HttpContext context) {
        if (!(context instanceof Context c) || !contexts.remove(c)) throw new IllegalArgumentException("not a context of this server: " + context);
    }

    private static String checkPath(String path) {
        Objects.requireNonNull(path, "path");
        if (!path.startsWith("/")) throw new IllegalArgumentException("path must start with /: " + path);
        return path;
    }

    // ---- lifecycle ---------------------------------------------------------------------------

    /**
     * The address the server listens on (port 0 resolved), or null before it is bound.
     *
     * @return the bound local address with its actual port; null while unbound
     */
    public InetSocketAddress address() {
        return address;
    }

    /**
     * Whether connections are TLS.
     *
     * @return true if the builder was given a TLS context ({@link Builder#tls})
     */
    public boolean secure() {
        return tls != null;
    }

    /**
     * Access-log lines dropped because the log's queue was full (or its sink failed).
     *
     * @return the count since the server was built; 0 without an access log
     */
    public long droppedLogLines() {
        return accessLog == null ? 0 : accessLog.dropped();
    }

    /** Binds an unbound server (the JDK's {@code bind}). */
    synchronized void bind(InetSocketAddress addr, int backlogSize) throws IOException {
        if (listener != null) throw new java.net.BindException("HttpServer already bound");
        InetSocketAddress a = addr.isUnresolved() ? new InetSocketAddress(addr.getHostString(), addr.getPort()) : addr;
        Socket s = listen(a, backlogSize);
        listener = s;
        address = s.localAddress();
    }

    /** Whether each hub of the group gets a listener of its own (else one listener relays to them). */
    private boolean listenerPerHub() {
        return group != null && StreamServer.reusePortSupported() && !RELAY_FOR_TESTING;
    }

    /** Tests force the one-listener relay where SO_REUSEPORT exists. */
    static boolean RELAY_FOR_TESTING;

    private Socket listen(InetSocketAddress a, int backlogSize) throws IOException {
        Socket s = new Socket(a.getAddress() instanceof Inet4Address ? Socket.Family.INET : Socket.Family.INET6, Socket.Type.STREAM);
        try {
            s.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            s.setOption(StandardSocketOptions.TCP_NODELAY, true); // passed on to accepted sockets
            if (reusePort || listenerPerHub()) s.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            s.bind(a);
            s.listen(backlogSize > 0 ? backlogSize : 1024);
            return s;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /**
     * Starts accepting in a greenlet of the current hub and returns at once; connections are
     * served whenever the caller blocks cooperatively (or, for a platform thread, waits in a
     * gevent4j call). Use {@link #serveForever()} to block.
     *
     * <p>On a {@link Builder#hubs group of hubs}, starts accepting on each of them (one listener
     * per hub with {@code SO_REUSEPORT}, started one after the other, the caller waiting
     * cooperatively) and returns once all accept.
     *
     * @throws IOException if a listener for another hub cannot be bound
     * @throws IllegalStateException if the server is unbound, started already, or stopped
     */
    public void start() throws IOException {
        synchronized (this) {
            if (listener == null) throw new IllegalStateException("server not bound");
            if (started) throw new IllegalStateException("server already started");
            started = true;
        }
        Hub here = Hub.current();
        List<StreamServer> made = new java.util.ArrayList<>();
        if (listenerPerHub()) {
            serving = group.hubs();
            try {
                for (Hub h : serving) {
                    StreamServer s = new StreamServer(made.isEmpty() ? listener : listen(address, backlog), this::connection);
                    if (poolSize > 0) s.spawn(poolSize);
                    made.add(s);
                    group.spawnOn(h, (org.gevent4j.ThrowingRunnable) s::start).get();
                }
            } catch (IOException | RuntimeException | Error e) {
                // Stopped on their hubs, so that no acceptor takes its closed listener for a failure.
                for (int i = 0; i < made.size(); i++) {
                    StreamServer s = made.get(i);
                    group.spawnOn(serving.get(i), () -> s.stop(Duration.ZERO)).join();
                }
                closeListener();
                Throwable cause = e instanceof java.util.concurrent.CompletionException c && c.getCause() != null ? c.getCause() : e;
                if (cause instanceof IOException io) throw io;
                throw e;
            }
        } else {
            StreamServer s = new StreamServer(listener, this::connection);
            if (poolSize > 0) s.spawn(poolSize);
            if (group != null) s.hubs(group); // relays each connection to the least busy hub
            serving = group != null ? group.hubs() : List.of(here);
            s.start();
            made.add(s);
        }
        shards = List.copyOf(made);
        if (group != null) {
            // Nothing of the server is left on this hub to keep it from LoopExit while it serves
            // on the group's: its stop controller (and a serveForever) wait here until the drain.
            home = org.gevent4j.internal.Strand.current().loop;
            home.ref();
        }
        Greenlet<Void> controller = Gevent.spawn(() -> {
            stopRequested.await();
            drain(stopTimeout);
        });
        controller.setName("HttpServer stop " + address);
    }

    /**
     * Starts the server if needed and blocks until it is stopped, cooperatively: the calling
     * greenlet (or a platform thread, whose hub serves meanwhile) waits until {@link #stop}
     * has drained every connection. A kill or Timeout of the caller starts a stop with the
     * {@link #DEFAULT_STOP_TIMEOUT} (the drain goes on in the server's own greenlet) and propagates.
     *
     * @throws IOException if the server was not started and starting it fails
     * @throws IllegalStateException if the server is unbound
     */
    public void serveForever() throws IOException {
        if (!started) start();
        try {
            stopped.await();
        } finally {
            if (!stopped.isSet()) {
                stopTimeout = DEFAULT_STOP_TIMEOUT;
                stopRequested.set();
            }
        }
    }

    /**
     * Graceful drain (docs/http.md, graceful drain), from any thread or hub: closes the listener, closes idle
     * keep-alive connections at once (or, with a {@link Builder#idleDrain} grace, answers their
     * next request with {@code Connection: close} and closes those still idle at its end), lets in-flight exchanges finish (their responses carry
     * {@code Connection: close} and no further pipelined request is read), runs the
     * {@link Upgraded#onStop} callbacks of upgraded connections, and at {@code timeout} kills what
     * remains (upgraded connections included) and closes its connections.
     *
     * <p>Blocks until every connection is closed: cooperatively in a greenlet, the hub running
     * meanwhile. Called from one of the server's own handlers it returns at once (a handler cannot
     * wait for itself). A kill or Timeout of the caller ends the wait; the drain goes on. Calling
     * it again only waits again. An unstarted server just closes its listener.
     *
     * @param timeout how long in-flight exchanges and upgraded connections may run on before they
     *     are killed; not null ({@link Duration#ZERO}: kill at once)
     */
    public void stop(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        synchronized (this) {
            if (!started) {
                started = true;
                closeListener();
                stopped.set();
                return;
            }
        }
        if (!stopRequested.isSet()) {
            stopTimeout = timeout;
            stopRequested.set();
        }
        if (isOwnHandler()) return;
        stopped.await();
    }

    /** {@link #stop(Duration)} with the {@link #DEFAULT_STOP_TIMEOUT}. */
    @Override
    public void close() {
        stop(DEFAULT_STOP_TIMEOUT);
    }

    boolean draining() {
        return draining;
    }

    private boolean isOwnHandler() {
        Greenlet<?> g = Gevent.getCurrent();
        // A hub's connection set belongs to that hub: only its own greenlets look at it.
        if (g == null) return false;
        Set<Connection> mine = connections.get(g.hub());
        if (mine == null) return false;
        for (Connection c : List.copyOf(mine)) {
            if (c.greenlet == g) return true;
        }
        return false;
    }

    /** The connections of the current hub (only its own greenlets may touch the set). */
    private Set<Connection> connectionsHere() {
        return connections.computeIfAbsent(Hub.current(), h -> new HashSet<>());
    }

    /** Runs {@code step} on each hub serving, one after the other, waiting cooperatively. */
    private void onEachHub(org.gevent4j.ThrowingRunnable step) {
        Hub here = Hub.current();
        for (Hub h : serving) {
            if (h == here) {
                Gevent.spawn(step).get(); // a greenlet, as on the other hubs: a failure is reported, not thrown here
            } else if (!group.closed()) {
                group.spawnOn(h, step).join();
            }
        }
    }

    /** On the hub that started the server: the steps of §5.3, on every hub serving. */
    private void drain(Duration timeout) {
        // The listeners close before any response says Connection: close: a client told to
        // reconnect must find the port's other listeners (a rolling restart), not this one's
        // accept queue, which Linux resets when the listener closes.
        for (StreamServer s : shards) s.stopAccepting();
        draining = true;
        List<Greenlet<?>> idleClosers = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        onEachHub(() -> {
            Set<Connection> mine = connectionsHere();
            if (idleDrain.isZero()) {
                closeIdle(mine);
            } else {
                // A keep-alive client that sends its next request just as its idle connection closes
                // sees a reset; left open, that request is answered with Connection: close instead.
                idleClosers.add(Gevent.spawnLater(idleDrain, () -> closeIdle(mine)));
            }
            // Upgraded connections never end by themselves: tell their handlers first (a WebSocket's 1001).
            for (Connection c : List.copyOf(mine)) {
                if (c.upgraded != null) c.upgraded.notifyStop();
            }
        });
        // Closes each listener, waits, kills what remains: every hub's at once.
        List<StreamServer> all = shards;
        if (all.size() == 1) {
            all.getFirst().stop(timeout);
        } else {
            List<Greenlet<?>> stopping = new java.util.ArrayList<>();
            for (int i = 0; i < all.size(); i++) {
                StreamServer s = all.get(i);
                if (!group.closed()) stopping.add(group.spawnOn(serving.get(i), () -> s.stop(timeout)));
            }
            Gevent.joinAll(stopping);
        }
        Gevent.killAll(List.copyOf(idleClosers));
        onEachHub(() -> {
            for (Connection c : List.copyOf(connectionsHere())) c.transport.close();
        });
        if (accessLog != null) accessLog.close();
        stopped.set();
        if (home != null) home.unref();
    }

    private static void closeIdle(Set<Connection> connections) {
        for (Connection c : List.copyOf(connections)) {
            if (c.idle) c.transport.close();
        }
    }

    private void closeListener() {
        try {
            if (listener != null) listener.close();
        } catch (IOException ignored) {
            // closing a listener does not fail on Linux
        }
    }

    /** One connection's greenlet (the StreamServer's handler): TLS handshake, then the HTTP loop. */
    private void connection(Socket sock, InetSocketAddress remote) throws IOException {
        sock.setOption(StandardSocketOptions.TCP_NODELAY, true);
        SslSocket ssl = null;
        SSLContext context = tls;
        if (context == null && httpsFace) return; // an HttpsServer without a configurator: nothing to serve with
        if (context != null) {
            ssl = SslSocket.wrap(sock, context, false, null);
            SSLEngine engine = ssl.engine();
            SSLParameters p = engine.getSSLParameters();
            p.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
            p.setApplicationProtocols(new String[] {"http/1.1"});
            var configure = tlsParameters;
            if (configure != null) configure.accept(p, remote);
            if (p.getApplicationProtocols().length == 0) p.setApplicationProtocols(new String[] {"http/1.1"});
            engine.setSSLParameters(p);
            // One bound for the whole handshake: a client trickling it byte by byte is a slowloris too.
            org.gevent4j.Timeout bound = org.gevent4j.Timeout.start(limits.handshake());
            try {
                ssl.doHandshake();
            } catch (IOException e) {
                return; // a failed handshake: nothing to answer
            } catch (org.gevent4j.Timeout t) {
                if (t != bound) throw t;
                return; // a slow one: nothing to answer either
            } finally {
                bound.close();
            }
        }
        Connection c = new Connection(this, new Transport(ssl == null ? sock : ssl, remote));
        c.greenlet = Gevent.getCurrent();
        Set<Connection> mine = connectionsHere();
        mine.add(c);
        try {
            c.serve();
        } finally {
            mine.remove(c);
            c.transport.close();
        }
    }

    // ---- logs --------------------------------------------------------------------------------

    void log(ExchangeImpl x, long bytes) {
        if (accessLog == null) return;
        var h = x.head.headers;
        accessLog.log(x.conn.transport.remote, x.principal == null ? null : x.principal.getUsername(), x.head.line, x.code,
                bytes, h.getFirst("Referer"), h.getFirst("User-Agent"), (System.nanoTime() - x.startNanos) / 1000);
    }

    void logRefused(InetSocketAddress remote, RequestHead head, int status, long bytes) {
        if (accessLog == null) return;
        accessLog.log(remote, null, head == null ? null : head.line, status, bytes, null, null, 0);
    }

    void error(String context, Throwable t) {
        if (errorLog != null) errorLog.accept(context, t);
    }

    // ---- the JDK face ------------------------------------------------------------------------

    /** This server as the JDK's {@code HttpServer} (or {@code HttpsServer}): what the SPI hands out. */
    synchronized com.sun.net.httpserver.HttpServer asJdkServer() {
        if (jdkView == null) jdkView = tls == null && !httpsFace ? new JdkServer(this) : new JdkHttpsServer(this);
        return jdkView;
    }

    /**
     * A server as the JDK's {@code HttpServer}, bound to {@code address} unless it is null, with
     * no access log: what {@link org.gevent4j.http.spi.GeventHttpServerProvider} returns. Code
     * written for the JDK gets it from {@code com.sun.net.httpserver.HttpServer.create} once
     * gevent4j is on the module or class path.
     *
     * @param address the address to bind; null to leave the server unbound (bind it later)
     * @param backlog the listen backlog; 0 or less for 1024
     * @return the server, not started
     * @throws IOException if the address cannot be bound
     */
    public static com.sun.net.httpserver.HttpServer createJdkServer(InetSocketAddress address, int backlog) throws IOException {
        HttpServer s = spiBuilder().build();
        if (address != null) s.bind(address, backlog);
        return s.asJdkServer();
    }

    /**
     * {@link #createJdkServer} for HTTPS: serves once given an {@code HttpsConfigurator}.
     *
     * @param address the address to bind; null to leave the server unbound (bind it later)
     * @param backlog the listen backlog; 0 or less for 1024
     * @return the server, not started
     * @throws IOException if the address cannot be bound
     */
    public static com.sun.net.httpserver.HttpsServer createJdkHttpsServer(InetSocketAddress address, int backlog) throws IOException {
        HttpServer s = spiBuilder().build();
        s.httpsFace = true;
        if (address != null) s.bind(address, backlog);
        return (com.sun.net.httpserver.HttpsServer) s.asJdkServer();
    }

    /**
     * SPI mode: no access log, errors to {@code System.Logger}, and the JDK server's
     * {@code sun.net.httpserver.maxReqHeaderSize} / {@code maxReqHeaders} properties honoured
     * when set (they bound the header section and the field count).
     */
    private static Builder spiBuilder() {
        Builder b = builder().accessLog(null).errorLog(HttpServer::systemLog);
        Integer size = Integer.getInteger("sun.net.httpserver.maxReqHeaderSize");
        Integer count = Integer.getInteger("sun.net.httpserver.maxReqHeaders");
        if ((size != null && size > 0) || (count != null && count > 0)) {
            Limits l = Limits.DEFAULTS;
            int section = size != null && size > 0 ? size : l.headerSection();
            b.headerLimits(Math.min(l.headerLine(), section), section, count != null && count > 0 ? count : l.headerCount());
        }
        return b;
    }

    private static void systemLog(String context, Throwable t) {
        System.getLogger("org.gevent4j.http").log(System.Logger.Level.WARNING, context, t);
    }

    @Override
    public String toString() {
        return "HttpServer[" + (tls == null ? "http://" : "https://") + address + "]";
    }

    // ---- builder -----------------------------------------------------------------------------

    /**
     * Configures an {@link HttpServer}. Every limit and timeout has the default the class javadoc
     * lists. Not thread-safe; {@link #build()} may be called once per server wanted.
     */
    public static final class Builder {
        record Ctx(String path, HttpHandler handler, List<Filter> filters) {}

        private InetSocketAddress address;
        private Socket socket;
        private final java.util.ArrayList<Ctx> contexts = new java.util.ArrayList<>();
        private Limits limits = Limits.DEFAULTS;
        private Executor executor;
        private Consumer<String> accessLog = System.err::println;
        private BiConsumer<String, Throwable> errorLog = (context, t) -> {
            System.err.println(context);
            t.printStackTrace();
        };
        private SSLContext tls;
        private Consumer<SSLParameters> tlsParameters;
        private int poolSize;
        private int backlog = 1024;
        private boolean reusePort;
        private Duration idleDrain = Duration.ZERO;
        private HubGroup group;

        private Builder() {}

        /**
         * Serves on every hub of {@code group} (null: on the hub that calls {@link HttpServer#start},
         * the default): where the platform has {@code SO_REUSEPORT}, each hub gets a listener of its
         * own on the address and the kernel spreads connections over them; elsewhere one listener
         * hands each connection to the hub serving the fewest. A connection, its requests and its
         * handler stay on one hub. {@link #pool} then bounds each hub's connections separately;
         * {@link HttpServer#stop} drains every hub. The group must outlive the server.
         *
         * @param group the hubs to serve on; null for the starting hub only
         * @return this builder
         */
        public Builder hubs(HubGroup group) {
            this.group = group;
            return this;
        }

        /**
         * Listen on {@code address} (port 0: a free port; {@link HttpServer#address()} tells which), bound at {@link #build()}.
         *
         * @param address the local address; not null; an unresolved one is resolved at {@link #build()}
         * @return this builder
         */
        public Builder address(InetSocketAddress address) {
            this.address = Objects.requireNonNull(address, "address");
            return this;
        }

        /**
         * Listen on an already bound and listening socket instead of an address.
         *
         * @param listening the listening socket; not null; the server closes it when it stops
         * @return this builder
         */
        public Builder socket(Socket listening) {
            this.socket = Objects.requireNonNull(listening, "listening");
            return this;
        }

        /**
         * The listen backlog for an address (1024).
         *
         * @param backlog the most connections the kernel queues before they are accepted; positive
         * @return this builder
         * @throws IllegalArgumentException if {@code backlog} is not positive
         */
        public Builder backlog(int backlog) {
            this.backlog = positive("backlog", backlog);
            return this;
        }

        /**
         * Sets {@code SO_REUSEPORT} on the listener bound for {@link #address} (off by default):
         * another process (or server) with the option set may then listen on the same address, and
         * the kernel spreads new connections over all of them. This is the rolling restart of
         * docs/scaling.md: the new process binds, the old one {@link HttpServer#stop stops}. Every
         * listener sharing the port must set it. Ignored for a {@link #socket} given ready-made.
         *
         * @param on true to set {@code SO_REUSEPORT}
         * @return this builder
         * @throws UnsupportedOperationException if {@code on} and the platform has no {@code SO_REUSEPORT} (Windows)
         */
        public Builder reusePort(boolean on) {
            if (on && !StreamServer.reusePortSupported()) {
                throw new UnsupportedOperationException("SO_REUSEPORT is not supported on " + System.getProperty("os.name"));
            }
            this.reusePort = on;
            return this;
        }

        /**
         * How long a {@link HttpServer#stop stop} leaves a keep-alive connection that is between
         * requests open for one more request, answered with {@code Connection: close} (default
         * zero: idle connections are closed at once, as HTTP-NOTES' graceful drain and Go's
         * {@code Shutdown} do). A client that sends a request just as its idle connection closes
         * gets a reset, and clients that do not retry (wrk, many load balancers' health checks)
         * count it as a failure; with a grace of a second or so every such client is told to
         * reconnect instead, and reconnects to the process that now holds the port. Connections
         * still idle at the end of the grace are closed; the stop's timeout still bounds it all.
         *
         * @param grace how long idle connections stay open for one last request; not negative
         * @return this builder
         * @throws IllegalArgumentException if {@code grace} is negative
         */
        public Builder idleDrain(Duration grace) {
            Objects.requireNonNull(grace, "grace");
            if (grace.isNegative()) throw new IllegalArgumentException("idle drain must not be negative: " + grace);
            this.idleDrain = grace;
            return this;
        }

        /**
         * Adds a context: requests under {@code path} go through {@code filters} to {@code handler}.
         *
         * @param path the path prefix, starting with {@code /}; the longest matching prefix wins
         * @param handler the handler of the requests under {@code path}; not null
         * @param filters run in order before {@code handler}; none for none
         * @return this builder
         * @throws IllegalArgumentException if {@code path} does not start with {@code /}
         */
        public Builder context(String path, HttpHandler handler, Filter... filters) {
            contexts.add(new Ctx(checkPath(path), Objects.requireNonNull(handler, "handler"), List.of(filters)));
            return this;
        }

        /**
         * At most {@code size} connections served at once; more wait in the listen backlog. Default: no bound.
         *
         * @param size the most connections open at once (per hub with {@link #hubs}); positive
         * @return this builder
         * @throws IllegalArgumentException if {@code size} is not positive
         */
        public Builder pool(int size) {
            this.poolSize = positive("pool size", size);
            return this;
        }

        /**
         * Runs exchanges on {@code executor} instead of in the connection's greenlet (null: the
         * greenlet). The exchange's socket operations still happen in the connection's greenlet,
         * which waits for the executor's thread meanwhile.
         *
         * @param executor runs each exchange's handler; null to run it in the connection's greenlet
         * @return this builder
         */
        public Builder executor(Executor executor) {
            this.executor = executor;
            return this;
        }

        /**
         * Serve HTTPS (TLS 1.2 and 1.3, ALPN {@code http/1.1}).
         *
         * @param context holds the server's key and certificate; not null
         * @return this builder
         */
        public Builder tls(SSLContext context) {
            this.tls = Objects.requireNonNull(context, "context");
            return this;
        }

        /**
         * Adjusts each connection's TLS parameters (protocols, ciphers, client auth, SNI matchers) before its handshake.
         *
         * @param configure changes the parameters in place; null to keep the defaults
         * @return this builder
         */
        public Builder tlsParameters(Consumer<SSLParameters> configure) {
            this.tlsParameters = configure;
            return this;
        }

        /**
         * Request line limit (8 KiB) → 414.
         *
         * @param bytes the longest request line accepted; positive
         * @return this builder
         * @throws IllegalArgumentException if {@code bytes} is not positive
         */
        public Builder requestLineLimit(int bytes) {
            limits = with(limits, positive("request line limit", bytes), -1, -1, -1);
            return this;
        }

        /**
         * Header line, section and count limits (8 KiB, 64 KiB, 100) → 431.
         *
         * @param lineBytes the longest header field line accepted; positive
         * @param sectionBytes the largest header section (all fields) accepted; positive
         * @param count the most header fields accepted; positive
         * @return this builder
         * @throws IllegalArgumentException if any is not positive
         */
        public Builder headerLimits(int lineBytes, int sectionBytes, int count) {
            limits = with(limits, -1, positive("header line", lineBytes), positive("header section", sectionBytes), positive("header count", count));
            return this;
        }

        /**
         * Request body limit (none: -1) → 413 and close.
         *
         * @param bytes the largest request body accepted; negative for no limit
         * @return this builder
         */
        public Builder maxBody(long bytes) {
            Limits l = limits;
            limits = new Limits(l.requestLine(), l.headerLine(), l.headerSection(), l.headerCount(), bytes < 0 ? -1 : bytes,
                    l.chunkExtension(), l.drain(), l.head(), l.idle(), l.bodyRead(), l.write(), l.handshake(), l.linger());
            return this;
        }

        /**
         * Timeouts: the whole request head (15 s) → 408; idle keep-alive between requests (30 s)
         * → silent close; a body read and a write without progress (30 s each); TLS handshake (10 s).
         *
         * @param head the longest time to receive a whole request head; positive
         * @param idle the longest wait for the next request on a keep-alive connection; positive
         * @param bodyRead the longest a request body read may go without progress; positive
         * @param write the longest a response write may go without progress; positive
         * @param handshake the longest a TLS handshake may take; positive
         * @return this builder
         * @throws IllegalArgumentException if any is null, zero or negative
         */
        public Builder timeouts(Duration head, Duration idle, Duration bodyRead, Duration write, Duration handshake) {
            Limits l = limits;
            limits = new Limits(l.requestLine(), l.headerLine(), l.headerSection(), l.headerCount(), l.maxBody(),
                    l.chunkExtension(), l.drain(), positive(head), positive(idle), positive(bodyRead), positive(write),
                    positive(handshake), l.linger());
            return this;
        }

        /**
         * Send access-log lines to {@code sink} (default {@code System.err}); null: no access log.
         *
         * @param sink takes each line, off the hub (lines are dropped, and counted by
         *     {@link HttpServer#droppedLogLines()}, when it falls behind); null for no access log
         * @return this builder
         */
        public Builder accessLog(Consumer<String> sink) {
            this.accessLog = sink;
            return this;
        }

        /**
         * Send handler failures to {@code sink} (default: {@code System.err} with the stack trace); null: drop them.
         *
         * @param sink takes a description of where it failed and the exception; null to drop them
         * @return this builder
         */
        public Builder errorLog(BiConsumer<String, Throwable> sink) {
            this.errorLog = sink;
            return this;
        }

        /**
         * The server, bound if given an address.
         *
         * @return a new server, not started ({@link HttpServer#start})
         *
         * @throws IOException if the address cannot be bound
         */
        public HttpServer build() throws IOException {
            return new HttpServer(this);
        }

        private static Limits with(Limits l, int line, int hLine, int section, int count) {
            return new Limits(line < 0 ? l.requestLine() : line, hLine < 0 ? l.headerLine() : hLine,
                    section < 0 ? l.headerSection() : section, count < 0 ? l.headerCount() : count, l.maxBody(),
                    l.chunkExtension(), l.drain(), l.head(), l.idle(), l.bodyRead(), l.write(), l.handshake(), l.linger());
        }

        private static int positive(String what, int n) {
            if (n < 1) throw new IllegalArgumentException(what + " must be positive: " + n);
            return n;
        }

        private static Duration positive(Duration d) {
            if (d == null || d.isNegative() || d.isZero()) throw new IllegalArgumentException("timeout must be positive: " + d);
            return d;
        }
    }
}
