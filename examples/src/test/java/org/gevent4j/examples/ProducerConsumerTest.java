package org.gevent4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProducerConsumerTest {
    @Test
    void eachSentTaskIsConsumedBeforeTheNextIsProduced() {
        ExampleRun.Output run = ExampleRun.realTime(ProducerConsumer::main, "3", "0");

        assertThat(run.lines()).containsExactly(
                "Wait to getting a task",
                "Send a task 0 to consumer",
                "Got task 0",
                "Send a task 1 to consumer",
                "Got task 1",
                "Send a task 2 to consumer",
                "Got task 2");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void theProducerSleepsTheDelayBeforeEachTask() {
        ExampleRun.Output run = ExampleRun.realTime(ProducerConsumer::main, "4", "0.05");

        assertThat(run.lines()).hasSize(1 + 2 * 4).endsWith("Send a task 3 to consumer", "Got task 3");
        assertThat(run.wall()).isGreaterThanOrEqualTo(Duration.ofMillis(200));
    }

    @Test
    void withNoTasksOnlyThePrimedConsumerSpeaks() {
        ExampleRun.Output run = ExampleRun.realTime(ProducerConsumer::main, "0");

        assertThat(run.lines()).containsExactly("Wait to getting a task");
    }
}
