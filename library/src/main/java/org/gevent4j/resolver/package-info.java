/**
 * Name resolution that does not block the hub: gevent's {@code gevent.resolver}.
 *
 * <p>{@link org.gevent4j.resolver.Resolver} is the contract; {@code Hub.current().resolver()} is
 * the hub's, chosen once by {@link org.gevent4j.resolver.Resolvers#fromConfig()} from
 * {@code -Dgevent4j.resolver} or {@code GEVENT_RESOLVER}: the
 * {@link org.gevent4j.resolver.ThreadPoolResolver} (default; the JDK's resolution on the hub's
 * thread pool), the {@link org.gevent4j.resolver.DnsResolver} (an asynchronous DNS client on the
 * hub's own selector, gevent's {@code ares} role; needs the optional dnsjava dependency) or the
 * {@link org.gevent4j.resolver.BlockingResolver} (for debugging).
 */
package org.gevent4j.resolver;
