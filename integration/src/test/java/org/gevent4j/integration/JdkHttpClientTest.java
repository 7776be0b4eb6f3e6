package org.gevent4j.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The JDK's {@link HttpClient} ({@code send}) against an HTTP server that waits server-side. */
class JdkHttpClientTest extends BlockingClientContract {
    private SlowHttpServer server;
    private HttpClient client;

    @Override
    void start() throws IOException {
        server = new SlowHttpServer();
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    @Override
    void stop() {
        if (client != null) client.close();
        if (server != null) server.close();
    }

    private void get(long ms) throws IOException, InterruptedException {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(server.slow(ms)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("slept " + ms);
    }

    @Override
    void waitCall() throws Exception {
        get(WAIT.toMillis());
    }

    @Override
    void longCall() throws Exception {
        get(LONG.toMillis());
    }

    @Override
    Class<? extends Throwable> libraryException() {
        return InterruptedException.class;
    }

    /** The JDK client cancels the exchange and closes its connection; the server's handler waits on. */
    @Override
    String leftBehind() {
        return "server handlers still waiting: " + server.inFlight.get();
    }

    @Override
    String library() {
        return "JDK HttpClient";
    }
}
