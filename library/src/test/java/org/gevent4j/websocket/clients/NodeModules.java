package org.gevent4j.websocket.clients;

import java.nio.file.Files;
import java.nio.file.Path;

/** Node and the repository's Node packages (.ci/node/node_modules, installed by .ci/clients.sh). */
final class NodeModules {
    private NodeModules() {}

    static Path path() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve(".ci/clients.sh"))) p = p.getParent();
        if (p == null || !Files.isDirectory(p.resolve(".ci/node/node_modules/ws"))) {
            throw new AssertionError(".ci/node/node_modules/ws missing: " + ScriptClientsTest.INSTALL);
        }
        return p.resolve(".ci/node/node_modules");
    }

    static String node() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, "node"))) return dir + "/node";
        }
        throw new AssertionError("node not found: " + ScriptClientsTest.INSTALL);
    }
}
