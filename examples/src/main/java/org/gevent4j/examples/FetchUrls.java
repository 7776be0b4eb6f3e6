package org.gevent4j.examples;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;

/**
 * Fetches several URLs at once, one greenlet each, with the JDK's own blocking HTTP client
 * ({@code URL.openStream()}): while one greenlet waits for its server, the others send their
 * requests and read their answers.
 *
 * <p>From tutorial 003 ("浅谈coroutine和gevent"), section "Gevent":
 * {@snippet lang=python :
 * """Spawn multiple workers and wait for them to complete"""
 *
 * urls = ['http://www.gevent.org/', 'http://www.baidu.com', 'http://www.python.org']
 *
 * import gevent
 * from gevent import monkey
 *
 * # patches stdlib (including socket and ssl modules) to cooperate with other greenlets
 * monkey.patch_all()
 *
 * import urllib2
 *
 *
 * def print_head(url):
 *     print('Starting %s' % url)
 *     data = urllib2.urlopen(url).read()
 *     print('%s: %s bytes: %r' % (url, len(data), data[:50]))
 *
 * jobs = [gevent.spawn(print_head, url) for url in urls]
 *
 * gevent.joinall(jobs)
 * }
 * ({@code jobs} and {@code joinall} are indented into {@code print_head} in the tutorial, a slip:
 * the program would then do nothing.) {@code urllib2.urlopen(url).read()} is
 * {@code URI.create(url).toURL().openStream().readAllBytes()}, unchanged: a greenlet is a virtual
 * thread, and a JDK socket read in a virtual thread parks it, so the hub runs the other greenlets
 * meanwhile, which is what {@code monkey.patch_all()} arranges in gevent. {@code %r} of the first
 * 50 bytes prints them as Python does ({@code b'<!DOCTYPE html>\n...'}).
 *
 * <p>Without arguments it fetches the tutorial's three URLs (which needs the internet; like urllib2 it
 * follows redirects, but not from {@code http} to {@code https}, so those sites may answer with a
 * short redirect page). With {@code --demo} it starts a local HTTP server whose three pages answer
 * after 0.3 s, 0.1 s and 0.2 s, and fetches them: all three start at once and finish in the order
 * of their delays, in about 0.3 s in all.
 *
 * <p>Run: {@code ./gevent4j run FetchUrls [--demo | url...]}.
 */
public final class FetchUrls {
    private FetchUrls() {}

    static final List<String> SEED_URLS = List.of("http://www.gevent.org/", "http://www.baidu.com",
            "http://www.python.org");

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && args[0].equals("--demo")) {
            demo();
            return;
        }
        fetchAll(args.length == 0 ? SEED_URLS : List.of(args));
    }

    /** The tutorial's program for {@code urls}: one greenlet per URL, then {@code joinall}. */
    static void fetchAll(List<String> urls) {
        List<Greenlet<Void>> jobs = new ArrayList<>();
        for (String url : urls) jobs.add(Gevent.spawn(() -> printHead(url)));
        Gevent.joinAll(jobs);
    }

    static void printHead(String url) throws IOException {
        System.out.println("Starting " + url);
        byte[] data;
        try (InputStream in = URI.create(url).toURL().openStream()) {
            data = in.readAllBytes();
        }
        System.out.println(url + ": " + data.length + " bytes: " + pyRepr(Arrays.copyOf(data, Math.min(50, data.length))));
    }

    /** Python's {@code repr()} of a {@code bytes} object. */
    static String pyRepr(byte[] b) {
        boolean single = false, dbl = false;
        for (byte c : b) {
            single |= c == '\'';
            dbl |= c == '"';
        }
        char quote = single && !dbl ? '"' : '\'';
        StringBuilder sb = new StringBuilder("b").append(quote);
        for (byte x : b) {
            int c = x & 0xff;
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\t' -> sb.append("\\t");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c == quote) sb.append('\\').append(quote);
                    else if (c >= 0x20 && c < 0x7f) sb.append((char) c);
                    else sb.append(String.format("\\x%02x", c));
                }
            }
        }
        return sb.append(quote).toString();
    }

    // ---- the demo ----------------------------------------------------------------------------

    /** The demo's pages: path and how long the server takes to answer it. */
    static final Map<String, Duration> DEMO_PAGES = Map.of(
            "/gevent", Duration.ofMillis(300), "/baidu", Duration.ofMillis(100), "/python", Duration.ofMillis(200));

    /** Fetches the {@link #DEMO_PAGES} from a local server started for the purpose. */
    static void demo() throws Exception {
        try (LocalServer server = LocalServer.start(DEMO_PAGES)) {
            String base = "http://127.0.0.1:" + server.port();
            long start = System.nanoTime();
            fetchAll(List.of(base + "/gevent", base + "/baidu", base + "/python"));
            System.out.printf("all three in %.1f s%n", Math.round((System.nanoTime() - start) / 1e8) / 10.0);
        }
    }

    /**
     * A local HTTP server ({@code com.sun.net.httpserver}, a virtual thread per request, on the
     * JDK's default scheduler) whose pages answer after a delay, each with a small HTML page naming
     * its path. It counts how many requests it is answering at once.
     */
    static final class LocalServer implements AutoCloseable {
        private final HttpServer http;
        private final ExecutorService executor;
        private int inFlight, maxInFlight;

        private LocalServer(HttpServer http, ExecutorService executor) {
            this.http = http;
            this.executor = executor;
        }

        static LocalServer start(Map<String, Duration> pages) throws IOException {
            HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
            ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
            LocalServer server = new LocalServer(http, executor);
            pages.forEach((path, delay) -> http.createContext(path, exchange -> {
                server.enter();
                try {
                    Thread.sleep(delay);
                    byte[] body = page(path);
                    exchange.getResponseHeaders().set("Content-Type", "text/html");
                    exchange.sendResponseHeaders(200, body.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    server.leave();
                    exchange.close();
                }
            }));
            http.setExecutor(executor);
            http.start();
            return server;
        }

        /** The page served at {@code path}. */
        static byte[] page(String path) {
            return ("<!DOCTYPE html>\n<html><head><title>" + path.substring(1)
                    + "</title></head><body>Hello from " + path + "</body></html>\n").getBytes(UTF_8);
        }

        int port() {
            return http.getAddress().getPort();
        }

        private synchronized void enter() {
            maxInFlight = Math.max(maxInFlight, ++inFlight);
        }

        private synchronized void leave() {
            inFlight--;
        }

        /** The most requests it was answering at the same time. */
        synchronized int maxInFlight() {
            return maxInFlight;
        }

        @Override
        public void close() {
            http.stop(0);
            executor.close();
        }
    }
}
