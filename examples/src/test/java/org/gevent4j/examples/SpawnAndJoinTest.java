package org.gevent4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SpawnAndJoinTest {
    @Test
    void seed000MessagesPrintInOrderOfTheirSleepsWhichRunConcurrently() {
        ExampleRun.Output run = ExampleRun.virtualClock(SpawnAndJoin::main);

        assertThat(run.lines()).containsExactly("Hello", "I live!");
        assertThat(run.clock()).as("sleeps of 1 s and 2 s at the same time").isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void seed002Messages() {
        ExampleRun.Output run = ExampleRun.virtualClock(SpawnAndJoin::main, "hello", "I live");

        assertThat(run.lines()).containsExactly("hello", "I live");
        assertThat(run.clock()).isEqualTo(Duration.ofSeconds(2));
    }
}
