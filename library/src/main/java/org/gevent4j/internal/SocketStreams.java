package org.gevent4j.internal;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

/**
 * The {@code java.io} views of a cooperative socket (plain or TLS), for Java code that wants
 * streams: reads and writes block the way the socket's own do, and closing either view closes the
 * socket, as {@code java.net.Socket}'s streams do.
 */
public final class SocketStreams {
    private SocketStreams() {}

    /** A socket's receive: the count read, at least one, or 0 at end of stream (Python's convention). */
    @FunctionalInterface
    public interface Receiver {
        int recvInto(byte[] b, int off, int len) throws IOException;
    }

    /** A socket's send-everything. */
    @FunctionalInterface
    public interface Sender {
        void sendAll(byte[] b, int off, int len) throws IOException;
    }

    /** Reads through {@code receiver}; -1 at end of stream. */
    public static InputStream input(Closeable socket, Receiver receiver) {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                Objects.checkFromIndexSize(off, len, b.length);
                if (len == 0) return 0;
                int n = receiver.recvInto(b, off, len);
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
        };
    }

    /** Writes through {@code sender}, unbuffered. */
    public static OutputStream output(Closeable socket, Sender sender) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                sender.sendAll(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                Objects.checkFromIndexSize(off, len, b.length);
                if (len > 0) sender.sendAll(b, off, len);
            }

            @Override
            public void close() throws IOException {
                socket.close();
            }

            @Override
            public String toString() {
                return "OutputStream of " + socket;
            }
        };
    }
}
