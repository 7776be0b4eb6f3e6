package org.gevent4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SpawnThenSleepTest {
    @Test
    void eatRunsWhileMainSleepsAndFinishesBeforeMainWakes() {
        ExampleRun.Output run = ExampleRun.virtualClock(SpawnThenSleep::main);

        assertThat(run.lines()).containsExactly(
                "魔降风云变 is eating",
                "魔降风云变  finished eat");
        assertThat(run.clock()).as("main's gevent.sleep(2)").isEqualTo(Duration.ofSeconds(2));
        // time.sleep(1) is Thread.sleep, which takes real time even on a virtual-clock hub.
        assertThat(run.wall()).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }
}
