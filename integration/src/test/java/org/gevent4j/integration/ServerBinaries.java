package org.gevent4j.integration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Finds the server programs the tests start, and free loopback ports for them. */
final class ServerBinaries {
    private ServerBinaries() {}

    static final String HOW_TO_INSTALL = "run .ci/services.sh as root (it installs redis-server and postgresql "
            + "with apt-get; ./gevent4j test and .ci/run call it)";

    /** {@code name} on the PATH or at one of {@code candidates}; fails (never skips) when it is nowhere. */
    static Path require(String name, String... candidates) {
        for (String c : candidates) {
            Path p = Path.of(c);
            if (Files.isExecutable(p)) return p;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (dir.isEmpty()) continue;
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) return p;
        }
        throw new AssertionError(name + " is not installed: " + HOW_TO_INSTALL);
    }

    /** The bin directory of the newest Debian PostgreSQL ({@code /usr/lib/postgresql/<v>/bin}) with initdb and postgres. */
    static Path requirePostgresBin() {
        Path root = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                List<Path> bins = versions.map(v -> v.resolve("bin"))
                        .filter(b -> Files.isExecutable(b.resolve("postgres")) && Files.isExecutable(b.resolve("initdb")))
                        .sorted(Comparator.comparing((Path b) -> versionOf(b)).reversed())
                        .toList();
                if (!bins.isEmpty()) return bins.getFirst();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new AssertionError("PostgreSQL (initdb, postgres under /usr/lib/postgresql/<version>/bin) is not installed: "
                + HOW_TO_INSTALL);
    }

    private static int versionOf(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString().replaceAll("\\D.*", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** A loopback port that was free a moment ago (the server that takes it may still lose a race: callers retry). */
    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops {@code p} with {@code signal} (by its PID), then SIGKILL if it is still there after 10 s. */
    static void stop(Process p, String signal) {
        if (p == null || !p.isAlive()) return;
        try {
            try {
                new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).inheritIO().start().waitFor();
            } catch (IOException noKillProgram) {
                p.destroy(); // SIGTERM
            }
            if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) return;
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            // a temp directory left behind is not worth failing a test for
        }
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
