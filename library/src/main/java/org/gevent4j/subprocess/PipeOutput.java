package org.gevent4j.subprocess;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/** {@link Popen#stdin()}: writes that park the greenlet, not the hub, while the pipe is full. */
final class PipeOutput extends OutputStream {
    private final Feeder feeder;
    private volatile boolean closed;

    PipeOutput(Feeder feeder) {
        this.feeder = feeder;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        feeder.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
        feeder.flush();
    }

    /** Whether the user closed it (communicate may then send no input). */
    boolean closed() {
        return closed;
    }

    @Override
    public void close() throws IOException {
        if (closed) return;
        closed = true;
        feeder.close();
    }
}
