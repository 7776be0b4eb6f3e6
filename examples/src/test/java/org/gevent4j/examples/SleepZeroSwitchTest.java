package org.gevent4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SleepZeroSwitchTest {
    @Test
    void sleepZeroHandsControlToTheOtherGreenletEachTime() {
        ExampleRun.Output run = ExampleRun.virtualClock(SleepZeroSwitch::main);

        assertThat(run.out()).isEqualTo("12\n56\n34\n78\n".replace("\n", System.lineSeparator()));
        assertThat(run.clock()).isEqualTo(Duration.ZERO);
    }
}
