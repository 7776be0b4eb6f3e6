package org.gevent4j.socket;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/** {@link Socket#getInputStream()}: reads block cooperatively; closing closes the socket. */
final class SocketInputStream extends InputStream {
    private final Socket socket;

    SocketInputStream(Socket socket) {
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

    @Override
    public String toString() {
        return "InputStream of " + socket;
    }
}
