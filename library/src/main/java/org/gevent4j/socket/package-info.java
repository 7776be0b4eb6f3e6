/**
 * Cooperative sockets: gevent's {@code gevent.socket} and {@code gevent.select}.
 * {@link org.gevent4j.socket.Socket} (TCP and UDP, IPv4 and IPv6) waits on the hub's own NIO
 * selector, so a blocking call parks only its greenlet; {@link org.gevent4j.socket.Sockets} has
 * {@code createConnection}, {@code createServer}, {@code waitRead}/{@code waitWrite} and
 * {@code getAddrInfo}; {@link org.gevent4j.socket.Select} has {@code select} and {@code poll}.
 * {@link org.gevent4j.socket.StreamSocket} is the one type of a byte-stream connection, plain
 * ({@code Socket}) or TLS ({@link org.gevent4j.ssl.SslSocket}).
 *
 * <p>Plain {@code java.net.Socket}, {@code HttpClient} and {@code URLConnection} also work inside
 * greenlets: the JDK parks the greenlet's virtual thread and the hub runs the others. They go
 * through the JDK's own pollers (a cross-thread wake-up per readiness, about twice the latency),
 * and a kill or {@code Timeout} interrupts them, which <em>closes</em> a {@code java.net} socket;
 * this package's sockets stay open.
 *
 * <p>Blocking methods throw {@link java.io.IOException} subclasses:
 * {@link java.net.SocketTimeoutException} when a socket's own timeout expires,
 * {@link org.gevent4j.socket.BlockingIOException} for a non-blocking socket that would wait,
 * {@link java.net.SocketException} for a closed socket.
 */
package org.gevent4j.socket;
