package org.gevent4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SpawnWithoutBlockingTest {
    @Test
    void aGreenletSpawnedByAMainThatNeverBlocksNeverRuns() {
        ExampleRun.Output run = ExampleRun.virtualClock(SpawnWithoutBlocking::main);

        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEmpty();
        assertThat(run.clock()).isEqualTo(Duration.ZERO);
    }

    @Test
    void itPrintsNothingInRealTimeEither() {
        ExampleRun.Output run = ExampleRun.realTime(SpawnWithoutBlocking::main);

        assertThat(run.out()).isEmpty();
        assertThat(run.wall()).as("eat's time.sleep(1) never ran").isLessThan(Duration.ofSeconds(1));
    }
}
