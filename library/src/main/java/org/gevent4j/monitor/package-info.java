/**
 * gevent's monitoring: {@link org.gevent4j.monitor.Monitor}, a guard that can be switched on and
 * off at run time, for every hub or one, and reports greenlets and callbacks blocking their hub,
 * pinned greenlets, hubs lagging from many short stalls, and memory use above a threshold.
 */
package org.gevent4j.monitor;
