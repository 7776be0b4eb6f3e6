package org.gevent4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.gevent4j.TestHubs.realHub;

import java.time.Duration;
import org.gevent4j.monitor.Monitor;
import org.junit.jupiter.api.Test;

/** With the monitor off (the default), a hub-blocking greenlet goes unreported and no monitor thread exists. */
class MonitorOffTest {
    @Test
    void theMonitorIsOffByDefaultAndStartsNothing() {
        assumeFalse(Monitor.enabled(), "this JVM runs with the monitor on");
        String stderr = TestHubs.captureStderr(() -> realHub(() -> {
            Gevent.spawn(() -> {
                long end = System.nanoTime() + Duration.ofMillis(200).toNanos();
                while (System.nanoTime() < end) Thread.onSpinWait();
            }).join();
        }));

        assertThat(stderr).doesNotContain("gevent4j hub blocked");
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("gevent4j-monitor"));
    }
}
