/**
 * Servers: gevent's {@code gevent.server}. {@link org.gevent4j.server.StreamServer} accepts TCP
 * (optionally TLS) connections and runs a handler greenlet for each;
 * {@link org.gevent4j.server.DatagramServer} runs a handler greenlet for each UDP datagram. Both
 * start, serve forever, and stop by draining then killing their handlers; a pool bounds them.
 */
package org.gevent4j.server;
