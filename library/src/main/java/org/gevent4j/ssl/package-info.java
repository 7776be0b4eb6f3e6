/**
 * TLS over cooperative sockets: gevent's {@code gevent.ssl}. {@link org.gevent4j.ssl.SslSocket}
 * runs JSSE's {@code SSLEngine} over an {@link org.gevent4j.socket.Socket}, client or server side;
 * like the plain socket it is a {@link org.gevent4j.socket.StreamSocket}.
 * {@link org.gevent4j.server.StreamServer} with {@code tls(SSLContext)} wraps each connection in
 * one. Failures are {@link javax.net.ssl.SSLException}s ({@link java.io.IOException} subclasses).
 */
package org.gevent4j.ssl;
