package org.gevent4j.examples;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.gevent4j.Gevent;

/**
 * What the rolling-restart tests share: {@link RollingRestart} processes started with this JVM's
 * java and the two modules' classes, and an HTTP load of keep-alive and one-request-per-connection
 * clients that counts every failure.
 */
final class Restarts {
    private Restarts() {}

    /** A RollingRestart child process, once it printed its "serving" line. */
    record Server(Process process, long pid, BufferedReader out) implements AutoCloseable {
        /** Sends SIGTERM (the drain) with kill(1), as an operator would. */
        void term() throws IOException, InterruptedException {
            new ProcessBuilder("/bin/kill", "-TERM", Long.toString(pid)).inheritIO().start().waitFor();
        }

        /** Waits for the process to exit; its exit status, or -1 if it had to be killed. */
        int awaitExit(Duration patience) throws InterruptedException {
            if (process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS)) return process.exitValue();
            process.destroyForcibly();
            return -1;
        }

        /** What it printed after its "serving" line (read once it has exited). */
        List<String> rest() throws IOException {
            return out.lines().toList();
        }

        @Override
        public void close() {
            if (process.isAlive()) {
                process.destroy();
                try {
                    if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
                } catch (InterruptedException e) {
                    process.destroyForcibly();
                    Thread.currentThread().interrupt(); // kept for the caller; close() declares none (-Xlint:try)
                }
            }
        }
    }

    static Server start(int port) throws IOException, URISyntaxException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--add-opens");
        command.add("java.base/java.lang=ALL-UNNAMED");
        command.add("-Djdk.trackAllThreads=false");
        command.add("-cp");
        command.add(codeSource(Gevent.class) + File.pathSeparator + codeSource(RollingRestart.class));
        command.add(RollingRestart.class.getName());
        command.add(Integer.toString(port));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        p.getOutputStream().close();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), UTF_8));
        String first = out.readLine(); // blocks until the server listens (or the process dies)
        String expected = "serving on http://127.0.0.1:" + port + "/ (pid " + p.pid() + ")";
        if (!expected.equals(first)) {
            p.destroyForcibly();
            throw new IllegalStateException("RollingRestart printed " + first + ", expected " + expected);
        }
        return new Server(p, p.pid(), out);
    }

    static String codeSource(Class<?> c) throws URISyntaxException {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    /** A loopback port free a moment ago. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Linux's net.ipv4.tcp_migrate_req: whether a closing listener hands its queued connections to another of its port. */
    static boolean migrateReq() {
        try {
            return Files.readString(Path.of("/proc/sys/net/ipv4/tcp_migrate_req")).strip().equals("1");
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * HTTP/1.1 clients on platform-independent java.net sockets, each in a virtual thread of this
     * JVM (not a gevent4j hub: the load must not share the server's scheduler). A keep-alive
     * client reconnects when a response says {@code Connection: close}; a one-shot client opens a
     * connection per request. Every exception and every non-200 is a failure.
     */
    static final class Load implements AutoCloseable {
        final LongAdder ok = new LongAdder();
        final LongAdder reconnects = new LongAdder();
        final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
        final Map<String, LongAdder> servedBy = new ConcurrentHashMap<>();
        final AtomicLong lastServedAt = new AtomicLong();
        private final List<Thread> threads = new ArrayList<>();
        private volatile boolean stop;
        private final InetSocketAddress target;

        Load(int port, int keepAlive, int oneShot) {
            target = new InetSocketAddress("127.0.0.1", port);
            for (int i = 0; i < keepAlive; i++) threads.add(Thread.ofVirtual().name("keep-alive-" + i).start(() -> run(true)));
            for (int i = 0; i < oneShot; i++) threads.add(Thread.ofVirtual().name("one-shot-" + i).start(() -> run(false)));
        }

        long failed() {
            return failures.values().stream().mapToLong(LongAdder::sum).sum();
        }

        private void run(boolean keepAlive) {
            Socket s = null;
            InputStream in = null;
            byte[] request = ("GET / HTTP/1.1\r\nHost: restart\r\n" + (keepAlive ? "" : "Connection: close\r\n") + "\r\n").getBytes(ISO_8859_1);
            while (!stop) {
                try {
                    if (s == null) {
                        s = new Socket();
                        s.connect(target, 5000);
                        s.setSoTimeout(10_000);
                        s.setTcpNoDelay(true);
                        in = new BufferedInputStream(s.getInputStream());
                    }
                    OutputStream out = s.getOutputStream();
                    out.write(request);
                    out.flush();
                    boolean close = readResponse(in);
                    ok.increment();
                    if (close || !keepAlive) {
                        s.close();
                        s = null;
                        if (keepAlive) reconnects.increment();
                    }
                } catch (IOException | RuntimeException e) {
                    failures.computeIfAbsent((keepAlive ? "keep-alive " : "one-shot ") + e, k -> new LongAdder()).increment();
                    try {
                        if (s != null) s.close();
                    } catch (IOException ignored) {
                        // already broken
                    }
                    s = null;
                }
            }
            try {
                if (s != null) s.close();
            } catch (IOException ignored) {
                // the load is over
            }
        }

        /** Reads one response; true if it says Connection: close. */
        private boolean readResponse(InputStream in) throws IOException {
            String status = line(in);
            if (status == null) throw new IOException("connection closed before a response");
            if (!status.startsWith("HTTP/1.1 200 ")) throw new IOException("status line " + status);
            int length = -1;
            boolean close = false;
            String by = "?";
            for (String l; !(l = line(in)).isEmpty(); ) {
                int colon = l.indexOf(':');
                String name = l.substring(0, colon).strip().toLowerCase(java.util.Locale.ROOT);
                String value = l.substring(colon + 1).strip();
                switch (name) {
                    case "content-length" -> length = Integer.parseInt(value);
                    case "connection" -> close = value.equalsIgnoreCase("close");
                    case "x-served-by" -> by = value;
                    default -> { }
                }
            }
            if (length < 0) throw new IOException("no Content-Length");
            byte[] body = in.readNBytes(length);
            if (!new String(body, ISO_8859_1).equals("Hello, World!")) throw new IOException("body " + new String(body, ISO_8859_1));
            servedBy.computeIfAbsent(by, k -> new LongAdder()).increment();
            lastServedAt.set(System.nanoTime());
            return close;
        }

        private static String line(InputStream in) throws IOException {
            StringBuilder b = new StringBuilder();
            for (int c; (c = in.read()) != -1; ) {
                if (c == '\n') {
                    if (!b.isEmpty() && b.charAt(b.length() - 1) == '\r') b.setLength(b.length() - 1);
                    return b.toString();
                }
                b.append((char) c);
            }
            if (b.isEmpty()) return null;
            throw new IOException("end of stream in a line");
        }

        @Override
        public void close() {
            stop = true;
            try {
                for (Thread t : threads) t.join(20_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // kept for the caller; close() declares none (-Xlint:try)
            }
        }

        @Override
        public String toString() {
            return ok.sum() + " ok, " + reconnects.sum() + " reconnects, served by " + servedBy + ", failures " + failures;
        }
    }

    /** Runs wrk (when installed) for {@code seconds} against {@code port}; its output, or null if there is no wrk. */
    static Process wrk(int port, int connections, int seconds) throws IOException {
        Path wrk = Path.of("/usr/bin/wrk");
        if (!Files.isExecutable(wrk)) return null;
        return new ProcessBuilder("timeout", Integer.toString(seconds + 30), wrk.toString(), "-t1", "-c" + connections, "-d" + seconds + "s",
                "--timeout", "5s", "http://127.0.0.1:" + port + "/").redirectErrorStream(true).start();
    }

    /** wrk's output, once it has ended. */
    static String wrkOutput(Process wrk) throws IOException, InterruptedException {
        String out = new String(wrk.getInputStream().readAllBytes(), UTF_8);
        wrk.waitFor();
        return out;
    }
}
