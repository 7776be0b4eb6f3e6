package org.gevent4j.http;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpHandler;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A path prefix with its handler, filters, authenticator and attributes: the JDK's {@link HttpContext}. */
final class Context extends HttpContext {
    private final String path;
    private final HttpServer server;
    private volatile HttpHandler handler;
    private volatile Authenticator authenticator;
    private final List<Filter> filters = new CopyOnWriteArrayList<>();
    private final Map<String, Object> attributes = new ConcurrentHashMap<>();

    Context(HttpServer server, String path, HttpHandler handler) {
        this.server = server;
        this.path = path;
        this.handler = handler;
    }

    @Override
    public HttpHandler getHandler() {
        return handler;
    }

    @Override
    public void setHandler(HttpHandler h) {
        if (h == null) throw new NullPointerException("handler");
        if (handler != null) throw new IllegalArgumentException("handler already set");
        handler = h;
    }

    @Override
    public String getPath() {
        return path;
    }

    @Override
    public com.sun.net.httpserver.HttpServer getServer() {
        return server.asJdkServer();
    }

    @Override
    public Map<String, Object> getAttributes() {
        return attributes;
    }

    @Override
    public List<Filter> getFilters() {
        return filters;
    }

    @Override
    public Authenticator setAuthenticator(Authenticator auth) {
        Authenticator old = authenticator;
        authenticator = auth;
        return old;
    }

    @Override
    public Authenticator getAuthenticator() {
        return authenticator;
    }

    /** Whether {@code requestPath} falls under this context: the JDK's prefix rule. */
    boolean matches(String requestPath) {
        int n = path.length();
        if (n > requestPath.length()) return false;
        for (int i = n - 1; i >= 0; i--) { // from the end: paths share their leading "/"
            if (path.charAt(i) != requestPath.charAt(i)) return false;
        }
        return true;
    }

    @Override
    public String toString() {
        return "Context[" + path + "]";
    }
}
