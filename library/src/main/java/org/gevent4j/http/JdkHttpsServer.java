package org.gevent4j.http;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLParameters;

/**
 * An {@link HttpServer} as the JDK's {@code HttpsServer}: the {@link HttpsConfigurator} gives the
 * SSLContext and, per connection before its handshake, the parameters (its {@code configure}).
 */
final class JdkHttpsServer extends com.sun.net.httpserver.HttpsServer {
    private final JdkServer.Face face;
    private volatile HttpsConfigurator configurator;

    JdkHttpsServer(HttpServer server) {
        this.face = new JdkServer.Face(server);
    }

    @Override
    public void setHttpsConfigurator(HttpsConfigurator config) {
        if (config == null) throw new NullPointerException("null HttpsConfigurator");
        configurator = config;
        face.server.tls = config.getSSLContext();
        face.server.tlsParameters = (p, remote) -> config.configure(new Params(config, remote, p));
    }

    @Override
    public HttpsConfigurator getHttpsConfigurator() {
        return configurator;
    }

    @Override public void bind(InetSocketAddress addr, int backlog) throws IOException { face.bind(addr, backlog); }
    @Override public void start() { face.start(); }
    @Override public void setExecutor(Executor executor) { face.setExecutor(executor); }
    @Override public Executor getExecutor() { return face.server.executor; }
    @Override public void stop(int delay) { face.stop(delay); }
    @Override public HttpContext createContext(String path, HttpHandler handler) { return face.server.createContext(path, handler); }
    @Override public HttpContext createContext(String path) { return face.server.createContext(path, null); }
    @Override public void removeContext(String path) { face.server.removeContext(path); }
    @Override public void removeContext(HttpContext context) { face.server.removeContext(context); }
    @Override public InetSocketAddress getAddress() { return face.server.address(); }

    /** The parameters one connection's {@code configure} call sees and sets. */
    private static final class Params extends HttpsParameters {
        private final HttpsConfigurator config;
        private final InetSocketAddress client;
        private final SSLParameters target;

        Params(HttpsConfigurator config, InetSocketAddress client, SSLParameters target) {
            this.config = config;
            this.client = client;
            this.target = target;
        }

        @Override
        public HttpsConfigurator getHttpsConfigurator() {
            return config;
        }

        @Override
        public InetSocketAddress getClientAddress() {
            return client;
        }

        @Override
        public void setSSLParameters(SSLParameters p) {
            // Copy onto the engine's parameters; keep http/1.1 ALPN unless the caller chose protocols.
            String[] alpn = p.getApplicationProtocols().length > 0 ? p.getApplicationProtocols() : target.getApplicationProtocols();
            if (p.getProtocols() != null) target.setProtocols(p.getProtocols());
            if (p.getCipherSuites() != null) target.setCipherSuites(p.getCipherSuites());
            target.setNeedClientAuth(p.getNeedClientAuth());
            if (!p.getNeedClientAuth()) target.setWantClientAuth(p.getWantClientAuth());
            if (p.getSNIMatchers() != null) target.setSNIMatchers(p.getSNIMatchers());
            target.setApplicationProtocols(alpn);
        }
    }
}
