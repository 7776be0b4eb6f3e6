/**
 * gevent4j's own JFR events: a hub's loop iterations and greenlets' spawns and exits, all off by
 * default. Enable them in a recording by name ({@code org.gevent4j.HubTick},
 * {@code org.gevent4j.GreenletSpawn}, {@code org.gevent4j.GreenletExit}); while they are off the
 * hooks cost one check of a flag each.
 */
package org.gevent4j.internal.jfr;
