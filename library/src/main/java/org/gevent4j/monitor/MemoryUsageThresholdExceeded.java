package org.gevent4j.monitor;

/**
 * The process's memory use is above {@link Monitor#maxMemoryUsage()}: gevent's
 * {@code MemoryUsageThresholdExceeded}. Sent when the usage is first seen above the threshold, and
 * again each time it is seen higher than at the previous event (memory still growing); not while
 * it stays level, nor again until it has dropped under the threshold
 * ({@link MemoryUsageUnderThreshold}) and risen above it once more.
 *
 * @param memoryUsage the process's memory use in bytes when measured: its resident set size where
 *        the system tells it ({@code /proc/self/status}), else the Java heap in use
 * @param maxAllowed the threshold in bytes
 */
public record MemoryUsageThresholdExceeded(long memoryUsage, long maxAllowed) implements MonitorEvent {
}
