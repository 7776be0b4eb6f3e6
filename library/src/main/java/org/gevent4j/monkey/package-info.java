/**
 * gevent's {@code gevent.monkey}: in gevent4j a greenlet's JDK calls are cooperative without
 * patching anything, so this package holds only {@link org.gevent4j.monkey.Main}, which makes a
 * program's {@code main} itself a greenlet.
 */
package org.gevent4j.monkey;
