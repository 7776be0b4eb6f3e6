package org.gevent4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GreenletStatesTest {
    @Test
    void theFlagsOfAWinnerAndALoserAndTheLosersExceptionStaysInIt() {
        ExampleRun.Output run = ExampleRun.virtualClock(GreenletStates::main);

        assertThat(run.lines()).containsExactly(
                "true", // winner.started
                "true", // loser.started
                "You win!", // winner.value
                "null", // loser.value
                "true", // winner.ready
                "true", // loser.ready
                "true", // winner.successful
                "false", // loser.successful
                "java.lang.Exception: You fail at failing."); // loser.exception
        // The hub reports the failure once, on stderr, as gevent does.
        assertThat(run.err())
                .containsOnlyOnce("java.lang.Exception: You fail at failing.")
                .containsPattern("<Greenlet at \\d+> failed with Exception");
    }
}
