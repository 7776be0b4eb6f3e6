package org.gevent4j.websocket.conformance;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Finds the repository's Node tools ({@code .ci/node}, installed by {@code .ci/clients.sh}) and
 * starts Node servers in their own process, stopped by pid.
 */
final class NodeTools {
    private NodeTools() {}

    static final String INSTALL = "run .ci/clients.sh as root: it installs node and `npm ci` in .ci/node (ws, playwright-core)";

    /** The repository root: the first parent of the working directory holding .ci/clients.sh. */
    static Path repo() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve(".ci/clients.sh"))) p = p.getParent();
        if (p == null) throw new AssertionError("no .ci/clients.sh above " + Path.of("").toAbsolutePath());
        return p;
    }

    static Path nodeModules() {
        Path m = repo().resolve(".ci/node/node_modules");
        if (!Files.isDirectory(m.resolve("ws"))) throw new AssertionError(m + "/ws missing: " + INSTALL);
        return m;
    }

    static String node() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, "node"))) return dir + "/node";
        }
        throw new AssertionError("node not found: " + INSTALL);
    }

    /** A started server process and the port it printed ("listening PORT"). */
    record Server(Process process, int port) implements AutoCloseable {
        @Override
        public void close() { // throws no InterruptedException: try-with-resources would bury it (-Xlint:try)
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Starts {@code node script args...} with NODE_PATH set and waits for its "listening PORT" line. */
    static Server startNode(Path script, String... args) throws IOException {
        List<String> cmd = new java.util.ArrayList<>(List.of(node(), script.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put("NODE_PATH", nodeModules().toString());
        Process p = pb.start();
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()));
        String line = r.readLine();
        if (line == null || !line.startsWith("listening ")) {
            p.destroyForcibly();
            throw new AssertionError(script + " did not start: " + line);
        }
        // keep draining its output so it never blocks on a full pipe
        Thread.ofPlatform().daemon().start(() -> {
            try {
                while (r.readLine() != null) {
                    // discard
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        return new Server(p, Integer.parseInt(line.substring("listening ".length()).trim()));
    }
}
