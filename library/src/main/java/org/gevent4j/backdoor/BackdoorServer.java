package org.gevent4j.backdoor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Function;
import javax.lang.model.SourceVersion;
import org.gevent4j.Gevent;
import org.gevent4j.ThrowingCallable;
import org.gevent4j.internal.Sneaky;
import org.gevent4j.server.StreamServer;
import org.gevent4j.socket.Socket;
import org.gevent4j.util.RunInfo;

/**
 * gevent's {@code BackdoorServer}: a Java console (JShell) inside the running program, served over
 * TCP. Connect with {@code nc 127.0.0.1 PORT} (or {@code telnet}); each line is Java, evaluated
 * as JShell evaluates it, and an expression's value is printed back, as Python's console prints
 * it. The prompts are gevent's: {@code >>> }, and {@code ... } while a snippet needs more lines.
 *
 * {@snippet lang=java :
 * BackdoorServer backdoor = BackdoorServer.builder(new InetSocketAddress("127.0.0.1", 5001))
 *         .bind("server", server)      // gevent's locals={'server': server}
 *         .banner("Hello from the echo server")
 *         .build();
 * backdoor.start();                     // accepts in a greenlet of this hub
 * }
 * <pre>
 * $ nc 127.0.0.1 5001
 * Hello from the echo server
 * >>> 1 + 1
 * 2
 * >>> server.address()
 * /127.0.0.1:8090
 * >>> runInfo()
 * ...
 * >>> quit()
 * </pre>
 *
 * <h2>Sessions</h2>
 * Each client gets a greenlet of the server's hub and a JShell of its own (as each gevent client
 * gets its own copy of {@code locals}): what one client declares, another does not see. The bound
 * objects are the same objects in every session, declared with the most specific type a snippet
 * can name (the object's public class, else a public superclass or interface, else
 * {@code Object}). Besides them every session has:
 * <ul>
 * <li>{@code runInfo()}: prints every hub and its greenlets ({@link RunInfo#format()});
 * <li>{@code onHub(() -> ...)}: runs the lambda as a greenlet of the server's hub, waits for it
 *     and returns its value (or throws its exception), for code that must run where the
 *     program's greenlets run (spawning there, touching a hub's sockets or locks);
 * <li>{@code quit()} (or {@code exit()}, {@code /exit}, or the end of input, or a line holding
 *     only Ctrl-D): closes this client's connection; the server and the other clients go on;
 * <li>imports of {@code java.io}, {@code java.math}, {@code java.net}, {@code java.nio.file},
 *     {@code java.util} (with {@code concurrent}, {@code function}, {@code regex} and
 *     {@code stream}), {@code java.time.Duration} and {@code org.gevent4j}.
 * </ul>
 * A snippet that throws prints the exception and its stack, and the session goes on; a snippet
 * that does not compile prints the compiler's errors.
 *
 * <h2>Where code runs</h2>
 * The hub is never stalled by a client: its greenlet only reads and writes the socket. Compiling
 * (JShell's analysis and {@code javac}, tens of milliseconds a snippet, a second or more for the
 * first) happens on a platform thread of the session's own, and each snippet runs on a new
 * platform thread of JShell's local execution engine, which the session's thread waits for. So a
 * snippet that loops or sleeps holds up its own client only. gevent4j's blocking calls work
 * there as on any platform thread (each thread has a hub of its own): {@code Gevent.sleep},
 * {@code Greenlet.join}, {@code AsyncResult.get}, an {@code Event} set by a greenlet of another
 * hub. But a greenlet a snippet spawns directly belongs to that short-lived thread's hub and never
 * runs once the snippet ends: spawn with {@code onHub(() -> Gevent.spawn(...))} instead. Unlike
 * gevent, whose console code runs inside the hub, code here reaches the program's objects from
 * another thread: reading state is what a console is for; to change what a hub owns, use
 * {@code onHub}. A snippet's evaluation waits for every platform thread it started (JShell's
 * local engine does); start long-lived work with {@code onHub} or a thread pool.
 *
 * <p>What a snippet prints to {@code System.out} or {@code System.err} (also from threads it starts and
 * {@code onHub} greenlets) goes to its client, as gevent swaps {@code sys.stdout}: the first
 * session puts a routing stream in front of both, which passes every other thread's output on
 * unchanged. Output is sent when the snippet ends, at most 1 MiB of it.
 *
 * <h2>Security</h2>
 * Anyone who can connect can do anything the program can. By default the server listens on
 * {@code 127.0.0.1} only. Bound to any other address it refuses to be built without a
 * {@link Builder#token token}; with a token (on any address) a client must send it as its first
 * line (after the {@code token: } prompt, within 30 seconds) and a wrong one closes the
 * connection after a second's pause. The token is a shared secret, sent in clear text: use it on
 * networks you trust, or tunnel (ssh -L) to a loopback console.
 *
 * <h2>Blocking</h2>
 * {@link #start} binds and returns; {@link #serveForever} blocks its greenlet until the server
 * is stopped; {@link #stop()} blocks while client sessions drain (1 second), then kills them. A
 * killed client greenlet asks its running snippet to stop (JShell stops loops at their
 * back-edges; a snippet blocked in a call finishes that call first) and closes its JShell in the
 * background.
 *
 * <p>Needs the {@code jdk.jshell} module, present in every JDK (not in a JRE or a jlinked runtime
 * without it); on the module path add {@code --add-modules jdk.jshell}. Snippets compile against
 * the JVM's class path and the class-path entries of gevent4j and of the bound objects' classes.
 */
public final class BackdoorServer implements AutoCloseable {
    /** The system property that {@link #startFromEnvironment()} reads first: a port number. */
    public static final String PROPERTY = "gevent4j.backdoor";
    /** The environment variable that {@link #startFromEnvironment()} reads when the property is not set. */
    public static final String ENVIRONMENT = "GEVENT4J_BACKDOOR";
    /** Main prompt, gevent's {@code sys.ps1}. */
    static final String PS1 = ">>> ";
    /** Continuation prompt, gevent's {@code sys.ps2}. */
    static final String PS2 = "... ";
    /** The longest input line accepted; a longer one closes the connection. */
    static final int MAX_LINE = 1 << 16;
    static final Duration TOKEN_WAIT = Duration.ofSeconds(30);

    private final InetSocketAddress requested;
    private final Map<String, Object> bindings;
    private final String banner;
    private final byte[] token;
    private final ClassLoader loader;
    private StreamServer server;
    private ExecutorService hub;

    private BackdoorServer(Builder b) {
        this.requested = b.address;
        this.bindings = Collections.unmodifiableMap(new LinkedHashMap<>(b.bindings));
        this.banner = b.banner;
        this.token = b.token == null ? null : b.token.getBytes(StandardCharsets.UTF_8);
        ClassLoader l = Thread.currentThread().getContextClassLoader();
        this.loader = l != null ? l : BackdoorServer.class.getClassLoader();
    }

    /**
     * A builder for a console on {@code address} (port 0: any free port).
     *
     * @param address where to listen; port 0 for any free port
     * @return a new builder
     */
    public static Builder builder(InetSocketAddress address) {
        return new Builder(Sneaky.checkNotNull("address", address));
    }

    /**
     * A builder for a console on {@code 127.0.0.1:port} (port 0: any free port).
     *
     * @param port the loopback port, 0 for any free port
     * @return a new builder
     */
    public static Builder builder(int port) {
        return builder(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    }

    /**
     * Starts a console on {@code 127.0.0.1} if the system property {@value #PROPERTY} or else the
     * environment variable {@value #ENVIRONMENT} names a port (0: any free one), and prints where it
     * listens to {@code System.err}; otherwise does nothing. {@code ./gevent4j run} (through
     * {@link org.gevent4j.monkey.Main}) calls this before the program's {@code main}, so that any
     * program it runs gets the console without a code change. Binds, and returns at once.
     *
     * @return the started server, or null if neither names a port
     * @throws IllegalArgumentException if the value is not a port number
     * @throws IOException if the port cannot be bound
     */
    public static BackdoorServer startFromEnvironment() throws IOException {
        String v = System.getProperty(PROPERTY);
        String from = "-D" + PROPERTY;
        if (v == null || v.isBlank()) {
            v = System.getenv(ENVIRONMENT);
            from = ENVIRONMENT;
        }
        if (v == null || v.isBlank()) return null;
        int port;
        try {
            port = Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535) throw new IllegalArgumentException(from + " must be a port number (0 to 65535): " + v);
        BackdoorServer s = builder(port).build();
        s.start();
        InetSocketAddress a = s.address();
        System.err.println("gevent4j: backdoor console on " + a.getHostString() + ":" + a.getPort()
                + " (connect with: nc " + a.getHostString() + " " + a.getPort() + ")");
        return s;
    }

    /**
     * Binds and starts accepting in a new greenlet of the current hub, whose greenlets the
     * clients' sessions will be; returns at once.
     *
     * @throws IOException if the address cannot be bound
     * @throws IllegalStateException if started already
     */
    public synchronized void start() throws IOException {
        if (server != null) throw new IllegalStateException("already started: " + this);
        hub = Gevent.executor();
        StreamServer s = new StreamServer(requested, this::handle);
        try {
            s.start();
        } catch (IOException | RuntimeException e) {
            hub.shutdown();
            throw e;
        }
        server = s;
    }

    /**
     * Starts if not started, then blocks the calling greenlet until the server is stopped; a kill
     * or {@code Timeout} of the caller stops the server before it propagates (as
     * {@link StreamServer#serveForever()}).
     *
     * @throws IOException if starting fails
     */
    public void serveForever() throws IOException {
        StreamServer s;
        synchronized (this) {
            if (server == null) start();
            s = server;
        }
        s.serveForever();
    }

    /**
     * Closes the listener, lets connected clients finish for up to a second, then kills their
     * greenlets (their sessions end as after {@code quit()}). Blocks cooperatively meanwhile; a
     * kill or {@code Timeout} of the caller is raised from here, the listener closed by then.
     * Does nothing if never started.
     */
    public void stop() {
        StreamServer s;
        synchronized (this) {
            s = server;
        }
        if (s == null) return;
        s.stop();
        hub.shutdown();
    }

    /** {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    /**
     * The address listened on (the bound port when port 0 was asked for), or the requested one before start.
     *
     * @return the bound address once started, else the requested one
     */
    public synchronized InetSocketAddress address() {
        return server != null ? server.address() : requested;
    }

    @Override
    public String toString() {
        return "BackdoorServer[" + address() + "]";
    }

    // ---- one client -----------------------------------------------------------------------

    private void handle(Socket conn, InetSocketAddress peer) {
        Gevent.getCurrent().setName("backdoor console"); // so that runInfo() tells it from the program's own
        try {
            converse(conn);
        } catch (IOException e) {
            // The client went away, or sent a line too long: its connection ends, quietly for the
            // program (the hub's error handler would print a stack for every dropped client).
            try {
                send(conn, "error: " + e.getMessage() + "\n");
            } catch (IOException ignored) {
                // gone
            }
        }
    }

    private void converse(Socket conn) throws IOException {
        try {
            conn.setOption(StandardSocketOptions.TCP_NODELAY, true);
        } catch (IOException ignored) {
            // a nicety only
        }
        Lines in = new Lines(conn);
        if (token != null && !authenticated(conn, in)) return;
        send(conn, banner());
        Session session = new Session(bindings, this::onHub, BackdoorServer::printRunInfo, loader);
        try {
            String complaints;
            try {
                complaints = session.thread().apply((Callable<String>) session::open);
            } catch (RuntimeException | LinkageError e) {
                send(conn, "error: the console could not start: " + e + "\n");
                return;
            }
            send(conn, complaints + PS1);
            while (true) {
                String line = in.readLine();
                if (line == null || line.equals("\u0004")) return;
                Session.Reply r = session.thread().apply((Callable<Session.Reply>) () -> session.feed(line));
                if (r.quit()) {
                    send(conn, r.text());
                    return;
                }
                send(conn, r.text() + (r.more() ? PS2 : PS1));
            }
        } finally {
            session.close();
        }
    }

    private boolean authenticated(Socket conn, Lines in) throws IOException {
        send(conn, "token: ");
        String got = Gevent.withTimeout(TOKEN_WAIT, (ThrowingCallable<String, IOException>) in::readLine, null);
        if (got != null && MessageDigest.isEqual(got.getBytes(StandardCharsets.UTF_8), token)) return true;
        Gevent.sleep(Duration.ofSeconds(1)); // one guess a second per connection
        send(conn, "wrong token\n");
        return false;
    }

    private String banner() {
        if (banner != null) return banner.endsWith("\n") ? banner : banner + "\n";
        StringBuilder b = new StringBuilder("gevent4j backdoor console: Java ").append(Runtime.version())
                .append(", pid ").append(ProcessHandle.current().pid()).append('\n');
        b.append("Type Java; quit() or end of input leaves. runInfo() prints the hubs and greenlets;\n")
                .append("onHub(() -> ...) runs code as a greenlet of the program's hub.\n");
        if (!bindings.isEmpty()) b.append("Bound: ").append(String.join(", ", bindings.keySet())).append('\n');
        return b.toString();
    }

    private static void send(Socket conn, String text) throws IOException {
        if (!text.isEmpty()) conn.sendAll(text.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code onHub(fn)} in a session: {@code fn} as a greenlet of the server's hub, printing to the session. */
    private Object onHub(Callable<?> fn) {
        Output.Sink route = Output.current();
        Future<?> f = hub.submit(() -> {
            Output.route(route);
            try {
                return fn.call();
            } finally {
                Output.route(null);
            }
        });
        try {
            return f.get();
        } catch (ExecutionException e) {
            throw Sneaky.rethrow(e.getCause());
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw Sneaky.rethrow(e);
        }
    }

    /** {@code runInfo()} in a session: on the snippet's thread, to the session's {@code System.out}. */
    private static void printRunInfo() {
        RunInfo.print(System.out);
    }

    /** Reads the client's lines off its socket, cooperatively; at most {@link #MAX_LINE} bytes each. */
    static final class Lines {
        private final Socket conn;
        private final byte[] buf = new byte[4096];
        private int start, end;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        Lines(Socket conn) {
            this.conn = conn;
        }

        /** The next line without its {@code \n} or {@code \r\n}; null at the end of input. */
        String readLine() throws IOException {
            while (true) {
                for (int i = start; i < end; i++) {
                    if (buf[i] == '\n') {
                        line.write(buf, start, i - start);
                        start = i + 1;
                        return take();
                    }
                }
                line.write(buf, start, end - start);
                start = end = 0;
                if (line.size() > MAX_LINE) throw new IOException("input line longer than " + MAX_LINE + " bytes");
                int n = conn.recvInto(buf);
                if (n == 0) return line.size() > 0 ? take() : null;
                end = n;
            }
        }

        private String take() {
            String s = line.toString(StandardCharsets.UTF_8);
            line.reset();
            return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
        }
    }

    /** Settings of a {@link BackdoorServer}; not safe for use by several threads at once. */
    public static final class Builder {
        private final InetSocketAddress address;
        private final Map<String, Object> bindings = new LinkedHashMap<>();
        private String banner;
        private String token;

        private Builder(InetSocketAddress address) {
            this.address = address;
        }

        /**
         * Makes {@code value} a variable named {@code name} in every session: gevent's
         * {@code locals}. A later call with the same name replaces the value.
         *
         * @param name the variable's name: a Java identifier without {@code $}
         * @param value the variable's value; {@code null} is allowed
         * @return this builder
         * @throws IllegalArgumentException if {@code name} is not a Java identifier, or is one of the
         *     session's own names ({@code runInfo}, {@code onHub}, {@code quit}, {@code exit})
         */
        public Builder bind(String name, Object value) {
            Sneaky.checkNotNull("name", name);
            if (!SourceVersion.isIdentifier(name) || SourceVersion.isKeyword(name) || name.contains("$")) {
                throw new IllegalArgumentException("not a Java identifier without '$': " + name);
            }
            if (name.equals("runInfo") || name.equals("onHub") || name.equals("quit") || name.equals("exit")) {
                throw new IllegalArgumentException("the console defines " + name + " itself");
            }
            bindings.put(name, value);
            return this;
        }

        /**
         * The text each client sees on connecting, instead of the default (gevent's {@code banner}).
         *
         * @param banner the text shown on connecting
         * @return this builder
         */
        public Builder banner(String banner) {
            this.banner = Sneaky.checkNotNull("banner", banner);
            return this;
        }

        /**
         * A shared secret every client must send as its first line. Required when the address is
         * not a loopback one.
         *
         * @param token the secret: non-empty, one line; compared as UTF-8 bytes
         * @return this builder
         * @throws IllegalArgumentException if {@code token} is empty or holds a line break
         */
        public Builder token(String token) {
            Sneaky.checkNotNull("token", token);
            if (token.isEmpty() || token.indexOf('\n') >= 0 || token.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("a token must be non-empty and on one line");
            }
            this.token = token;
            return this;
        }

        /**
         * The server, not started.
         *
         * @return a new server; {@link BackdoorServer#start()} or {@link BackdoorServer#serveForever()} makes
         *     it listen
         * @throws IllegalStateException if the address is not a loopback address (a wildcard, an
         *     interface's, or unresolved) and no token was given
         */
        public BackdoorServer build() {
            InetAddress a = address.getAddress();
            if (token == null && (a == null || !a.isLoopbackAddress())) {
                throw new IllegalStateException("a backdoor on " + address
                        + " is reachable from other hosts: give it a token (Builder.token) or bind it to 127.0.0.1");
            }
            return new BackdoorServer(this);
        }
    }
}
