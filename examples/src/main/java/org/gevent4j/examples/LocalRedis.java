package org.gevent4j.examples;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.HostAndPort;

/**
 * A throw-away {@code redis-server} for the Redis examples' {@code --demo}: a child process on a
 * random loopback port, without persistence, timing blocked commands out within 10 ms
 * ({@code --hz 100}; Redis's default of 10 lets a 0.5 s {@code BLPOP} return up to 0.1 s late),
 * stopped by its PID on {@link #close()}. Needs Debian's
 * redis-server ({@code .ci/services.sh} installs it).
 */
final class LocalRedis implements AutoCloseable {
    /** The address the Redis examples use when given none. */
    static final String DEFAULT_ADDRESS = "127.0.0.1:6379";

    private final Process process;
    private final Path log;
    final HostAndPort address;

    private LocalRedis(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.address = new HostAndPort("127.0.0.1", port);
    }

    /** {@code host:port} (an IPv6 literal in brackets), as the examples take it. */
    static HostAndPort parse(String address) {
        return HostAndPort.from(address);
    }

    static LocalRedis start() throws IOException, InterruptedException {
        Path bin = Path.of("/usr/bin/redis-server");
        if (!Files.isExecutable(bin)) {
            throw new IllegalStateException("redis-server is not installed: run .ci/services.sh as root "
                    + "(apt-get install redis-server), or give the address of a running Redis");
        }
        for (int attempt = 0; ; attempt++) { // a port free a moment ago may be taken before redis binds it
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            Path log = Files.createTempFile("gevent4j-redis-", ".log");
            Process p = new ProcessBuilder(bin.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--daemonize", "no",
                    // BLPOP timeouts are checked hz times a second: 100 makes a 0.5 s one end in 0.5x s, not up to 0.6
                    "--hz", "100")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            LocalRedis redis = new LocalRedis(p, log, port);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (p.isAlive() && System.nanoTime() < deadline) {
                if (redis.pings()) return redis;
                Thread.sleep(20);
            }
            redis.close();
            if (attempt == 2) throw new IOException("redis-server did not start on port " + port);
        }
    }

    private boolean pings() {
        try (java.net.Socket s = new java.net.Socket(InetAddress.getLoopbackAddress(), address.getPort())) {
            s.setSoTimeout(1000);
            s.getOutputStream().write("PING\r\n".getBytes(US_ASCII));
            return new String(s.getInputStream().readNBytes(7), US_ASCII).equals("+PONG\r\n");
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy(); // SIGTERM, to this PID
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
            } catch (InterruptedException e) {
                // No InterruptedException from close(): a try-with-resources would lose it (javac's -Xlint:try).
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException ignored) {
            // a temp file
        }
    }
}
