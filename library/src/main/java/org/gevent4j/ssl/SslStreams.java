package org.gevent4j.ssl;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

/** The java.io stream views of an {@link SslSocket}'s plaintext; closing one closes the socket. */
final class SslStreams {
    private SslStreams() {}

    /** Reads block like {@link SslSocket#recvInto}; -1 at end of stream. */
    static final class In extends InputStream {
        private final SslSocket socket;

        In(SslSocket socket) {
            this.socket = socket;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) return 0;
            int n = socket.recvInto(b, off, len);
            return n == 0 ? -1 : n;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** Writes send everything like {@link SslSocket#sendAll}; unbuffered. */
    static final class Out extends OutputStream {
        private final SslSocket socket;

        Out(SslSocket socket) {
            this.socket = socket;
        }

        @Override
        public void write(int b) throws IOException {
            socket.sendAll(new byte[] {(byte) b});
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            socket.sendAll(b, off, len);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
