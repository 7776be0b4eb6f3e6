package org.gevent4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GroupTalkTest {
    @Test
    void eachTalkerPrintsItsThreeLinesInSpawnOrder() {
        ExampleRun.Output run = ExampleRun.virtualClock(GroupTalk::main);

        // The same lines, in the same order, as gevent 22.10 prints.
        assertThat(run.lines()).containsExactly(
                "bar", "bar", "bar",
                "foo", "foo", "foo",
                "fizz", "fizz", "fizz");
        assertThat(run.err()).isEmpty();
    }
}
