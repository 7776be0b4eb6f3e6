package org.gevent4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class MonkeyPatchJoinAllTest {
    @Test
    void zhuComesAfterBothGreenletsFinished() {
        // Shortened from 3 s and 4 s: the point is the order (MonkeyPatchSleepTest checks the overlap).
        ExampleRun.Output run = ExampleRun.realTime(MonkeyPatchJoinAll::main, "0.3", "0.4");

        assertThat(run.lines()).containsExactly(
                "aaa eat 1",
                "bbb play 1",
                "aaa eat 2",
                "bbb play 2",
                "zhu");
        assertThat(run.wall()).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    }
}
