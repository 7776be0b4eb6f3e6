package org.gevent4j.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A greenlet was started (scheduled to run); its stack trace is where it was started. */
@Name("org.gevent4j.GreenletSpawn")
@Label("Greenlet Spawn")
@Category({"gevent4j", "Greenlet"})
@Description("A greenlet was started")
@Enabled(false)
@StackTrace(true)
final class GreenletSpawnEvent extends Event {
    @Label("Greenlet")
    @Description("Its name: the one set, else Greenlet-<minimal ident> when started on its own hub, else its class")
    String greenlet;

    @Label("Greenlet Thread Id")
    @Description("The id of its virtual thread (the event thread of its exit event)")
    long greenletThreadId;

    @Label("Spawner")
    @Description("The name of the greenlet that created it, if one on the same hub did")
    String spawner;

    @Label("Hub")
    String hub;
}
