package org.gevent4j.bench;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.gevent4j.examples.HttpHello;
import org.gevent4j.http.HttpServer;

/**
 * The benchmark's hello server over TLS: {@code ./gevent4j run HttpsHello PORT KEYSTORE.p12 PASSWORD}
 * serves on https://127.0.0.1:PORT/ the same {@code GET /} → "Hello, World!" and {@code POST /echo}
 * as {@code HttpHello} (same handler code), through {@code HttpServer.builder().tls(...)} with the
 * server's default TLS parameters (TLS 1.3 and 1.2, ALPN http/1.1) and default limits and timeouts;
 * access log off. The key store is a PKCS#12 file (for the L4 benchmark it is made by openssl from
 * the same key and certificate nginx serves).
 */
public final class HttpsHello {
    private HttpsHello() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: HttpsHello PORT KEYSTORE.p12 PASSWORD");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        char[] password = args[2].toCharArray();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Path.of(args[1]))) {
            store.load(in, password);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, password);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        try (HttpServer server = HttpServer.builder()
                .address(new InetSocketAddress("127.0.0.1", port))
                .backlog(1024)
                .context("/", HttpHello::hello)
                .context("/echo", HttpHello::echo)
                .tls(tls)
                .accessLog(null)
                .build()) {
            System.out.println("serving on https://127.0.0.1:" + server.address().getPort() + "/");
            server.serveForever();
        }
    }
}
