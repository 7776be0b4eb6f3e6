package org.gevent4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.gevent4j.monitor.BlockingReport;
import org.gevent4j.monitor.MemoryUsageThresholdExceeded;
import org.gevent4j.monitor.MemoryUsageUnderThreshold;
import org.junit.jupiter.api.Test;

/** The monitor's logic that needs no clock: gevent's memory rule, byte counts, pinning culprits. */
class WatchdogTest {
    @Test
    void memoryEventsFollowGeventsRule() {
        // gevent's test_monitor_greater: up, level, growing, down, level, up again.
        Watchdog.MemoryRule rule = new Watchdog.MemoryRule();
        assertThat(rule.check(2, 1)).isEqualTo(new MemoryUsageThresholdExceeded(2, 1));
        assertThat(rule.check(2, 1)).as("no growth, no event").isNull();
        assertThat(rule.check(3, 1)).as("growth").isEqualTo(new MemoryUsageThresholdExceeded(3, 1));
        assertThat(rule.check(1, 1)).as("back at the threshold is under it")
                .isEqualTo(new MemoryUsageUnderThreshold(1, 1, 3));
        assertThat(rule.check(1, 1)).isNull();
        assertThat(rule.check(3, 1)).isEqualTo(new MemoryUsageThresholdExceeded(3, 1));
        assertThat(rule.check(0, 10)).isEqualTo(new MemoryUsageUnderThreshold(0, 10, 3));
        assertThat(rule.check(5, 10)).as("initially below: nothing").isNull();
    }

    @Test
    void byteCountsTakeGeventsSuffixes() {
        assertThat(Watchdog.parseBytes("1024", "x")).isEqualTo(1024);
        assertThat(Watchdog.parseBytes(" 2kb", "x")).isEqualTo(2048);
        assertThat(Watchdog.parseBytes("512MB", "x")).isEqualTo(512L << 20);
        assertThat(Watchdog.parseBytes("1 gb", "x")).isEqualTo(1L << 30);
        assertThatThrownBy(() -> Watchdog.parseBytes("lots", "GEVENT_MONITOR_MEMORY_MAX"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("GEVENT_MONITOR_MEMORY_MAX");
        assertThatThrownBy(() -> Watchdog.parseBytes("0", "x")).isInstanceOf(IllegalArgumentException.class);
    }

    private static StackTraceElement frame(String cls, String method, boolean nativeMethod) {
        return new StackTraceElement(cls, method, null, nativeMethod ? -2 : 10);
    }

    @Test
    void aStackParkedOnItsCarrierNamesTheCulpritFrame() {
        StackTraceElement clinit = frame("com.example.Config", "<clinit>", false);
        List<StackTraceElement> inInit = List.of(
                frame("jdk.internal.misc.Unsafe", "park", true),
                frame("java.lang.VirtualThread", "parkOnCarrierThread", false),
                frame("java.lang.VirtualThread", "parkNanos", false),
                frame("java.lang.Thread", "sleep", false),
                clinit,
                frame("com.example.App", "run", false));
        assertThat(Watchdog.pinningOf(inInit)).isEqualTo(new BlockingReport.Pinning("class initialiser", clinit));

        StackTraceElement nat = frame("com.example.Native", "call", true);
        List<StackTraceElement> inNative = List.of(
                frame("java.lang.VirtualThread", "parkOnCarrierThread", false),
                frame("com.example.Callback", "upcall", false),
                nat);
        assertThat(Watchdog.pinningOf(inNative)).isEqualTo(new BlockingReport.Pinning("native frame", nat));

        List<StackTraceElement> spinning = List.of(frame("com.example.App", "spin", false));
        assertThat(Watchdog.pinningOf(spinning)).as("not parked: not pinned").isNull();
    }
}
