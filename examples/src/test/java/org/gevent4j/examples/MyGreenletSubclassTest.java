package org.gevent4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class MyGreenletSubclassTest {
    @Test
    void seed003SubclassRunsItsOwnRunAndJoinWaitsForItsSleep() {
        ExampleRun.Output run = ExampleRun.virtualClock(MyGreenletSubclass::main);

        assertThat(run.lines()).containsExactly("Hi there!");
        assertThat(run.clock()).as("join waits out the greenlet's gevent.sleep(3)").isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void seed002Message() {
        ExampleRun.Output run = ExampleRun.virtualClock(MyGreenletSubclass::main, "hi,there");

        assertThat(run.lines()).containsExactly("hi,there");
        assertThat(run.clock()).isEqualTo(Duration.ofSeconds(3));
    }
}
