package org.gevent4j.integration;

import static org.assertj.core.api.Assertions.assertThat;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.JedisPoolConfig;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * Jedis (a {@link JedisPool} of N) against a real redis-server: {@code BLPOP} on an empty list is
 * the server-side wait, as in seed 002's "the Redis binding made cooperative by
 * {@code monkey.patch_all()}".
 */
@SuppressWarnings("deprecation") // JedisPool: deprecated in Jedis 8 for RedisClient; its counters are what this test reads
class JedisTest extends BlockingClientContract {
    private RedisServer redis;
    private JedisPool pool;

    @Override
    void start() throws Exception {
        redis = RedisServer.start();
        JedisPoolConfig config = new JedisPoolConfig();
        config.setMaxTotal(N);
        config.setMaxIdle(N);
        config.setJmxEnabled(false);
        pool = new JedisPool(config, "127.0.0.1", redis.port(), 10_000);
    }

    @Override
    void stop() {
        if (pool != null) pool.close();
        if (redis != null) redis.close();
    }

    @Override
    void waitCall() {
        try (Jedis jedis = pool.getResource()) {
            assertThat(jedis.blpop(WAIT.toMillis() / 1000.0, "gevent4j:nothing")).as("BLPOP of an empty list").isNull();
        }
    }

    @Override
    void longCall() {
        try (Jedis jedis = pool.getResource()) {
            jedis.blpop((int) LONG.toSeconds(), "gevent4j:nothing");
        }
    }

    @Override
    Class<? extends Throwable> libraryException() {
        return JedisConnectionException.class;
    }

    /** The broken connection is destroyed, not returned; Redis drops the blocked client at once. */
    @Override
    String leftBehind() throws Exception {
        assertThat(eventually(() -> pool.getNumActive() == 0)).as("no connection still lent out").isTrue();
        assertThat(eventually(() -> blockedClients() == 0)).as("redis has no client still blocked in BLPOP").isTrue();
        return "pool active=" + pool.getNumActive() + " idle=" + pool.getNumIdle() + " destroyed=" + pool.getDestroyedCount()
                + "; redis blocked_clients=" + blockedClients();
    }

    private int blockedClients() {
        try (Jedis jedis = pool.getResource()) {
            String info = jedis.info("clients");
            return Integer.parseInt(info.replaceAll("(?s).*blocked_clients:(\\d+).*", "$1"));
        }
    }

    @Override
    String library() {
        return "Jedis";
    }
}
