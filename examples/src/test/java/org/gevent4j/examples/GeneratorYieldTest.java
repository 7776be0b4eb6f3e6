package org.gevent4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GeneratorYieldTest {
    @Test
    void controlPassesBetweenMainAndTheGeneratorAtEachYield() {
        ExampleRun.Output run = ExampleRun.realTime(GeneratorYield::main);

        assertThat(run.lines()).containsExactly(
                "0",
                "main: 现在控制权在我手上，啦啦啦",
                "main:hello baby!",
                "foo: 控制权又回到我手上了，叫我大笨蛋",
                "1",
                "main: 老大我又来了",
                "foo: 控制权又回到我手上了，叫我大笨蛋",
                "2");
        assertThat(run.err()).isEmpty();
    }
}
