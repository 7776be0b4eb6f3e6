package org.gevent4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class EventWaitersTest {
    @Test
    void threeWaitersWakeTogetherWhenTheSetterSetsTheEventAfter3Seconds() {
        ExampleRun.Output run = ExampleRun.virtualClock(EventWaiters::main);

        // The same lines, in the same order, as gevent 22.10 prints.
        assertThat(run.lines()).containsExactly(
                "A: Hey wait for me, I have to do something",
                "I'll wait for you",
                "I'll wait for you",
                "I'll wait for you",
                "Ok, I'm done",
                "It's about time",
                "It's about time",
                "It's about time");
        assertThat(run.clock()).isEqualTo(Duration.ofSeconds(3));
        assertThat(run.err()).isEmpty();
    }

    @Test
    void runsAgainWithAFreshEvent() {
        ExampleRun.virtualClock(EventWaiters::main);

        ExampleRun.Output second = ExampleRun.virtualClock(EventWaiters::main);

        // Had the first run's event stayed set, the waiters would not wait for the setter.
        assertThat(second.lines()).element(4).isEqualTo("Ok, I'm done");
        assertThat(second.clock()).isEqualTo(Duration.ofSeconds(3));
    }
}
