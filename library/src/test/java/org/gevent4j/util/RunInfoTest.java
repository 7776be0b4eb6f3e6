package org.gevent4j.util;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;
import org.gevent4j.HubGroup;
import org.gevent4j.TestHubs;
import org.gevent4j.event.Event;
import org.gevent4j.pool.Pool;
import org.junit.jupiter.api.Test;

class RunInfoTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static GreenletTree child(GreenletTree t, String name) {
        for (GreenletTree c : t.children()) if (c.name().contains('"' + name + '"')) return c;
        throw new AssertionError("no child \"" + name + "\" under " + t.name() + " in\n" + t.format(3));
    }

    /** Spawns parent -> child (both waiting on `gate`), and a pool member that sleeps. */
    private static Pool spawnFamily(Event gate) {
        Greenlet<Void> parent = new Greenlet<>(() -> {
            Greenlet<Void> c = new Greenlet<>((Runnable) gate::await);
            c.setName("child");
            c.start();
            gate.await();
        });
        parent.setName("parent");
        parent.start();
        Pool pool = new Pool(3);
        pool.spawn(() -> Gevent.sleep(Duration.ofSeconds(100))).setName("pooled");
        return pool;
    }

    @Test
    void treeBySpawnerWithStatesAgesBlockedFramesAndPools() {
        TestHubs.virtualHub(() -> {
            Event gate = new Event();
            spawnFamily(gate);
            Gevent.sleep(Duration.ofSeconds(5)); // virtual: every greenlet has run and waits

            GreenletTree root = GreenletTree.current();
            assertThat(root.kind()).isEqualTo("main");
            assertThat(root.isCurrent()).isTrue();
            assertThat(root.size()).isEqualTo(4);
            GreenletTree parent = child(root, "parent");
            GreenletTree kid = child(parent, "child");
            assertThat(kid.children()).isEmpty();
            assertThat(kid.state()).isEqualTo("waiting");
            assertThat(kid.blockedAt().getClassName()).startsWith("org.gevent4j.event."); // Event.await's frame
            assertThat(kid.age()).isBetween(Duration.ofMillis(4990), Duration.ofSeconds(6)); // ~1 ms resolution
            GreenletTree pooled = child(root, "pooled");
            assertThat(pooled.group()).startsWith("Pool@").endsWith(" 1/3");
            assertThat(pooled.state()).isEqualTo("waiting");
            assertThat(pooled.stack()).anySatisfy(f -> assertThat(f.getMethodName()).isEqualTo("sleep"));
            assertThat(parent.group()).isNull();
            gate.set();
            Gevent.sleep(Duration.ZERO);
            Gevent.sleep(Duration.ZERO);
            assertThat(GreenletTree.current().size()).isEqualTo(2); // the family has gone, the pooled one sleeps
        });
    }

    @Test
    void aGreenletWhoseSpawnerDiedHangsUnderTheRootAndSaysWhoSpawnedIt() {
        TestHubs.virtualHub(() -> {
            Greenlet<Void> p = new Greenlet<>(() -> Gevent.spawn(() -> Gevent.sleep(10)).setName("orphan"));
            p.setName("short-lived");
            p.start();
            p.join();
            GreenletTree orphan = child(GreenletTree.current(), "orphan");
            assertThat(orphan.spawnedBy()).contains("\"short-lived\"");
            assertThat(RunInfo.format()).contains("Spawned by (dead): <Greenlet \"short-lived\"");
        });
    }

    @Test
    void fromAGreenletTheReportIsTakenOffTheHubAndMarksTheCaller() {
        TestHubs.virtualHub(() -> {
            Event gate = new Event();
            spawnFamily(gate);
            Gevent.sleep(Duration.ofSeconds(1)); // virtual: the family has run and waits
            Greenlet<String> asker = Gevent.spawn(RunInfo::format);
            asker.setName("asker");
            String text = asker.get();
            assertThat(text).startsWith("gevent4j run info at ");
            assertThat(text).contains("Hub gevent4j-virtual-hub (virtual clock): ");
            assertThat(text).containsPattern("\\+--- <Greenlet \"asker\" at \\d+> \\[(waiting|runnable), age [0-9.]+ s, current]");
            assertThat(text).containsPattern(" \\+--- <Greenlet \"parent\" at \\d+> \\[waiting[^\n]*\n( :[^\n]*\n)* :\\s+\\+--- <Greenlet \"child\"");
            // on the module path the JDK prefixes a frame with its module: "org.gevent4j@0.1.0/org.gevent4j..."
            assertThat(text).containsPattern("at (org\\.gevent4j@[^/]+/)?org\\.gevent4j\\.event\\.Linkable\\.awaitReady\\(");
            assertThat(text).doesNotContain("LockSupport").doesNotContain("org.gevent4j.internal.Strand.park");
            gate.set();
        });
    }

    @Test
    void fromAPlatformThreadTheJsonDescribesAHubThatIsBusy() throws Exception {
        AtomicReference<String> json = new AtomicReference<>();
        TestHubs.realHub(() -> {
            Event gate = new Event();
            spawnFamily(gate);
            Gevent.sleep(0.05);
            // The hub is stuck in this greenlet (a busy wait) while another thread asks.
            Greenlet<Void> hog = Gevent.spawn(() -> {
                Thread t = Thread.ofPlatform().start(() -> json.set(RunInfo.json()));
                while (t.isAlive()) Thread.onSpinWait();
            });
            hog.setName("hog");
            hog.join();
            gate.set();
        });
        JsonNode root = JSON.readTree(json.get());
        assertThat(root.get("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
        JsonNode hub = null;
        for (JsonNode h : root.get("hubs")) if (h.get("thread").asText().equals("gevent4j-test-real-hub")) hub = h;
        assertThat(hub).as("the real hub in %s", json.get()).isNotNull();
        assertThat(hub.get("state").asText()).isEqualTo("busy");
        assertThat(hub.get("greenlets").asInt()).isEqualTo(4);
        JsonNode tree = hub.get("tree");
        assertThat(tree.get("kind").asText()).isEqualTo("main");
        List<String> names = new ArrayList<>();
        JsonNode hog = null, parent = null;
        for (JsonNode c : tree.get("children")) {
            names.add(c.get("name").asText());
            if (c.get("name").asText().contains("\"hog\"")) hog = c;
            if (c.get("name").asText().contains("\"parent\"")) parent = c;
        }
        assertThat(names).hasSize(3);
        assertThat(hog.get("state").asText()).isEqualTo("runnable");
        assertThat(hog.get("stack").toString()).contains("RunInfoTest.lambda");
        assertThat(parent.get("children").get(0).get("name").asText()).contains("\"child\"");
        assertThat(parent.get("children").get(0).get("blockedAt").asText()).matches("(org\\.gevent4j@[^/]+/)?org\\.gevent4j\\.event\\.Linkable\\..*");
        assertThat(parent.get("ageSeconds").asDouble()).isGreaterThan(0.04);
    }

    @Test
    void everyHubOfAHubGroupIsInTheForestAndTheReport() throws Exception {
        try (HubGroup group = HubGroup.start("runinfo", 2)) {
            Event gate = new Event();
            for (int i = 0; i < 2; i++) {
                int n = i;
                group.spawnOn(group.hub(i), () -> {
                    Gevent.spawn((Runnable) gate::await).setName("worker-" + n);
                    Gevent.sleep(Duration.ofMillis(20)); // the worker has begun: only begun greenlets are listed
                }).get();
            }
            JsonNode root = JSON.readTree(RunInfo.json());
            for (int i = 0; i < 2; i++) {
                String thread = group.hub(i).thread().getName();
                JsonNode hub = null;
                for (JsonNode h : root.get("hubs")) if (h.get("thread").asText().equals(thread)) hub = h;
                assertThat(hub).as("hub %s in %s", thread, root).isNotNull();
                assertThat(hub.get("tree").toString()).contains("\\\"worker-" + i + "\\\"");
            }
            assertThat(GreenletTree.forest()).extracting(t -> t.thread().getName())
                    .contains(group.hub(0).thread().getName(), group.hub(1).thread().getName());
            gate.set();
        }
    }
}
