package org.gevent4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

/** Needs Debian's redis-server (.ci/services.sh): without it these fail, saying so. */
class MonkeyPatchRedisTest {
    private static List<String> expected() {
        List<String> lines = new ArrayList<>();
        lines.add("10 greenlets BLPOP a list each (0.5 s timeout) through one JedisPool on one hub;"
                + " one more RPUSHes to list 4 after 0.2 s");
        for (int i = 1; i <= 10; i++) {
            lines.add("greenlet " + i + ": BLPOP gevent4j:MonkeyPatchRedis:" + i
                    + (i == 4 ? " -> \"hello\" (before its timeout)" : " -> nil (timed out)"));
        }
        lines.add("all done in under 1.0 s, not the 5.0 s of one BLPOP after another: they waited at once, on one thread");
        return lines;
    }

    @Test
    void tenBlpopsOfHalfASecondThroughOnePoolEndTogetherInHalfASecond() {
        ExampleRun.Output run = ExampleRun.realTime(MonkeyPatchRedis::main, "--demo");

        assertThat(run.lines()).containsExactlyElementsOf(expected());
        assertThat(run.err()).isEmpty();
    }

    @Test
    void itUsesTheRedisAtTheAddressGivenAndLeavesItsListsEmpty() throws Exception {
        try (LocalRedis redis = LocalRedis.start()) {
            try (Jedis jedis = new Jedis(redis.address)) {
                jedis.rpush("gevent4j:MonkeyPatchRedis:7", "left over from an earlier run");
            }
            ExampleRun.Output run = ExampleRun.realTime(MonkeyPatchRedis::main, redis.address.toString());

            assertThat(run.lines()).as("the list is emptied first").containsExactlyElementsOf(expected());
            try (Jedis jedis = new Jedis(redis.address)) {
                assertThat(jedis.keys("gevent4j:MonkeyPatchRedis:*")).isEmpty();
            }
        }
    }

    @Test
    void withNoRedisAtTheAddressItFailsToConnect() throws Exception {
        int port;
        try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // free, and nothing listens once closed
        }
        String address = "127.0.0.1:" + port;
        assertThatThrownBy(() -> ExampleRun.realTime(MonkeyPatchRedis::main, address))
                .isInstanceOf(JedisConnectionException.class)
                .hasMessageContaining(address);
    }
}
