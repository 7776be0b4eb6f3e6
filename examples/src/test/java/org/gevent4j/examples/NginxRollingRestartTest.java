package org.gevent4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.gevent4j.server.StreamServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/scaling.md, past one machine: nginx (started here on loopback, with a config generated in a
 * temp directory, stopped by its pid) in front of two {@link RollingRestart} processes, each
 * replaced in turn by the rolling-restart step while clients load nginx. Not one request fails,
 * including those of clients that open a connection per request: nginx retries a connection the
 * old process's closing listener reset.
 */
@Timeout(240)
class NginxRollingRestartTest {
    static Path nginx() {
        for (String p : List.of("/usr/sbin/nginx", "/usr/bin/nginx")) {
            if (Files.isExecutable(Path.of(p))) return Path.of(p);
        }
        return null;
    }

    static String config(Path dir, int port, int... backends) {
        StringBuilder up = new StringBuilder();
        for (int b : backends) up.append("        server 127.0.0.1:").append(b).append(";\n");
        return """
                daemon off;
                master_process on;
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events { worker_connections 1024; }
                http {
                    access_log off;
                    client_body_temp_path %1$s/body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;
                    keepalive_requests 1000000;
                    upstream app {
                %2$s        keepalive 32;
                    }
                    server {
                        listen 127.0.0.1:%3$d;
                        location / {
                            proxy_pass http://app;
                            proxy_http_version 1.1;
                            proxy_set_header Connection "";
                            proxy_next_upstream error timeout;
                            proxy_next_upstream_tries 3;
                        }
                    }
                }
                """.formatted(dir, up, port);
    }

    @Test
    void eachBackendIsReplacedInTurnAndNoClientRequestFails(@TempDir Path dir) throws Exception {
        Path nginx = nginx();
        Assumptions.assumeTrue(nginx != null, "nginx is not installed (.ci/services.sh installs it)");
        Assumptions.assumeTrue(StreamServer.reusePortSupported(), "no SO_REUSEPORT here");
        int[] backends = {Restarts.freePort(), Restarts.freePort()};
        int front = Restarts.freePort();
        Files.writeString(dir.resolve("nginx.conf"), config(dir, front, backends));
        List<Restarts.Server> servers = new ArrayList<>();
        Process proxy = null;
        try {
            for (int b : backends) servers.add(Restarts.start(b));
            proxy = new ProcessBuilder(nginx.toString(), "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString(), "-e", dir.resolve("error.log").toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
            awaitListening(front, proxy);

            Restarts.Load load = new Restarts.Load(front, 16, 4);
            Process wrk = Restarts.wrk(front, 20, 14);
            try {
                Thread.sleep(1500);
                for (int i = 0; i < backends.length; i++) {
                    Restarts.Server old = servers.get(i);
                    Restarts.Server fresh = Restarts.start(backends[i]);
                    servers.set(i, fresh);
                    old.term();
                    assertThat(old.awaitExit(Duration.ofSeconds(30))).as("backend " + backends[i] + " drains and exits").isZero();
                    old.close();
                    Thread.sleep(1000);
                }
                Thread.sleep(1000);
            } finally {
                load.close();
            }
            String wrkOut = wrk == null ? null : Restarts.wrkOutput(wrk);
            System.out.println("NginxRollingRestartTest: load " + load + "; nginx error log:\n" + Files.readString(dir.resolve("error.log")));
            if (wrkOut != null) System.out.println("NginxRollingRestartTest: wrk through nginx:\n" + wrkOut);
            assertThat(load.failures).as("requests failed through nginx").isEmpty();
            assertThat(load.ok.sum()).isPositive();
            for (Restarts.Server s : servers) assertThat(load.servedBy).containsKey(Long.toString(s.pid()));
            if (wrkOut != null) assertThat(wrkOut).contains("Requests/sec").doesNotContain("Socket errors").doesNotContain("Non-2xx");
        } finally {
            if (proxy != null) {
                proxy.destroy(); // SIGTERM to the master, by its pid: nginx's fast shutdown
                if (!proxy.waitFor(10, TimeUnit.SECONDS)) proxy.destroyForcibly();
            }
            for (Restarts.Server s : servers) s.close();
        }
    }

    private static void awaitListening(int port, Process proxy) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!proxy.isAlive()) throw new IllegalStateException("nginx exited with " + proxy.exitValue());
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("nginx did not listen on " + port + " within 30 s");
    }
}
