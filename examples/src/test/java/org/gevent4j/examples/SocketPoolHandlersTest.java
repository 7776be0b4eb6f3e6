package org.gevent4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SocketPoolHandlersTest {
    @Test
    void aThousandListenersThenOneTooManyIsRefusedAndShutdownKillsThemAll() {
        ExampleRun.Output run = ExampleRun.virtualClock(SocketPoolHandlers::main);

        // The same lines gevent 22.10 prints for the same program.
        assertThat(run.lines()).containsExactly(
                "1000 listeners; pool full: true",
                "socket 1001 refused: At maximum pool size",
                "socket 1 received hello",
                "socket 1000 received bye",
                "after shutdown: 0 listeners");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void aPoolOfThree() {
        ExampleRun.Output run = ExampleRun.virtualClock(SocketPoolHandlers::main, "3");

        assertThat(run.lines()).containsExactly(
                "3 listeners; pool full: true",
                "socket 4 refused: At maximum pool size",
                "socket 1 received hello",
                "socket 3 received bye",
                "after shutdown: 0 listeners");
    }

    @Test
    void aPoolOfOneListenerReceivesBothMessagesInOrder() {
        ExampleRun.Output run = ExampleRun.virtualClock(SocketPoolHandlers::main, "1");

        assertThat(run.lines()).containsExactly(
                "1 listeners; pool full: true",
                "socket 2 refused: At maximum pool size",
                "socket 1 received hello",
                "socket 1 received bye",
                "after shutdown: 0 listeners");
    }

    @Test
    void addHandlerOnAFullPoolThrowsAndStartsNothing() throws Exception {
        ExampleRun.virtualClock(ignored -> {
            SocketPoolHandlers.SocketPool server = new SocketPoolHandlers.SocketPool(1);
            server.addHandler(new SocketPoolHandlers.FakeSocket("a"));

            assertThatThrownBy(() -> server.addHandler(new SocketPoolHandlers.FakeSocket("b")))
                    .hasMessage("At maximum pool size");
            assertThat(server.pool.size()).isEqualTo(1);
            server.shutdown();
            assertThat(server.pool.size()).isZero();
        });
    }

    @Test
    void aPoolOfNoSocketsIsRejected() {
        assertThatThrownBy(() -> ExampleRun.virtualClock(SocketPoolHandlers::main, "0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1");
    }
}
