package org.gevent4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BoundedQueueTimeoutTest {
    @Test
    void theBossWaitsWhileThreeTasksAreQueuedAndTheWorkersQuitAfterWaiting1SecondInVain() {
        ExampleRun.Output run = ExampleRun.virtualClock(BoundedQueueTimeout::main);

        List<String> expected = new ArrayList<>();
        String[] workers = {"steve", "john", "bob"};
        for (int task = 1; task <= 19; task++) {
            expected.add("Worker " + workers[(task - 1) % 3] + " got task " + task);
            // The boss gets ahead of the workers by the queue's 3 places, and no more.
            if (task == 6) expected.add("Assigned all work in iteration 1");
            if (task == 18) expected.add("Assigned all work in iteration 2");
        }
        for (int i = 0; i < 3; i++) expected.add("Quitting time!");
        // The same lines, in the same order, as gevent 22.10 prints.
        assertThat(run.lines()).containsExactlyElementsOf(expected);
        // Handing out the tasks takes no time; each worker then waits 1 s for another, in vain.
        assertThat(run.clock()).isEqualTo(Duration.ofSeconds(1));
        assertThat(run.err()).isEmpty();
    }
}
