package org.gevent4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RawGreenletSwitchBackTest {
    @Test
    void bothFunctionsFinishAndTheirSleepsRunOneAfterTheOther() {
        ExampleRun.Output run = ExampleRun.realTime(RawGreenletSwitchBack::main);

        assertThat(run.lines()).containsExactly(
                "魔降风云变 is eating",
                "小马过河 is sleeping",
                "小马过河 finished sleep",
                "魔降风云变 finished eat");
        assertThat(run.wall()).as("two sequential time.sleep(0.5)").isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }
}
