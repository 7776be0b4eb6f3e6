package org.gevent4j.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** One iteration of a hub's loop that ran something, without the wait for work that follows it. */
@Name("org.gevent4j.HubTick")
@Label("Hub Tick")
@Category({"gevent4j", "Hub"})
@Description("One iteration of a hub's loop: the tasks it ran, the timers it fired and the ready keys dispatched")
@Enabled(false)
@StackTrace(false)
final class HubTickEvent extends Event {
    @Label("Hub")
    @Description("The name of the hub's platform thread")
    String hub;

    @Label("Tasks Run")
    @Description("Greenlet switches and callbacks run in this iteration")
    int tasks;

    @Label("Timers Fired")
    int timers;

    @Label("Keys Selected")
    @Description("Ready selection keys dispatched since the previous recorded iteration, including its wait")
    int keys;

    @Label("Took")
    @Description("How long the iteration ran, without the wait for work that follows it (the event itself has no duration)")
    @Timespan(Timespan.NANOSECONDS)
    long took;

    @Label("Run Queue")
    @Description("Tasks queued when the iteration ended (they run in the next one)")
    int queued;
}
