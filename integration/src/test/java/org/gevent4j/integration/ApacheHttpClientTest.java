package org.gevent4j.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.concurrent.CancellationException;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.gevent4j.Hub;

/** Apache HttpClient 5 (classic, a pooling connection manager of N) against an HTTP server that waits server-side. */
class ApacheHttpClientTest extends BlockingClientContract {
    private SlowHttpServer server;
    private CloseableHttpClient client;
    private PoolingHttpClientConnectionManager pool;

    @Override
    void start() throws IOException {
        server = new SlowHttpServer();
        pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(N).setMaxConnPerRoute(N).build();
        // build() parses the public suffix list (for cookies) on the calling thread: 0.1-0.2 s of
        // CPU, which the monitor reports if it runs on the hub. Build it on the hub's thread pool.
        PoolingHttpClientConnectionManager connections = pool;
        client = Hub.current().threadpool().apply(() -> HttpClients.custom().setConnectionManager(connections).build());
    }

    @Override
    void stop() throws IOException {
        if (client != null) client.close();
        if (server != null) server.close();
    }

    private void get(long ms) throws IOException {
        String body = client.execute(new HttpGet(server.slow(ms)), response -> {
            assertThat(response.getCode()).isEqualTo(200);
            return EntityUtils.toString(response.getEntity());
        });
        assertThat(body).isEqualTo("slept " + ms);
    }

    @Override
    void waitCall() throws IOException {
        get(WAIT.toMillis());
    }

    @Override
    void longCall() throws IOException {
        get(LONG.toMillis());
    }

    /**
     * Not the {@code SocketException} of the closed socket: the default retry strategy retries the
     * GET, and leasing a connection again with the interrupt still pending cancels the lease
     * ({@code StrictConnPool}'s future), which is what escapes {@code execute}.
     */
    @Override
    Class<? extends Throwable> libraryException() {
        return CancellationException.class;
    }

    /** The connection is discarded, the cancelled lease releases its slot; the server's handler waits on. */
    @Override
    String leftBehind() throws Exception {
        assertThat(eventually(() -> pool.getTotalStats().getLeased() == 0)).as("no connection still leased").isTrue();
        return "pool " + pool.getTotalStats() + "; server handlers still waiting: " + server.inFlight.get();
    }

    @Override
    String library() {
        return "Apache HttpClient 5";
    }
}
