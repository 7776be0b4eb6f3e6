/**
 * An HTTP/1.1 server for the JDK's {@code com.sun.net.httpserver} handlers, one greenlet per
 * connection: gevent's {@code pywsgi}. {@link org.gevent4j.http.HttpServer} is the native API;
 * {@link org.gevent4j.http.spi} makes {@code com.sun.net.httpserver.HttpServer.create} return it.
 */
package org.gevent4j.http;
