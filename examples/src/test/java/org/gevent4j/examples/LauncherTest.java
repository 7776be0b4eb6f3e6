package org.gevent4j.examples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs examples the way a user does, through the {@code ./gevent4j} launcher, as child processes.
 *
 * <p>The launcher rebuilds the tree with Maven when sources are newer than its last build, and a
 * test run always has newer sources (its own build is not finished). A Maven build started from
 * inside this one would rewrite the jars and classes this test JVM runs on. So the child runs a
 * byte-for-byte copy of the launcher in a scratch root whose modules and pom.xml are symlinks to
 * the real ones (already compiled by the running build), with {@code GEVENT4J_MVN} set to a no-op:
 * everything after the build step — JDK discovery, class path, name resolution, JVM flags from
 * pom.xml — is the real thing, and the real tree's build stamp is left alone.
 */
class LauncherTest {
    private static final long CHILD_TIMEOUT_SECONDS = 50;

    @TempDir
    static Path scratch;
    private static Path repo;
    private static Path launcher;
    private static Path noOpMaven;

    @BeforeAll
    static void isolatedLauncher() throws IOException, URISyntaxException {
        // examples/target/test-classes -> the repository root
        Path testClasses = Path.of(LauncherTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        repo = testClasses.getParent().getParent().getParent();
        assertThat(repo.resolve("gevent4j")).as("launcher in the repository root").isRegularFile();
        assertThat(repo.resolve("examples/target/classes/org/gevent4j/examples/SleepZeroSwitch.class")).isRegularFile();

        Path root = Files.createDirectory(scratch.resolve("root"));
        launcher = root.resolve("gevent4j");
        Files.copy(repo.resolve("gevent4j"), launcher);
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (Stream<Path> entries = Files.list(repo)) {
            for (Path p : entries.toList()) {
                String name = p.getFileName().toString();
                boolean module = Files.isRegularFile(p.resolve("pom.xml"));
                if (name.equals("pom.xml") || name.equals(".mvn") || module) {
                    Files.createSymbolicLink(root.resolve(name), p);
                }
            }
        }
        noOpMaven = scratch.resolve("no-op-mvn");
        Files.writeString(noOpMaven, "#!/bin/sh\n# stands in for Maven: the running build compiled everything\nexit 0\n");
        Files.setPosixFilePermissions(noOpMaven, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** Removes the symlinks first: JUnit's @TempDir cleanup would log a warning for each link that leaves it. */
    @AfterAll
    static void unlink() throws IOException {
        try (Stream<Path> entries = Files.list(scratch.resolve("root"))) {
            for (Path p : entries.toList()) {
                if (Files.isSymbolicLink(p)) Files.delete(p);
            }
        }
    }

    private record Result(int exitCode, String out, String err) {}

    private static Result launch(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(launcher.toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(repo.toFile());
        pb.environment().put("GEVENT4J_MVN", noOpMaven.toString());
        pb.environment().put("LC_ALL", "C.UTF-8"); // the tutorials print Chinese
        pb.environment().remove("GEVENT4J_JAVA_OPTS");
        Process p = pb.start();
        p.getOutputStream().close();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        if (!p.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("launcher " + List.of(args) + " still running after " + CHILD_TIMEOUT_SECONDS + " s");
        }
        return new Result(p.exitValue(), out.join(), err.join());
    }

    private static String read(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void runSleepZeroSwitchPrintsTheSeedsOutput() throws Exception {
        Result r = launch("run", "SleepZeroSwitch");

        assertThat(r.exitCode()).as("exit code; stderr: %s", r.err()).isZero();
        assertThat(r.out()).isEqualTo("12\n56\n34\n78\n");
    }

    @Test
    void runPassesArgumentsToTheExample() throws Exception {
        Result r = launch("run", "MyGreenletSubclass", "hi,there", "0");

        assertThat(r.exitCode()).as("exit code; stderr: %s", r.err()).isZero();
        assertThat(r.out()).isEqualTo("hi,there\n");
    }

    @Test
    void theShowcaseRunsEveryExampleUnderItsHeaderAndExitsWithZero() throws Exception {
        Result r = launch("examples");

        assertThat(r.exitCode()).as("exit code; stderr: %s", r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        List<String> headers = lines.stream().filter(l -> l.startsWith("=== ")).toList();
        for (String example : exampleClasses()) {
            // A program that runs only with another (EchoClient with EchoServer) is named in that one's header.
            assertThat(headers).as("a header for %s", example).anyMatch(h -> (h.startsWith("=== " + example + " ")
                    || h.contains("and " + example + ")")) && h.contains("tutorial 00"));
        }
        assertThat(headers).hasSize(Showcase.ENTRIES.size() + 1); // + the closing summary
        assertThat(headers.getLast()).matches("=== \\d+ example runs in [0-9.]+ s ===");
        // A few outputs under their headers, Chinese included.
        assertThat(r.out())
                .contains("=== SleepZeroSwitch | tutorial 000, 5.3 (1st program) | virtual clock ===\n12\n56\n34\n78\n")
                .contains("魔降风云变 finished eat")
                .contains("TooLong raised after 5.0 seconds")
                .contains("Got task 2");
        assertThat(r.err()).contains("failed with Exception").doesNotContain("!!!");
    }

    /** Every top-level class of the examples package that has a main method, but the showcase. */
    private static List<String> exampleClasses() throws IOException {
        Path dir = repo.resolve("examples/target/classes/org/gevent4j/examples");
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                String file = f.getFileName().toString();
                if (!file.endsWith(".class") || file.contains("$")) continue;
                String name = file.substring(0, file.length() - ".class".length());
                if (name.equals("Showcase") || !hasMain(name)) continue;
                names.add(name);
            }
        }
        assertThat(names).isNotEmpty();
        return names;
    }

    private static boolean hasMain(String simpleName) {
        try {
            Class<?> c = Class.forName(Showcase.class.getPackageName() + "." + simpleName);
            var m = c.getMethod("main", String[].class);
            return java.lang.reflect.Modifier.isStatic(m.getModifiers());
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            return false;
        }
    }
}
