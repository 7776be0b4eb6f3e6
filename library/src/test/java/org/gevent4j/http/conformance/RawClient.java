package org.gevent4j.http.conformance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends a case's bytes over a plain socket (from a writer thread, so a server that answers before
 * reading everything is seen as it is) and reads until the server closes, the case's deadline
 * passes, or, once a complete response is in, nothing more arrives for the idle time.
 */
final class RawClient {
    private RawClient() {
    }

    static Outcome exchange(InetSocketAddress addr, Req req, ConformanceServer server) throws IOException {
        try (Socket s = new Socket()) {
            s.setTcpNoDelay(true);
            s.connect(addr, 2000);
            int localPort = s.getLocalPort();
            s.setSoTimeout(50);
            AtomicReference<String> writeError = new AtomicReference<>();
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    OutputStream out = s.getOutputStream();
                    for (Req.Part p : req.parts) {
                        if (p.pauseBeforeMs() > 0) {
                            Thread.sleep(p.pauseBeforeMs());
                        }
                        out.write(p.data());
                        out.flush();
                    }
                    if (req.sentinel) {
                        out.write(Req.bytes(Req.SENTINEL));
                        out.flush();
                    }
                    if (req.halfClose) {
                        s.shutdownOutput();
                    }
                } catch (IOException | InterruptedException e) {
                    writeError.set(e.toString());
                }
            });
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            InputStream in = s.getInputStream();
            byte[] chunk = new byte[64 * 1024];
            long start = System.nanoTime();
            long lastData = start;
            boolean closed = false;
            boolean reset = false;
            boolean timedOut = false;
            StrictResponseParser.Parsed parsed = null;
            while (true) {
                long now = System.nanoTime();
                if ((now - start) / 1_000_000 > req.deadlineMs) {
                    timedOut = true;
                    break;
                }
                int n;
                try {
                    n = in.read(chunk);
                } catch (SocketTimeoutException e) {
                    // Done when what came is complete (or already malformed) and nothing more arrives.
                    if (parsed != null && (parsed.error() != null || !parsed.responses().isEmpty() && !parsed.incompleteTail())
                            && writerDone(writer, req) && (now - lastData) / 1_000_000 > req.idleMs) {
                        break;
                    }
                    continue;
                } catch (SocketException e) {
                    closed = true;
                    reset = true;
                    break;
                }
                if (n < 0) {
                    closed = true;
                    break;
                }
                buf.write(chunk, 0, n);
                lastData = System.nanoTime();
                byte[] data = buf.toByteArray();
                parsed = StrictResponseParser.parse(data, data.length, false, req.headAt);
            }
            writer.interrupt();
            byte[] data = buf.toByteArray();
            parsed = StrictResponseParser.parse(data, data.length, closed, req.headAt);
            String error = parsed.error();
            if (error == null && parsed.incompleteTail()) {
                error = "incomplete response when the exchange ended";
            }
            List<String> seen = server.seen(localPort);
            return new Outcome(parsed.responses(), error, closed, reset, timedOut, data, seen, writeError.get());
        }
    }

    private static boolean writerDone(Thread writer, Req req) {
        return !writer.isAlive();
    }
}
