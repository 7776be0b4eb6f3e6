package org.gevent4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class MonkeyPatchSleepTest {
    /** The example's point, with the tutorial's own values: Thread.sleep(3 s) and (4 s) overlap. */
    @Test
    void twoGreenletsInThreadSleepOf3And4SecondsFinishTogetherInAbout4SecondsNot7() {
        ExampleRun.Output run = ExampleRun.realTime(MonkeyPatchSleep::main);

        List<String> lines = run.lines();
        assertThat(lines).hasSize(5);
        assertThat(lines.subList(0, 4)).containsExactly(
                "aaa eat 1",
                "bbb play 1",
                "aaa eat 2",
                "bbb play 2");
        double printed = Double.parseDouble(lines.get(4));
        assertThat(printed).as("printed elapsed seconds").isBetween(3.9, 6.0);
        assertThat(run.wall()).isGreaterThanOrEqualTo(Duration.ofMillis(3900)).isLessThan(Duration.ofSeconds(6));
    }
}
