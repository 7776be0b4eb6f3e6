package org.gevent4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MonkeyPatchPrintTest {
    @Test
    void threadSleepBlocksTheHubOnMainButLetsOthersRunInAGreenlet() {
        ExampleRun.Output run = ExampleRun.realTime(MonkeyPatchPrint::main);

        assertThat(run.lines()).containsExactly(
                "Thread.sleep called by main runs on a platform thread; greenlets that ran during the sleep: 0",
                "After monkey patch (nothing to patch in gevent4j: greenlets are virtual threads scheduled by the hub)",
                "Thread.sleep called by a greenlet runs on a virtual thread scheduled by main's hub; "
                        + "greenlets that ran during the sleep: 1");
    }
}
