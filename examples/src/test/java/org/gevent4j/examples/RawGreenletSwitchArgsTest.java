package org.gevent4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RawGreenletSwitchArgsTest {
    @Test
    void theFirstSwitchPassesTheNameAndTheGreenletsAlternate() {
        ExampleRun.Output run = ExampleRun.realTime(RawGreenletSwitchArgs::main);

        assertThat(run.lines()).containsExactly(
                "egon eat 1",
                "egon play 1",
                "egon eat 2",
                "egon play 2");
        assertThat(run.err()).isEmpty();
    }
}
