package org.gevent4j.socket;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/** {@link Socket#getOutputStream()}: writes send everything cooperatively; closing closes the socket. */
final class SocketOutputStream extends OutputStream {
    private final Socket socket;

    SocketOutputStream(Socket socket) {
        this.socket = socket;
    }

    @Override
    public void write(int b) throws IOException {
        socket.sendAll(new byte[] {(byte) b});
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) return;
        socket.sendAll(java.nio.ByteBuffer.wrap(b, off, len));
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    @Override
    public String toString() {
        return "OutputStream of " + socket;
    }
}
