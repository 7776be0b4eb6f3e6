package org.gevent4j.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** A greenlet finished; recorded on its own thread as its last act. */
@Name("org.gevent4j.GreenletExit")
@Label("Greenlet Exit")
@Category({"gevent4j", "Greenlet"})
@Description("A greenlet finished: with a value, killed, or with an exception")
@Enabled(false)
@StackTrace(false)
final class GreenletExitEvent extends Event {
    @Label("Greenlet")
    String greenlet;

    @Label("Greenlet Thread Id")
    long greenletThreadId;

    @Label("Outcome")
    @Description("\"value\", \"killed\" (GreenletExit) or the class of the exception it died of")
    String outcome;

    @Label("Age")
    @Description("How long it ran, from its first run to its exit")
    @Timespan(Timespan.NANOSECONDS)
    long age;

    @Label("Hub")
    String hub;
}
