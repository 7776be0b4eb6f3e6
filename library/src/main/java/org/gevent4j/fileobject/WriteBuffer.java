package org.gevent4j.fileobject;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A FileObject's pending writes, gathered on the greenlet and written by a pool task when full, on
 * flush and on close; both hold the file's {@link PoolLock}.
 */
final class WriteBuffer {
    private final boolean appendByHand;
    private byte[] buf;
    private int len;

    /** {@code appendByHand}: every write goes to the end of the file (mode {@code "a+"}). */
    WriteBuffer(boolean appendByHand) {
        this.appendByHand = appendByHand;
    }

    /** How many bytes wait to be written. */
    int pending() {
        return len;
    }

    /** Copies {@code b[off..off+n)} in if it fits; false (nothing copied) if not. */
    boolean offer(byte[] b, int off, int n) {
        if (buf == null) buf = new byte[FileObject.CHUNK];
        if (n > buf.length - len) return false;
        System.arraycopy(b, off, buf, len, n);
        len += n;
        return true;
    }

    /** Pool side: writes the pending bytes to {@code channel}. */
    void writeOut(FileChannel channel) throws IOException {
        write(channel, buf, 0, len);
        len = 0;
    }

    /** Pool side: writes the pending bytes, then {@code b[off..off+n)} straight from the caller's array. */
    void writeThrough(FileChannel channel, byte[] b, int off, int n) throws IOException {
        if (len > 0) writeOut(channel);
        write(channel, b, off, n);
    }

    private void write(FileChannel channel, byte[] b, int off, int n) throws IOException {
        if (appendByHand) channel.position(channel.size());
        ByteBuffer bb = ByteBuffer.wrap(b, off, n);
        while (bb.hasRemaining()) channel.write(bb);
    }
}
