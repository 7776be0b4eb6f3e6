package org.gevent4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RawGreenletNoAutoSwitchTest {
    @Test
    void theBlockingSleepHoldsEverythingUpAndTheOrderIsUnchanged() {
        // Shortened from the tutorial's 10 s: the point here is the order, and that the sleep is waited out.
        ExampleRun.Output run = ExampleRun.realTime(RawGreenletNoAutoSwitch::main, "0.3");

        assertThat(run.lines()).containsExactly(
                "aaa eat 1",
                "aaa play 1",
                "aaa eat 2",
                "aaa play 2");
        assertThat(run.wall()).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }
}
