/**
 * gevent's monitoring: {@link org.gevent4j.monitor.Monitor}, a development-time guard that reports
 * greenlets blocking their hub.
 */
package org.gevent4j.monitor;
