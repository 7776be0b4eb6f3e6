package org.gevent4j.fileobject;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A FileObject's read-ahead: bytes read from the channel that no caller has taken yet. Filled a
 * chunk at a time by pool tasks, taken from by the greenlet; both hold the file's {@link PoolLock},
 * so a reader killed while a fill is under way loses nothing: the bytes wait here for the next read.
 */
final class ReadBuffer {
    private byte[] buf = new byte[0];
    private int pos, lim;

    interface Refill {
        /** Reads the next chunk in (on the pool); false at end of file. */
        boolean fill() throws IOException;
    }

    /** How many bytes were read ahead of the logical position. */
    int buffered() {
        return lim - pos;
    }

    /** Drops the read-ahead (the channel was moved). */
    void clear() {
        pos = lim = 0;
    }

    /** Pool side: reads the next chunk from {@code channel}; false at end of file. */
    boolean fill(FileChannel channel) throws IOException {
        if (buf.length < FileObject.CHUNK) buf = new byte[FileObject.CHUNK];
        int n = channel.read(ByteBuffer.wrap(buf));
        pos = 0;
        lim = Math.max(n, 0);
        return n > 0;
    }

    /** Up to {@code len} bytes into {@code b}, refilling once if empty: the count, or -1 at end of file. */
    int read(Refill refill, byte[] b, int off, int len) throws IOException {
        if (pos == lim && !refill.fill()) return -1;
        int n = Math.min(len, lim - pos);
        System.arraycopy(buf, pos, b, off, n);
        pos += n;
        return n;
    }

    /** Pool side: appends the rest of the file to the read-ahead, so a reader killed meanwhile loses none. */
    void fillToEnd(FileChannel channel, Path path) throws IOException {
        long rest = Math.max(0, channel.size() - channel.position());
        if (rest > Integer.MAX_VALUE - 16 - (lim - pos)) throw new IOException("file too large for one array: " + path);
        byte[] all = new byte[(lim - pos) + (int) rest];
        System.arraycopy(buf, pos, all, 0, lim - pos);
        ByteBuffer b = ByteBuffer.wrap(all, lim - pos, (int) rest);
        while (b.hasRemaining() && channel.read(b) >= 0) {
            // until full or end of file (it may have shrunk)
        }
        ByteArrayOutputStream more = null; // it may also have grown
        byte[] chunk = new byte[FileObject.CHUNK];
        for (int r; (r = channel.read(ByteBuffer.wrap(chunk))) > 0; ) {
            if (more == null) more = new ByteArrayOutputStream();
            more.write(chunk, 0, r);
        }
        int len = b.position();
        if (more != null) {
            all = Arrays.copyOf(all, len + more.size());
            System.arraycopy(more.toByteArray(), 0, all, len, more.size());
            len += more.size();
        }
        buf = all;
        pos = 0;
        lim = len;
    }

    /** Takes all the read-ahead. */
    byte[] takeAll() {
        byte[] out = pos == 0 && lim == buf.length ? buf : Arrays.copyOfRange(buf, pos, lim);
        buf = new byte[0];
        pos = lim = 0;
        return out;
    }

    /**
     * The next line without its {@code \n} or {@code \r\n}, decoded with {@code charset} (which
     * has {@code '\n'} as the byte 0x0A), refilling as needed; null at end of file.
     */
    String readLine(Refill refill, Charset charset) throws IOException {
        ByteArrayOutputStream line = null;
        while (true) {
            if (pos == lim && !refill.fill()) {
                return line == null ? null : decodeLine(line.toByteArray(), 0, line.size(), charset);
            }
            for (int i = pos; i < lim; i++) {
                if (buf[i] == '\n') {
                    String s;
                    if (line == null) {
                        s = decodeLine(buf, pos, i - pos, charset);
                    } else {
                        line.write(buf, pos, i - pos);
                        s = decodeLine(line.toByteArray(), 0, line.size(), charset);
                    }
                    pos = i + 1;
                    return s;
                }
            }
            if (line == null) line = new ByteArrayOutputStream();
            line.write(buf, pos, lim - pos);
            pos = lim;
        }
    }

    /** A lone {@code \r} inside a line is kept; only the one before the {@code \n} goes. */
    private static String decodeLine(byte[] b, int off, int len, Charset charset) {
        if (len > 0 && b[off + len - 1] == '\r') len--;
        return new String(b, off, len, charset);
    }
}
