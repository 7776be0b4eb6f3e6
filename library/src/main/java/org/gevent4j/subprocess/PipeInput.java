package org.gevent4j.subprocess;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/** {@link Popen#stdout()} / {@link Popen#stderr()}: reads that park the greenlet, not the hub. */
final class PipeInput extends InputStream {
    private final Pump pump;
    private final String name;
    private volatile boolean closed;

    PipeInput(Pump pump, String name) {
        this.pump = pump;
        this.name = name;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (closed) throw new IOException("the child's " + name + " is closed");
        return pump.read(b, off, len);
    }

    @Override
    public int available() throws IOException {
        if (closed) throw new IOException("the child's " + name + " is closed");
        return pump.available();
    }

    /** Drops what the child writes from now on (it is drained, so it never blocks on a full pipe). */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        pump.discard();
    }
}
