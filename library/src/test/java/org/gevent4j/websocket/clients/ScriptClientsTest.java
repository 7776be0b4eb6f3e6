package org.gevent4j.websocket.clients;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.gevent4j.websocket.EchoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Strict WebSocket clients from other ecosystems against gevent4j's echo server, each with and
 * without permessage-deflate: Python {@code websockets} 10.4 and {@code wsproto} 1.2.0 (Debian's
 * python3-websockets / python3-wsproto; the wsproto script also sends crafted bad frames and checks
 * the close codes) and Node's {@code ws} 8.23.0 (.ci/node). Each echoes 16 MiB of text and of
 * binary and a message sent in 1-byte (or one-code-point) fragments. The scripts print
 * "ok NAME" per check and exit non-zero at the first mismatch. Tools come from .ci/clients.sh; a
 * missing one fails the test.
 */
@Timeout(240)
class ScriptClientsTest {
    static final String INSTALL = "run .ci/clients.sh as root (python3-websockets, python3-wsproto, node + .ci/node)";
    static EchoServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new EchoServer();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) server.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"deflate", "plain"})
    void pythonWebsockets(String mode) throws Exception {
        String out = run(List.of(python("websockets"), script("py_websockets.py").toString(), server.uri().toString(), mode));
        assertThat(out).contains("ok negotiate", "ok text-16MiB 16777216", "ok binary-16MiB 16777216",
                "ok binary-1-byte-fragments 2048", "ok text-codepoint-fragments", "ok ping-pong", "ok close 1000");
        assertThat(out).contains(mode.equals("deflate") ? "ok negotiate 'permessage-deflate" : "ok negotiate ''");
    }

    @ParameterizedTest
    @ValueSource(strings = {"deflate", "plain"})
    void wsprotoEchoesAndCraftedBadFrames(String mode) throws Exception {
        String out = run(List.of(python("wsproto"), script("py_wsproto.py").toString(), "127.0.0.1", String.valueOf(server.port()), mode));
        assertThat(out).contains("ok text-16MiB 16777216", "ok binary-16MiB 16777216", "ok binary-1-byte-fragments 1024",
                "ok text-codepoint-fragments", "ok ping-inside-fragments", "ok close-normal closed 1000");
        assertThat(out).contains("ok unmasked-frame closed 1002", "ok rsv2-without-extension closed 1002",
                "ok reserved-opcode-3 closed 1002", "ok ping-126-bytes closed 1002", "ok fragmented-ping closed 1002",
                "ok close-1-byte closed 1002", "ok close-code-1005 closed 1002", "ok close-code-2999 closed 1002",
                "ok continuation-first closed 1002", "ok invalid-utf8 closed 1007", "ok invalid-utf8-fail-fast closed 1007",
                "ok over-16MiB closed 1009");
        assertThat(out).contains(mode.equals("deflate") ? "ok negotiate ['permessage-deflate']" : "ok negotiate []");
    }

    @ParameterizedTest
    @ValueSource(strings = {"deflate", "plain"})
    void nodeWs(String mode) throws Exception {
        Path modules = NodeModules.path();
        String out = run(List.of(NodeModules.node(), script("node_ws_client.cjs").toString(), server.uri().toString(), mode),
                "NODE_PATH", modules.toString());
        assertThat(out).contains("ok text-16MiB 16777216", "ok binary-16MiB 16777216", "ok binary-1-byte-fragments 2048",
                "ok text-1-byte-fragments", "ok ping-pong", "ok close 1000");
        assertThat(out).contains(mode.equals("deflate") ? "ok negotiate 'permessage-deflate'" : "ok negotiate ''");
    }

    static String python(String module) throws Exception {
        String py = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
        Process p = new ProcessBuilder(py, "-c", "import " + module).redirectErrorStream(true).start();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) throw new AssertionError(py + " cannot import " + module + ": " + INSTALL);
        return py;
    }

    static Path script(String name) throws Exception {
        try (InputStream in = ScriptClientsTest.class.getResourceAsStream(name)) {
            if (in == null) throw new AssertionError("test resource " + name + " missing");
            Path f = Files.createTempFile("g4j-ws-client-", name.substring(name.lastIndexOf('.')));
            f.toFile().deleteOnExit();
            Files.write(f, in.readAllBytes());
            return f;
        }
    }

    /** Runs the client (bounded in time), returns its output; fails with the output if it exits non-zero. */
    static String run(List<String> cmd, String... env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(cmd)).redirectErrorStream(true);
        for (int i = 0; i + 1 < env.length; i += 2) pb.environment().put(env[i], env[i + 1]);
        Process p = pb.start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = p.getInputStream()) {
                return new String(in.readAllBytes(), UTF_8);
            } catch (java.io.IOException e) {
                return "";
            }
        });
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError(cmd + " did not finish in 180 s\n" + out.get(5, TimeUnit.SECONDS));
        }
        String o = out.get(10, TimeUnit.SECONDS);
        assertThat(p.exitValue()).as("%s failed:\n%s", cmd, o).isZero();
        return o;
    }
}
