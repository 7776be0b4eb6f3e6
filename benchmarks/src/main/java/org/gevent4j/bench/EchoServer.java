package org.gevent4j.bench;

import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import org.gevent4j.server.StreamServer;

/**
 * The echo server of the side-by-side peer benchmark (its harness's {@code echo} scenario, gevent4j as {@code --target}): a
 * StreamServer on 127.0.0.1:PORT (first argument, else {@code $PORT}) whose handler sends each
 * read back upper-cased (ASCII, as the benchmark asks), with TCP_NODELAY as every peer sets it.
 */
public final class EchoServer {
    private EchoServer() {}

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args.length > 0 ? args[0] : System.getenv("PORT"));
        StreamServer server = new StreamServer(new InetSocketAddress("127.0.0.1", port), (conn, addr) -> {
            conn.setOption(StandardSocketOptions.TCP_NODELAY, true);
            byte[] buf = new byte[16384];
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(buf);
            while (true) {
                b.clear();
                if (conn.recvInto(b) == 0) return;
                b.flip();
                for (int i = 0; i < b.limit(); i++) {
                    byte c = buf[i];
                    if (c >= 'a' && c <= 'z') buf[i] = (byte) (c - 32);
                }
                conn.sendAll(b);
            }
        }).backlog(1024);
        server.serveForever();
    }
}
