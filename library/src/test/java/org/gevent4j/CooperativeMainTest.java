package org.gevent4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gevent4j.TestHubs.realHub;
import static org.gevent4j.TestHubs.virtualHub;

import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.gevent4j.subprocess.Popen;
import org.junit.jupiter.api.Test;

/**
 * A program's main as a greenlet (Gevent.run), and a platform thread's main that holds monitors
 * while it waits in gevent4j. The monitor cases run on a platform thread of their own (realHub): were
 * the livelock back, that thread would spin in a monitor exit, which no interrupt stops, and only
 * a test thread apart from it can fail in time. Real time where the JDK's own sleep or a process is the point (bounds
 * generous), the virtual clock elsewhere.
 */
@org.junit.jupiter.api.Timeout(30)
class CooperativeMainTest {

    /** A greenlet that records the real time of each tick, every 10 ms, {@code n} times. */
    private static Greenlet<List<Long>> ticker(int n) {
        return Gevent.spawn(() -> {
            List<Long> ticks = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ticks.add(System.nanoTime());
                Gevent.sleep(0.01);
            }
            return ticks;
        });
    }

    private static Duration longestGap(List<Long> ticks) {
        long max = 0;
        for (int i = 1; i < ticks.size(); i++) max = Math.max(max, ticks.get(i) - ticks.get(i - 1));
        return Duration.ofNanos(max);
    }

    @Test
    void insideRunThreadSleepYieldsToTheHub() throws Exception {
        List<Long> ticks = new ArrayList<>();
        realHub(() -> Gevent.run(() -> {
            Greenlet<List<Long>> t = ticker(20);
            Thread.sleep(300); // a JDK call in main: a greenlet's call inside run
            ticks.addAll(t.get());
        }));
        assertThat(ticks).hasSize(20);
        assertThat(longestGap(ticks)).as("the ticker kept ticking while main slept").isLessThan(Duration.ofMillis(150));
    }

    @Test
    void insideRunATimeoutInterruptsMainsThreadSleep() {
        realHub(() -> Gevent.run(() -> {
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> Gevent.withTimeout(Duration.ofMillis(100), () -> {
                Thread.sleep(5_000);
                return null;
            })).isInstanceOf(Timeout.class);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
        }));
    }

    @Test
    void runReturnsTheResultAndRethrowsTheExceptionAsItself() throws Exception {
        List<Throwable> reported = new CopyOnWriteArrayList<>();
        virtualHub(() -> {
            Hub.current().setErrorHandler((context, t) -> reported.add(t));
            assertThat(Gevent.run(() -> "result")).isEqualTo("result");
            FileNotFoundException missing = new FileNotFoundException("config.toml");
            FileNotFoundException caught = null;
            try {
                Gevent.run(() -> {
                    throw missing;
                });
            } catch (FileNotFoundException e) {
                caught = e;
            }
            assertThat(caught).isSameAs(missing);
        });
        assertThat(reported).as("an exception escaping main is its caller's, not the hub's to print").isEmpty();
    }

    @Test
    void runInsideAGreenletJustCallsTheFunction() {
        virtualHub(() -> {
            Greenlet<String> g = Gevent.spawn(() -> Gevent.run(() -> "same greenlet: " + (Gevent.getCurrent() != null)));
            assertThat(g.get()).isEqualTo("same greenlet: true");
        });
    }

    @Test
    void runsMainGreenletIsNamedMainAndSpawnsOnTheSameHub() throws Exception {
        virtualHub(() -> {
            Hub outer = Hub.current();
            Gevent.run(() -> {
                assertThat(Gevent.getCurrent().name()).isEqualTo("main");
                assertThat(Hub.current()).isSameAs(outer);
                assertThat(Gevent.spawn(() -> 2).get()).isEqualTo(2);
            });
        });
    }

    @Test
    void aMainGreenletThatBlocksForeverGetsLoopExit() {
        virtualHub(() -> {
            assertThatThrownBy(() -> Gevent.run(() -> new org.gevent4j.event.Event().await())).isInstanceOf(LoopExit.class);
        });
    }

    // --- a platform thread's main that holds monitors (issue: nested monitors livelocked the hub) ---

    private static void inner(Object y) {
        synchronized (y) {
            Gevent.sleep(0.05);
        }
    }

    private static void outer(Object x) {
        synchronized (x) {
            inner(x);
        }
    }

    @Test
    void aPlatformMainHoldingOneMonitorTwiceWaitsAndTheTickerTicks() {
        realHub(() -> {
            Greenlet<List<Long>> t = ticker(10);
            Object x = new Object();
            outer(x); // one object locked twice around a gevent4j wait
            assertThat(Thread.holdsLock(x)).isFalse();
            List<Long> ticks = t.get(Duration.ofSeconds(5));
            assertThat(ticks).hasSize(10);
        });
    }

    @Test
    void aPlatformMainKeepsItsMonitorsWhileGreenletsRunAndContendForThem() {
        List<String> log = new CopyOnWriteArrayList<>();
        realHub(() -> {
            Object x = new Object();
            Greenlet<Void> sleeper = Gevent.spawn(() -> Gevent.sleep(0.1));
            Greenlet<Void> contender = Gevent.spawn(() -> {
                synchronized (x) {
                    log.add("greenlet got x");
                }
            });
            synchronized (x) {
                Gevent.sleep(0.05);
                log.add("main holds x: " + Thread.holdsLock(x));
            }
            log.add("main released x: " + !Thread.holdsLock(x));
            Gevent.joinAll(List.of(sleeper, contender), Duration.ofSeconds(5), true);
            synchronized (x) {
                log.add("main locks x again");
            }
        });
        assertThat(log).containsExactly("main holds x: true", "main released x: true", "greenlet got x",
                "main locks x again");
    }

    @Test
    void aPlatformMainReadsAProcessesLinesThroughBufferedReader() throws Exception {
        // BufferedReader.readLine takes nested monitors: gevent's p.stdout.readline() in Java.
        List<String> lines = new ArrayList<>();
        realHub(() -> {
            Greenlet<List<Long>> t = ticker(5);
            try (Popen p = Popen.builder(List.of("printf", "a\\nb\\n")).stdout(org.gevent4j.subprocess.Subprocess.PIPE).start()) {
                BufferedReader r = new BufferedReader(new InputStreamReader(p.stdout(), StandardCharsets.UTF_8));
                synchronized (r) {
                    for (String line; (line = r.readLine()) != null; ) lines.add(line);
                    Gevent.sleep(0.02);
                }
                p.await();
            }
            assertThat(t.get(Duration.ofSeconds(5))).hasSize(5);
        });
        assertThat(lines).containsExactly("a", "b");
    }
}
