package org.gevent4j.examples;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;
import org.gevent4j.event.Event;
import org.gevent4j.fileobject.FileObject;
import org.gevent4j.http.HttpServer;

/**
 * A small web app on gevent4j's HTTP server (gevent's pywsgi role): every handler is plain
 * blocking code in its connection's greenlet.
 *
 * <ul>
 *   <li>{@code GET /} — hello;</li>
 *   <li>{@code GET /json} — a JSON document;</li>
 *   <li>{@code GET /stream} — a chunked response, one line every 50 ms ({@code Gevent.sleep}
 *       between writes: the other connections are served meanwhile);</li>
 *   <li>{@code GET /poll?timeout=S} — a long poll: waits on an {@link Event} for at most S seconds;
 *       200 with the news if {@code POST /notify} set it meanwhile, 204 otherwise;</li>
 *   <li>{@code GET /file} — a file download read through {@link FileObject} (on the hub's thread
 *       pool, so the hub never waits for the disk).</li>
 * </ul>
 *
 * <p>{@code ./gevent4j run WebApp PORT [FILE]} serves on 127.0.0.1:PORT; {@code --demo} starts it on a
 * free port, asks each page once with the JDK's HttpClient and prints what came back. The same
 * handlers run unchanged on the JDK's own API: {@link WebAppSpi}.
 */
public final class WebApp {
    private WebApp() {}

    /** The app's state: the long-poll event and the news it carries. */
    static final class Handlers {
        private final Event news = new Event();
        private volatile String latest = "";
        private final Path file;

        Handlers(Path file) {
            this.file = file;
        }

        /** Path → handler, in the order they are registered. */
        Map<String, HttpHandler> routes() {
            Map<String, HttpHandler> r = new LinkedHashMap<>();
            r.put("/", this::hello);
            r.put("/json", this::json);
            r.put("/stream", this::stream);
            r.put("/poll", this::poll);
            r.put("/notify", this::notifyPollers);
            r.put("/file", this::download);
            return r;
        }

        void hello(HttpExchange x) throws IOException {
            if (!x.getRequestURI().getPath().equals("/")) {
                send(x, 404, "text/plain", "not found\n");
                return;
            }
            send(x, 200, "text/plain", "Hello from a greenlet\n");
        }

        void json(HttpExchange x) throws IOException {
            send(x, 200, "application/json", "{\"library\":\"gevent4j\",\"inGreenlet\":"
                    + (Gevent.getCurrent() != null) + ",\"items\":[1,2,3]}");
        }

        void stream(HttpExchange x) throws IOException {
            x.getResponseHeaders().set("Content-Type", "text/plain");
            x.sendResponseHeaders(200, 0); // 0: chunked
            try (OutputStream out = x.getResponseBody()) {
                for (int i = 1; i <= 5; i++) {
                    out.write(("line " + i + "\n").getBytes(UTF_8));
                    out.flush(); // one chunk on the wire now
                    Gevent.sleep(0.05);
                }
            }
        }

        void poll(HttpExchange x) throws IOException {
            double seconds = 10;
            String q = x.getRequestURI().getQuery();
            if (q != null && q.startsWith("timeout=")) seconds = Double.parseDouble(q.substring("timeout=".length()));
            if (news.await(Duration.ofMillis((long) (seconds * 1000)))) {
                send(x, 200, "text/plain", latest + "\n");
            } else {
                x.sendResponseHeaders(204, -1);
                x.close();
            }
        }

        void notifyPollers(HttpExchange x) throws IOException {
            latest = new String(x.getRequestBody().readAllBytes(), UTF_8);
            news.set(); // every poller waiting now wakes; later polls wait for the next news
            news.clear();
            send(x, 200, "text/plain", "notified\n");
        }

        void download(HttpExchange x) throws IOException {
            try (FileObject f = FileObject.open(file, "rb")) {
                long size = f.size();
                x.getResponseHeaders().set("Content-Type", "application/octet-stream");
                x.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"" + file.getFileName() + "\"");
                x.sendResponseHeaders(200, size == 0 ? -1 : size);
                try (OutputStream out = x.getResponseBody()) {
                    byte[] buf = new byte[64 * 1024];
                    for (int n; (n = f.read(buf, 0, buf.length)) > 0; ) out.write(buf, 0, n);
                }
            }
        }

        private static void send(HttpExchange x, int status, String type, String body) throws IOException {
            byte[] b = body.getBytes(UTF_8);
            x.getResponseHeaders().set("Content-Type", type);
            x.sendResponseHeaders(status, b.length);
            try (OutputStream out = x.getResponseBody()) {
                out.write(b);
            }
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 1 && args[0].equals("--demo")) {
            demo();
            return;
        }
        int port = (int) Args.integer(args, 0, 8080);
        Path file = args.length > 1 ? Path.of(args[1]) : demoFile();
        try (HttpServer server = server(new InetSocketAddress("127.0.0.1", port), new Handlers(file))) {
            System.out.println("serving on http://127.0.0.1:" + server.address().getPort() + "/");
            server.serveForever();
        }
    }

    /** The app's server, bound and not yet started. */
    static HttpServer server(InetSocketAddress address, Handlers handlers) throws IOException {
        HttpServer.Builder b = HttpServer.builder().address(address).accessLog(null);
        handlers.routes().forEach(b::context);
        return b.build();
    }

    /** A small file to download: 3 lines. */
    static Path demoFile() throws IOException {
        Path f = Files.createTempFile("gevent4j-webapp", ".txt");
        f.toFile().deleteOnExit();
        Files.writeString(f, "first line\nsecond line\nthird line\n");
        return f;
    }

    /** Starts the app on a free port, asks each page once, prints what came back, stops it. */
    static void demo() throws Exception {
        try (HttpServer server = server(new InetSocketAddress("127.0.0.1", 0), new Handlers(demoFile()))) {
            server.start();
            ask(URI.create("http://127.0.0.1:" + server.address().getPort()));
        }
    }

    /** The demo's requests, against any server running the app's handlers at {@code base}. */
    static void ask(URI base) throws Exception {
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            System.out.println(get(client, base, "/"));
            System.out.println(get(client, base, "/json"));
            System.out.println(get(client, base, "/stream"));
            System.out.println(get(client, base, "/poll?timeout=0.1"));
            // A poller waits; the news arrives 0.1 s later from another greenlet.
            Greenlet<String> poller = Gevent.spawn(() -> get(client, base, "/poll?timeout=5"));
            Gevent.sleep(0.1);
            client.send(HttpRequest.newBuilder(base.resolve("/notify")).POST(HttpRequest.BodyPublishers.ofString("news!")).build(),
                    HttpResponse.BodyHandlers.ofString());
            System.out.println(poller.get());
            System.out.println(get(client, base, "/file"));
        }
    }

    private static String get(HttpClient client, URI base, String path) throws IOException, InterruptedException {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(base.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
        String type = r.headers().firstValue("Content-Type").orElse("-");
        String body = r.body().isEmpty() ? "(no body)" : r.body().strip().replace("\n", " | ");
        return "GET " + path + " -> " + r.statusCode() + " " + type + " " + body;
    }
}
