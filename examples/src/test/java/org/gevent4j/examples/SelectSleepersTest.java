package org.gevent4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SelectSleepersTest {
    @Test
    void twoEmptySelectsOfTwoSecondsAndAOneSecondSleepAreAllDoneAtTwoSeconds() {
        ExampleRun.Output run = ExampleRun.virtualClock(SelectSleepers::main);

        assertThat(run.lines()).containsExactly(
                "start Polling: at 0.0 seconds",
                "Started Polling: at 0.0 seconds",
                "Hey lets do some stuff while the greenlets poll, at 0.0 seconds",
                "Ended Polling: at 2.0 seconds",
                "Ended Polling: at 2.0 seconds");
        assertThat(run.clock()).as("the selects sleep concurrently").isEqualTo(Duration.ofSeconds(2));
        assertThat(run.err()).isEmpty();
    }
}
