package org.gevent4j.examples;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.JedisPoolConfig;
import redis.clients.jedis.util.KeyValue;

/**
 * A Redis client library, unchanged, made cooperative: ten greenlets on one hub each block in
 * {@code BLPOP} (0.5 s timeout) through one {@link JedisPool}, and all ten are done in about 0.5 s
 * (it says "under 1.0 s"), not 5 s; an eleventh greenlet {@code RPUSH}es to one of the lists after
 * 0.2 s, and that waiter wakes then, with the value, before its timeout.
 *
 * <p>From tutorial 002 ("python之Gevent"), section "猴子补丁(Monkey patching)":
 * <blockquote>例如，Redis的python绑定一般使用常规的tcp socket来与redis-server实例通信。
 * 通过简单地调用gevent.monkey.patch_all()，可以使得redis的绑定协作式的调度请求，与gevent栈的其它部分一起工作。
 * </blockquote>
 * ("The Redis binding talks to redis-server over a regular TCP socket; one call to
 * {@code gevent.monkey.patch_all()} makes it schedule its requests cooperatively.") Jedis is that
 * binding for Java: it reads and writes a {@code java.net.Socket}, and in a greenlet (a virtual
 * thread scheduled by the hub) that read parks the greenlet and lets the hub run the others. There
 * is no patch to apply; the pool's own waits ({@code commons-pool2}) are {@code java.util.concurrent}
 * locks, cooperative the same way.
 *
 * <p>Run: {@code ./gevent4j run MonkeyPatchRedis [host:port]} (default {@value LocalRedis#DEFAULT_ADDRESS});
 * {@code ./gevent4j run MonkeyPatchRedis --demo} starts a redis-server of its own on a random
 * loopback port (Debian's redis-server: {@code .ci/services.sh} installs it) and stops it after.
 * It uses the lists {@code gevent4j:MonkeyPatchRedis:1} to {@code :10}, emptied first.
 */
public final class MonkeyPatchRedis {
    private MonkeyPatchRedis() {}

    static final int GREENLETS = 10;
    static final double BLPOP_SECONDS = 0.5;
    static final int PUSHED_TO = 4;
    static final Duration PUSH_AFTER = Duration.ofMillis(200);
    static final String KEY = "gevent4j:MonkeyPatchRedis:";

    public static void main(String[] args) throws Exception {
        if (args.length >= 1 && args[0].equals("--demo")) {
            try (LocalRedis redis = LocalRedis.start()) {
                run(redis.address);
            }
            return;
        }
        run(LocalRedis.parse(Args.string(args, 0, LocalRedis.DEFAULT_ADDRESS)));
    }

    @SuppressWarnings("deprecation") // JedisPool: deprecated in Jedis 8 for RedisClient; kept because it lends whole connections, as redis-py's ConnectionPool does
    static void run(HostAndPort address) throws Exception {
        JedisPoolConfig config = new JedisPoolConfig();
        config.setMaxTotal(GREENLETS + 1); // a connection for every greenlet at once
        config.setJmxEnabled(false);
        try (JedisPool pool = new JedisPool(config, address.getHost(), address.getPort())) {
            Gevent.spawn(() -> {
                try (Jedis jedis = pool.getResource()) {
                    for (int i = 1; i <= GREENLETS; i++) jedis.del(KEY + i);
                }
            }).get();
            System.out.printf(Locale.ROOT, "%d greenlets BLPOP a list each (%.1f s timeout) through one JedisPool on one hub;"
                    + " one more RPUSHes to list %d after %.1f s%n", GREENLETS, BLPOP_SECONDS, PUSHED_TO,
                    PUSH_AFTER.toMillis() / 1000.0);

            long start = System.nanoTime();
            List<Greenlet<String>> waiters = new ArrayList<>();
            for (int i = 1; i <= GREENLETS; i++) {
                String key = KEY + i;
                int n = i;
                waiters.add(Gevent.spawn(() -> {
                    try (Jedis jedis = pool.getResource()) {
                        KeyValue<String, String> got = jedis.blpop(BLPOP_SECONDS, key);
                        double took = since(start);
                        String what = got == null ? "nil (timed out)" : '"' + got.getValue() + '"'
                                + (took < BLPOP_SECONDS ? " (before its timeout)" : String.format(Locale.ROOT, " after %.2f s", took));
                        return "greenlet " + n + ": BLPOP " + key + " -> " + what;
                    }
                }));
            }
            Greenlet<Void> pusher = Gevent.spawn(() -> {
                Gevent.sleep(PUSH_AFTER);
                try (Jedis jedis = pool.getResource()) {
                    jedis.rpush(KEY + PUSHED_TO, "hello");
                }
            });
            List<Greenlet<?>> all = new ArrayList<>(waiters);
            all.add(pusher);
            Gevent.joinAll(all);
            double elapsed = since(start);

            for (Greenlet<String> w : waiters) System.out.println(w.get());
            pusher.get();
            // Timings vary by some hundredths (Redis checks BLPOP timeouts 10 times a second by
            // default): print what they show, overlap or not, not the digits.
            double oneByOne = GREENLETS * BLPOP_SECONDS;
            System.out.println(elapsed < 2 * BLPOP_SECONDS
                    ? String.format(Locale.ROOT, "all done in under %.1f s, not the %.1f s of one BLPOP after another:"
                            + " they waited at once, on one thread", 2 * BLPOP_SECONDS, oneByOne)
                    : String.format(Locale.ROOT, "all done in %.2f s (one after another: %.1f s)", elapsed, oneByOne));
        }
    }

    private static double since(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
