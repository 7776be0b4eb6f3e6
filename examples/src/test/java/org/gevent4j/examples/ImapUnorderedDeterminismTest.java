package org.gevent4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.gevent4j.Hub;
import org.junit.jupiter.api.Test;

class ImapUnorderedDeterminismTest {
    private static final List<Integer> ZERO_TO_NINE = IntStream.range(0, 10).boxed().toList();

    /**
     * The thread pool's line is whatever the threads did (usually false, as the tutorial shows, but
     * equal orders are possible); the gevent4j pool's is always true.
     */
    @Test
    void printsTheThreadPoolsVerdictThenTrueForTheGeventPool() {
        ExampleRun.Output run = ExampleRun.realTime(ImapUnorderedDeterminism::main);

        assertThat(run.lines()).hasSize(2);
        assertThat(run.lines().get(0)).isIn("true", "false");
        assertThat(run.lines().get(1)).isEqualTo("true");
        assertThat(run.err()).isEmpty();
    }

    /** The gevent4j side gives the same sequence every time: the order the pool spawned them. */
    @Test
    void theGeventPoolGivesTheSameSequenceOnEveryRun() throws Exception {
        for (int i = 0; i < 10; i++) {
            List<List<Integer>> runs = Hub.runWithVirtualClock(ImapUnorderedDeterminism::geventPoolRuns);

            assertThat(runs).hasSize(4).allSatisfy(r -> assertThat(r).containsExactlyElementsOf(ZERO_TO_NINE));
        }
    }

    /** Whatever the order, the thread pool loses and duplicates nothing. */
    @Test
    void theThreadPoolReturnsEveryItemOncePerRun() throws Exception {
        List<List<Integer>> runs = ImapUnorderedDeterminism.threadPoolRuns();

        assertThat(runs).hasSize(4).allSatisfy(r -> assertThat(r).containsExactlyInAnyOrderElementsOf(ZERO_TO_NINE));
    }
}
