package org.gevent4j.examples;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;
import org.gevent4j.socket.Socket;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.JedisPoolConfig;

/**
 * {@link DnsCacheServer} with its cache in Redis: the same server (the same code: only its
 * {@link DnsCacheServer.Cache} differs), whose answers outlive it, so a restarted server still
 * answers from the cache. Each datagram's greenlet talks to Redis through one {@link JedisPool};
 * a Redis round trip parks that greenlet only, as an upstream query does.
 *
 * <p>From tutorial 004 ("share: 进程 线程 协程 异步"), section "初识gevent", after the DNS server:
 * <blockquote>这个是直接利用了dict来作为缓存查询了，在这里还有我将dict换成redis持久化实现的另一个版本</blockquote>
 * ("This one uses a dict as the cache; there is another version of mine where the dict is
 * replaced by Redis, for persistence.") That version is not in the tutorial; this is it, with the
 * tutorial's {@code Cache.get}/{@code set} as Redis {@code GET}/{@code SET} of the raw answer under
 * {@code dns:<name> <type>}. The events of fetches in flight stay in the server, as they must.
 *
 * <p>Run: {@code ./gevent4j run DnsCacheServerRedis port upstreams [redis-host:port [waitSeconds]]}
 * (Redis default {@value LocalRedis#DEFAULT_ADDRESS}), e.g.
 * {@code ./gevent4j run DnsCacheServerRedis 5353 1.1.1.1 127.0.0.1:6379} then
 * {@code dig @127.0.0.1 -p 5353 example.com}; or {@code ./gevent4j run DnsCacheServerRedis --demo
 * [redis-host:port]}: against a stand-in upstream on loopback and a redis-server of its own (or the
 * one given, where it uses and first deletes the keys {@code gevent4j:demo:dns:*} it needs), a
 * server answers twice, stops, and a new server with the same Redis answers the repeat from it.
 */
@SuppressWarnings("deprecation") // JedisPool: deprecated in Jedis 8 for RedisClient; kept because it lends whole connections, as redis-py's ConnectionPool does
public final class DnsCacheServerRedis {
    private DnsCacheServerRedis() {}

    /** The tutorial author's Redis cache: answers under {@code prefix + key}. */
    static final class RedisCache implements DnsCacheServer.Cache {
        private final JedisPool pool;
        private final String prefix;

        RedisCache(JedisPool pool, String prefix) {
            this.pool = pool;
            this.prefix = prefix;
        }

        @Override
        public byte[] get(String key) {
            try (Jedis jedis = pool.getResource()) {
                return jedis.get((prefix + key).getBytes(UTF_8));
            }
        }

        @Override
        public void set(String key, byte[] value) {
            try (Jedis jedis = pool.getResource()) {
                jedis.set((prefix + key).getBytes(UTF_8), value);
            }
        }
    }

    static JedisPool pool(HostAndPort address) {
        JedisPoolConfig config = new JedisPoolConfig();
        config.setMaxTotal(64);
        config.setJmxEnabled(false);
        return new JedisPool(config, address.getHost(), address.getPort());
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 1 && args[0].equals("--demo")) {
            if (args.length >= 2) {
                demo(LocalRedis.parse(args[1]));
            } else {
                try (LocalRedis redis = LocalRedis.start()) {
                    demo(redis.address);
                }
            }
            return;
        }
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: DnsCacheServerRedis port upstreams [redis-host:port [waitSeconds]]"
                    + " (upstreams: host[:port],... or @file), or DnsCacheServerRedis --demo [redis-host:port]");
        }
        int port = (int) Args.integer(args, 0, 53);
        HostAndPort redis = LocalRedis.parse(Args.string(args, 2, LocalRedis.DEFAULT_ADDRESS));
        Duration wait = Args.duration(Args.seconds(args, 3, 60));
        List<InetSocketAddress> upstreams = DnsCacheServer.preload(args[1]);
        try (JedisPool pool = pool(redis); Socket rev = Socket.udp()) {
            rev.bind("127.0.0.1", port);
            new DnsCacheServer(rev, upstreams, wait, new RedisCache(pool, "dns:")).serve();
        }
    }

    static final String DEMO_PREFIX = "gevent4j:demo:dns:";

    /**
     * A server with its cache in the Redis at {@code address} answers {@code example.com} twice
     * (the second from Redis) and stops; a second server with the same Redis answers
     * {@code example.com} from it, without asking upstream, then fetches {@code gevent.org}.
     */
    static void demo(HostAndPort address) throws Exception {
        try (JedisPool pool = pool(address); Socket upstream = Socket.udp()) {
            Gevent.spawn(() -> {
                try (Jedis jedis = pool.getResource()) {
                    jedis.del(DEMO_PREFIX + "example.com. A", DEMO_PREFIX + "gevent.org. A");
                }
            }).get();
            upstream.bind("127.0.0.1", 0);
            int[] forwarded = {0};
            Greenlet<Void> up = Gevent.spawn(() -> DnsCacheServer.fakeUpstream(upstream, Duration.ofMillis(100), forwarded));
            DnsCacheServer.demoQueries(new RedisCache(pool, DEMO_PREFIX), upstream, forwarded, 1,
                    List.of("example.com.", "example.com."));
            System.out.println("-- that server stopped; a new one, with the same Redis:");
            DnsCacheServer.demoQueries(new RedisCache(pool, DEMO_PREFIX), upstream, forwarded, 3,
                    List.of("example.com.", "gevent.org."));
            up.kill();
        }
    }
}
