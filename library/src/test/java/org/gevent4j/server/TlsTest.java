package org.gevent4j.server;

import org.gevent4j.TestTls;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gevent4j.TestHubs.realHub;
import static org.gevent4j.server.ServerTesting.ANY_PORT;
import static org.gevent4j.server.ServerTesting.captureErrors;
import static org.gevent4j.server.ServerTesting.connect;
import static org.gevent4j.server.ServerTesting.openFds;
import static org.gevent4j.server.ServerTesting.warmUp;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;
import org.gevent4j.Timeout;
import org.gevent4j.event.AsyncResult;
import org.gevent4j.socket.Socket;
import org.gevent4j.ssl.SslSocket;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS: SslSocket over the cooperative socket, StreamServer given an SSLContext, and real peers
 * (curl, openssl s_client). The certificate is self-signed, made by the JDK's keytool for
 * 127.0.0.1 and localhost when the class starts.
 */
@org.junit.jupiter.api.Timeout(60)
@SuppressWarnings("deprecation") // the TLS constructors and TlsHandler: existing code keeps working (StreamServingTest has the new form)
class TlsTest {
    @TempDir
    static Path dir;
    static Path certPem;
    static SSLContext serverContext, clientContext;

    @BeforeAll
    static void makeCertificate() throws Exception {
        TestTls tls = TestTls.selfSigned(dir);
        certPem = dir.resolve("cert.pem");
        run(List.of(TestTls.keytool(), "-exportcert", "-rfc", "-alias", "srv", "-keystore", tls.keystore().toString(),
                "-storepass", TestTls.PASSWORD, "-file", certPem.toString()), null);
        serverContext = tls.server();
        clientContext = tls.client();
    }

    /** Runs a program to completion (on this platform thread), returning stdout+stderr; fails on a non-zero exit. */
    static String run(List<String> command, String stdin) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (OutputStream o = p.getOutputStream()) {
            if (stdin != null) o.write(stdin.getBytes(UTF_8));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.getInputStream().transferTo(out);
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        String text = out.toString(UTF_8);
        if (p.exitValue() != 0) throw new AssertionError(command.getFirst() + " exited with " + p.exitValue() + ":\n" + text);
        return text;
    }

    /** Runs a program on a platform thread while the calling greenlet waits cooperatively (the hub keeps serving). */
    static String runBeside(List<String> command, String stdin) {
        CompletableFuture<String> f = new CompletableFuture<>();
        Thread.ofPlatform().daemon().start(() -> {
            try {
                f.complete(run(command, stdin));
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        return AsyncResult.from(f).get(Duration.ofSeconds(30));
    }

    static void assumeTool(String name) {
        boolean found = false;
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, name))) found = true;
        }
        Assumptions.assumeTrue(found, name + " is not installed (not on PATH): skipping the test against a real " + name + " peer");
    }

    static final StreamServer.TlsHandler ECHO = (conn, addr) -> {
        byte[] data;
        while ((data = conn.recv(65536)).length > 0) conn.sendAll(data);
    };

    @Test
    void aGevent4jClientAndServerHandshakeAndEchoAMegabyteBothWaysAtOnce() {
        realHub(() -> {
            try (StreamServer server = new StreamServer(ANY_PORT, serverContext, ECHO)) {
                assertThat(server.sslEnabled()).isTrue();
                server.start();
                try (SslSocket c = SslSocket.connect("127.0.0.1", server.address().getPort(), clientContext)) {
                    assertThat(c.handshakeDone()).isTrue();
                    assertThat(c.session().getProtocol()).isEqualTo("TLSv1.3");
                    byte[] big = new byte[1 << 20];
                    for (int i = 0; i < big.length; i++) big[i] = (byte) (i * 7);
                    Greenlet<byte[]> reader = Gevent.spawn(() -> {
                        ByteArrayOutputStream all = new ByteArrayOutputStream();
                        byte[] buf = new byte[10_000];
                        while (all.size() < big.length) {
                            int n = c.recvInto(buf);
                            if (n == 0) break;
                            all.write(buf, 0, n);
                        }
                        return all.toByteArray();
                    });
                    c.getOutputStream().write(big);
                    assertThat(reader.get(Duration.ofSeconds(20))).isEqualTo(big);
                }
            }
        });
    }

    @Test
    void theServerSendsCloseNotifyWhenTheHandlerReturnsAndTheClientSeesEndOfStream() {
        realHub(() -> {
            try (StreamServer server = new StreamServer(ANY_PORT, serverContext, (conn, addr) -> conn.sendAll("bye".getBytes(UTF_8)))) {
                server.start();
                try (SslSocket c = SslSocket.connect("localhost", server.address().getPort(), clientContext)) {
                    assertThat(new String(c.getInputStream().readAllBytes(), UTF_8)).isEqualTo("bye");
                    assertThat(c.recv(10)).isEmpty();
                }
            }
        });
    }

    @Test
    void curlFetchesAPageOverHttpsFromTheServer() {
        assumeTool("curl");
        realHub(() -> {
            try (StreamServer server = new StreamServer(ANY_PORT, serverContext, (conn, addr) -> {
                StringBuilder request = new StringBuilder();
                while (!request.toString().contains("\r\n\r\n")) {
                    byte[] b = conn.recv(4096);
                    if (b.length == 0) return;
                    request.append(new String(b, UTF_8));
                }
                String body = "hello from gevent4j " + request.toString().lines().findFirst().orElse("") + "\n";
                conn.sendAll(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body).getBytes(UTF_8));
            })) {
                server.start();
                String out = runBeside(List.of("curl", "-sS", "--max-time", "10", "--cacert", certPem.toString(),
                        "https://127.0.0.1:" + server.address().getPort() + "/path"), null);
                assertThat(out).isEqualTo("hello from gevent4j GET /path HTTP/1.1\n");
            }
        });
    }

    @Test
    void opensslSClientVerifiesTheCertificateAndTalksToTheServer() {
        assumeTool("openssl");
        realHub(() -> {
            try (StreamServer server = new StreamServer(ANY_PORT, serverContext, (conn, addr) -> {
                byte[] line = conn.recv(100);
                conn.sendAll(("ECHO " + new String(line, UTF_8).strip().toUpperCase() + "\n").getBytes(UTF_8));
            })) {
                server.start();
                // stdin stays open a while: s_client would otherwise close before the answer comes.
                String out = runBeside(List.of("sh", "-c", "(echo hello tls; sleep 1) | openssl s_client -connect 127.0.0.1:"
                        + server.address().getPort() + " -CAfile '" + certPem + "' -verify_return_error -verify_ip 127.0.0.1"
                        + " -quiet -no_ign_eof"), null);
                assertThat(out).contains("ECHO HELLO TLS");
            }
        });
    }

    @Test
    void garbageInsteadOfAClientHelloFailsOnlyThatConnectionWithAnSSLException() {
        realHub(() -> {
            warmUp();
            int before = openFds();
            List<Throwable> errors = captureErrors();
            try (StreamServer server = new StreamServer(ANY_PORT, serverContext, ECHO)) {
                server.start();
                try (Socket plain = connect(server)) {
                    plain.sendAll("GET / HTTP/1.0\r\n\r\n".getBytes(UTF_8));
                    plain.setTimeout(Duration.ofSeconds(5));
                    ServerTesting.readAll(plain); // an alert, perhaps, then end of stream
                }
                try (SslSocket good = SslSocket.connect("127.0.0.1", server.address().getPort(), clientContext)) {
                    good.sendAll("still serving".getBytes(UTF_8));
                    assertThat(new String(good.recv(100), UTF_8)).isEqualTo("still serving");
                }
            }
            assertThat(errors).singleElement().isInstanceOf(SSLException.class);
            assertThat(openFds()).isEqualTo(before);
        });
    }

    @Test
    void aClientThatDoesNotTrustTheCertificateFailsItsHandshakeAndSoDoesTheServerSide() {
        realHub(() -> {
            List<Throwable> errors = captureErrors();
            try (StreamServer server = new StreamServer(ANY_PORT, serverContext, ECHO)) {
                server.start();
                SSLContext systemTrust = SSLContext.getInstance("TLS");
                systemTrust.init(null, null, null);
                assertThatThrownBy(() -> SslSocket.connect("127.0.0.1", server.address().getPort(), systemTrust))
                        .isInstanceOf(SSLHandshakeException.class);
                Gevent.sleep(Duration.ofMillis(50));
            }
            assertThat(errors).singleElement().isInstanceOf(SSLException.class);
        });
    }

    @Test
    void aHandshakeWaitingForAPeerThatNeverSpeaksEndsByTimeoutOrByStop() {
        realHub(() -> {
            List<String> log = new CopyOnWriteArrayList<>();
            List<Throwable> errors = captureErrors();
            // Client side: a server that accepts but never answers the ClientHello.
            try (Socket silent = org.gevent4j.socket.Sockets.createServer(ANY_PORT);
                    Socket raw = org.gevent4j.socket.Sockets.createConnection("127.0.0.1", silent.localAddress().getPort())) {
                SslSocket tls = SslSocket.wrap(raw, clientContext, true, "127.0.0.1");
                assertThatThrownBy(() -> {
                    try (Timeout _ = Timeout.start(Duration.ofMillis(100))) {
                        tls.doHandshake();
                    }
                }).isInstanceOf(Timeout.class);
                tls.setTimeout(Duration.ofMillis(50));
                assertThatThrownBy(tls::doHandshake).isInstanceOf(SocketTimeoutException.class);
                tls.close();
            }
            // Server side: a client that connects and never sends its ClientHello.
            StreamServer server = new StreamServer(ANY_PORT, serverContext, (conn, addr) -> log.add("handler ran?!"));
            server.start();
            List<Socket> idle = new ArrayList<>();
            for (int i = 0; i < 3; i++) idle.add(connect(server));
            Gevent.sleep(Duration.ofMillis(50));
            assertThat(server.pool().size()).isEqualTo(3);
            server.stop(Duration.ofMillis(50));
            assertThat(server.pool().size()).isZero();
            for (Socket s : idle) {
                assertThat(ServerTesting.readAll(s)).isEmpty();
                s.close();
            }
            assertThat(log).isEmpty();
            assertThat(errors).as("killed handshakes are not errors").isEmpty();
        });
    }

    @Test
    void wrapRefusesASocketThatIsNotConnected() throws IOException {
        try (Socket s = Socket.tcp()) {
            assertThatThrownBy(() -> SslSocket.wrap(s, clientContext, true, null)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("connected");
        }
    }
}
