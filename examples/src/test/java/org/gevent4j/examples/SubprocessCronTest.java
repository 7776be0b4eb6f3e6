package org.gevent4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubprocessCronTest {
    /** The tutorial's point: communicate() with a 1 s child does not stop the cron greenlet. */
    @Test
    void cronPrintsAboutFiveTimesWhileTheChildRunsThenTheKernelName() {
        ExampleRun.Output run = ExampleRun.realTime(SubprocessCron::main);

        List<String> lines = run.lines();
        List<String> crons = lines.subList(0, lines.size() - 1);
        assertThat(crons).as("cron every 0.2 s during the child's 1 s").allMatch("cron"::equals);
        assertThat(crons.size()).isBetween(4, 7);
        assertThat(lines.getLast()).isEqualTo(System.getProperty("os.name")); // uname: "Linux"
        assertThat(run.wall()).isGreaterThanOrEqualTo(Duration.ofSeconds(1)).isLessThan(Duration.ofSeconds(5));
    }
}
