package org.gevent4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SemaphorePoolMapTest {
    @Test
    void atMostTwoWorkersHoldTheSemaphoreAndTheThirdWaitsForARelease() {
        ExampleRun.Output run = ExampleRun.virtualClock(SemaphorePoolMap::main);

        // The same lines, in the same order, as gevent 22.10 prints.
        assertThat(run.lines()).containsExactly(
                "Worker 0 acquired semaphore",
                "Worker 1 acquired semaphore",
                "Worker 0 released semaphore",
                "Worker 1 released semaphore",
                "Worker 3 acquired semaphore",
                "Worker 4 acquired semaphore",
                "Worker 3 released semaphore",
                "Worker 4 released semaphore",
                "Worker 5 acquired semaphore",
                "Worker 5 released semaphore");
        assertThat(run.err()).isEmpty();
    }
}
