package org.gevent4j.http.spi;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsServer;
import com.sun.net.httpserver.spi.HttpServerProvider;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * The JDK's {@link HttpServerProvider} for gevent4j (R-S1): with gevent4j on the class or module
 * path (its service file), or with
 * {@code -Dcom.sun.net.httpserver.HttpServerProvider=org.gevent4j.http.spi.GeventHttpServerProvider},
 * {@code HttpServer.create(...)} and {@code HttpsServer.create(...)} return gevent4j servers.
 *
 * <p>Each started server runs its own hub on a platform thread; connections are greenlets of that
 * hub and exchanges run in them, unless {@code setExecutor} was given an executor, which then runs
 * the exchanges (the socket operations staying on the hub). {@code stop(delay)} drains as
 * {@link org.gevent4j.http.HttpServer#stop} does: idle connections close at once, in-flight
 * exchanges get {@code delay} seconds. Where the responses differ from the JDK's server is listed
 * in {@link org.gevent4j.http.HttpServer}.
 */
public final class GeventHttpServerProvider extends HttpServerProvider {
    /** Called by the JDK's service lookup. */
    public GeventHttpServerProvider() {}

    @Override
    public HttpServer createHttpServer(InetSocketAddress addr, int backlog) throws IOException {
        return org.gevent4j.http.HttpServer.createJdkServer(addr, backlog);
    }

    @Override
    public HttpsServer createHttpsServer(InetSocketAddress addr, int backlog) throws IOException {
        return org.gevent4j.http.HttpServer.createJdkHttpsServer(addr, backlog);
    }
}
