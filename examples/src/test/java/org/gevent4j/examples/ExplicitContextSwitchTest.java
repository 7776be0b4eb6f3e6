package org.gevent4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ExplicitContextSwitchTest {
    @Test
    void fooAndBarAlternateAtEachSleepZero() {
        ExampleRun.Output run = ExampleRun.virtualClock(ExplicitContextSwitch::main);

        assertThat(run.lines()).containsExactly(
                "Running in foo",
                "Explicit context to bar",
                "Explicit context switch to foo again",
                "Implicit context switch back to bar");
        assertThat(run.clock()).isEqualTo(Duration.ZERO);
    }
}
