package org.gevent4j.server;

import java.io.IOException;
import java.net.BindException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;
import org.gevent4j.GreenletExit;
import org.gevent4j.Hub;
import org.gevent4j.HubGroup;
import org.gevent4j.ThrowingRunnable;
import org.gevent4j.event.Event;
import org.gevent4j.internal.Sneaky;
import org.gevent4j.pool.Group;
import org.gevent4j.pool.Pool;
import org.gevent4j.socket.Socket;
import org.gevent4j.socket.Sockets;

/*
 * Implementation overview
 *
 * gevent runs its accept loop (_do_read) as an io-watcher callback in the hub. Our hub's carrier
 * must never block, and spawning or waiting for a pool slot can, so the loop runs in one greenlet
 * of its own, the acceptor: it checks the pool, reads one item (accept() or recvfrom(), which park
 * the acceptor while nothing is pending), hands it to a new handler greenlet, and after
 * max_accept items in a row yields once so the handlers run (gevent's one watcher callback per
 * loop iteration). A full pool parks the acceptor in waitAvailable(): nothing is accepted, the
 * kernel's backlog holds the connections, as gevent stops its watcher. An error reading an item
 * (EMFILE, ENFILE, ENOBUFS...) is reported through the hub, then the acceptor sleeps min_delay,
 * doubling to max_delay while errors go on; a success resets the delay.
 *
 * Handlers always belong to a Group (the user's pool, or an unbounded one of the server's own),
 * so that stop() can drain and then kill them whatever the spawn setting.
 *
 * On a HubGroup the server is a front for one shard per hub: servers of the same class and
 * settings, each started on (and owning the listener, the acceptor and the handlers of) its hub,
 * listening on the same port with SO_REUSEPORT, so that the kernel spreads connections and no
 * connection ever crosses a hub. The first shard binds first, so that port 0 picks one port for
 * all. Without SO_REUSEPORT the front listens itself, on the hub that starts it, and each handler
 * greenlet relays its item to a greenlet on the hub running the fewest (the relay joins it, and
 * kills it if the relay is killed, so the front's drain still holds).
 */

/**
 * What {@link StreamServer} and {@link DatagramServer} share: gevent's {@code BaseServer}. The
 * lifecycle ({@link #start}, {@link #serveForever}, {@link #stop(Duration)}, {@link #close}), the
 * spawn policy (a greenlet per item, or a {@link Pool} that pauses reading while full), the
 * accept back-off and {@code max_accept}.
 *
 * @param <S> the concrete server class, which the configuration methods return for chaining
 */
public abstract sealed class BaseServer<S extends BaseServer<S>> implements AutoCloseable permits StreamServer, DatagramServer {
    /** gevent's {@code stop_timeout}: how long {@link #stop()} lets handlers finish. */
    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(1);
    /** gevent's {@code min_delay}: the first pause after a read error. */
    public static final Duration DEFAULT_MIN_DELAY = Duration.ofMillis(10);
    /** gevent's {@code max_delay}: the longest pause after repeated read errors. */
    public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(1);
    /** gevent's {@code max_accept}: items read in a row before the handlers get to run. */
    public static final int DEFAULT_MAX_ACCEPT = 100;

    private final Event stopped = new Event();
    private Group handlers;
    private boolean userPool;
    private int maxAccept = DEFAULT_MAX_ACCEPT;
    private long minDelayNanos = DEFAULT_MIN_DELAY.toNanos(), maxDelayNanos = DEFAULT_MAX_DELAY.toNanos();
    private Duration stopTimeout = DEFAULT_STOP_TIMEOUT;
    private boolean reusePort;
    /** The hubs to serve on (hubs(group)); null: the hub that calls start(). */
    private HubGroup group;
    /** spawn(int)'s size, so that each shard gets a pool of its own. */
    private int poolSize;
    /** With a group and SO_REUSEPORT: one started server per hub, in the group's order. */
    private volatile java.util.List<BaseServer<?>> shards;
    /** With shards: the hub that started them, held open until they stop. */
    private volatile org.gevent4j.internal.Loop home;
    /** With a group and no SO_REUSEPORT: handlers running on each hub of the group (relayed). */
    private java.util.concurrent.atomic.AtomicIntegerArray relayed;
    /** Tests force the relay where SO_REUSEPORT exists. */
    boolean relayForTesting;
    /** The address asked for, then the listener's real one once started. */
    volatile InetSocketAddress address;
    volatile Socket socket;
    private volatile Greenlet<Void> acceptor;
    private volatile boolean closing;
    private volatile boolean everStarted;
    /** The current pause after read errors; only the acceptor touches it. */
    private long delayNanos;

    BaseServer(InetSocketAddress address, Socket listener) {
        if (address == null && listener == null) throw new NullPointerException("address must not be null");
        this.address = address;
        this.socket = listener;
        stopped.set();
    }

    // ---- configuration ---------------------------------------------------------------------

    /**
     * Runs handlers in {@code pool} (gevent's {@code spawn=pool}): a {@link Pool} bounds how many
     * run at once, and while it is full the server reads nothing (connections wait in the
     * listen backlog). Any {@link Group} also works (unbounded). {@link #stop(Duration)} drains and
     * kills the pool's greenlets, including any the caller spawned into it. Before {@link #start}.
     *
     * @param pool the group to spawn handlers into; a {@link Pool} to bound them; not null
     * @return this server
     * @throws IllegalStateException if the server has started
     */
    public S spawn(Group pool) {
        Sneaky.checkNotNull("pool", pool);
        checkNotStarted();
        if (group != null) throw new IllegalStateException("a pool's greenlets belong to one hub; use spawn(int) for a pool per hub: " + this);
        this.poolSize = 0;
        this.handlers = pool;
        this.userPool = true;
        return self();
    }

    /**
     * {@link #spawn(Group)} with a new {@code Pool(size)}: at most {@code size} handlers at once (gevent's {@code spawn=int}).
     *
     * @param size the most handlers running at once (per hub with {@link #hubs(HubGroup)}); at least 1
     * @return this server
     */
    public S spawn(int size) {
        if (size < 1) throw new IllegalArgumentException("pool size must be positive: " + size);
        spawn(new Pool(size));
        this.poolSize = size;
        return self();
    }

    /**
     * Serves on every hub of {@code group} instead of the hub that calls {@link #start}: gevent4j's
     * way to use several cores in one process (gevent has no counterpart). Where the platform has
     * {@code SO_REUSEPORT} (Linux, macOS, the BSDs) each hub gets a listener of its own on the same
     * address, the kernel spreads new connections (or datagrams) over them, and a connection is
     * accepted, handled and closed on one hub, with no cross-hub traffic; {@link #reusePort()} is
     * then implied. Elsewhere one listener on the starting hub accepts and hands each connection to
     * the hub of the group that runs the fewest handlers; so does a server given a listening
     * socket. Either way a handler runs in a greenlet
     * of a group's hub ({@link Hub#current()} is that hub), {@link #stop(Duration)} drains every
     * hub, and {@link #spawn(int)} bounds each hub's handlers separately ({@code size} per hub).
     * Before {@link #start}; not with {@link #spawn(Group)} (a pool's
     * greenlets would span hubs). Never blocks.
     *
     * <p>The group must outlive the server: closing it kills the handlers and stops the hubs.
     *
     * @param group the hubs to serve on; not null, and open as long as the server runs
     * @return this server
     * @throws IllegalStateException if the server has started or has a pool of the caller's
     */
    public S hubs(HubGroup group) {
        Sneaky.checkNotNull("group", group);
        checkNotStarted();
        if (userPool && poolSize == 0) throw new IllegalStateException("a pool's greenlets belong to one hub; use spawn(int) for a pool per hub: " + this);
        this.group = group;
        return self();
    }

    /**
     * The group given to {@link #hubs(HubGroup)}, or null: the server runs on the hub that started it.
     *
     * @return the group, or {@code null}
     */
    public HubGroup hubs() {
        return group;
    }

    /**
     * The most items read in a row before the handlers spawned for them get to run (gevent's
     * {@code max_accept}, 100 by default). Before {@link #start}.
     *
     * @param maxAccept how many items to read in a row; at least 1
     * @return this server
     */
    public S maxAccept(int maxAccept) {
        if (maxAccept < 1) throw new IllegalArgumentException("max_accept must be positive int: " + maxAccept);
        checkNotStarted();
        this.maxAccept = maxAccept;
        return self();
    }

    /**
     * The pause after a read error (out of file descriptors, say): {@code min} at first, doubling
     * while errors go on, up to {@code max} (gevent's {@code min_delay} 0.01 s and
     * {@code max_delay} 1 s). Before {@link #start}.
     *
     * @param min the first pause; not null, not negative
     * @param max the longest pause; not null, not less than {@code min}
     * @return this server
     */
    public S acceptBackoff(Duration min, Duration max) {
        Sneaky.checkTimeout("min", Sneaky.checkNotNull("min", min));
        Sneaky.checkTimeout("max", Sneaky.checkNotNull("max", max));
        if (min.compareTo(max) > 0) throw new IllegalArgumentException("min delay " + min + " exceeds max delay " + max);
        checkNotStarted();
        this.minDelayNanos = Sneaky.toNanos(min);
        this.maxDelayNanos = Sneaky.toNanos(max);
        return self();
    }

    /**
     * Sets {@code SO_REUSEPORT} on the listener the server opens (off by default): other sockets
     * with the option set, in this process or another of the same user, may then listen on the
     * same address, and the kernel spreads new connections (or datagrams) over all of them. This
     * is how a new process takes over a port while the old one drains (docs/scaling.md). Every
     * socket sharing the port must set it, the first one included. Before {@link #start}; not for
     * a server given a socket (set the option on that socket). Never blocks.
     *
     * @param on {@code true} to set {@code SO_REUSEPORT}, {@code false} to leave it off
     * @return this server
     * @throws UnsupportedOperationException if {@code on} and the platform has no
     *     {@code SO_REUSEPORT} (Linux, macOS and the BSDs have it; Windows does not)
     * @throws IllegalStateException if the server has started or was given a socket
     */
    public S reusePort(boolean on) {
        if (on) ReusePort.check();
        if (socket != null) throw new IllegalStateException("set SO_REUSEPORT on the socket given: " + this);
        checkNotStarted();
        this.reusePort = on;
        return self();
    }

    /**
     * Whether listeners can share a port with {@code SO_REUSEPORT} on this platform (Linux, macOS
     * and the BSDs: yes; Windows: no). Never blocks.
     *
     * @return {@code true} if {@link #reusePort(boolean) reusePort(true)} can work here
     */
    public static boolean reusePortSupported() {
        return ReusePort.supported();
    }

    /**
     * Whether the server sets {@code SO_REUSEPORT} on the listener it opens ({@link #reusePort(boolean)}).
     *
     * @return {@code true} if {@link #reusePort(boolean) reusePort(true)} was called
     */
    public boolean reusePort() {
        return reusePort;
    }

    /**
     * How long {@link #stop()} and {@link #serveForever()} let handlers finish before killing them (1 s by default).
     *
     * @param timeout the drain limit; not null, not negative ({@link Duration#ZERO}: kill at once)
     * @return this server
     */
    public S stopTimeout(Duration timeout) {
        this.stopTimeout = Sneaky.checkTimeout("timeout", Sneaky.checkNotNull("timeout", timeout));
        return self();
    }

    /**
     * The group the handlers run in: the pool given to {@link #spawn}, else the server's own
     * (created at start). With {@link #hubs(HubGroup) hubs} and {@code SO_REUSEPORT}, each hub's
     * handlers are in a group of that hub's, and this is null.
     *
     * @return the handlers' group, or {@code null} before start (without a pool) or when sharded
     */
    public Group pool() {
        return handlers;
    }

    // ---- lifecycle -------------------------------------------------------------------------

    /**
     * Opens the listener if the server was given an address (binding it; port 0 picks a free
     * port, which {@link #address()} then reports) and starts reading in a new greenlet of the
     * current hub. Returns at once; the handlers run when the caller next blocks cooperatively.
     *
     * @throws IOException if the address cannot be bound (in use, not local, unresolvable)
     * @throws IllegalStateException if the server is started already, or was closed
     */
    public void start() throws IOException {
        if (group != null && socket == null && !relayForTesting && ReusePort.supported()) {
            startShards();
            return;
        }
        startHere();
    }

    private synchronized void startHere() throws IOException {
        if (!stopped.isSet()) throw new IllegalStateException("already started: " + this);
        if (closing) throw new IllegalStateException("closed: " + this);
        if (group != null) relayed = new java.util.concurrent.atomic.AtomicIntegerArray(group.size());
        if (socket == null) {
            socket = openListener(address);
        }
        try {
            address = socket.localAddress();
            if (handlers == null) handlers = new Group();
            delayNanos = minDelayNanos;
            everStarted = true;
            stopped.clear();
            Greenlet<Void> a = new Greenlet<>(this::serve);
            a.setName(getClass().getSimpleName() + " reader");
            acceptor = a;
            a.start();
        } catch (IOException | RuntimeException | Error e) {
            closeListener();
            throw e;
        }
    }

    /**
     * Starts the server if it has not started, then blocks until it is stopped (by
     * {@link #stop(Duration)} or {@link #close()}, from a handler or another greenlet). If the
     * caller is killed or times out meanwhile, the server is stopped (with the
     * {@link #stopTimeout stop timeout}) before the kill propagates.
     *
     * @throws IOException if starting fails
     */
    public void serveForever() throws IOException {
        if (!everStarted) start();
        try {
            stopped.await();
        } finally {
            // In a greenlet of its own, as gevent's serve_forever does: a killed caller could not
            // wait for the handlers to drain. Again if a handler stopped the server: its stop()
            // could not wait for itself.
            Gevent.spawn(() -> stop(stopTimeout)).join();
        }
    }

    /** {@link #stop(Duration)} with the {@link #stopTimeout stop timeout} (1 s by default). */
    public void stop() {
        stop(stopTimeout);
    }

    /**
     * Stops the server: closes the listener (no new connection or datagram is read), waits up to
     * {@code timeout} ({@code null}: no limit) for the running handlers to finish, then kills
     * those left (waiting up to 1 s more for them to die), and closes the connections of handlers
     * that never ran. A second call only waits again.
     *
     * <p>Blocks cooperatively while handlers drain; a kill or {@code Timeout} of the caller is
     * raised from here (the listener is closed by then).
     *
     * <p>Called from one of the server's own handlers, it closes the listener and returns at once;
     * a new greenlet drains and kills the handlers (the caller among them).
     *
     * <p>Differs from gevent, whose {@code stop} without a pool lets handlers run on: here the
     * server always knows its handlers, and drains and kills them.
     *
     * @param timeout how long handlers may finish before they are killed; {@code null} for no limit
     */
    public void stop(Duration timeout) {
        Sneaky.checkTimeout("timeout", timeout);
        if (shards != null) {
            stopShards(timeout);
            return;
        }
        closeListener();
        Group g = handlers;
        if (g == null) return;
        if (Gevent.getCurrent() instanceof HandlerGreenlet h && g.contains(h)) {
            // A handler cannot wait for itself to finish: drain in a greenlet of its own.
            Gevent.spawn(() -> stop(timeout));
            return;
        }
        if (!g.join(timeout)) {
            java.util.List<Greenlet<?>> left = new java.util.ArrayList<>();
            g.forEach(left::add);
            g.kill(null, true, Duration.ofSeconds(1));
            for (Greenlet<?> h : left) {
                if (h instanceof HandlerGreenlet c) c.discard();
            }
        }
    }

    /**
     * Closes the listener (of every hub, on a {@link #hubs group}) and returns at once: no new
     * connection or datagram is read; the handlers running go on. New connections are then
     * refused by the kernel, or, with {@link #reusePort(boolean) SO_REUSEPORT}, given to the other
     * listeners of the port: the first step of a rolling restart (docs/scaling.md), taken before
     * anything tells a client to reconnect, so that the reconnection finds the new listener.
     * {@link #serveForever} returns (draining the handlers, as {@link #stop()} does); call
     * {@link #stop(Duration)} to drain them with a timeout of your own. Never blocks.
     *
     * <p>Differs from gevent's {@code stop_accepting}, which leaves the listener open (new
     * connections wait in its backlog): closing it is what hands the port over.
     */
    public void stopAccepting() {
        java.util.List<BaseServer<?>> all = shards;
        if (all != null) {
            closing = true;
            for (BaseServer<?> s : all) s.closeListener();
            stopped.set();
        } else {
            closeListener();
        }
    }

    /**
     * Stops the server with the {@link #stopTimeout stop timeout}: {@link #stop()}, so that a
     * server in try-with-resources drains its handlers at the end of the block (gevent's
     * {@code __exit__}).
     */
    @Override
    public void close() {
        stop();
    }

    // ---- on the hubs of a group -------------------------------------------------------------

    /** A new, unstarted server of the same class and settings on {@code address}, for one hub. */
    abstract BaseServer<?> shard(InetSocketAddress address);

    /** Copies what every server has to a shard; each shard's pool is its own. */
    private void configure(BaseServer<?> s) {
        s.reusePort = true;
        s.maxAccept = maxAccept;
        s.minDelayNanos = minDelayNanos;
        s.maxDelayNanos = maxDelayNanos;
        s.stopTimeout = stopTimeout;
        if (poolSize > 0) s.spawn(poolSize);
    }

    /**
     * Starts one shard per hub, one after the other (each on its hub, the caller waiting
     * cooperatively), so that the first binds the port that port 0 picks for all.
     */
    private void startShards() throws IOException {
        synchronized (this) {
            if (!stopped.isSet()) throw new IllegalStateException("already started: " + this);
            if (closing) throw new IllegalStateException("closed: " + this);
            everStarted = true;
            stopped.clear();
        }
        java.util.List<BaseServer<?>> made = new java.util.ArrayList<>();
        InetSocketAddress at = address;
        try {
            for (Hub h : group.hubs()) {
                BaseServer<?> s = shard(at);
                configure(s);
                made.add(s);
                group.spawnOn(h, (ThrowingRunnable) s::start).get();
                at = s.address();
            }
        } catch (RuntimeException | Error e) {
            shards = made;
            stopShards(Duration.ZERO);
            Throwable cause = e instanceof java.util.concurrent.CompletionException c && c.getCause() != null ? c.getCause() : e;
            if (cause instanceof IOException io) throw io;
            throw e;
        }
        address = at;
        socket = made.getFirst().socket;
        // Nothing of the server is left on this hub to keep it from LoopExit while the shards
        // serve: a serveForever here waits until stop(), from whichever hub.
        home = org.gevent4j.internal.Strand.current().loop;
        home.ref();
        shards = java.util.List.copyOf(made);
    }

    /** Stops every shard on its hub, waiting for all; from a handler, in a greenlet of its own. */
    private void stopShards(Duration timeout) {
        closing = true;
        if (Gevent.getCurrent() instanceof HandlerGreenlet && group.contains(Hub.current())) {
            // A handler cannot wait for its own hub's drain, which waits for it.
            Gevent.spawn(() -> stopShards(timeout));
            return;
        }
        java.util.List<BaseServer<?>> all = shards;
        java.util.List<Greenlet<?>> stopping = new java.util.ArrayList<>();
        java.util.List<Hub> hubs = group.hubs();
        for (int i = 0; i < all.size(); i++) {
            BaseServer<?> s = all.get(i);
            if (group.closed()) {
                s.closeListener(); // the hubs are gone, and their handlers with them
            } else {
                stopping.add(group.spawnOn(hubs.get(i), () -> s.stop(timeout)));
            }
        }
        try {
            Gevent.joinAll(stopping);
        } finally {
            stopped.set();
            org.gevent4j.internal.Loop h = home;
            home = null;
            if (h != null) h.unref();
        }
    }

    /** The shards serving on the hubs of the group, in its order (empty unless started on a group with SO_REUSEPORT). */
    java.util.List<BaseServer<?>> shards() {
        java.util.List<BaseServer<?>> s = shards;
        return s == null ? java.util.List.of() : s;
    }

    /**
     * Runs a handler's body: here, or (on a group without SO_REUSEPORT) in a greenlet on the hub
     * of the group running the fewest, which this greenlet joins, and kills if it is killed itself.
     */
    final void runHandler(ThrowingRunnable body) throws Exception {
        java.util.concurrent.atomic.AtomicIntegerArray load = relayed;
        if (load == null) {
            body.run();
            return;
        }
        int best = 0;
        for (int i = 1; i < load.length(); i++) {
            if (load.get(i) < load.get(best)) best = i;
        }
        int hub = best;
        load.incrementAndGet(hub);
        Greenlet<Throwable> there;
        try {
            // The body's exception comes back as a value: reported once, by this greenlet's death.
            there = group.spawnOn(group.hub(hub), () -> {
                try {
                    body.run();
                    return null;
                } catch (Throwable t) {
                    return t;
                } finally {
                    load.decrementAndGet(hub);
                }
            });
        } catch (RuntimeException e) {
            load.decrementAndGet(hub);
            throw e;
        }
        Throwable failed;
        try {
            failed = there.get();
        } finally {
            if (!there.dead()) there.kill(new GreenletExit(), true, Duration.ofSeconds(1));
        }
        if (failed instanceof GreenletExit) return;
        if (failed != null) throw Sneaky.unchecked(failed);
    }

    /**
     * Whether the server is started and not stopped (gevent's {@code started}).
     *
     * @return {@code true} between {@link #start} and the end of {@link #stop(Duration)}
     */
    public boolean started() {
        return !stopped.isSet();
    }

    /**
     * Whether the server was stopped or closed (gevent's {@code closed}).
     *
     * @return {@code true} once stopping or closing has begun; it stays so
     */
    public boolean closed() {
        return closing;
    }

    /**
     * The address the server listens on: after {@link #start}, the listener's real address (the
     * port chosen for port 0); before, the address given (or the listener's).
     *
     * @return the server's address; {@code null} only before start for a server given a socket
     *     that reports none
     */
    public InetSocketAddress address() {
        return address;
    }

    /**
     * The listening socket, once started (or as given); {@code null} before start when made from
     * an address. On a {@link #hubs(HubGroup) group} with {@code SO_REUSEPORT}: the first hub's.
     *
     * @return the listener, or {@code null}
     */
    public Socket socket() {
        return socket;
    }

    /** Closes the listener, stops the reader and wakes {@link #serveForever}; never blocks. */
    private void closeListener() {
        closing = true;
        Socket s = socket;
        try {
            if (s != null) s.close();
        } catch (IOException e) {
            Hub.current().handleError(this, e);
        }
        Greenlet<Void> a = acceptor;
        acceptor = null;
        if (a != null && Gevent.getCurrent() != a) a.kill(new GreenletExit(), false, null);
        stopped.set();
    }

    @SuppressWarnings("unchecked")
    private S self() {
        return (S) this;
    }

    void checkNotStarted() {
        if (everStarted) throw new IllegalStateException("configure the server before start(): " + this);
    }

    // ---- the reader ------------------------------------------------------------------------

    /** Opens, binds (and for TCP listens on) a socket for {@code address}. */
    abstract Socket openListener(InetSocketAddress address) throws IOException;

    /**
     * A socket of {@code type} with SO_REUSEADDR (and SO_REUSEPORT if asked) bound to {@code address}, listening with
     * {@code backlog} if that is not negative. A host name goes through the hub's resolver (never
     * blocking the hub); a bind error names the address, as gevent's does ("Address already in use:
     * /127.0.0.1:80"). The socket is closed if anything fails.
     */
    static Socket openBound(InetSocketAddress address, Socket.Type type, int backlog, boolean reusePort) throws IOException {
        InetSocketAddress a = address.isUnresolved()
                ? Sockets.getAddrInfo(address.getHostString(), address.getPort()).getFirst()
                : address;
        Socket s = new Socket(a.getAddress() instanceof Inet4Address ? Socket.Family.INET : Socket.Family.INET6, type);
        try {
            s.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            if (reusePort) s.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            s.bind(a);
            if (backlog >= 0) s.listen(backlog);
            return s;
        } catch (BindException e) {
            s.close();
            BindException named = new BindException(e.getMessage() + ": " + a);
            named.initCause(e);
            throw named;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** Reads the next item, parking the reader while none is pending. */
    abstract Object read(Socket listener) throws IOException;

    /** A new (unstarted) handler greenlet for {@code item}. */
    abstract HandlerGreenlet handlerFor(Object item);

    private void serve() {
        Group pool = handlers;
        Socket listener = socket;
        int inARow = 0;
        while (!closing) {
            if (pool.full()) {
                pool.waitAvailable(null);
                continue;
            }
            Object item;
            try {
                item = read(listener);
            } catch (SocketTimeoutException e) {
                continue; // the user's listener has a timeout of its own: keep waiting
            } catch (ClosedChannelException e) {
                if (!closing) fatal(e);
                return;
            } catch (IOException e) {
                if (closing) return;
                if (listener.isClosed()) {
                    fatal(e);
                    return;
                }
                Hub.current().handleError(this, e);
                backOff();
                continue;
            }
            delayNanos = minDelayNanos;
            HandlerGreenlet h = handlerFor(item);
            try {
                pool.start(h);
            } catch (RuntimeException e) {
                h.discard();
                Hub.current().handleError(this, e);
                backOff();
                continue;
            } catch (Error e) {
                h.discard();
                throw e;
            }
            if (++inARow >= maxAccept) {
                inARow = 0;
                Gevent.sleep(Duration.ZERO);
            }
        }
    }

    private void backOff() {
        long d = delayNanos;
        delayNanos = Math.min(maxDelayNanos, d * 2);
        Gevent.sleep(Duration.ofNanos(d));
    }

    /** The listener was closed under the server: gevent's fatal errors (EBADF...) close the server. */
    private void fatal(IOException e) {
        Hub.current().handleError(this, e);
        System.err.println("ERROR: " + this + " failed with " + e);
        closeListener();
    }

    @Override
    public String toString() {
        return "<" + getClass().getSimpleName() + " address=" + address + (started() ? "" : closing ? " closed" : " not started") + ">";
    }

    /** A handler greenlet that owns a resource to release if it is killed before it runs. */
    abstract static class HandlerGreenlet extends Greenlet<Void> {
        /** Releases the item's resources (idempotent): the greenlet never ran, or was killed. */
        abstract void discard();
    }
}
