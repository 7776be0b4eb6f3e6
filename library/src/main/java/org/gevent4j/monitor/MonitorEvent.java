package org.gevent4j.monitor;

/**
 * Something the monitor tells its {@linkplain Monitor#addEventListener event listeners}: gevent's
 * monitor events ({@code gevent.events}). A listener tells the kinds apart with a pattern switch:
 * <pre>{@code
 * Monitor.addEventListener(e -> {
 *     switch (e) {
 *         case BlockingReport r -> log.warn(r.format());
 *         case MemoryUsageThresholdExceeded m -> log.warn("memory " + m.memoryUsage());
 *         case MemoryUsageUnderThreshold m -> log.info("memory back under " + m.maxAllowed());
 *     }
 * });
 * }</pre>
 */
public sealed interface MonitorEvent permits BlockingReport, MemoryUsageThresholdExceeded, MemoryUsageUnderThreshold {
}
