package org.gevent4j.subprocess;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Counts what a child process could leak: this JVM's open file descriptors and its threads. The
 * JDK's own pools are left out (its "process reaper" threads and the common ForkJoinPool idle for
 * a minute before they retire, and their number depends on how many children ran at once).
 */
final class Leaks {
    private final int fds;
    private final int threads;

    private Leaks(int fds, int threads) {
        this.fds = fds;
        this.threads = threads;
    }

    /** The counts now. */
    static Leaks baseline() {
        return new Leaks(fds(), ourThreads().size());
    }

    static int fds() {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return (int) s.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Live threads, except the JDK's pools that outlive the work on purpose. */
    static List<String> ourThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(n -> !n.startsWith("process reaper") && !n.startsWith("ForkJoinPool")
                        && !n.startsWith("VirtualThread-unparker") && !n.startsWith("gevent4j-test-real-hub"))
                .toList();
    }

    /**
     * Asserts that the counts come back to this baseline: pipe threads end and descriptors close
     * a moment after a child exits, so it polls for up to 5 s before failing.
     */
    void assertBackToBaseline() throws InterruptedException {
        long end = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < end) {
            List<String> now = ourThreads();
            if (fds() <= fds && now.size() <= threads && now.stream().noneMatch(Leaks::pipeThread)) return;
            Thread.sleep(20);
        }
        assertThat(fds()).as("open file descriptors").isLessThanOrEqualTo(fds);
        assertThat(ourThreads()).as("threads").hasSizeLessThanOrEqualTo(threads);
        assertThat(ourThreads()).as("pipe threads").noneMatch(Leaks::pipeThread);
    }

    private static boolean pipeThread(String name) {
        return name.startsWith("gevent4j-subprocess");
    }
}
