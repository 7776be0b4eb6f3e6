package org.gevent4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.gevent4j.examples.SyncVsAsync.Variant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SyncVsAsyncTest {
    /**
     * The sleeps the example draws, in units, replayed from the same tutorial: the synchronous tasks
     * draw first, then the asynchronous ones in pid order (the order in which they start).
     */
    private record Draws(List<Integer> sync, List<Integer> async) {
        static Draws of(Variant v, long seed) {
            Random r = new Random(seed);
            List<Integer> sync = new ArrayList<>(), async = new ArrayList<>();
            for (int i = v.syncFrom; i < v.syncTo; i++) sync.add(r.nextInt(3));
            for (int i = 0; i < v.asyncCount; i++) async.add(r.nextInt(3));
            return new Draws(sync, async);
        }
    }

    private static List<String> expectedLines(Variant v, Draws d) {
        List<String> lines = new ArrayList<>();
        lines.add("Synchronous:");
        for (int i = v.syncFrom; i < v.syncTo; i++) lines.add("Task " + i + " done");
        lines.add("Asynchronous:");
        // Shortest sleep first; equal sleeps in spawn order (sleep(0) yields in FIFO order; equal
        // deadlines fire in the order they were set).
        IntStream.range(0, v.asyncCount).boxed()
                .sorted(Comparator.comparingInt(d.async()::get))
                .forEach(pid -> lines.add("Task " + pid + " done"));
        return lines;
    }

    private static long nanos(double seconds) {
        return Math.round(seconds * 1e9);
    }

    @ParameterizedTest(name = "variant {0}, random seed {1}")
    @CsvSource({"000, 2018", "002, 2018", "003, 2018", "000, 1", "002, 7", "003, 12345"})
    void synchronousInOrderAsynchronousInOrderOfSleepAndConcurrent(String variant, long seed) {
        Variant v = Variant.of(variant);
        Draws d = Draws.of(v, seed);

        ExampleRun.Output run = ExampleRun.virtualClock(SyncVsAsync::main, variant, Long.toString(seed));

        assertThat(run.lines()).containsExactlyElementsOf(expectedLines(v, d));
        // Synchronous sleeps add up; asynchronous ones overlap, so only the longest counts.
        long sync = d.sync().stream().mapToLong(k -> nanos(k * v.unitSeconds)).sum();
        long async = d.async().stream().mapToLong(k -> nanos(k * v.unitSeconds)).max().orElse(0);
        assertThat(run.clock()).isEqualTo(Duration.ofNanos(sync + async));
    }

    @Test
    void defaultsAreSeed000WithRandomSeed2018() {
        ExampleRun.Output run = ExampleRun.virtualClock(SyncVsAsync::main);

        assertThat(run.lines()).containsExactlyElementsOf(
                expectedLines(Variant.SEED_000, Draws.of(Variant.SEED_000, SyncVsAsync.DEFAULT_RANDOM_SEED)));
    }

    /** In real time, as in gevent, only properties hold: tasks that sleep less finish first. */
    @Test
    void inRealTimeTheAsynchronousTasksFinishInOrderOfTheirSleeps() {
        long seed = 99;
        Variant v = Variant.SEED_002; // 10 ms units: far apart compared with scheduling noise
        Draws d = Draws.of(v, seed);

        ExampleRun.Output run = ExampleRun.realTime(SyncVsAsync::main, "002", Long.toString(seed));

        List<String> lines = run.lines();
        int split = lines.indexOf("Asynchronous:");
        assertThat(lines.subList(0, split)).containsExactlyElementsOf(expectedLines(v, d).subList(0, split));
        List<Integer> pids = lines.subList(split + 1, lines.size()).stream()
                .map(l -> Integer.parseInt(l.replaceAll("^Task (\\d+) done$", "$1")))
                .toList();
        assertThat(pids).containsExactlyInAnyOrderElementsOf(IntStream.range(0, v.asyncCount).boxed().toList());
        assertThat(pids.stream().map(d.async()::get).toList()).isSorted();
    }

    @Test
    void anUnknownVariantIsRejected() {
        assertThatThrownBy(() -> SyncVsAsync.main(new String[] {"001"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("000, 002 or 003");
    }
}
