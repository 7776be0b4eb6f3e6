package org.gevent4j.integration;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real {@code redis-server}, a child process on a random loopback port with no persistence
 * ({@code --save '' --appendonly no}) and blocked commands timed out to 10 ms ({@code --hz 100}), up once it answers PING; {@link #close()} stops it by PID.
 */
final class RedisServer implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path log;

    private RedisServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static RedisServer start() throws IOException, InterruptedException {
        Path bin = ServerBinaries.require("redis-server", "/usr/bin/redis-server", "/usr/local/bin/redis-server");
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) { // a free port can be taken before redis binds it
            int port = ServerBinaries.freePort();
            Path log = Files.createTempFile("gevent4j-redis-", ".log");
            Process p = new ProcessBuilder(bin.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--daemonize", "no",
                    "--hz", "100") // BLPOP timeouts checked every 10 ms (default 100 ms: a 0.2 s BLPOP ends at 0.2-0.3 s)
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            RedisServer server = new RedisServer(p, port, log);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (p.isAlive() && System.nanoTime() < deadline) {
                if (server.pings()) return server;
                Thread.sleep(20);
            }
            last = new IOException("redis-server on port " + port + " did not answer PING; its log:\n" + ServerBinaries.tail(log));
            server.close();
        }
        throw last;
    }

    private boolean pings() {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(1000);
            s.getOutputStream().write("PING\r\n".getBytes(US_ASCII));
            byte[] buf = new byte[7];
            int n = s.getInputStream().readNBytes(buf, 0, 7);
            return new String(buf, 0, n, US_ASCII).equals("+PONG\r\n");
        } catch (IOException e) {
            return false;
        }
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        ServerBinaries.stop(process, "TERM");
        try {
            Files.deleteIfExists(log);
        } catch (IOException ignored) {
            // temp file
        }
    }
}
