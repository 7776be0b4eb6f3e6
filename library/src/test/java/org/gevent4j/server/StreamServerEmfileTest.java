package org.gevent4j.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.gevent4j.ChildLines;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Out of file descriptors (EMFILE): a StreamServer in a child JVM whose limit is lowered with
 * {@code ulimit -n} reports each failed accept, backs off 10 ms doubling, and serves again once
 * descriptors are free. The clients are this JVM's plain blocking channels.
 */
@org.junit.jupiter.api.Timeout(60)
class StreamServerEmfileTest {

    @Test
    void acceptErrorsAreReportedWithADoublingPauseAndTheServerServesOnceDescriptorsAreFree() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")) && new File("/bin/sh").canExecute(),
                "needs Linux and /bin/sh to lower the child's descriptor limit");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--add-opens=java.base/java.lang=ALL-UNNAMED"); // as the build's gevent4j.jvmArgs
        command.addAll(List.of("-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", ChildLines.classPath(),
                EmfileServerMain.class.getName()));
        StringBuilder sh = new StringBuilder("ulimit -n 160 && exec");
        for (String c : command) sh.append(" '").append(c.replace("'", "'\\''")).append('\'');
        Process child = new ProcessBuilder("/bin/sh", "-c", sh.toString()).redirectErrorStream(true).start();
        ChildLines lines = ChildLines.of(child);
        List<String> all = lines.all();
        List<SocketChannel> clients = new ArrayList<>();
        try {
            int port = -1;
            while (port < 0) {
                String l = lines.poll(30, TimeUnit.SECONDS);
                assertThat(l).as("child output so far: %s", all).isNotNull();
                if (l.startsWith("PORT ")) port = Integer.parseInt(l.substring(5));
            }
            InetSocketAddress server = new InetSocketAddress("127.0.0.1", port);
            // More connections than the child has descriptors: it accepts until EMFILE, the rest wait in the backlog.
            for (int i = 0; i < 190; i++) clients.add(SocketChannel.open(server));
            List<Long> errorTimes = new ArrayList<>();
            while (errorTimes.size() < 5) {
                String l = lines.poll(10, TimeUnit.SECONDS);
                assertThat(l).as("accept errors expected; child output: %s", all).isNotNull();
                if (l.startsWith("ACCEPT-ERROR ")) {
                    assertThat(l).contains("Too many open files");
                    errorTimes.add(Long.parseLong(l.split(" ")[1]));
                }
            }
            // 10, 20, 40, 80 ms apart (the hub may add a little, never subtract).
            for (int i = 1; i < errorTimes.size(); i++) {
                assertThat(errorTimes.get(i) - errorTimes.get(i - 1)).as("pause %d in %s", i, errorTimes)
                        .isGreaterThanOrEqualTo(9L << (i - 1));
            }
            // Free descriptors in the child: its handlers see end of stream and close their sockets.
            for (int i = 0; i < 100; i++) clients.remove(0).close();
            SocketChannel fresh = SocketChannel.open(server);
            clients.add(fresh);
            fresh.socket().setSoTimeout(10_000);
            fresh.write(ByteBuffer.wrap("still serving".getBytes(UTF_8)));
            var in = fresh.socket().getInputStream();
            byte[] got;
            try {
                got = in.readNBytes(13);
            } catch (java.net.SocketTimeoutException e) {
                throw new AssertionError("no echo after descriptors were freed; child output: " + all, e);
            }
            assertThat(new String(got, UTF_8)).isEqualTo("still serving");
            assertThat(child.isAlive()).isTrue();
        } finally {
            for (SocketChannel c : clients) c.close();
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
