package org.gevent4j.bench;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.gevent4j.Gevent;
import org.gevent4j.http.HttpServer;

/**
 * Graceful stop (R-D): {@code java -cp CP org.gevent4j.bench.HttpStop [N]} (500 by default), two
 * scenarios, each on a fresh {@link HttpServer} (default limits and timeouts, its own hub on a
 * platform thread) with {@code GET /} → "Hello, World!" and {@code GET /slow} → the same after
 * {@code Gevent.sleep(1 s)}; clients are raw sockets on virtual threads of this JVM.
 * <ol>
 * <li>idle: N keep-alive connections each do one {@code GET /}, then wait; the time for
 *     {@code stop(5 s)} to return, and how many of the N connections the server closed (EOF within 2 s);</li>
 * <li>in-flight: N connections each send {@code GET /slow}; when all N handlers have started,
 *     {@code stop(5 s)}; the time for it to return, and how many of the N clients got a complete 200
 *     response with the right body (the others are failures), how many of those carried
 *     {@code Connection: close}, and whether a new connection is refused afterwards.</li>
 * </ol>
 */
public final class HttpStop {
    private HttpStop() {}

    static final byte[] HELLO = "Hello, World!".getBytes(UTF_8);
    static final AtomicInteger inSlow = new AtomicInteger();

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        for (int round = 0; round < 2; round++) { // round 0 warms up, round 1 is reported
            boolean report = round == 1;
            idle(n, report);
            inFlight(n, report);
        }
        System.exit(0);
    }

    record Served(HttpServer server, Thread hub) {}

    static Served serve() throws Exception {
        HttpServer server = HttpServer.builder()
                .address(new InetSocketAddress("127.0.0.1", 0))
                .backlog(1024)
                .context("/", HttpStop::handle)
                .accessLog(null)
                .build();
        CountDownLatch started = new CountDownLatch(1);
        Thread hub = Thread.ofPlatform().name("stop-bench-hub").start(() -> {
            try {
                Gevent.run(() -> {
                    server.start();
                    started.countDown();
                    server.serveForever();
                });
            } catch (Throwable t) {
                t.printStackTrace();
            } finally {
                started.countDown();
            }
        });
        started.await();
        return new Served(server, hub);
    }

    static void handle(HttpExchange x) throws IOException {
        if (x.getRequestURI().getPath().equals("/slow")) {
            inSlow.incrementAndGet();
            Gevent.sleep(Duration.ofSeconds(1));
        }
        x.getResponseHeaders().set("Content-Type", "text/plain");
        x.sendResponseHeaders(200, HELLO.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(HELLO);
        }
    }

    static final byte[] GET = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(US_ASCII);
    static final byte[] SLOW = "GET /slow HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(US_ASCII);

    /** Reads one response with a Content-Length body; returns its head and body, or throws. */
    static String[] response(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) throw new IOException("EOF in the response head after " + head.length() + " bytes");
            head.append((char) b);
        }
        var m = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
        int len = m.find() ? Integer.parseInt(m.group(1)) : 0;
        byte[] body = in.readNBytes(len);
        if (body.length != len) throw new IOException("EOF in the body");
        return new String[] {head.toString(), new String(body, UTF_8)};
    }

    static void idle(int n, boolean report) throws Exception {
        Served s = serve();
        int port = s.server().address().getPort();
        List<Socket> conns = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                Socket c = new Socket("127.0.0.1", port);
                c.setTcpNoDelay(true);
                conns.add(c);
                c.getOutputStream().write(GET);
                String[] r = response(c.getInputStream());
                if (!r[1].equals("Hello, World!")) throw new IOException("bad body " + r[1]);
            }
            Thread.sleep(300);
            long t0 = System.nanoTime();
            s.server().stop(Duration.ofSeconds(5));
            double ms = (System.nanoTime() - t0) / 1e6;
            int closed = 0;
            for (Socket c : conns) {
                c.setSoTimeout(2000);
                try {
                    if (c.getInputStream().read() < 0) closed++;
                } catch (IOException e) {
                    closed++; // reset: closed too
                }
            }
            s.hub().join(5000);
            if (report) {
                System.out.printf(Locale.ROOT, "idle: %d keep-alive connections; stop(5 s) returned in %.1f ms; %d of %d closed by the server%n",
                        n, ms, closed, n);
            }
        } finally {
            for (Socket c : conns) c.close();
        }
    }

    static void inFlight(int n, boolean report) throws Exception {
        inSlow.set(0);
        Served s = serve();
        int port = s.server().address().getPort();
        AtomicInteger ok = new AtomicInteger(), withClose = new AtomicInteger(), eofAfter = new AtomicInteger();
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> fs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                fs.add(clients.submit(() -> {
                    try (Socket c = new Socket("127.0.0.1", port)) {
                        c.setTcpNoDelay(true);
                        c.setSoTimeout(10_000);
                        c.getOutputStream().write(SLOW);
                        String[] r = response(c.getInputStream());
                        if (r[0].startsWith("HTTP/1.1 200") && r[1].equals("Hello, World!")) ok.incrementAndGet();
                        else failures.add(r[0].lines().findFirst().orElse("?"));
                        if (r[0].toLowerCase(Locale.ROOT).contains("connection: close")) withClose.incrementAndGet();
                        if (c.getInputStream().read() < 0) eofAfter.incrementAndGet();
                    } catch (IOException e) {
                        failures.add(e.toString());
                    }
                    return null;
                }));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (inSlow.get() < n && System.nanoTime() < deadline) Thread.sleep(1);
            int started = inSlow.get();
            long t0 = System.nanoTime();
            s.server().stop(Duration.ofSeconds(5));
            double ms = (System.nanoTime() - t0) / 1e6;
            boolean refused;
            try (Socket _ = new Socket("127.0.0.1", port)) {
                refused = false;
            } catch (IOException e) {
                refused = true;
            }
            for (Future<?> f : fs) f.get(30, TimeUnit.SECONDS);
            s.hub().join(5000);
            if (report) {
                System.out.printf(Locale.ROOT,
                        "in-flight: %d of %d handlers in their 1 s sleep at stop; stop(5 s) returned in %.1f ms; %d complete 200 responses, "
                                + "%d failed, %d with Connection: close, %d closed after the response; new connection refused: %s%n",
                        started, n, ms, ok.get(), failures.size(), withClose.get(), eofAfter.get(), refused);
                if (!failures.isEmpty()) System.out.println("failures (first 5): " + failures.subList(0, Math.min(5, failures.size())));
            }
        }
    }
}
