package org.gevent4j.monitor;

/**
 * The process's memory use is back under {@link Monitor#maxMemoryUsage()} after a
 * {@link MemoryUsageThresholdExceeded}: gevent's {@code MemoryUsageUnderThreshold}. Sent once per
 * such return, the first time the usage is measured under the threshold (a threshold raised live
 * above the usage counts as a return).
 *
 * @param memoryUsage the process's memory use in bytes when measured (as in
 *        {@link MemoryUsageThresholdExceeded#memoryUsage()})
 * @param maxAllowed the threshold in bytes
 * @param maxMemoryUsage the usage reported by the last {@link MemoryUsageThresholdExceeded}
 */
public record MemoryUsageUnderThreshold(long memoryUsage, long maxAllowed, long maxMemoryUsage)
        implements MonitorEvent {
}
