package org.gevent4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StuckEchoServerTest {
    @Test
    void theEchoWaitsForTheBlockerAndRunInfoNamesTheServersGreenlets() {
        ExampleRun.Output run = ExampleRun.realTime(StuckEchoServer::main, "--demo");

        assertThat(run.out().lines().toList()).containsExactly(
                "echo \"HELLO\" after the blocker let go",
                "run-info: +--- <Greenlet \"main\" at 3> [waiting, current]",
                "run-info: +--- <Greenlet \"acceptor\" at 2> [waiting]",
                "run-info: +--- <Greenlet at 1> [waiting, in Pool 1/1000]");
    }
}
