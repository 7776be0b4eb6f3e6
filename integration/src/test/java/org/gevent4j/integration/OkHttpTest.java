package org.gevent4j.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/** OkHttp ({@code Call.execute}) with a connection pool of N against an HTTP server that waits server-side. */
class OkHttpTest extends BlockingClientContract {
    private SlowHttpServer server;
    private OkHttpClient client;

    @Override
    void start() throws IOException {
        server = new SlowHttpServer();
        client = new OkHttpClient.Builder()
                .connectionPool(new ConnectionPool(N, 1, TimeUnit.MINUTES))
                .readTimeout(10, TimeUnit.SECONDS)
                .build();
    }

    @Override
    void stop() {
        if (client != null) {
            client.dispatcher().executorService().shutdown();
            client.connectionPool().evictAll();
        }
        if (server != null) server.close();
    }

    private void get(long ms) throws IOException {
        try (Response r = client.newCall(new Request.Builder().url(server.slow(ms).toString()).build()).execute()) {
            assertThat(r.code()).isEqualTo(200);
            assertThat(r.body().string()).isEqualTo("slept " + ms);
        }
    }

    @Override
    void waitCall() throws IOException {
        get(WAIT.toMillis());
    }

    @Override
    void longCall() throws IOException {
        get(LONG.toMillis());
    }

    @Override
    Class<? extends Throwable> libraryException() {
        return IOException.class;
    }

    /** OkHttp closes the call's connection (not returned to the pool); the server's handler waits on. */
    @Override
    String leftBehind() throws Exception {
        return "pool connections=" + client.connectionPool().connectionCount() + " idle="
                + client.connectionPool().idleConnectionCount() + "; server handlers still waiting: " + server.inFlight.get();
    }

    @Override
    String library() {
        return "OkHttp";
    }
}
