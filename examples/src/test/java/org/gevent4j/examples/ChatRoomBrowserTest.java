package org.gevent4j.examples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * ChatRoom driven from a real browser: Debian's Chromium, headless, through playwright-core
 * (chat_browser.cjs). Two pages join as alice and bob, each must negotiate permessage-deflate
 * (the browser offers it), lines go both ways (one long and non-ASCII), bob leaving is seen; the
 * page is kept as {@code target/chatroom-browser.png}. Skipped, saying why, only when chromium,
 * node or the playwright-core package is absent ({@code .ci/clients.sh} installs all three, so CI
 * runs it).
 */
@Timeout(180)
class ChatRoomBrowserTest {
    @Test
    void twoBrowserPagesChatWithDeflate() throws Exception {
        Path chromium = Path.of("/usr/bin/chromium");
        assumeTrue(Files.isExecutable(chromium), "no /usr/bin/chromium: run .ci/clients.sh (apt-get install chromium)");
        String node = null;
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, "node"))) node = dir + "/node";
        }
        assumeTrue(node != null, "no node on PATH: run .ci/clients.sh");
        Path modules = repo().resolve(".ci/node/node_modules");
        assumeTrue(Files.isDirectory(modules.resolve("playwright-core")), "no .ci/node/node_modules/playwright-core: run .ci/clients.sh");

        Path shot = Path.of("target", "chatroom-browser.png").toAbsolutePath();
        Files.createDirectories(shot.getParent());
        Files.deleteIfExists(shot);
        Path profile = Files.createTempDirectory("g4j-chromium-");
        Path script = Files.createTempFile("g4j-chat-browser-", ".cjs");
        try (InputStream in = ChatRoomBrowserTest.class.getResourceAsStream("chat_browser.cjs")) {
            Files.write(script, in.readAllBytes());
        }
        try (WsServerThread s = new WsServerThread(new ChatRoom().server(new InetSocketAddress("127.0.0.1", 0)))) {
            ProcessBuilder pb = new ProcessBuilder(node, script.toString(), String.valueOf(s.port()), shot.toString(), profile.toString())
                    .redirectErrorStream(true);
            pb.environment().put("NODE_PATH", modules.toString());
            Process p = pb.start();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> {
                try (InputStream in = p.getInputStream()) {
                    return new String(in.readAllBytes(), UTF_8);
                } catch (java.io.IOException e) {
                    return "";
                }
            });
            if (!p.waitFor(150, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError("chat_browser.cjs did not finish in 150 s:\n" + out.get(5, TimeUnit.SECONDS));
            }
            String o = out.get(10, TimeUnit.SECONDS);
            assertThat(p.exitValue()).as("chat_browser.cjs failed:\n%s", o).isZero();
            List<String> lines = new ArrayList<>(o.lines().toList());
            assertThat(lines).anyMatch(l -> l.contains("\"check\":\"connected\",\"name\":\"alice\"") && l.contains("permessage-deflate"));
            assertThat(lines).anyMatch(l -> l.contains("\"check\":\"connected\",\"name\":\"bob\"") && l.contains("permessage-deflate"));
            assertThat(o).contains("{\"check\":\"alice-to-bob\",\"ok\":true}", "\"check\":\"bob-to-alice\",\"ok\":true",
                    "{\"check\":\"left\",\"ok\":true}");
        } finally {
            deleteTree(profile);
            Files.deleteIfExists(script);
        }
        byte[] png = Files.readAllBytes(shot);
        assertThat(png.length).isGreaterThan(1000);
        assertThat(java.util.Arrays.copyOf(png, 8)).containsExactly(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n');
    }

    private static Path repo() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve(".ci/clients.sh"))) p = p.getParent();
        if (p == null) throw new AssertionError("no .ci/clients.sh above " + Path.of("").toAbsolutePath());
        return p;
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        try (var walk = Files.walk(dir)) {
            for (Path f : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(f);
        }
    }
}
