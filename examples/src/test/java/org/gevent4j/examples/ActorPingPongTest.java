package org.gevent4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ActorPingPongTest {
    /** start, then ping and pong in turn: {@code messages} lines in all. */
    private static List<String> expected(int messages) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < messages; i++) lines.add(i == 0 ? "start" : i % 2 == 1 ? "ping" : "pong");
        return lines;
    }

    @Test
    void byDefaultTenMessagesThenBothActorsStopAndTheProgramEnds() {
        ExampleRun.Output run = ExampleRun.virtualClock(ActorPingPong::main);

        assertThat(run.lines()).containsExactly(
                "start", "ping", "pong", "ping", "pong", "ping", "pong", "ping", "pong", "ping");
        assertThat(run.err()).isEmpty();
    }

    /** Whichever actor takes the message past the budget, both stop: one waiting, one not. */
    @ParameterizedTest(name = "{0} messages")
    @ValueSource(ints = {0, 1, 2, 3, 7, 100})
    void stopsAfterTheGivenNumberOfMessages(int messages) {
        ExampleRun.Output run = ExampleRun.virtualClock(ActorPingPong::main, Integer.toString(messages));

        assertThat(run.lines()).containsExactlyElementsOf(expected(messages));
        assertThat(run.err()).isEmpty();
    }
}
