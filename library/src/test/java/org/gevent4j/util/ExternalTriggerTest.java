package org.gevent4j.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.gevent4j.ChildLines;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -Dgevent4j.runInfoSignal=USR1}: another process sends the signal to a program whose hub
 * is stuck in a busy greenlet, and reads the report from the file the program was told to use.
 */
@org.junit.jupiter.api.Timeout(90)
class ExternalTriggerTest {

    @Test
    void aSignalWritesTheReportOfAStuckHubToTheFile(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/kill")), "needs /bin/kill to send the signal");
        Path report = dir.resolve("run-info.txt");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-opens=java.base/java.lang=ALL-UNNAMED", "-XX:TieredStopAtLevel=1",
                "-Dgevent4j.runInfoSignal=USR1", "-Dgevent4j.runInfoFile=" + report,
                "-cp", ChildLines.classPath(), StuckProgram.class.getName());
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        ChildLines lines = ChildLines.of(child);
        List<String> all = lines.all();
        try {
            String l;
            do {
                l = lines.poll(30, TimeUnit.SECONDS);
                assertThat(l).as("child output so far: %s", all).isNotNull();
            } while (!l.equals("READY"));
            Process kill = new ProcessBuilder("/bin/kill", "-USR1", Long.toString(child.pid())).inheritIO().start();
            assertThat(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0).isTrue();
            String text = "";
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!text.contains("hogs-the-hub") && System.nanoTime() < end) {
                Thread.sleep(50);
                if (Files.exists(report)) text = Files.readString(report);
            }
            assertThat(text).as("report (child output %s)", all).startsWith("gevent4j run info at ");
            assertThat(text).contains(", pid " + child.pid() + ",");
            assertThat(text).containsPattern("Hub main: busy, this iteration began [0-9.]+ ms ago");
            assertThat(text).containsPattern("<Greenlet \"hogs-the-hub\" at \\d+> \\[runnable, age [0-9.]+ s]");
            assertThat(text).contains("at org.gevent4j.util.StuckProgram.spin(");
            assertThat(text).containsPattern("<Greenlet \"waits-for-an-event\" at \\d+> \\[waiting");
            assertThat(child.isAlive()).as("the signal does not end the program").isTrue();
        } finally {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
