package org.gevent4j.bench;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
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
 * L3 helper: holds N idle HTTP/1.1 keep-alive connections to a running hello server while
 * something else (wrk -c500) loads it. {@code java -cp CP org.gevent4j.bench.HttpIdle PORT PID N HOLD_S}:
 * reads the server's VmRSS (and, for a JVM, its live heap after a full GC via jcmd), opens N
 * connections each doing one {@code GET /} (so the server has accepted each and waits for its
 * next request), reads VmRSS/heap again and prints {@code READY}, holds them HOLD_S seconds, then
 * sends one more {@code GET /} on each and counts those that still answer. Run it with plain
 * {@code java}, not through the launcher's greenlet main.
 */
public final class HttpIdle {
    private HttpIdle() {}

    static final byte[] REQUEST = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(US_ASCII);

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        long pid = Long.parseLong(args[1]);
        int n = Integer.parseInt(args[2]);
        int hold = Integer.parseInt(args[3]);
        List<SocketChannel> conns = new ArrayList<>(n);
        try {
            long[] before = sample(pid);
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                SocketChannel c = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
                c.setOption(StandardSocketOptions.TCP_NODELAY, true);
                conns.add(c);
                get(c);
            }
            double openS = (System.nanoTime() - t0) / 1e9;
            Thread.sleep(1000);
            long[] after = sample(pid);
            System.out.printf(Locale.ROOT, "opened %d keep-alive connections in %.1f s%n", n, openS);
            System.out.printf(Locale.ROOT, "server RSS %.1f -> %.1f MiB: %.0f B per idle connection; descriptors %d -> %d; threads %d -> %d%n",
                    before[0] / 1024.0, after[0] / 1024.0, (after[0] - before[0]) * 1024.0 / n, before[2], after[2], before[3], after[3]);
            if (before[1] >= 0 && after[1] >= 0) {
                System.out.printf(Locale.ROOT, "server live heap after full GC %.1f -> %.1f MiB: %.0f B per idle connection%n",
                        before[1] / 1024.0, after[1] / 1024.0, (after[1] - before[1]) * 1024.0 / n);
            }
            System.out.println("READY");
            System.out.flush();
            Thread.sleep(hold * 1000L);
            int alive = 0;
            for (SocketChannel c : conns) {
                try {
                    get(c);
                    alive++;
                } catch (IOException e) {
                    // closed by the server
                }
            }
            System.out.printf(Locale.ROOT, "after %d s: %d of %d idle connections still answer%n", hold, alive, n);
        } finally {
            for (SocketChannel c : conns) c.close();
        }
    }

    /** One GET / and its whole 13-byte-body response (read until the body's last byte). */
    static void get(SocketChannel c) throws IOException {
        c.write(ByteBuffer.wrap(REQUEST));
        ByteBuffer b = ByteBuffer.allocate(1024);
        while (true) {
            if (c.read(b) < 0) throw new IOException("closed by the server");
            String s = new String(b.array(), 0, b.position(), US_ASCII);
            int end = s.indexOf("\r\n\r\n");
            if (end > 0 && s.length() >= end + 4 + 13) {
                if (!s.startsWith("HTTP/1.1 200") || !s.endsWith("Hello, World!")) throw new IOException("bad response: " + s);
                return;
            }
        }
    }

    /** VmRSS KiB, live heap KiB after a full GC (-1 if not a JVM), descriptors, threads. */
    static long[] sample(long pid) throws IOException, InterruptedException {
        long heap = -1;
        Path exe = Path.of("/proc/" + pid + "/exe").toRealPath();
        if (exe.getFileName().toString().equals("java")) {
            Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
            if (jcmd(jcmd, pid, "GC.run") != null) {
                String info = jcmd(jcmd, pid, "GC.heap_info");
                Matcher m = info == null ? null : Pattern.compile("used (\\d+)K").matcher(info);
                if (m != null && m.find()) heap = Long.parseLong(m.group(1));
            }
        }
        String status = Files.readString(Path.of("/proc/" + pid + "/status"));
        String[] fds = Path.of("/proc/" + pid + "/fd").toFile().list();
        return new long[] {field(status, "VmRSS"), heap, fds == null ? -1 : fds.length, field(status, "Threads")};
    }

    static long field(String status, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + ":\\s+(\\d+)").matcher(status);
        if (!m.find()) throw new IllegalStateException("no " + name);
        return Long.parseLong(m.group(1));
    }

    static String jcmd(Path jcmd, long pid, String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(jcmd.toString(), String.valueOf(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) p.destroyForcibly();
        return p.exitValue() == 0 && !out.contains("Exception") ? out : null;
    }
}
