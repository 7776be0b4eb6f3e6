package org.gevent4j.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.gevent4j.TestHubs.realHub;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;
import org.gevent4j.TestHubs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The blocking-call guard, gevent's monitor thread. This class runs in a JVM of its own with
 * {@code -Dgevent4j.monitor=true -Dgevent4j.maxBlockingTime=0.1} (the "monitor-on" surefire
 * execution of library/pom.xml); anywhere else it is skipped. Real time is the point here, so the
 * culprits block for 300 ms against a 100 ms threshold and reports are awaited with generous bounds.
 */
@org.junit.jupiter.api.Timeout(30)
class MonitorTest {
    private static final Duration CULPRIT = Duration.ofMillis(300);
    private static final long PATIENCE_SECONDS = 10;

    private final BlockingQueue<BlockingReport> reports = new LinkedBlockingQueue<>();
    private final Consumer<BlockingReport> listener = reports::add;

    @BeforeEach
    void listen() {
        assumeTrue(Monitor.enabled(), "needs -Dgevent4j.monitor=true (the monitor-on surefire execution)");
        assertThat(Monitor.maxBlockingTime()).isEqualTo(Duration.ofMillis(100));
        Monitor.addListener(listener);
    }

    @AfterEach
    void stopListening() {
        Monitor.removeListener(listener);
    }

    /** The culprit: holds its thread without ever letting the hub run. */
    static void spinFor(Duration d) {
        long end = System.nanoTime() + d.toNanos();
        while (System.nanoTime() < end) Thread.onSpinWait();
    }

    static int readFifo(Path fifo) throws IOException {
        try (FileInputStream in = new FileInputStream(fifo.toFile())) { // open(2) blocks until a writer opens
            return in.read();
        }
    }

    /** Reports about the hub of {@code hubThread} only: other tests' hubs may run in this JVM too. */
    private List<BlockingReport> reportsFor(Thread hubThread) {
        return reports.stream().filter(r -> r.hubThread() == hubThread).toList();
    }

    private BlockingReport awaitReportFor(Thread hubThread) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
        while (System.nanoTime() < deadline) {
            List<BlockingReport> mine = reportsFor(hubThread);
            if (!mine.isEmpty()) return mine.getFirst();
            Thread.sleep(10);
        }
        throw new AssertionError("no blocking report within " + PATIENCE_SECONDS + " s");
    }

    private static boolean hasFrame(BlockingReport r, String className, String method) {
        return r.stack().stream().anyMatch(e -> e.getClassName().equals(className) && e.getMethodName().equals(method));
    }

    @Test
    void aGreenletSpinningOnTheHubIsReportedOnceWithItsStack() {
        String stderr = TestHubs.captureStderr(() -> realHub(() -> {
            Thread hub = Thread.currentThread();
            Greenlet<Void> hog = new Greenlet<>(() -> spinFor(CULPRIT));
            hog.setName("hog");
            hog.start();
            hog.join();
            Gevent.sleep(0.1); // a few more samples of an idle hub: the episode is over, and not reported again

            BlockingReport r = awaitReportFor(hub);
            assertThat(reportsFor(hub)).hasSize(1);
            assertThat(r.greenlet()).isEqualTo(hog.toString()).contains("\"hog\"");
            assertThat(r.thread().isVirtual()).isTrue();
            assertThat(r.blockedFor()).isGreaterThanOrEqualTo(Duration.ofMillis(100));
            assertThat(r.threshold()).isEqualTo(Duration.ofMillis(100));
            assertThat(hasFrame(r, MonitorTest.class.getName(), "spinFor")).as("stack %s", r.stack()).isTrue();
        }));
        assertThat(stderr).contains("=== gevent4j hub blocked > 0.1 s: <Greenlet \"hog\"")
                .contains("\tat " + MonitorTest.class.getName() + ".spinFor(");
    }

    @Test
    void aGreenletBlockedInFileIoOnAFifoIsReported(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(mkfifo.waitFor(PATIENCE_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(mkfifo.exitValue()).isZero();
        Thread[] hubThread = new Thread[1];
        // The writer opens the FIFO, and so frees the reader, only once the monitor has spoken.
        Thread writer = Thread.ofPlatform().name("fifo-writer").start(() -> {
            try {
                while (hubThread[0] == null || reportsFor(hubThread[0]).isEmpty()) Thread.sleep(10);
                try (FileOutputStream out = new FileOutputStream(fifo.toFile())) {
                    out.write('x');
                }
            } catch (IOException | InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        realHub(() -> {
            hubThread[0] = Thread.currentThread();
            Greenlet<Integer> reader = Gevent.spawn(() -> readFifo(fifo));

            assertThat(reader.get(Duration.ofSeconds(PATIENCE_SECONDS))).isEqualTo('x');
            BlockingReport r = awaitReportFor(hubThread[0]);
            assertThat(r.greenlet()).isEqualTo(reader.toString());
            assertThat(hasFrame(r, MonitorTest.class.getName(), "readFifo")).as("stack %s", r.stack()).isTrue();
            assertThat(r.stack()).anyMatch(e -> e.getClassName().equals(FileInputStream.class.getName()));
        });
        writer.join();
    }

    @Test
    void theMainGreenletHoldingUpItsGreenletsIsReported() {
        realHub(() -> {
            Thread hub = Thread.currentThread();
            Greenlet<Void> starved = Gevent.spawn(() -> Gevent.sleep(0.01));
            Gevent.sleep(0); // the hub has run once; main's own code is watched from now on

            Thread.sleep(CULPRIT); // the JDK's sleep, on the hub's own platform thread: nothing else runs

            BlockingReport r = awaitReportFor(hub);
            assertThat(r.greenlet()).startsWith("the main greenlet of ").contains(hub.getName());
            assertThat(r.thread()).isSameAs(hub);
            assertThat(r.stack()).anyMatch(e -> e.getClassName().equals(Thread.class.getName())
                    && e.getMethodName().startsWith("sleep"));
            starved.join();
        });
    }

    @Test
    void aMainGreenletWithNoGreenletsToHoldUpIsNotReported() {
        realHub(() -> {
            Thread hub = Thread.currentThread();
            Gevent.sleep(0.01);

            Thread.sleep(CULPRIT);
            Gevent.sleep(0.1);

            assertThat(reportsFor(hub)).isEmpty();
        });
    }

    @Test
    void aWellBehavedProgramGetsNoReportAndOneMonitorThreadWatchesEveryHub() throws Exception {
        Thread[] hubs = new Thread[2];
        for (int i = 0; i < hubs.length; i++) {
            int n = i;
            realHub(() -> {
                hubs[n] = Thread.currentThread();
                List<Greenlet<?>> workers = new java.util.ArrayList<>();
                for (int w = 0; w < 20; w++) {
                    workers.add(Gevent.spawn(() -> {
                        for (int k = 0; k < 15; k++) {
                            spinFor(Duration.ofMillis(1)); // short work between waits
                            Gevent.sleep(0.01);
                        }
                    }));
                }
                Gevent.joinAll(workers);
            });
        }

        // Only LAG: on a loaded machine the OS may preempt the hub's thread mid-task often enough
        // for its 1 ms runs to add up, and that lag is real.
        for (Thread hub : hubs) {
            assertThat(reportsFor(hub)).filteredOn(r -> r.kind() != BlockingReport.Kind.LAG).isEmpty();
        }
        long monitors = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("gevent4j-monitor")).count();
        assertThat(monitors).isEqualTo(1);
    }

    @Test
    void aFailingListenerIsPrintedAndTheOthersStillHearOfIt() {
        Consumer<BlockingReport> failing = r -> {
            throw new IllegalStateException("listener failed");
        };
        Monitor.removeListener(listener);
        Monitor.addListener(failing);
        Monitor.addListener(listener);
        try {
            String stderr = TestHubs.captureStderr(() -> realHub(() -> {
                Thread hub = Thread.currentThread();
                Gevent.spawn(() -> spinFor(CULPRIT)).join();
                awaitReportFor(hub);
            }));
            assertThat(stderr).contains("listener failed").contains("a gevent4j monitor listener failed with");
        } finally {
            Monitor.removeListener(failing);
        }
    }
}
