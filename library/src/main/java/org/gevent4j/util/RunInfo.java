package org.gevent4j.util;

import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.gevent4j.event.AsyncResult;
import org.gevent4j.internal.LiveLoops;
import org.gevent4j.internal.Loop;

/**
 * What every hub of the process is doing: gevent's {@code gevent.util.format_run_info} and
 * {@code print_run_info}. For each live hub: its thread, whether it is idle or busy (and for
 * how long its current iteration has run: a hub stuck in one greenlet shows a growing figure),
 * its run-queue length, armed timers, selector keys, greenlets waiting for I/O, its lag (how
 * late its last timer fired) and totals of iterations, tasks, timers and ready keys; then its
 * greenlets as a {@link GreenletTree} by spawner, each with its state, age, pool and the top of
 * its stack. {@link #format()} gives text, {@link #json()} the same as one JSON object.
 *
 * <h2>Threads</h2>
 * Callable from any thread. Nothing runs on any hub: every hub's state is read from outside,
 * racily (values may be a moment stale, and one hub's figures need not be of the same instant),
 * which is what makes it work on a hub that is stuck. Called from a platform thread, it runs on
 * that thread and blocks it (not cooperatively) while it walks the stacks. Called from a
 * greenlet, it does that work on a new platform thread and waits cooperatively: the caller's hub
 * runs its other greenlets meanwhile, and the caller appears in the report waiting in
 * {@code RunInfo}. A kill or {@link org.gevent4j.Timeout} of a waiting greenlet ends its wait
 * (the collecting thread finishes on its own, and its result is dropped).
 *
 * <h2>From outside the process</h2>
 * With {@code -Dgevent4j.runInfoSignal=USR1} (or {@code GEVENT4J_RUN_INFO_SIGNAL=USR1} in the
 * environment), {@code kill -USR1 <pid>} prints the text report to standard error, or appends it
 * to the file named by {@code -Dgevent4j.runInfoFile} ({@code GEVENT4J_RUN_INFO_FILE}), as JSON
 * with {@code -Dgevent4j.runInfoFormat=json}; the handler is installed when the process first
 * uses a hub. Another handler for that signal ({@link org.gevent4j.Gevent#signal}) takes it over
 * until cancelled. See {@code docs/operations.md}.
 */
public final class RunInfo {
    /** Stack frames shown per greenlet in the text form. */
    private static final int TEXT_FRAMES = 8;

    private RunInfo() {}

    /** One hub's figures in a report (racy reads; see the class comment). */
    record HubInfo(String thread, Thread threadObject, Thread runner, boolean virtualClock, String state,
            long iterationNanos, int queued, int timers, int selectorKeys, int ioWaiters, long lagNanos,
            int greenlets, int parked, long iterations, long tasksRun, long timersFired, long keysSelected,
            GreenletTree tree) {}

    /**
     * The report as text: a header, then each hub and its greenlet tree. Blocks as the class comment says.
     *
     * @return the multi-line report
     */
    public static String format() {
        List<HubInfo> hubs = collect();
        StringBuilder sb = new StringBuilder();
        sb.append("gevent4j run info at ").append(Instant.now()).append(", pid ").append(ProcessHandle.current().pid())
                .append(", ").append(hubs.size()).append(hubs.size() == 1 ? " hub" : " hubs").append('\n');
        for (HubInfo h : hubs) {
            sb.append('\n');
            TextFormat.hub(sb, h, TEXT_FRAMES);
        }
        return sb.toString();
    }

    /**
     * The report as one JSON object: {@code {"time", "pid", "hubs": [{"thread", "state", ...,
     * "tree": {"name", "kind", "state", "ageSeconds", "group", "blockedAt", "stack": [...],
     * "children": [...]}}]}}, with every stack frame (up to 64 per greenlet). Blocks as the class
     * comment says.
     *
     * @return the JSON text
     */
    public static String json() {
        List<HubInfo> hubs = collect();
        Json j = new Json().begin();
        j.field("time", Instant.now().toString()).field("pid", ProcessHandle.current().pid());
        j.array("hubs");
        for (HubInfo h : hubs) {
            j.begin();
            j.field("thread", h.thread()).field("virtualClock", h.virtualClock());
            j.field("state", h.state());
            j.field("iterationMillis", h.iterationNanos() / 1e6);
            j.field("runQueue", h.queued()).field("timers", h.timers()).field("selectorKeys", h.selectorKeys());
            j.field("ioWaiters", h.ioWaiters()).field("lagMillis", h.lagNanos() / 1e6);
            j.field("greenlets", h.greenlets()).field("parked", h.parked());
            j.field("iterations", h.iterations()).field("tasksRun", h.tasksRun());
            j.field("timersFired", h.timersFired()).field("keysSelected", h.keysSelected());
            j.key("tree");
            node(j, h.tree());
            j.end();
        }
        j.endArray();
        return j.end().toString();
    }

    private static void node(Json j, GreenletTree t) {
        j.begin();
        j.field("name", t.name()).field("kind", t.kind()).field("thread", t.thread().getName());
        j.field("threadId", t.thread().threadId()).field("state", t.state());
        if (t.age() != null) j.field("ageSeconds", t.age().toNanos() / 1e9);
        if (t.group() != null) j.field("group", t.group());
        if (t.spawnedBy() != null) j.field("spawnedBy", t.spawnedBy());
        if (t.isCurrent()) j.field("current", true);
        StackTraceElement at = t.blockedAt();
        j.field("blockedAt", at == null ? null : at.toString());
        j.array("stack");
        for (StackTraceElement f : t.stack()) j.value(f.toString());
        j.endArray();
        j.array("children");
        for (GreenletTree c : t.children()) node(j, c);
        j.endArray();
        j.end();
    }

    /** Prints {@link #format()} to {@code System.err}, as gevent's {@code print_run_info} does. */
    public static void print() {
        print(System.err);
    }

    /**
     * Prints {@link #format()} to {@code out}.
     *
     * @param out where to print
     */
    public static void print(PrintStream out) {
        out.print(format());
        out.flush();
    }

    /** Off the hub when called from a greenlet (see the class comment). */
    private static List<HubInfo> collect() {
        if (!Thread.currentThread().isVirtual()) return collectHere(Thread.currentThread());
        Thread caller = Thread.currentThread();
        CompletableFuture<List<HubInfo>> collected = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("gevent4j-run-info").start(() -> {
            try {
                collected.complete(collectHere(caller));
            } catch (Throwable t) {
                collected.completeExceptionally(t);
            }
        });
        // AsyncResult.from marks the result as set by another thread: the wait holds the hub out of LoopExit.
        return AsyncResult.from(collected).get();
    }

    private static List<HubInfo> collectHere(Thread caller) {
        List<HubInfo> out = new ArrayList<>();
        for (Loop loop : LiveLoops.all()) {
            LiveLoops.State s = LiveLoops.state(loop);
            GreenletTree tree = GreenletTree.of(loop, caller);
            String state = !s.looping() ? "main" : s.sleeping() ? "idle" : "busy";
            out.add(new HubInfo(s.carrier().getName(), s.carrier(), s.runner(), s.virtualClock(), state,
                    s.iterationNanos(), s.queued(), s.timers(), s.selectorKeys(), s.ioWaiters(), s.lagNanos(),
                    tree.size() - 1, s.parked(), s.iterations(), s.tasksRun(), s.timersFired(), s.keysSelected(),
                    tree));
        }
        return out;
    }
}
