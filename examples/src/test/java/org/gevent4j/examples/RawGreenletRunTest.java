package org.gevent4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RawGreenletRunTest {
    @Test
    void switchingToTheGreenletRunsEatToItsEndAndReturnsToMain() {
        ExampleRun.Output run = ExampleRun.realTime(RawGreenletRun::main);

        assertThat(run.lines()).containsExactly(
                "魔降风云变 is eating",
                "魔降风云变 finished eat");
        assertThat(run.wall()).as("eat's time.sleep(0.5)").isGreaterThanOrEqualTo(Duration.ofMillis(500));
    }
}
