/**
 * gevent's {@code gevent.backdoor}: {@link org.gevent4j.backdoor.BackdoorServer}, a Java console
 * (JShell) inside a running program, over TCP. {@code ./gevent4j run} starts one for any program
 * when {@code GEVENT4J_BACKDOOR=PORT} is in its environment.
 */
package org.gevent4j.backdoor;
