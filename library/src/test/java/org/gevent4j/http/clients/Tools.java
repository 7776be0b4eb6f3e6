package org.gevent4j.http.clients;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real clients as child processes. A missing tool fails the test with a message naming
 * {@code .ci/clients.sh}, the script that installs them (it does not skip: a client test that
 * cannot run is a failure).
 */
final class Tools {
    private Tools() {}

    static final String INSTALL = "run .ci/clients.sh as root to install the real HTTP clients the tests drive";

    /** The tool's absolute path, or an AssertionError naming the install script. */
    static String require(String name, String... candidates) {
        List<String> places = new ArrayList<>(List.of(candidates));
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            places.add(dir + "/" + name);
        }
        for (String p : places) {
            if (Files.isExecutable(Path.of(p))) return p;
        }
        throw new AssertionError(name + " not found: " + INSTALL);
    }

    /** Debian's python3 (where apt's python3-h11 lives), not a pyenv shim; it must import the modules. */
    static String python(String... modules) throws Exception {
        String py = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : require("python3");
        if (modules.length > 0) {
            Result r = run(null, 20, py, "-c", "import " + String.join(", ", modules));
            if (r.code != 0) throw new AssertionError(py + " cannot import " + String.join(", ", modules) + ": " + INSTALL + "\n" + r.err);
        }
        return py;
    }

    /** A test resource (a client script) copied to a temporary file, so that it runs from a jar too. */
    static Path resource(String name) throws IOException {
        try (InputStream in = Tools.class.getResourceAsStream(name)) {
            if (in == null) throw new AssertionError("test resource " + name + " missing");
            String suffix = name.substring(name.lastIndexOf('.'));
            Path f = Files.createTempFile("g4j-client-", suffix);
            f.toFile().deleteOnExit();
            Files.write(f, in.readAllBytes());
            return f;
        }
    }

    record Result(int code, byte[] outBytes, String err, long millis) {
        String out() {
            return new String(outBytes, UTF_8);
        }

        @Override
        public String toString() {
            return "exit " + code + " after " + millis + " ms\n--- stdout\n" + out() + "\n--- stderr\n" + err;
        }
    }

    /** Runs a command with the given stdin (null: none), bounded in time; the process is killed at the bound. */
    static Result run(byte[] stdin, int timeoutSeconds, String... cmd) throws Exception {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).start();
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        try (var in = p.getOutputStream()) {
            if (stdin != null) in.write(stdin);
        } catch (IOException ignored) {
            // the client may stop reading its input (e.g. curl told not to send the body)
        }
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError(String.join(" ", cmd) + " did not finish in " + timeoutSeconds + " s\n--- stderr\n"
                    + new String(err.get(2, TimeUnit.SECONDS), UTF_8));
        }
        return new Result(p.exitValue(), out.get(5, TimeUnit.SECONDS), new String(err.get(5, TimeUnit.SECONDS), UTF_8),
                (System.nanoTime() - t0) / 1_000_000);
    }

    /**
     * Runs a client script that prints one JSON object a line (see {@link Json#lines}) and returns
     * them; fails with the script's output unless it exits 0.
     */
    static List<Map<String, Object>> jsonLines(int timeoutSeconds, String... cmd) throws Exception {
        Result r = run(null, timeoutSeconds, cmd);
        if (r.code() != 0) throw new AssertionError(String.join(" ", cmd) + " failed\n" + r);
        return Json.lines(r.out());
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
