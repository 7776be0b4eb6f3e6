package org.gevent4j.socket;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.gevent4j.TestHubs.realHub;

import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;
import org.junit.jupiter.api.Test;

/**
 * The JDK's own networking inside greenlets: java.net.Socket, HttpClient and URLConnection park
 * the greenlet's virtual thread, so greenlets of one hub using them run concurrently (gevent's
 * monkey patching, for free). The proof of concurrency: the server answers only once all the
 * requests are in, so requests made one at a time would each wait the latch out and fail.
 */
@org.junit.jupiter.api.Timeout(30)
class JdkNetInGreenletsTest {
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    @Test
    void javaNetSocketsEchoBetweenGreenletsOfOneHub() {
        realHub(() -> {
            try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
                Greenlet<Void> acceptor = Gevent.spawn(() -> {
                    for (int i = 0; i < 3; i++) {
                        java.net.Socket conn = server.accept();
                        Gevent.spawn(() -> {
                            try (conn) {
                                InputStream in = conn.getInputStream();
                                OutputStream out = conn.getOutputStream();
                                byte[] buf = new byte[100];
                                int n;
                                while ((n = in.read(buf)) > 0) out.write(buf, 0, n);
                            }
                        });
                    }
                });
                List<Greenlet<String>> clients = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    String msg = "client " + i;
                    clients.add(Gevent.spawn(() -> {
                        try (java.net.Socket c = new java.net.Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                            c.getOutputStream().write(msg.getBytes(UTF_8));
                            c.shutdownOutput();
                            return new String(c.getInputStream().readAllBytes(), UTF_8);
                        }
                    }));
                }
                List<String> got = new ArrayList<>();
                for (Greenlet<String> c : clients) got.add(c.get(PATIENCE));
                acceptor.get(PATIENCE);
                assertThat(got).containsExactly("client 0", "client 1", "client 2");
            }
        });
    }

    @Test
    void httpClientAndUrlConnectionRequestsFromGreenletsRunConcurrently() throws Exception {
        int requests = 4;
        CountDownLatch allIn = new CountDownLatch(requests);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        ExecutorService handlers = Executors.newFixedThreadPool(requests);
        server.setExecutor(handlers);
        server.createContext("/", exchange -> {
            allIn.countDown();
            boolean together;
            try {
                together = allIn.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                together = false;
            }
            String body = (together ? "together " : "alone ") + exchange.getRequestURI().getPath();
            byte[] bytes = body.getBytes(UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        List<String> answers = new ArrayList<>();
        try (HttpClient client = HttpClient.newHttpClient()) {
            realHub(() -> {
                List<Greenlet<String>> gs = new ArrayList<>();
                for (int i = 0; i < requests / 2; i++) {
                    String path = "/client" + i;
                    gs.add(Gevent.spawn(() -> client.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                            HttpResponse.BodyHandlers.ofString()).body()));
                    String path2 = "/url" + i;
                    gs.add(Gevent.spawn(() -> {
                        HttpURLConnection c = (HttpURLConnection) URI.create(base + path2).toURL().openConnection();
                        try (InputStream in = c.getInputStream()) {
                            return new String(in.readAllBytes(), UTF_8);
                        } finally {
                            c.disconnect();
                        }
                    }));
                }
                for (Greenlet<String> g : gs) answers.add(g.get(PATIENCE));
            });
        } finally {
            server.stop(0);
            handlers.shutdownNow();
        }
        assertThat(answers).containsExactly("together /client0", "together /url0", "together /client1", "together /url1");
    }
}
