package org.gevent4j.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.gevent4j.TestHubs.realHub;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;
import org.gevent4j.Hub;
import org.gevent4j.TestHubs;
import org.gevent4j.internal.Loop;
import org.gevent4j.internal.Timer;
import org.gevent4j.monitor.BlockingReport.Kind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One test per kind of monitor report, and the run-time switches. Runs in the monitor-on JVM (see
 * {@link MonitorTest}); every test leaves the monitor on for all hubs with a 0.1 s threshold.
 * The watchdog samples real time, so culprits block for 300 ms against 100 ms and reports are
 * awaited with generous bounds; an absence is checked after the sampler has had 3 thresholds'
 * worth of samples past the culprit.
 */
@org.junit.jupiter.api.Timeout(60)
class MonitorKindsTest {
    private static final Duration THRESHOLD = Duration.ofMillis(100);
    private static final Duration CULPRIT = Duration.ofMillis(300);
    private static final long PATIENCE_SECONDS = 15;

    private final BlockingQueue<MonitorEvent> events = new LinkedBlockingQueue<>();
    private final Consumer<MonitorEvent> listener = events::add;
    private boolean ran;

    @BeforeEach
    void listen() {
        assumeTrue(Monitor.enabled(), "needs -Dgevent4j.monitor=true (the monitor-on surefire execution)");
        ran = true;
        Monitor.addEventListener(listener);
        Monitor.setPrintBlockingReports(false);
    }

    @AfterEach
    void restore() {
        if (!ran) return; // skipped: this JVM's monitor is not ours to switch
        Monitor.removeEventListener(listener);
        Monitor.setMaxMemoryUsage(0);
        Monitor.setMaxBlockingTime(THRESHOLD);
        Monitor.setPrintBlockingReports(true);
        Monitor.stop();
        Monitor.start();
    }

    static void spinFor(Duration d) {
        long end = System.nanoTime() + d.toNanos();
        while (System.nanoTime() < end) Thread.onSpinWait();
    }

    private List<BlockingReport> reportsFor(Thread hub) {
        return events.stream().filter(e -> e instanceof BlockingReport r && r.hubThread() == hub)
                .map(e -> (BlockingReport) e).toList();
    }

    private <T extends MonitorEvent> T await(Class<T> type, Predicate<? super T> which) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
        while (System.nanoTime() < deadline) {
            for (MonitorEvent e : events) {
                if (type.isInstance(e) && which.test(type.cast(e))) return type.cast(e);
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no such " + type.getSimpleName() + " within " + PATIENCE_SECONDS + " s; got " + events);
    }

    private BlockingReport awaitReport(Thread hub, Kind kind) throws InterruptedException {
        return await(BlockingReport.class, r -> r.hubThread() == hub && r.kind() == kind);
    }

    private static boolean hasFrame(List<StackTraceElement> stack, String className, String method) {
        return stack.stream().anyMatch(e -> e.getClassName().equals(className) && e.getMethodName().equals(method));
    }

    /** A greenlet spins on its hub while watched: a BLOCKED report, so the switch under test is on. */
    private void spinGreenlet(Duration d) {
        Greenlet<Void> g = new Greenlet<>(() -> spinFor(d));
        g.setName("spinner");
        g.start();
        g.join();
    }

    // ------------------------------------------------------------------ pinning

    /** Its initialiser waits: a greenlet that first uses the class is pinned to its carrier meanwhile. */
    static final class SlowInit {
        static final int VALUE;

        static {
            try {
                Thread.sleep(CULPRIT);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            VALUE = 42;
        }
    }

    @Test
    void aGreenletPinnedInAClassInitialiserIsReportedWithTheReasonAndTheJvmsAccount() throws Exception {
        realHub(() -> {
            Thread hub = Thread.currentThread();
            Greenlet<Integer> g = Gevent.spawn(() -> SlowInit.VALUE);
            assertThat(g.get()).isEqualTo(42);

            BlockingReport blocked = awaitReport(hub, Kind.BLOCKED);
            assertThat(blocked.greenlet()).isEqualTo(g.toString());
            assertThat(blocked.pinning()).as("report %s", blocked.format()).isNotNull();
            assertThat(blocked.pinning().reason()).isEqualTo("class initialiser");
            assertThat(blocked.pinning().frame().getClassName()).isEqualTo(SlowInit.class.getName());
            assertThat(blocked.pinning().frame().getMethodName()).isEqualTo("<clinit>");
            assertThat(blocked.format()).contains("pinned: class initialiser at " + SlowInit.class.getName() + ".<clinit>(");

            // The JVM's own account comes after the pin, from the JFR stream.
            BlockingReport pinned = awaitReport(hub, Kind.PINNED);
            assertThat(pinned.blockedFor()).isGreaterThanOrEqualTo(THRESHOLD);
            assertThat(pinned.pinning().reason()).isNotBlank();
            assertThat(pinned.pinning().frame().getMethodName()).isEqualTo("<clinit>");
            assertThat(hasFrame(pinned.stack(), SlowInit.class.getName(), "<clinit>")).isTrue();
            assertThat(pinned.format()).contains("was pinned to its carrier for");
        });
    }

    /** Called back by libc's qsort: a Java frame above a native one, so the greenlet cannot unmount. */
    static int slowCompare(java.lang.foreign.MemorySegment a, java.lang.foreign.MemorySegment b) {
        try {
            Thread.sleep(CULPRIT);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        return Integer.compare(a.get(java.lang.foreign.ValueLayout.JAVA_INT, 0), b.get(java.lang.foreign.ValueLayout.JAVA_INT, 0));
    }

    @SuppressWarnings("restricted") // native code is the point (the test JVM passes --enable-native-access)
    static void sortInNativeCode() throws Throwable {
        var linker = java.lang.foreign.Linker.nativeLinker();
        var address = java.lang.foreign.ValueLayout.ADDRESS;
        var intLayout = java.lang.foreign.ValueLayout.JAVA_INT;
        java.lang.invoke.MethodHandle qsort = linker.downcallHandle(linker.defaultLookup().find("qsort").orElseThrow(),
                java.lang.foreign.FunctionDescriptor.ofVoid(address, java.lang.foreign.ValueLayout.JAVA_LONG,
                        java.lang.foreign.ValueLayout.JAVA_LONG, address));
        java.lang.invoke.MethodHandle compare = java.lang.invoke.MethodHandles.lookup().findStatic(MonitorKindsTest.class,
                "slowCompare", java.lang.invoke.MethodType.methodType(int.class, java.lang.foreign.MemorySegment.class,
                        java.lang.foreign.MemorySegment.class));
        try (var arena = java.lang.foreign.Arena.ofConfined()) {
            var stub = linker.upcallStub(compare, java.lang.foreign.FunctionDescriptor.of(intLayout,
                    address.withTargetLayout(intLayout), address.withTargetLayout(intLayout)), arena);
            var array = arena.allocateFrom(intLayout, 2, 1);
            qsort.invokeExact(array, 2L, 4L, stub);
            assertThat(array.getAtIndex(intLayout, 0)).isEqualTo(1);
        }
    }

    @Test
    void aGreenletPinnedUnderANativeFrameIsReportedWithTheReason() throws Exception {
        // The first downcall and upcall stub take the JVM longer than the threshold to make: made
        // here, off any hub, so that the one report is the sort's, not the linker's.
        Thread warmUp = Thread.ofPlatform().start(() -> {
            try {
                sortInNativeCode();
            } catch (Throwable t) {
                throw new AssertionError(t);
            }
        });
        warmUp.join();
        realHub(() -> {
            Thread hub = Thread.currentThread();
            Greenlet<Void> g = Gevent.spawn(() -> {
                try {
                    sortInNativeCode();
                } catch (Throwable t) {
                    throw new AssertionError(t);
                }
            });
            g.join();
            assertThat(g.successful()).isTrue();

            BlockingReport blocked = awaitReport(hub, Kind.BLOCKED);
            assertThat(blocked.pinning()).as("report %s", blocked.format()).isNotNull();
            assertThat(blocked.pinning().reason()).startsWith("native frame");
            assertThat(blocked.pinning().frame().getMethodName()).isEqualTo("slowCompare");

            BlockingReport pinned = awaitReport(hub, Kind.PINNED);
            assertThat(pinned.pinning().reason()).isNotBlank();
            assertThat(hasFrame(pinned.stack(), MonitorKindsTest.class.getName(), "slowCompare")).isTrue();
        });
    }

    @Test
    void aCpuLoopIsReportedWithoutPinning() {
        realHub(() -> {
            Thread hub = Thread.currentThread();
            spinGreenlet(CULPRIT);
            BlockingReport r = awaitReport(hub, Kind.BLOCKED);
            assertThat(r.greenlet()).contains("\"spinner\"");
            assertThat(r.pinning()).isNull();
            assertThat(hasFrame(r.stack(), MonitorKindsTest.class.getName(), "spinFor")).isTrue();
        });
    }

    // ------------------------------------------------------------------ callbacks

    /** A timer whose action holds the hub's thread. */
    static final class SlowTimer extends Timer {
        @Override
        protected void fire() {
            spinFor(CULPRIT);
        }

        @Override
        public String toString() {
            return "SlowTimer";
        }
    }

    @Test
    void aLongTimerCallbackIsReportedWithTheHubThreadsStack() {
        realHub(() -> {
            Thread hub = Thread.currentThread();
            Loop loop = Loop.current();
            loop.schedule(new SlowTimer(), loop.deadlineAfterNanos(1_000_000));
            Gevent.sleep(0.05); // the timer fires meanwhile, inside the hub

            BlockingReport r = awaitReport(hub, Kind.CALLBACK);
            assertThat(r.greenlet()).isEqualTo("timer callback SlowTimer");
            assertThat(r.thread().isVirtual()).isFalse();
            assertThat(hasFrame(r.stack(), SlowTimer.class.getName(), "fire")).as("stack %s", r.stack()).isTrue();
            assertThat(reportsFor(hub)).noneMatch(x -> x.kind() == Kind.BLOCKED);
        });
    }

    /** A readiness callback that holds the hub's thread. */
    static final class SlowHandler implements Loop.IoHandler {
        int calls;

        @Override
        public void ready(SelectionKey key) {
            calls++;
            key.interestOps(0);
            spinFor(CULPRIT);
        }

        @Override
        public String toString() {
            return "SlowHandler";
        }
    }

    @Test
    void aLongSelectorCallbackIsReported() throws IOException {
        Pipe pipe = Pipe.open();
        try {
            realHub(() -> {
                Thread hub = Thread.currentThread();
                Loop loop = Loop.current();
                pipe.source().configureBlocking(false);
                SlowHandler handler = new SlowHandler();
                SelectionKey key = loop.register(pipe.source(), handler);
                key.interestOps(SelectionKey.OP_READ);
                pipe.sink().write(ByteBuffer.wrap(new byte[] {1}));
                loop.ioWaiting(1); // a waiter: the hub selects instead of ending
                try {
                    Gevent.sleep(0.5);
                } finally {
                    loop.ioWaiting(-1);
                    key.cancel();
                }

                assertThat(handler.calls).isEqualTo(1);
                BlockingReport r = awaitReport(hub, Kind.CALLBACK);
                assertThat(r.greenlet()).isEqualTo("selector callback SlowHandler");
                assertThat(hasFrame(r.stack(), SlowHandler.class.getName(), "ready")).as("stack %s", r.stack()).isTrue();
            });
        } finally {
            pipe.source().close();
            pipe.sink().close();
        }
    }

    // ------------------------------------------------------------------ lag

    @Test
    void manyShortStallsThatAddUpAreReportedAsLagWithEachCulprit() {
        realHub(() -> {
            Thread hub = Thread.currentThread();
            List<Greenlet<?>> starters = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                Greenlet<Void> g = new Greenlet<>(() -> spinFor(Duration.ofMillis(15))); // a process start's worth
                g.setName("starter-" + i);
                starters.add(g);
                g.start();
            }
            Gevent.joinAll(starters);

            BlockingReport r = awaitReport(hub, Kind.LAG);
            assertThat(r.blockedFor()).isGreaterThanOrEqualTo(THRESHOLD);
            // Reported when the sum crossed the threshold: 4 to 7 stalls of 15 ms, or more on a busy machine.
            assertThat(r.stalls()).hasSizeGreaterThanOrEqualTo(2)
                    .allSatisfy(s -> assertThat(s.duration()).isBetween(Duration.ofMillis(5), THRESHOLD));
            assertThat(r.stalls().getFirst().culprit()).contains("\"starter-0\"");
            assertThat(r.stalls().stream().map(BlockingReport.Stall::duration).reduce(Duration.ZERO, Duration::plus))
                    .isEqualTo(r.blockedFor());
            assertThat(r.format()).startsWith("=== gevent4j hub lagging: stalls under 0.1 s added up to ")
                    .containsPattern("\n\t0\\.\\d+ s <Greenlet \"starter-0\" at \\d+>\n");
            Gevent.sleep(0.3);
            assertThat(reportsFor(hub)).as("one report per window, and no single stall reported")
                    .filteredOn(x -> x.kind() != Kind.PINNED).hasSize(1);
        });
    }

    // ------------------------------------------------------------------ memory

    @Test
    void memoryAboveTheThresholdAndBackUnderItAreEachReportedOnce() throws Exception {
        Monitor.setMemoryMonitorPeriod(Duration.ofMillis(20));
        Monitor.setMaxMemoryUsage(1024); // any JVM uses more

        MemoryUsageThresholdExceeded up = await(MemoryUsageThresholdExceeded.class, e -> true);
        assertThat(up.maxAllowed()).isEqualTo(1024);
        assertThat(up.memoryUsage()).isGreaterThan(1024 * 1024);

        Monitor.setMaxMemoryUsage(Long.MAX_VALUE / 2); // far above: back under
        MemoryUsageUnderThreshold down = await(MemoryUsageUnderThreshold.class, e -> true);
        assertThat(down.maxAllowed()).isEqualTo(Long.MAX_VALUE / 2);
        assertThat(down.maxMemoryUsage()).isGreaterThanOrEqualTo(up.memoryUsage());
        assertThat(down.memoryUsage()).isPositive();

        Thread.sleep(200); // ten more checks: staying under sends nothing more
        assertThat(events).filteredOn(e -> e instanceof MemoryUsageUnderThreshold).hasSize(1);
        Monitor.setMemoryMonitorPeriod(Duration.ofSeconds(5));
    }

    @Test
    void memorySettingsRejectNonsense() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Monitor.setMaxMemoryUsage(-1))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Monitor.setMemoryMonitorPeriod(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Monitor.setMaxBlockingTime(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ------------------------------------------------------------------ switching

    private static boolean monitorThreadRuns() {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("gevent4j-monitor"));
    }

    private static void awaitMonitorThread(boolean running) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
        while (monitorThreadRuns() != running && System.nanoTime() < deadline) Thread.sleep(10);
        assertThat(monitorThreadRuns()).as("monitor thread running").isEqualTo(running);
    }

    @Test
    void theMonitorIsSwitchedOffAndOnAtRunTime() throws Exception {
        Monitor.stop();
        assertThat(Monitor.enabled()).isFalse();
        awaitMonitorThread(false);
        realHub(() -> {
            Thread hub = Thread.currentThread();
            assertThat(Monitor.enabled(Hub.current())).isFalse();
            spinGreenlet(CULPRIT);
            Gevent.sleep(0.3);
            assertThat(reportsFor(hub)).isEmpty();

            Monitor.start();
            assertThat(Monitor.enabled(Hub.current())).isTrue();
            spinGreenlet(CULPRIT);
            assertThat(awaitReport(hub, Kind.BLOCKED).greenlet()).contains("\"spinner\"");
        });
        assertThat(monitorThreadRuns()).isTrue();
    }

    @Test
    void oneHubIsWatchedAloneOrLeftOut() throws Exception {
        Monitor.stop();
        Thread[] hubs = new Thread[2];
        realHub(() -> {
            hubs[0] = Thread.currentThread();
            Monitor.enable(Hub.current()); // this hub only
            assertThat(Monitor.enabled()).isFalse();
            realHub(() -> { // another hub meanwhile, not watched
                hubs[1] = Thread.currentThread();
                assertThat(Monitor.enabled(Hub.current())).isFalse();
                spinGreenlet(CULPRIT);
            });
            spinGreenlet(CULPRIT);
            awaitReport(hubs[0], Kind.BLOCKED);
        });
        assertThat(reportsFor(hubs[1])).isEmpty();

        Monitor.start();
        realHub(() -> {
            Thread hub = Thread.currentThread();
            Monitor.disable(Hub.current()); // every hub but this one
            assertThat(Monitor.enabled()).isTrue();
            assertThat(Monitor.enabled(Hub.current())).isFalse();
            spinGreenlet(CULPRIT);
            Gevent.sleep(0.3);
            assertThat(reportsFor(hub)).isEmpty();
        });
    }

    @Test
    void theThresholdChangesLive() {
        realHub(() -> {
            Thread hub = Thread.currentThread();
            Monitor.setMaxBlockingTime(Duration.ofSeconds(2));
            spinGreenlet(CULPRIT);
            Gevent.sleep(0.3);
            assertThat(reportsFor(hub)).as("300 ms under a 2 s threshold").isEmpty();

            Monitor.setMaxBlockingTime(Duration.ofMillis(50));
            assertThat(Monitor.maxBlockingTime()).isEqualTo(Duration.ofMillis(50));
            spinGreenlet(Duration.ofMillis(250));
            BlockingReport r = awaitReport(hub, Kind.BLOCKED);
            assertThat(r.threshold()).isEqualTo(Duration.ofMillis(50));
            assertThat(r.blockedFor()).isGreaterThanOrEqualTo(Duration.ofMillis(50));
        });
    }

    // ------------------------------------------------------------------ JFR

    @Test
    void eachReportIsAlsoAJfrEvent(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("monitor.jfr");
        Thread[] hub = new Thread[1];
        try (Recording rec = new Recording()) {
            rec.enable("org.gevent4j.BlockingReport");
            rec.start();
            realHub(() -> {
                hub[0] = Thread.currentThread();
                spinGreenlet(CULPRIT);
                awaitReport(hub[0], Kind.BLOCKED);
            });
            rec.stop();
            rec.dump(file);
        }
        List<RecordedEvent> mine = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals("org.gevent4j.BlockingReport"))
                .filter(e -> hub[0].getName().equals(e.getString("hub")))
                .toList();
        assertThat(mine).hasSize(1);
        RecordedEvent e = mine.getFirst();
        assertThat(e.getString("kind")).isEqualTo("BLOCKED");
        assertThat(e.getString("culprit")).contains("\"spinner\"");
        assertThat(e.getDuration("blockedFor")).isGreaterThanOrEqualTo(THRESHOLD);
        assertThat(e.getDuration("threshold")).isEqualTo(THRESHOLD);
        assertThat(e.getString("stack")).contains(MonitorKindsTest.class.getName() + ".spinFor(");
    }

    @Test
    void reportsArePrintedUnlessSwitchedOff() {
        Monitor.setPrintBlockingReports(true);
        String printed = TestHubs.captureStderr(() -> realHub(() -> {
            Thread hub = Thread.currentThread();
            spinGreenlet(CULPRIT);
            awaitReport(hub, Kind.BLOCKED);
        }));
        assertThat(printed).contains("=== gevent4j hub blocked > 0.1 s: <Greenlet \"spinner\"");

        Monitor.setPrintBlockingReports(false);
        String silent = TestHubs.captureStderr(() -> realHub(() -> {
            Thread hub = Thread.currentThread();
            spinGreenlet(CULPRIT);
            awaitReport(hub, Kind.BLOCKED);
        }));
        assertThat(silent).doesNotContain("gevent4j hub blocked");
    }
}
