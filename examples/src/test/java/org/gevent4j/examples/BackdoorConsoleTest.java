package org.gevent4j.examples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backdoor console as an operator uses it: {@code GEVENT4J_BACKDOOR=PORT ./gevent4j run
 * EchoServer PORT2}, then a terminal client ({@code socat}, which exits when the console closes
 * the connection; {@code nc} would wait for its own input to end) in a {@code tmux} pane, typed
 * into with {@code tmux send-keys} and read with {@code tmux capture-pane -p}. tmux and socat
 * come from Debian ({@code .ci/clients.sh} installs them).
 *
 * <p>The launcher runs from a scratch root whose modules are symlinks to the built ones, with a
 * no-op Maven, as in {@link LauncherTest}: the real launcher, without a rebuild during the build.
 */
@Timeout(240)
class BackdoorConsoleTest {
    private static final long WAIT_MILLIS = 90_000; // a session's first javac run is slow on a busy machine

    @TempDir
    Path scratch;
    private Path repo;
    private Path launcher;
    private Path noOpMaven;
    private Process program;
    private final String tmuxSocket = "gevent4j-backdoor-test-" + ProcessHandle.current().pid();

    @BeforeEach
    void isolatedLauncher() throws IOException, URISyntaxException {
        for (String tool : List.of("tmux", "socat")) {
            assertThat(Stream.of(System.getenv("PATH").split(":")).map(d -> Path.of(d, tool)).anyMatch(Files::isExecutable))
                    .as("%s on PATH (run .ci/clients.sh)", tool).isTrue();
        }
        Path testClasses = Path.of(BackdoorConsoleTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        repo = testClasses.getParent().getParent().getParent();
        Path root = Files.createDirectory(scratch.resolve("root"));
        launcher = root.resolve("gevent4j");
        Files.copy(repo.resolve("gevent4j"), launcher);
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (Stream<Path> entries = Files.list(repo)) {
            for (Path p : entries.toList()) {
                String name = p.getFileName().toString();
                if (name.equals("pom.xml") || name.equals(".mvn") || Files.isRegularFile(p.resolve("pom.xml"))) {
                    Files.createSymbolicLink(root.resolve(name), p);
                }
            }
        }
        noOpMaven = scratch.resolve("no-op-mvn");
        Files.writeString(noOpMaven, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(noOpMaven, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterEach
    void stopEverything() throws Exception {
        run("tmux", "-L", tmuxSocket, "kill-server");
        if (program != null) {
            program.descendants().forEach(ProcessHandle::destroy);
            program.destroy();
            if (!program.waitFor(10, TimeUnit.SECONDS)) {
                program.descendants().forEach(ProcessHandle::destroyForcibly);
                program.destroyForcibly();
            }
        }
        // The symlinks first: JUnit's @TempDir cleanup would log a warning for each link that leaves it.
        Path root = scratch.resolve("root");
        if (Files.isDirectory(root)) {
            try (Stream<Path> entries = Files.list(root)) {
                for (Path p : entries.toList()) {
                    if (Files.isSymbolicLink(p)) Files.delete(p);
                }
            }
        }
    }

    @Test
    void theEchoServerGetsAConsoleFromTheEnvironment() throws Exception {
        int echoPort = freePort(), consolePort = freePort();
        Path err = scratch.resolve("stderr.txt");
        ProcessBuilder pb = new ProcessBuilder(launcher.toString(), "run", "EchoServer", String.valueOf(echoPort))
                .directory(repo.toFile())
                .redirectOutput(scratch.resolve("stdout.txt").toFile())
                .redirectError(err.toFile());
        pb.environment().put("GEVENT4J_MVN", noOpMaven.toString());
        pb.environment().put("GEVENT4J_BACKDOOR", String.valueOf(consolePort));
        pb.environment().remove("GEVENT4J_JAVA_OPTS");
        program = pb.start();
        program.getOutputStream().close();
        String listening = "gevent4j: backdoor console on 127.0.0.1:" + consolePort;
        waitFor(() -> Files.readString(err), s -> s.contains(listening), "the program's stderr");

        run("tmux", "-L", tmuxSocket, "new-session", "-d", "-s", "console", "-x", "120", "-y", "50",
                "socat - TCP:127.0.0.1:" + consolePort + "; echo '[socat exited]'; sleep 60");
        // capture-pane drops trailing blanks: the prompt ">>> " reads ">>>".
        String screen = waitForScreen(s -> s.contains(">>>"));
        assertThat(screen).contains("gevent4j backdoor console: Java");

        type("1 + 1");
        screen = waitForScreen(s -> s.contains("\n2\n"));
        assertThat(screen.lines().toList()).contains("2");

        // A multi-line method, then a call: the continuation prompt, then what it prints.
        type("String shout(String s) {");
        waitForScreen(s -> s.contains("..."));
        type("  return s.toUpperCase() + \"!\"; "); // no trailing ';': tmux would take it as a command separator
        type("}");
        type("shout(\"echo\")");
        waitForScreen(s -> s.contains("\"ECHO!\""));

        // The echo server keeps serving meanwhile, on the same hub.
        try (Socket s = new Socket("127.0.0.1", echoPort)) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write("ping\n".getBytes(UTF_8));
            InputStream in = s.getInputStream();
            assertThat(new String(in.readNBytes(5), UTF_8)).isEqualTo("PING\n");
        }

        type("runInfo()");
        screen = waitForScreen(s -> s.contains("gevent4j run info at") && s.strip().endsWith("\n>>>")); // the report, then the prompt
        // The program's hub, with the echo server's accept loop and the console's own greenlets.
        assertThat(screen).contains("EchoServer.acceptLoop").contains("\"backdoor console\"");
        System.out.println("The console's screen:\n" + screen.strip());

        type("quit()");
        screen = waitForScreen(s -> s.contains("[socat exited]"));
        assertThat(program.isAlive()).as("the program outlives its console client").isTrue();
    }

    private void type(String line) throws Exception {
        run("tmux", "-L", tmuxSocket, "send-keys", "-t", "console", "-l", line);
        run("tmux", "-L", tmuxSocket, "send-keys", "-t", "console", "Enter");
    }

    private String waitForScreen(Predicate<String> ok) throws Exception {
        return waitFor(() -> run("tmux", "-L", tmuxSocket, "capture-pane", "-p", "-t", "console", "-S", "-"), ok, "the tmux pane");
    }

    @FunctionalInterface
    private interface Reading {
        String read() throws Exception;
    }

    private String waitFor(Reading what, Predicate<String> ok, String name) throws Exception {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        String last = "";
        while (System.currentTimeMillis() < deadline) {
            last = what.read();
            if (ok.test(last)) return last;
            if (program != null && !program.isAlive()) break;
            Thread.sleep(200);
        }
        throw new AssertionError("gave up waiting on " + name + ", which reads:\n" + last + "\nprogram stderr:\n"
                + (Files.exists(scratch.resolve("stderr.txt")) ? Files.readString(scratch.resolve("stderr.txt")) : ""));
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        return out;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
