package org.gevent4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AsyncResultHelloTest {
    @Test
    void theWaiterPrintsTheValueTheSetterSetsAfter3Seconds() {
        ExampleRun.Output run = ExampleRun.virtualClock(AsyncResultHello::main);

        assertThat(run.lines()).containsExactly("Hello!");
        assertThat(run.clock()).isEqualTo(Duration.ofSeconds(3));
        assertThat(run.err()).isEmpty();
    }
}
