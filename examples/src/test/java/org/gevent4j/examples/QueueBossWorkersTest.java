package org.gevent4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueueBossWorkersTest {
    @Test
    void theWorkersTakeTurnsAndEveryTaskGoesToExactlyOneOfThem() {
        ExampleRun.Output run = ExampleRun.virtualClock(QueueBossWorkers::main);

        List<String> expected = new ArrayList<>();
        String[] workers = {"steve", "john", "nancy"};
        for (int task = 1; task <= 24; task++) {
            expected.add("Worker " + workers[(task - 1) % 3] + " got task " + task);
        }
        for (int i = 0; i < 3; i++) expected.add("Quitting time!");
        // The same lines, in the same order, as gevent 22.10 prints.
        assertThat(run.lines()).containsExactlyElementsOf(expected);
        assertThat(run.clock()).isEqualTo(Duration.ZERO);
        assertThat(run.err()).isEmpty();
    }
}
