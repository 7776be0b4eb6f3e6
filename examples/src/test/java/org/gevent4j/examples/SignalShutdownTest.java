package org.gevent4j.examples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.gevent4j.Gevent;
import org.junit.jupiter.api.Test;

/**
 * The tutorial's {@code gevent.signal(SIGQUIT, gevent.shutdown)} program, with SIGTERM, run as a real
 * program in a child JVM that gets a real signal from {@code kill} (SIGTERM to this test JVM would
 * end the test run).
 */
class SignalShutdownTest {
    private static final long PATIENCE_SECONDS = 30;

    private record Child(Process process, BufferedReader out, CompletableFuture<String> err) {}

    /** Starts SignalShutdown with this JVM's java, flags and the two modules' classes. */
    private static Child start(String... args) throws IOException, URISyntaxException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--add-opens");
        command.add("java.base/java.lang=ALL-UNNAMED");
        command.add("-cp");
        command.add(codeSource(Gevent.class) + File.pathSeparator + codeSource(SignalShutdown.class));
        command.add(SignalShutdown.class.getName());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).start();
        p.getOutputStream().close();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> {
            try (var in = p.getErrorStream()) {
                return new String(in.readAllBytes(), UTF_8);
            } catch (IOException e) {
                return e.toString();
            }
        });
        return new Child(p, new BufferedReader(new InputStreamReader(p.getInputStream(), UTF_8)), err);
    }

    private static String codeSource(Class<?> c) throws URISyntaxException {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    private static int awaitExit(Child c) throws InterruptedException {
        if (!c.process().waitFor(PATIENCE_SECONDS, TimeUnit.SECONDS)) {
            c.process().destroyForcibly();
            throw new AssertionError("SignalShutdown still running " + PATIENCE_SECONDS + " s after SIGTERM");
        }
        return c.process().exitValue();
    }

    @Test
    void sigtermFromOutsideShutsTheProgramDownCleanly() throws Exception {
        Child c = start();
        try {
            String first = c.out().readLine(); // printed once the handler is installed
            assertThat(first).isEqualTo("Waiting for SIGTERM: kill -TERM " + c.process().pid());

            Process kill = new ProcessBuilder("/bin/kill", "-TERM", Long.toString(c.process().pid())).start();
            assertThat(kill.waitFor(PATIENCE_SECONDS, TimeUnit.SECONDS)).isTrue();
            assertThat(kill.exitValue()).isZero();

            int status = awaitExit(c);
            String rest = c.out().lines().reduce("", (a, b) -> a + b + "\n");
            assertThat(status).as("exit status; stderr: %s", c.err().join()).isZero();
            assertThat(rest).isEqualTo("SIGTERM: gevent.shutdown killed run_forever, main's join returned\n");
            assertThat(c.err().join()).isEmpty();
        } finally {
            c.process().destroyForcibly();
        }
    }

    @Test
    void theShowcaseVariantSignalsItself() throws Exception {
        Child c = start("0.2");
        try {
            int status = awaitExit(c);
            List<String> lines = c.out().lines().toList();
            assertThat(status).as("exit status; stderr: %s", c.err().join()).isZero();
            assertThat(lines).containsExactly("Waiting for SIGTERM: kill -TERM " + c.process().pid(),
                    "SIGTERM: gevent.shutdown killed run_forever, main's join returned");
        } finally {
            c.process().destroyForcibly();
        }
    }
}
