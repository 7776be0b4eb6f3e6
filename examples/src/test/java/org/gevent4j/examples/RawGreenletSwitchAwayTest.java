package org.gevent4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RawGreenletSwitchAwayTest {
    @Test
    void whenTheSecondGreenletEndsControlGoesToMainAndEatNeverFinishes() {
        ExampleRun.Output run = ExampleRun.realTime(RawGreenletSwitchAway::main);

        assertThat(run.lines()).containsExactly(
                "魔降风云变 is eating",
                "小马过河 is sleeping",
                "小马过河 finished sleep");
        assertThat(run.wall()).as("sleep's time.sleep(0.5)").isGreaterThanOrEqualTo(Duration.ofMillis(500));
        assertThat(run.err()).isEmpty();
    }
}
