package org.gevent4j.http.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gevent4j.TestTls;
import org.gevent4j.http.HttpServer;
import org.gevent4j.http.Running;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load generators of BENCHMARKS.md as clients, briefly and for correctness only (figures
 * belong in BENCHMARKS.md): wrk keep-alive, h2load {@code --h1} plain, pipelined and over HTTPS.
 * Every request must succeed with a 2xx.
 */
@Timeout(120)
class LoadClientsTest {
    @TempDir
    static Path dir;
    static ClientServer server;
    static Running https;

    @BeforeAll
    static void start() throws Exception {
        server = new ClientServer();
        https = Running.serve(HttpServer.builder().tls(TestTls.selfSigned(dir).server()).context("/", ClientServer::root));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) server.close();
        if (https != null) https.close();
    }

    @Test
    void wrkKeepAliveForTwoSecondsGetsOnlyHelloAndNoSocketError() throws Exception {
        String wrk = Tools.require("wrk");
        Tools.Result r = Tools.run(null, 30, wrk, "-t1", "-c20", "-d2s", server.url("/"));
        assertThat(r.code()).as("wrk\n%s", r).isZero();
        assertThat(r.out()).as("wrk\n%s", r).doesNotContain("Non-2xx").doesNotContain("Socket errors");
        Matcher m = Pattern.compile("(\\d+) requests in").matcher(r.out());
        assertThat(m.find()).as("wrk's summary\n%s", r).isTrue();
        assertThat(Long.parseLong(m.group(1))).isGreaterThan(100);
    }

    /** h2load's summary line says every request was done and succeeded, all 2xx. */
    static void assertAllSucceeded(Tools.Result r, int n) {
        assertThat(r.code()).as("h2load\n%s", r).isZero();
        assertThat(r.out()).as("h2load\n%s", r)
                .contains("requests: " + n + " total, " + n + " started, " + n + " done, " + n + " succeeded, 0 failed, 0 errored, 0 timeout")
                .contains("status codes: " + n + " 2xx");
    }

    @Test
    void h2loadHttp11OneAtATimeAndPipelinedBy16() throws Exception {
        String h2load = Tools.require("h2load");
        assertAllSucceeded(Tools.run(null, 60, h2load, "--h1", "-n", "4000", "-c", "20", server.url("/")), 4000);
        assertAllSucceeded(Tools.run(null, 60, h2load, "--h1", "-n", "8000", "-c", "10", "-m", "16", server.url("/")), 8000);
    }

    @Test
    void h2loadOverHttpsNegotiatesHttp11ByAlpn() throws Exception {
        String h2load = Tools.require("h2load");
        Tools.Result r = Tools.run(null, 60, h2load, "--h1", "-n", "2000", "-c", "20", "https://127.0.0.1:" + https.port() + "/");
        assertAllSucceeded(r, 2000);
        assertThat(r.out()).contains("Application protocol: http/1.1");
    }
}
