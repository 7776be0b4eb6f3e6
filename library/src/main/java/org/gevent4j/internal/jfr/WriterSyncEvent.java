package org.gevent4j.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * Not information: committed by a hub's thread before its {@link HubTickEvent} when greenlets
 * committed events meanwhile. Measured on JDK 25: the first event a carrier commits after a virtual
 * thread mounted on it committed its own is dropped (the carrier's event writer finds the shared
 * buffer moved under it and resets). This event is committed first and takes that loss instead of the
 * tick (measured: without it every tick in which a greenlet committed an event was missing from
 * the recording; with it none, and this event itself never showed). It is enabled by default
 * because a disabled event does not go through the writer; it is committed only while
 * {@link HubTickEvent} is recorded.
 */
@Name("org.gevent4j.WriterSync")
@Label("gevent4j Writer Sync")
@Category({"gevent4j", "Internal"})
@Description("Internal: absorbs the JFR event a hub thread loses after its greenlets committed events")
@StackTrace(false)
final class WriterSyncEvent extends Event {}
