/** The JDK's {@code HttpServerProvider} for gevent4j's HTTP server. */
package org.gevent4j.http.spi;
