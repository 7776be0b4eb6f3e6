package org.gevent4j.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpPrincipal;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;

/** The JDK face of an {@link ExchangeImpl}: every method delegates. */
final class PlainExchange extends com.sun.net.httpserver.HttpExchange {
    final ExchangeImpl x;

    PlainExchange(ExchangeImpl x) {
        this.x = x;
    }

    @Override public Headers getRequestHeaders() { return x.head.headers; }
    @Override public Headers getResponseHeaders() { return x.responseHeaders; }
    @Override public URI getRequestURI() { return x.head.uri; }
    @Override public String getRequestMethod() { return x.head.method; }
    @Override public HttpContext getHttpContext() { return x.context; }
    @Override public void close() { x.close(); }
    @Override public InputStream getRequestBody() { return x.requestBody(); }
    @Override public OutputStream getResponseBody() { return x.responseBody(); }
    @Override public void sendResponseHeaders(int rCode, long responseLength) throws IOException { x.sendResponseHeaders(rCode, responseLength); }
    @Override public InetSocketAddress getRemoteAddress() { return x.conn.transport.remote; }
    @Override public int getResponseCode() { return x.code; }
    @Override public InetSocketAddress getLocalAddress() { return x.conn.transport.local; }
    @Override public String getProtocol() { return x.head.protocol(); }
    @Override public Object getAttribute(String name) { return x.attribute(name); }
    @Override public void setAttribute(String name, Object value) { x.attribute(name, value); }
    @Override public void setStreams(InputStream i, OutputStream o) { x.setStreams(i, o); }
    @Override public HttpPrincipal getPrincipal() { return x.principal; }
}
