package org.gevent4j.jfr;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;
import org.gevent4j.Hub;
import org.gevent4j.TestHubs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gevent4j's JFR events: off by default, and what a recording that enables them shows. */
class JfrEventsTest {
    private static final String HUB = "gevent4j-test-real-hub";
    private static final List<String> EVENTS =
            List.of("org.gevent4j.HubTick", "org.gevent4j.GreenletSpawn", "org.gevent4j.GreenletExit");

    /** Three named greenlets spawned by a named one: one returns, one is killed, one fails. */
    private static void program() {
        TestHubs.realHub(() -> {
            Hub.current().setErrorHandler((context, error) -> {}); // the failure is expected
            Greenlet<Void> spawner = new Greenlet<>(() -> {
                Greenlet<Integer> ok = new Greenlet<>(() -> 42);
                ok.setName("worker-ok");
                ok.start();
                // its age counts from its first run: the 20 ms below start once it has begun
                org.gevent4j.event.Event begun = new org.gevent4j.event.Event();
                Greenlet<Void> killed = new Greenlet<>((Runnable) () -> {
                    begun.set();
                    Gevent.sleep(Duration.ofMinutes(1));
                });
                killed.setName("worker-killed");
                killed.start();
                Greenlet<Void> failed = new Greenlet<>((Runnable) () -> {
                    throw new IllegalStateException("on purpose");
                });
                failed.setName("worker-failed");
                failed.start();
                begun.await();
                Gevent.sleep(0.02);
                killed.kill();
                Gevent.joinAll(ok, failed);
            });
            spawner.setName("spawner");
            spawner.start();
            spawner.join();
        });
    }

    private static Path record(Path dir) throws Exception {
        Path file = dir.resolve("gevent4j.jfr");
        try (Recording r = new Recording()) {
            for (String e : EVENTS) r.enable(e).withThreshold(Duration.ZERO);
            r.start();
            program();
            r.stop();
            r.dump(file);
        }
        return file;
    }

    @Test
    void theEventsAreRegisteredAndOffByDefault() {
        Gevent.spawn(() -> {}).join(); // loads the classes that register them
        for (String name : EVENTS) {
            EventType type = FlightRecorder.getFlightRecorder().getEventTypes().stream()
                    .filter(t -> t.getName().equals(name)).findFirst().orElseThrow(() -> new AssertionError(name));
            assertThat(type.isEnabled()).as(name).isFalse();
            assertThat(type.getCategoryNames()).first().isEqualTo("gevent4j");
        }
    }

    @Test
    void aRecordingShowsTicksSpawnsAndExitsWithNamesSpawnersAndOutcomes(@TempDir Path dir) throws Exception {
        List<RecordedEvent> events = RecordingFile.readAllEvents(record(dir));
        List<RecordedEvent> spawns = ofHub(events, "org.gevent4j.GreenletSpawn");
        assertThat(spawns).extracting(e -> e.getString("greenlet"))
                .contains("spawner", "worker-ok", "worker-killed", "worker-failed");
        RecordedEvent ok = byGreenlet(spawns, "worker-ok");
        assertThat(ok.getString("spawner")).isEqualTo("spawner");
        assertThat(ok.getLong("greenletThreadId")).isPositive();
        assertThat(ok.getStackTrace().getFrames()).anySatisfy(
                f -> assertThat(f.getMethod().getType().getName()).isEqualTo(JfrEventsTest.class.getName()));

        List<RecordedEvent> exits = ofHub(events, "org.gevent4j.GreenletExit");
        assertThat(byGreenlet(exits, "worker-ok").getString("outcome")).isEqualTo("value");
        assertThat(byGreenlet(exits, "worker-killed").getString("outcome")).isEqualTo("killed");
        assertThat(byGreenlet(exits, "worker-failed").getString("outcome"))
                .isEqualTo(IllegalStateException.class.getName());
        assertThat(byGreenlet(exits, "worker-ok").getLong("greenletThreadId")).isEqualTo(ok.getLong("greenletThreadId"));
        assertThat(byGreenlet(exits, "worker-killed").getDuration("age")).isGreaterThanOrEqualTo(Duration.ofMillis(15));

        List<RecordedEvent> ticks = ofHub(events, "org.gevent4j.HubTick");
        assertThat(ticks).isNotEmpty();
        assertThat(ticks.stream().mapToInt(e -> e.getInt("tasks")).sum()).as("%s", ticks).isGreaterThanOrEqualTo(5);
        assertThat(ticks).anySatisfy(e -> assertThat(e.getInt("timers")).isPositive());
        assertThat(ticks).allSatisfy(e -> assertThat(e.getDuration("took")).isPositive());
        assertThat(ticks).allSatisfy(e -> assertThat(e.getInt("tasks") + e.getInt("timers") + e.getInt("keys")).isPositive());
    }

    @Test
    void jfrPrintShowsTheEvents(@TempDir Path dir) throws Exception {
        Path file = record(dir);
        Path jfr = Path.of(System.getProperty("java.home"), "bin", "jfr");
        Process p = new ProcessBuilder(jfr.toString(), "print", "--events", "GreenletSpawn,GreenletExit", file.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("org.gevent4j.GreenletSpawn {", "org.gevent4j.GreenletExit {");
        assertThat(out).contains("greenlet = \"worker-ok\"", "spawner = \"spawner\"", "hub = \"" + HUB + "\"");
        assertThat(out).contains("outcome = \"killed\"", "outcome = \"java.lang.IllegalStateException\"");
        assertThat(out).doesNotContain("org.gevent4j.HubTick {");
    }

    private static List<RecordedEvent> ofHub(List<RecordedEvent> events, String type) {
        return events.stream().filter(e -> e.getEventType().getName().equals(type))
                .filter(e -> HUB.equals(e.getString("hub"))).toList();
    }

    private static RecordedEvent byGreenlet(List<RecordedEvent> events, String name) {
        return events.stream().filter(e -> name.equals(e.getString("greenlet"))).findFirst()
                .orElseThrow(() -> new AssertionError("no event for " + name + " in " + events));
    }
}
