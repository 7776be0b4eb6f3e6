package org.gevent4j.util;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.gevent4j.Greenlet;
import org.gevent4j.greenlet.RawGreenlet;
import org.gevent4j.internal.Introspect;
import org.gevent4j.internal.LiveLoops;
import org.gevent4j.internal.Loop;
import org.gevent4j.internal.Strand;

/**
 * The greenlets of one hub as a tree by spawner, as they were when it was taken: gevent's
 * {@code gevent.util.GreenletTree}. The root is the hub's main greenlet (its platform thread's
 * own code); each greenlet hangs under the greenlet that created it while that one still runs,
 * else under the root (gevent does the same with a spawner that has died). Raw greenlets and
 * virtual threads that joined the hub without being spawned by gevent4j also hang under the root.
 * A greenlet is listed from its first run to its death: one started but not yet run (still in
 * the run queue) is not in the tree yet, and a greenlet that is finishing may show as
 * {@code "dead"}.
 *
 * <p>A tree is an immutable snapshot. {@link #current()} and {@link #forest()} never block and
 * never run anything on a hub: they read each hub's state from the calling thread, racily
 * (values may be a moment stale and, across greenlets, of slightly different moments), and take
 * each greenlet's stack with {@link Thread#getStackTrace()}, which the JVM answers without
 * stopping the hub. Called from a greenlet, the work runs on the calling greenlet's own hub, so
 * that hub runs nothing else meanwhile (the others run on); {@link RunInfo} moves the work off the
 * hub. Each node costs one stack walk: a hub with 100,000 greenlets takes a while.
 *
 * <p>Differences from gevent: no spawn-tree locals (gevent4j keeps none), and the spawning
 * stack is not recorded (it would cost every spawn; enable the {@code org.gevent4j.GreenletSpawn}
 * JFR event to get it).
 */
public final class GreenletTree {
    /** Stack frames kept per node: enough to see the wait and its caller's caller. */
    static final int MAX_FRAMES = 64;

    private final String name;
    private final String kind;
    private final Greenlet<?> greenlet;
    private final Thread thread;
    private final String state;
    private final Duration age;
    private final String group;
    private final String spawnedBy;
    private final List<StackTraceElement> stack;
    private final boolean current;
    private final List<GreenletTree> children;

    private GreenletTree(String name, String kind, Greenlet<?> greenlet, Thread thread, String state, Duration age,
            String group, String spawnedBy, List<StackTraceElement> stack, boolean current,
            List<GreenletTree> children) {
        this.name = name;
        this.kind = kind;
        this.greenlet = greenlet;
        this.thread = thread;
        this.state = state;
        this.age = age;
        this.group = group;
        this.spawnedBy = spawnedBy;
        this.stack = stack;
        this.current = current;
        this.children = children;
    }

    /**
     * The tree of the calling thread's hub (a greenlet's hub, or the platform thread's own).
     *
     * @return a snapshot tree rooted at the hub's main
     */
    public static GreenletTree current() {
        return of(Strand.current().loop);
    }

    /**
     * One tree per live hub of the process, oldest hub first (gevent's {@code GreenletTree.forest()}).
     *
     * @return the snapshots, one per live hub
     */
    public static List<GreenletTree> forest() {
        List<GreenletTree> out = new ArrayList<>();
        for (Loop loop : LiveLoops.all()) out.add(of(loop));
        return out;
    }

    static GreenletTree of(Loop loop) {
        return of(loop, Thread.currentThread());
    }

    /** The tree of {@code loop}, marking {@code me}'s node as the current one. */
    static GreenletTree of(Loop loop, Thread me) {
        List<Strand> strands = LiveLoops.strands(loop);
        Map<Object, List<GreenletTree>> childrenOf = new IdentityHashMap<>();
        Object mainOwner = loop.main.owner();
        // Children before parents: a greenlet begins after its spawner, so walk newest first.
        List<Strand> live = strands;
        java.util.Set<Object> liveOwners = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Strand s : live) if (s.owner() != null) liveOwners.add(s.owner());
        List<GreenletTree> roots = new ArrayList<>();
        for (int i = live.size() - 1; i >= 0; i--) {
            Strand s = live.get(i);
            Object owner = s.owner();
            Thread t = s.thread();
            if (t == null) { // ended while we looked: its children, still running, are not lost with it
                List<GreenletTree> orphans = childrenOf.remove(owner == null ? s : owner);
                if (orphans != null) roots.addAll(orphans);
                continue;
            }
            List<GreenletTree> kids = childrenOf.getOrDefault(owner == null ? s : owner, List.of());
            Collections.reverse(kids); // oldest first
            String name, kind, grp = null, spawnedBy = null;
            Greenlet<?> g = null;
            Object parentKey = null;
            if (owner instanceof Greenlet<?> gl) {
                g = gl;
                kind = "greenlet";
                name = gl.toString();
                Object pool = Introspect.greenlets().group(gl);
                if (pool != null) grp = describeGroup(pool);
                Greenlet<?> sp = gl.spawningGreenlet();
                if (sp != null && sp != mainOwner) {
                    if (liveOwners.contains(sp)) parentKey = sp;
                    else spawnedBy = sp.toString();
                }
            } else if (owner instanceof RawGreenlet rg) {
                kind = "raw greenlet";
                name = rg.toString();
            } else {
                kind = "virtual thread";
                name = t.toString();
            }
            String st = owner instanceof Greenlet<?> gl ? stateOf(Introspect.greenlets().state(gl), t) : stateOf(null, t);
            GreenletTree node = new GreenletTree(name, kind, g, t, st, Duration.ofNanos(s.ageNanos()), grp, spawnedBy,
                    frames(t), t == me, List.copyOf(kids));
            if (parentKey != null) {
                childrenOf.computeIfAbsent(parentKey, k -> new ArrayList<>()).add(node);
            } else {
                roots.add(node);
            }
        }
        Collections.reverse(roots);
        Thread carrier = loop.carrier();
        Greenlet<?> mainGreenlet = mainOwner instanceof Greenlet<?> mg ? mg : null;
        String mainState = carrier.isAlive() ? stateOf(null, carrier) : "dead";
        return new GreenletTree("main", "main", mainGreenlet, carrier, mainState, null, null, null, frames(carrier),
                carrier == me, List.copyOf(roots));
    }

    private static String describeGroup(Object pool) {
        String base = pool.getClass().getSimpleName() + "@" + Integer.toHexString(System.identityHashCode(pool));
        if (pool instanceof org.gevent4j.pool.Pool p) return base + " " + p.size() + "/" + p.maxsize();
        if (pool instanceof org.gevent4j.pool.Group gr) return base + " size=" + gr.size();
        return base;
    }

    /*
     * A virtual thread's JDK state says more than the greenlet's own (which is "running" from its
     * first run to its death): whether it waits now, and whether with a deadline.
     */
    private static String stateOf(String greenletState, Thread t) {
        if (greenletState != null && !greenletState.equals("running")) return greenletState;
        return switch (t.getState()) {
            case NEW -> "scheduled";
            case RUNNABLE -> "runnable";
            case BLOCKED -> "blocked on a monitor";
            case WAITING -> "waiting";
            case TIMED_WAITING -> "waiting with a timeout";
            case TERMINATED -> "dead";
        };
    }

    private static List<StackTraceElement> frames(Thread t) {
        StackTraceElement[] all;
        try {
            all = t.getStackTrace();
        } catch (RuntimeException e) {
            return List.of();
        }
        int from = 0;
        // The JDK's and gevent4j's own parking frames say nothing the state does not.
        while (from < all.length && isParkingFrame(all[from])) from++;
        int to = Math.min(all.length, from + MAX_FRAMES);
        return List.of(all).subList(from, to);
    }

    private static boolean isParkingFrame(StackTraceElement f) {
        String c = f.getClassName();
        return c.startsWith("jdk.internal.") || c.startsWith("java.lang.VirtualThread") || c.equals("java.lang.Thread")
                || c.equals("java.lang.System$1") || c.equals("java.util.concurrent.locks.LockSupport")
                || c.startsWith("org.gevent4j.internal.");
    }

    /**
     * The greenlet, or null for the root of a hub whose main never used Greenlet, a raw greenlet or a
     * plain virtual thread.
     *
     * @return the greenlet, or {@code null}
     */
    public Greenlet<?> greenlet() {
        return greenlet;
    }

    /**
     * Its description: the greenlet's {@code toString()}, {@code "main"} for the root.
     *
     * @return the description, never {@code null}
     */
    public String name() {
        return name;
    }

    /**
     * {@code "main"}, {@code "greenlet"}, {@code "raw greenlet"} or {@code "virtual thread"}.
     *
     * @return one of the four kinds above
     */
    public String kind() {
        return kind;
    }

    /**
     * Its thread: the hub's platform thread for the root, else the greenlet's virtual thread.
     *
     * @return the thread, never {@code null}
     */
    public Thread thread() {
        return thread;
    }

    /**
     * What it was doing: {@code "scheduled"} (not yet run), {@code "runnable"} (running or queued
     * to run), {@code "waiting"}, {@code "waiting with a timeout"}, {@code "blocked on a monitor"},
     * {@code "dying"} or {@code "dead"}.
     *
     * @return one of the states above, as of the snapshot
     */
    public String state() {
        return state;
    }

    /**
     * How long since it first ran, on its hub's clock; null for the root.
     *
     * @return the age, or {@code null} for the root
     */
    public Duration age() {
        return age;
    }

    /**
     * The pool or group it belongs to ({@code "Pool@1b2c3d 4/100"}: members/size), or null.
     *
     * @return the group's description, or {@code null}
     */
    public String group() {
        return group;
    }

    /**
     * For a greenlet whose spawner had died: that spawner's description; otherwise null.
     *
     * @return the dead spawner's description, or {@code null}
     */
    public String spawnedBy() {
        return spawnedBy;
    }

    /**
     * Its stack, innermost first, from the first frame that is not parking machinery (the JDK's or
     * gevent4j's internals), at most {@value #MAX_FRAMES} frames.
     *
     * @return the frames, unmodifiable; empty if none were captured
     */
    public List<StackTraceElement> stack() {
        return stack;
    }

    /**
     * Where it waits: its innermost frame outside the JDK and gevent4j's internals (a gevent4j
     * call such as {@code Queue.get}, or the user's own code), or null if it has none.
     *
     * @return the frame, or {@code null}
     */
    public StackTraceElement blockedAt() {
        for (StackTraceElement f : stack) {
            String c = f.getClassName();
            if (c.startsWith("java.") || c.startsWith("jdk.") || c.startsWith("sun.")
                    || c.startsWith("org.gevent4j.internal.")) {
                continue;
            }
            return f;
        }
        return null;
    }

    /**
     * Whether this is the thread that took the snapshot.
     *
     * @return true for the node of the snapshotting thread
     */
    public boolean isCurrent() {
        return current;
    }

    /**
     * The greenlets it spawned that were still running, oldest first.
     *
     * @return the children as snapshot nodes, unmodifiable
     */
    public List<GreenletTree> children() {
        return children;
    }

    /**
     * How many nodes the tree has, this one included.
     *
     * @return the node count, 1 or more
     */
    public int size() {
        int n = 1;
        for (GreenletTree c : children) n += c.size();
        return n;
    }

    /**
     * The tree as text, gevent-style, with up to {@code frames} stack frames per greenlet.
     *
     * @param frames the most stack frames shown per greenlet, 0 or more
     * @return the multi-line text of the tree
     */
    public String format(int frames) {
        StringBuilder sb = new StringBuilder();
        TextFormat.tree(sb, this, frames);
        return sb.toString();
    }

    /** {@link #format(int)} with 6 frames per greenlet. */
    @Override
    public String toString() {
        return format(6);
    }
}
