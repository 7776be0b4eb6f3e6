package org.gevent4j.websocket.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The suite must be able to fail: against `ws` started with {@code skipUTF8Validation} (it echoes
 * invalid UTF-8 instead of closing with 1007) the UTF-8 cases fail and the others still pass.
 */
@Timeout(120)
class HarnessCatchesFaultsTest {
    @Test
    void aServerThatSkipsUtf8ValidationFailsTheUtf8CasesOnly() throws Exception {
        try (NodeTools.Server server = NodeTools.startNode(NodeTools.repo().resolve("benchmarks/ws/servers/ws_echo.cjs"), "0",
                "--skip-utf8-validation")) {
            URI target = URI.create("ws://127.0.0.1:" + server.port() + "/echo");
            List<Cases.Case> picked = Cases.all().stream()
                    .filter(c -> List.of("6.3.1", "6.3.2", "6.8.1", "6.21.1", "6.2.3", "2.2", "7.9.2").contains(c.id())).toList();
            assertThat(picked).hasSize(7);
            for (Cases.Case c : picked) {
                Session.Result r = Conformance.run(target, c);
                boolean invalidUtf8 = List.of("6.3.1", "6.3.2", "6.8.1", "6.21.1").contains(c.id());
                assertThat(r.passed()).as("%s: %s", c, r).isEqualTo(!invalidUtf8);
            }
        }
    }
}
