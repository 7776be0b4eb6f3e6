package org.gevent4j.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gevent4j.TestHubs.virtualHub;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;
import org.gevent4j.GreenletExit;

/**
 * Random interleavings of put, get, peek, their nowait forms, kills of waiting greenlets,
 * timeouts, taskDone and shutdown, on one hub with a virtual clock, checked against a model.
 *
 * <p>Every operation of the queue happens at a point the log records exactly: a greenlet logs
 * right after its call returns, with no blocking call in between, and a waiter stores or takes its
 * item itself when it returns. So the log is a linearisation, and the model (a list, removed from
 * in FIFO, LIFO or priority order) must agree with every event in it: each item got is the one the
 * model says, each item is got at most once, and after the survivors are killed and the queue is
 * drained the model is empty (nothing lost). Once everything has run, no getter waits while items
 * are in the queue and no putter waits while there is room (nothing stranded). Also: a greenlet
 * killed while it waited in get or put
 * never gets or puts an item afterwards; greenlets that waited without a timeout are served in the
 * order they started waiting (one with a timeout may be run early by its own timer, so it is left
 * out of that check); and a JoinableQueue's unfinished count matches the model.
 */
class QueuePropertiesTest {
    enum Kind { FIFO, LIFO, PRIORITY, JOINABLE }

    sealed interface Op permits Put, PutNowait, Get, GetNowait, Peek, Kill, Advance, TaskDone, Shutdown {}

    /** Timeouts are in tenths of a second; null: no timeout. */
    record Put(Integer timeout) implements Op {}

    /** Main puts {@code count} items in a row, without yielding. */
    record PutNowait(int count) implements Op {}

    record Get(Integer timeout) implements Op {}

    /** Main gets {@code count} items in a row, without yielding. */
    record GetNowait(int count) implements Op {}

    record Peek(Integer timeout) implements Op {}

    record Kill(int which) implements Op {}

    /** Main sleeps this many tenths of a second (0: yields). */
    record Advance(int tenths) implements Op {}

    record TaskDone() implements Op {}

    record Shutdown(boolean immediate) implements Op {}

    enum E { PUT, PUT_FAILED, GOT, GET_FAILED, PEEKED, WAIT_GET, WAIT_PUT, KILLED, TASK_DONE, TASK_DONE_REFUSED,
        SHUTDOWN, UNFINISHED, DRAINED }

    /** One log entry: what happened, to whom (-1: main), with which value. */
    record Ev(E what, int who, int value) {}

    static final int MAIN = -1;

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Integer> timeout = Arbitraries.integers().between(0, 3).injectNull(0.5);
        Arbitrary<Op> op = Arbitraries.frequencyOf(
                Tuple.of(30, timeout.map(Put::new)),
                Tuple.of(25, Arbitraries.integers().between(1, 3).map(PutNowait::new)),
                Tuple.of(30, timeout.map(Get::new)),
                Tuple.of(25, Arbitraries.integers().between(1, 3).map(GetNowait::new)),
                Tuple.of(8, timeout.map(Peek::new)),
                Tuple.of(25, Arbitraries.integers().between(0, 30).map(Kill::new)),
                Tuple.of(30, Arbitraries.frequency(Tuple.of(3, 0), Tuple.of(1, 1), Tuple.of(1, 3)).map(Advance::new)),
                Tuple.of(10, Arbitraries.just(new TaskDone())),
                Tuple.of(2, Arbitraries.of(true, false).map(Shutdown::new)));
        return op.list().ofMinSize(1).ofMaxSize(40);
    }

    /**
     * Untimed waiters, bursts of nowait calls from main and single hub iterations: many woken
     * waiters lose the race to main and must go back in line without losing their place.
     */
    @Provide
    Arbitrary<List<Op>> races() {
        Arbitrary<Op> op = Arbitraries.frequencyOf(
                Tuple.of(20, Arbitraries.just(new Put(null))),
                Tuple.of(20, Arbitraries.just(new Get(null))),
                Tuple.of(20, Arbitraries.integers().between(1, 3).map(PutNowait::new)),
                Tuple.of(20, Arbitraries.integers().between(1, 3).map(GetNowait::new)),
                Tuple.of(25, Arbitraries.just(new Advance(0))),
                Tuple.of(15, Arbitraries.integers().between(0, 30).map(Kill::new)));
        return op.list().ofMinSize(1).ofMaxSize(40);
    }

    @Property(tries = 200)
    void wokenWaitersThatLoseTheRaceKeepTheirPlace(
            @ForAll Kind kind, @ForAll @IntRange(min = 1, max = 3) int maxsize, @ForAll("races") List<Op> ops) {
        List<Ev> log = virtualHub(() -> runOnQueue(make(kind, maxsize), ops));
        checkAgainstModel(kind, log);
        checkWaitersServedInOrder(log, E.WAIT_GET, Set.of(E.GOT, E.PEEKED));
        checkWaitersServedInOrder(log, E.WAIT_PUT, Set.of(E.PUT));
    }

    private static Duration tenths(Integer t) {
        return t == null ? null : Duration.ofMillis(100L * t);
    }

    private static Queue<Integer> make(Kind kind, int maxsize) {
        return switch (kind) {
            case FIFO -> new Queue<>(maxsize);
            case LIFO -> new LifoQueue<>(maxsize);
            case PRIORITY -> new PriorityQueue<>(maxsize);
            case JOINABLE -> new JoinableQueue<>(maxsize);
        };
    }

    @Property(tries = 200)
    void queuesLoseNothingDuplicateNothingAndServeWaitersInOrder(
            @ForAll Kind kind, @ForAll @IntRange(min = 0, max = 3) int maxsize, @ForAll("ops") List<Op> ops) {
        List<Ev> log = virtualHub(() -> runOnQueue(make(kind, maxsize), ops));
        checkAgainstModel(kind, log);
        checkWaitersServedInOrder(log, E.WAIT_GET, Set.of(E.GOT, E.PEEKED));
        checkWaitersServedInOrder(log, E.WAIT_PUT, Set.of(E.PUT));
    }

    private static List<Ev> runOnQueue(Queue<Integer> q, List<Op> ops) {
        List<Ev> log = new ArrayList<>();
        List<Greenlet<Void>> gs = new ArrayList<>();
        Map<Integer, String> inCall = new HashMap<>(); // greenlet id -> the call it is blocked in
        int nextItem = 1;
        for (Op op : ops) {
            int id = gs.size();
            switch (op) {
                case Put p -> {
                    int v = nextItem++;
                    gs.add(Gevent.spawn(() -> {
                        if (p.timeout() == null && q.full() && !q.isShutDown()) log.add(new Ev(E.WAIT_PUT, id, v));
                        inCall.put(id, "put");
                        try {
                            q.put(v, tenths(p.timeout()));
                            log.add(new Ev(E.PUT, id, v));
                        } catch (Full | ShutDown e) {
                            log.add(new Ev(E.PUT_FAILED, id, v));
                        } finally {
                            inCall.remove(id);
                        }
                    }));
                }
                case PutNowait p -> {
                    for (int i = 0; i < p.count(); i++) {
                        int v = nextItem++;
                        try {
                            q.putNowait(v);
                            log.add(new Ev(E.PUT, MAIN, v));
                        } catch (Full | ShutDown e) {
                            log.add(new Ev(E.PUT_FAILED, MAIN, v));
                        }
                    }
                }
                case Get g -> gs.add(Gevent.spawn(() -> {
                    if (g.timeout() == null && q.empty() && !q.isShutDown()) log.add(new Ev(E.WAIT_GET, id, 0));
                    inCall.put(id, "get");
                    try {
                        log.add(new Ev(E.GOT, id, q.get(tenths(g.timeout()))));
                    } catch (Empty | ShutDown e) {
                        log.add(new Ev(E.GET_FAILED, id, 0));
                    } finally {
                        inCall.remove(id);
                    }
                }));
                case Peek p -> gs.add(Gevent.spawn(() -> {
                    if (p.timeout() == null && q.empty() && !q.isShutDown()) log.add(new Ev(E.WAIT_GET, id, 0));
                    inCall.put(id, "peek");
                    try {
                        log.add(new Ev(E.PEEKED, id, q.peek(tenths(p.timeout()))));
                    } catch (Empty | ShutDown e) {
                        log.add(new Ev(E.GET_FAILED, id, 0));
                    } finally {
                        inCall.remove(id);
                    }
                }));
                case GetNowait g -> {
                    for (int i = 0; i < g.count(); i++) {
                        try {
                            log.add(new Ev(E.GOT, MAIN, q.getNowait()));
                        } catch (Empty | ShutDown e) {
                            log.add(new Ev(E.GET_FAILED, MAIN, 0));
                        }
                    }
                }
                case Kill k -> killOne(gs, k.which(), inCall, log);
                case Advance a -> Gevent.sleep(a.tenths() / 10.0);
                case TaskDone t -> {
                    if (q instanceof JoinableQueue<Integer> jq) {
                        try {
                            jq.taskDone();
                            log.add(new Ev(E.TASK_DONE, MAIN, 0));
                        } catch (IllegalStateException e) {
                            log.add(new Ev(E.TASK_DONE_REFUSED, MAIN, 0));
                        }
                    }
                }
                case Shutdown s -> {
                    q.shutdown(s.immediate());
                    log.add(new Ev(E.SHUTDOWN, MAIN, s.immediate() ? 1 : 0));
                }
            }
            if (q instanceof JoinableQueue<Integer> jq) log.add(new Ev(E.UNFINISHED, MAIN, jq.unfinishedTasks()));
        }
        // Let every timeout expire and everything runnable run: then nobody may wait in vain.
        Gevent.sleep(10);
        if (inCall.containsValue("get") || inCall.containsValue("peek")) {
            assertThat(q.qsize()).as("getters wait while items are in the queue: %s %s", q, log).isZero();
        }
        if (inCall.containsValue("put")) {
            assertThat(q.full()).as("putters wait while there is room: %s %s", q, log).isTrue();
        }
        for (int id = 0; id < gs.size(); id++) {
            if (gs.get(id).dead()) continue;
            if (inCall.containsKey(id)) log.add(new Ev(E.KILLED, id, 0));
            gs.get(id).kill();
        }
        while (true) {
            try {
                log.add(new Ev(E.DRAINED, MAIN, q.getNowait()));
            } catch (Empty | ShutDown e) {
                break;
            }
        }
        return log;
    }

    private static void killOne(List<Greenlet<Void>> gs, int which, Map<Integer, String> inCall, List<Ev> log) {
        // Prefer greenlets blocked in a call (the interesting kills); else any live one.
        List<Integer> live = new ArrayList<>(new java.util.TreeSet<>(inCall.keySet()));
        if (live.isEmpty()) {
            for (int i = 0; i < gs.size(); i++) if (!gs.get(i).dead()) live.add(i);
        }
        if (live.isEmpty()) return;
        int id = live.get(which % live.size());
        if (inCall.containsKey(id)) log.add(new Ev(E.KILLED, id, 0));
        gs.get(id).kill(new GreenletExit(), false, null);
    }

    private static void checkAgainstModel(Kind kind, List<Ev> log) {
        List<Integer> model = new ArrayList<>();
        Set<Integer> killed = new HashSet<>();
        int unfinished = 0;
        for (Ev ev : log) {
            switch (ev.what()) {
                case PUT -> {
                    assertThat(killed).as("a putter killed while waiting put %s: %s", ev.value(), log)
                            .doesNotContain(ev.who());
                    model.add(ev.value());
                    unfinished++;
                }
                case GOT, DRAINED -> {
                    assertThat(killed).as("a getter killed while waiting got %s: %s", ev.value(), log)
                            .doesNotContain(ev.who());
                    assertThat(model).as("got %s from an empty queue: %s", ev.value(), log).isNotEmpty();
                    assertThat(ev.value()).as("item got, model %s, log %s", model, log).isEqualTo(model.get(head(kind, model)));
                    model.remove(head(kind, model));
                }
                case PEEKED -> {
                    assertThat(model).as("peeked %s in an empty queue: %s", ev.value(), log).isNotEmpty();
                    assertThat(ev.value()).as("item peeked, model %s, log %s", model, log).isEqualTo(model.get(head(kind, model)));
                }
                case KILLED -> killed.add(ev.who());
                case TASK_DONE -> {
                    assertThat(unfinished).as("taskDone accepted with no unfinished task: %s", log).isPositive();
                    unfinished--;
                }
                case TASK_DONE_REFUSED -> assertThat(unfinished).as("taskDone refused: %s", log).isZero();
                case SHUTDOWN -> {
                    if (ev.value() == 1) {
                        unfinished = Math.max(0, unfinished - model.size());
                        model.clear();
                    }
                }
                case UNFINISHED -> assertThat(ev.value()).as("unfinished tasks: %s", log).isEqualTo(unfinished);
                default -> {}
            }
        }
        assertThat(model).as("items lost (in the model, not in the queue): %s", log).isEmpty();
    }

    /** Index of the item the model says comes out next. */
    private static int head(Kind kind, List<Integer> model) {
        return switch (kind) {
            case FIFO, JOINABLE -> 0;
            case LIFO -> model.size() - 1;
            case PRIORITY -> model.indexOf(Collections.min(model));
        };
    }

    /**
     * Among greenlets that logged {@code waited} (they were about to block), those that were served
     * (logged one of {@code served}) were served in the order they started waiting.
     */
    private static void checkWaitersServedInOrder(List<Ev> log, E waited, Set<E> served) {
        List<Integer> waitOrder = new ArrayList<>();
        List<Integer> serveOrder = new ArrayList<>();
        for (Ev ev : log) {
            if (ev.what() == waited) waitOrder.add(ev.who());
            if (served.contains(ev.what()) && ev.who() != MAIN) serveOrder.add(ev.who());
        }
        serveOrder.retainAll(waitOrder);
        List<Integer> expected = new ArrayList<>(waitOrder);
        expected.retainAll(serveOrder);
        assertThat(serveOrder).as("waiters served out of order: %s", log).isEqualTo(expected);
    }

    // ---- Channel: no storage, so the model is conservation ----

    @Property(tries = 200)
    void channelsDeliverEachItemPutToExactlyOneGetterAndServeWaitersInOrder(@ForAll("ops") List<Op> ops) {
        List<Ev> log = virtualHub(() -> runOnChannel(ops));
        List<Integer> delivered = new ArrayList<>();
        List<Integer> got = new ArrayList<>();
        for (Ev ev : log) {
            if (ev.what() == E.PUT) delivered.add(ev.value());
            if (ev.what() == E.GOT) got.add(ev.value());
        }
        assertThat(got).as("items got vs items whose put returned: %s", log)
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(delivered);
        checkWaitersServedInOrder(log, E.WAIT_GET, Set.of(E.GOT));
        checkWaitersServedInOrder(log, E.WAIT_PUT, Set.of(E.PUT));
    }

    private static List<Ev> runOnChannel(List<Op> ops) {
        Channel<Integer> c = new Channel<>();
        List<Ev> log = new ArrayList<>();
        List<Greenlet<Void>> gs = new ArrayList<>();
        Map<Integer, String> inCall = new HashMap<>();
        int nextItem = 1;
        for (Op op : ops) {
            int id = gs.size();
            switch (op) {
                case Put p -> {
                    int v = nextItem++;
                    gs.add(Gevent.spawn(() -> {
                        if (p.timeout() == null && !c.isShutDown()) log.add(new Ev(E.WAIT_PUT, id, v));
                        inCall.put(id, "put");
                        try {
                            c.put(v, tenths(p.timeout()));
                            log.add(new Ev(E.PUT, id, v));
                        } catch (Full | ShutDown e) {
                            log.add(new Ev(E.PUT_FAILED, id, v));
                        } finally {
                            inCall.remove(id);
                        }
                    }));
                }
                case PutNowait p -> {
                    for (int i = 0; i < p.count(); i++) {
                        int v = nextItem++;
                        try {
                            c.putNowait(v);
                            log.add(new Ev(E.PUT, MAIN, v));
                        } catch (Full | ShutDown e) {
                            log.add(new Ev(E.PUT_FAILED, MAIN, v));
                        }
                    }
                }
                case Get g -> gs.add(Gevent.spawn(() -> {
                    // It waits unless a putter waits already.
                    if (g.timeout() == null && c.balance() <= 0 && !c.isShutDown()) {
                        log.add(new Ev(E.WAIT_GET, id, 0));
                    }
                    inCall.put(id, "get");
                    try {
                        log.add(new Ev(E.GOT, id, c.get(tenths(g.timeout()))));
                    } catch (Empty | ShutDown e) {
                        log.add(new Ev(E.GET_FAILED, id, 0));
                    } finally {
                        inCall.remove(id);
                    }
                }));
                case GetNowait g -> {
                    for (int i = 0; i < g.count(); i++) {
                        try {
                            log.add(new Ev(E.GOT, MAIN, c.getNowait()));
                        } catch (Empty | ShutDown e) {
                            log.add(new Ev(E.GET_FAILED, MAIN, 0));
                        }
                    }
                }
                case Kill k -> killOne(gs, k.which(), inCall, log);
                case Advance a -> Gevent.sleep(a.tenths() / 10.0);
                case Shutdown s -> {
                    c.shutdown(s.immediate());
                    log.add(new Ev(E.SHUTDOWN, MAIN, 0));
                }
                case Peek p -> {}
                case TaskDone t -> {}
            }
        }
        Gevent.sleep(10);
        for (int id = 0; id < gs.size(); id++) {
            if (!gs.get(id).dead()) gs.get(id).kill();
        }
        return log;
    }
}
