package org.gevent4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TimeoutTooLongTest {
    @Test
    void theTimeoutRaisesTooLongAfter5SecondsOfThe10SecondSleep() {
        ExampleRun.Output run = ExampleRun.virtualClock(TimeoutTooLong::main);

        assertThat(run.lines()).containsExactly("TooLong raised after 5.0 seconds: gevent.sleep(10) was cut short");
        assertThat(run.clock()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aSleepShorterThanTheTimeoutEndsNormally() {
        ExampleRun.Output run = ExampleRun.virtualClock(TimeoutTooLong::main, "5", "1");

        assertThat(run.lines()).containsExactly("gevent.sleep(1) finished: no timeout");
        assertThat(run.clock()).isEqualTo(Duration.ofSeconds(1));
    }
}
