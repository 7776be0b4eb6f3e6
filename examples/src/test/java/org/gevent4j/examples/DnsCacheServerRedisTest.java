package org.gevent4j.examples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Section;
import redis.clients.jedis.Jedis;

/** Needs Debian's redis-server (.ci/services.sh): without it these fail, saying so. */
class DnsCacheServerRedisTest {
    private static final String[] DEMO_OUTPUT = {
            "load 1 ip",
            "example.com.",
            "answer 1: example.com. A 192.0.2.1 (queries forwarded so far: 1)",
            "answer 2: example.com. A 192.0.2.1 (queries forwarded so far: 1)",
            "-- that server stopped; a new one, with the same Redis:",
            "load 1 ip",
            "answer 3: example.com. A 192.0.2.1 (queries forwarded so far: 1)",
            "gevent.org.",
            "answer 4: gevent.org. A 192.0.2.1 (queries forwarded so far: 2)"};

    /** The point of the tutorial author's Redis version: the cache outlives the server. */
    @Test
    void aNewServerWithTheSameRedisAnswersTheRepeatWithoutAskingUpstream() {
        ExampleRun.Output run = ExampleRun.realTime(DnsCacheServerRedis::main, "--demo");

        assertThat(run.lines()).containsExactly(DEMO_OUTPUT);
        assertThat(run.err()).isEmpty();
    }

    @Test
    void theAnswersAreInTheRedisGivenUnderTheirNameAndType() throws Exception {
        try (LocalRedis redis = LocalRedis.start()) {
            try (Jedis jedis = new Jedis(redis.address)) {
                jedis.set("gevent4j:demo:dns:example.com. A", "stale"); // the demo deletes its keys first
            }
            ExampleRun.Output run = ExampleRun.realTime(DnsCacheServerRedis::main, "--demo", redis.address.toString());

            assertThat(run.lines()).containsExactly(DEMO_OUTPUT);
            try (Jedis jedis = new Jedis(redis.address)) {
                assertThat(jedis.keys("gevent4j:demo:dns:*"))
                        .containsExactlyInAnyOrder("gevent4j:demo:dns:example.com. A", "gevent4j:demo:dns:gevent.org. A");
                Message cached = new Message(jedis.get("gevent4j:demo:dns:gevent.org. A".getBytes(UTF_8)));
                assertThat(((ARecord) cached.getSection(Section.ANSWER).getFirst()).getAddress().getHostAddress())
                        .isEqualTo(DnsCacheServer.DEMO_ADDRESS);
            }
        }
    }

    @Test
    void mainWithoutUpstreamsSaysHowToRunIt() {
        assertThatThrownBy(() -> DnsCacheServerRedis.main(new String[] {"5353"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("usage: DnsCacheServerRedis port upstreams [redis-host:port");
    }
}
