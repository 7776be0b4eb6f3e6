package org.gevent4j.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scale: how much memory one echo server process needs per idle connection. It starts the server
 * as a child process (by default gevent4j's {@code EchoServer} example, in a JVM with this one's
 * flags and class path), opens {@code connections} connections to it from this process, does one
 * round trip on each (so the server has accepted it and its handler waits in {@code recv}), and
 * reads the server's resident set size ({@code /proc/PID/status} {@code VmRSS}), and for a JVM its
 * live heap after a full GC ({@code jcmd PID GC.run}, {@code GC.heap_info}), before and after.
 * Then it checks every connection still echoes, closes them and stops the server.
 *
 * <p>{@code ./gevent4j run org.gevent4j.bench.IdleConnections [connections [server command]]}:
 * 10,000 connections by default (each process then holds about that many descriptors; the
 * machine's limit is 20,000 per process). A server command (any echo server of
 * {@code shared/bench}: {@code 'python3 .../echo_server.py $PORT'}) runs with {@code bash -c};
 * {@code $PORT} is set; it must {@code exec} the server so that its PID is the server's.
 */
public final class IdleConnections {
    private IdleConnections() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int port = freePort();
        ProcessBuilder pb;
        String name;
        if (args.length > 1) {
            name = args[1];
            pb = new ProcessBuilder("bash", "-c", args[1]);
        } else {
            name = "gevent4j EchoServer";
            List<String> cmd = new ArrayList<>();
            cmd.add(ProcessHandle.current().info().command().orElse("java"));
            cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.gevent4j.examples.EchoServer",
                    String.valueOf(port)));
            pb = new ProcessBuilder(cmd);
        }
        pb.environment().put("PORT", String.valueOf(port));
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process server = pb.start();
        long pid = server.pid();
        List<SocketChannel> conns = new ArrayList<>(n);
        try {
            awaitListening(port, server);
            // Warm-up: load classes and compile the accept and echo paths before the baseline.
            for (int round = 0; round < 5; round++) {
                List<SocketChannel> warm = new ArrayList<>();
                for (int i = 0; i < 200; i++) warm.add(connectAndEcho(port));
                for (SocketChannel c : warm) c.close();
            }
            Thread.sleep(1_000);
            Sample before = sample(pid);
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) conns.add(connectAndEcho(port));
            double openSeconds = (System.nanoTime() - start) / 1e9;
            Thread.sleep(1_000);
            Sample after = sample(pid);
            int alive = 0;
            for (SocketChannel c : conns) {
                echo(c);
                alive++;
            }
            System.out.printf(Locale.ROOT, "server: %s (pid %d)%n", name, pid);
            System.out.printf(Locale.ROOT, "connections: %d opened in %.1f s, all %d echo afterwards%n", n, openSeconds, alive);
            System.out.printf(Locale.ROOT, "server threads: %d before, %d after; descriptors: %d before, %d after%n",
                    before.threads, after.threads, before.fds, after.fds);
            System.out.printf(Locale.ROOT, "RSS: %.1f MiB before, %.1f MiB after: %.0f bytes per connection%n",
                    before.rssKiB / 1024.0, after.rssKiB / 1024.0, (after.rssKiB - before.rssKiB) * 1024.0 / n);
            if (before.heapKiB >= 0 && after.heapKiB >= 0) {
                System.out.printf(Locale.ROOT, "live heap after full GC: %.1f MiB before, %.1f MiB after: %.0f bytes per connection%n",
                        before.heapKiB / 1024.0, after.heapKiB / 1024.0, (after.heapKiB - before.heapKiB) * 1024.0 / n);
            }
        } finally {
            for (SocketChannel c : conns) c.close();
            server.destroy();
            if (!server.waitFor(5, TimeUnit.SECONDS)) server.destroyForcibly();
        }
    }

    private record Sample(long rssKiB, long heapKiB, int threads, int fds) {}

    private static Sample sample(long pid) throws IOException, InterruptedException {
        long heap = jvmLiveHeapKiB(pid);
        String status = Files.readString(Path.of("/proc/" + pid + "/status"));
        String[] fds = Path.of("/proc/" + pid + "/fd").toFile().list();
        return new Sample(statusField(status, "VmRSS"), heap, (int) statusField(status, "Threads"),
                fds == null ? -1 : fds.length);
    }

    private static long statusField(String status, String field) {
        Matcher m = Pattern.compile("(?m)^" + field + ":\\s+(\\d+)").matcher(status);
        if (!m.find()) throw new IllegalStateException("no " + field + " in /proc/PID/status");
        return Long.parseLong(m.group(1));
    }

    /** Used heap after a full GC, in KiB, from jcmd; -1 if the process is not a JVM jcmd can attach to. */
    private static long jvmLiveHeapKiB(long pid) throws IOException, InterruptedException {
        // jcmd attaches by sending SIGQUIT, which kills a process that is not a JVM (Go dumps and exits).
        Path exe = Path.of("/proc/" + pid + "/exe").toRealPath();
        if (!exe.getFileName().toString().equals("java")) return -1;
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (jcmd(jcmd, pid, "GC.run") == null) return -1;
        String info = jcmd(jcmd, pid, "GC.heap_info");
        if (info == null) return -1;
        Matcher m = Pattern.compile("used (\\d+)K").matcher(info);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private static String jcmd(Path jcmd, long pid, String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(jcmd.toString(), String.valueOf(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) p.destroyForcibly();
        return p.exitValue() == 0 && !out.contains("Exception") ? out : null;
    }

    private static SocketChannel connectAndEcho(int port) throws IOException {
        SocketChannel c = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
        try {
            c.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
            echo(c);
            return c;
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    private static void echo(SocketChannel c) throws IOException {
        c.write(ByteBuffer.wrap(new byte[] {'x'}));
        ByteBuffer b = ByteBuffer.allocate(1);
        while (b.hasRemaining()) {
            if (c.read(b) < 0) throw new IOException("the server closed a connection");
        }
        if (b.get(0) != 'X') throw new IOException("the server sent " + b.get(0) + ", not 'X'");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void awaitListening(int port, Process server) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try (SocketChannel _ = SocketChannel.open(new InetSocketAddress("127.0.0.1", port))) {
                return;
            } catch (IOException e) {
                if (!server.isAlive()) throw new IOException("the server exited with status " + server.exitValue());
                if (System.nanoTime() > deadline) throw new IOException("the server is not listening after 60 s");
                Thread.sleep(50);
            }
        }
    }
}
