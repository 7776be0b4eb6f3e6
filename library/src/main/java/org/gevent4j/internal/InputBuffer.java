package org.gevent4j.internal;

import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;

/**
 * A reusable read buffer over any byte source (a plain or TLS socket, a pipe): line search
 * without copying for protocol parsers (the HTTP head parser, chunk framing) and bulk reads that
 * bypass the buffer once it is empty. Not thread-safe: one reader at a time, as a socket allows.
 *
 * <p>Why not {@code BufferedInputStream}: a parser wants to look at the buffered bytes in place
 * (find a line feed, parse a token) and to know how much is buffered (pipelined requests) without
 * a copy per line.
 */
public final class InputBuffer {
    /** Where bytes come from: the count read, at least one, or -1 at end of stream. May block. */
    @FunctionalInterface
    public interface Source {
        int read(byte[] b, int off, int len) throws IOException;
    }

    /** {@link #indexOfLf} found no line feed before end of stream. */
    public static final int EOF = -1;
    /** {@link #indexOfLf} found no line feed within the line limit. */
    public static final int TOO_LONG = -2;
    /** {@link #indexOfLf(int, boolean)}: a CR followed by something other than LF. */
    public static final int BARE_CR = -3;

    private static final byte[] RELEASED = new byte[0];

    private final Source source;
    private final int initial;
    private final int capacity;
    private final int maxCapacity;
    private byte[] buf;
    private int pos, limit;
    /** The last fill took all the buffer could hold: the next one reads into a full-size buffer. */
    private boolean filledUp;

    /** A buffer of {@code capacity} bytes that may grow to {@code maxCapacity} for a long line. */
    public InputBuffer(Source source, int capacity, int maxCapacity) {
        this(source, capacity, capacity, maxCapacity);
    }

    /**
     * A buffer that starts with {@code initial} bytes (and starts so again after a
     * {@link #release()}), grows to {@code capacity} once a read fills it (a bulk transfer, not
     * a short request), and to {@code maxCapacity} for a long line. Many connections that only
     * ever send short requests then hold {@code initial} bytes each, not {@code capacity}.
     */
    public InputBuffer(Source source, int initial, int capacity, int maxCapacity) {
        this.source = Objects.requireNonNull(source, "source");
        if (initial < 16 || capacity < initial || maxCapacity < capacity) {
            throw new IllegalArgumentException("initial " + initial + ", capacity " + capacity + ", max " + maxCapacity);
        }
        this.buf = new byte[initial];
        this.initial = initial;
        this.capacity = capacity;
        this.maxCapacity = maxCapacity;
    }

    /**
     * Gives the array back while nothing is buffered (a connection that waits long between
     * requests need not hold it); the next read allocates a fresh one. A no-op otherwise.
     */
    public void release() {
        if (pos == limit) {
            buf = RELEASED;
            pos = limit = 0;
        }
    }

    private void allocate() {
        if (buf.length == 0) buf = new byte[initial];
    }

    /** The backing array; valid between {@link #position()} and {@link #limit()} until the next read. */
    public byte[] array() {
        return buf;
    }

    public int position() {
        return pos;
    }

    public int limit() {
        return limit;
    }

    /** Bytes buffered and not yet consumed. Never blocks. */
    public int buffered() {
        return limit - pos;
    }

    /** Consumes buffered bytes up to {@code newPosition} (at most {@link #limit()}). */
    public void position(int newPosition) {
        Objects.checkIndex(newPosition, limit + 1);
        if (newPosition < pos) throw new IllegalArgumentException("cannot move back: " + newPosition + " < " + pos);
        pos = newPosition;
    }

    /**
     * Makes sure at least one byte is buffered, reading once if none is. Blocks in the source's
     * read when the buffer is empty; a kill or timeout there leaves the buffer as it was.
     *
     * @return false at end of stream
     */
    public boolean fill() throws IOException {
        if (pos < limit) return true;
        allocate();
        pos = limit = 0;
        if (filledUp && buf.length < capacity) buf = new byte[capacity];
        int n = source.read(buf, 0, buf.length);
        if (n <= 0) return false;
        limit = n;
        filledUp = n == buf.length;
        return true;
    }

    /**
     * The index in {@link #array()} of the next line feed at or after {@link #position()},
     * reading more as needed, with at most {@code maxLine} bytes before it; {@link #TOO_LONG} if
     * there are more, {@link #EOF} if the stream ends first. Buffered bytes may move (to the
     * front) while it reads, so positions taken before the call are stale after it. Blocks like
     * {@link #fill()}.
     */
    public int indexOfLf(int maxLine) throws IOException {
        return indexOfLf(maxLine, false);
    }

    /**
     * {@link #indexOfLf(int)}; with {@code refuseBareCr}, returns {@link #BARE_CR} as soon as a CR
     * is seen followed by anything but LF (a line that can never end well need not be waited for).
     */
    public int indexOfLf(int maxLine, boolean refuseBareCr) throws IOException {
        allocate();
        int from = pos;
        while (true) {
            int end = Math.min(limit, pos + maxLine + 1);
            for (int i = from; i < end; i++) {
                byte c = buf[i];
                if (c == '\n') return i;
                if (c == '\r' && refuseBareCr && i + 1 < limit && buf[i + 1] != '\n') return BARE_CR;
            }
            if (limit - pos > maxLine) return TOO_LONG;
            // A CR last in the buffer is looked at again once its next byte is in.
            int back = refuseBareCr && limit > pos && buf[limit - 1] == '\r' ? 1 : 0;
            from = limit - back;
            if (limit == buf.length) {
                int len = limit - pos;
                if (pos == 0) {
                    if (buf.length >= maxCapacity) return TOO_LONG;
                    buf = Arrays.copyOf(buf, Math.min(maxCapacity, buf.length * 2));
                } else {
                    System.arraycopy(buf, pos, buf, 0, len);
                    pos = 0;
                    limit = len;
                    from = len - back;
                }
            }
            int n = source.read(buf, limit, buf.length - limit);
            if (n <= 0) return EOF;
            limit += n;
            filledUp = limit == buf.length;
        }
    }

    /**
     * Reads up to {@code len} bytes: buffered ones first; with none buffered, straight from the
     * source into {@code b} when {@code len} is at least the buffer's size. Returns -1 at end of
     * stream. Blocks like {@link #fill()}.
     */
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) return 0;
        if (pos == limit) {
            if (len >= buf.length) return source.read(b, off, len);
            if (!fill()) return -1;
        }
        int n = Math.min(len, limit - pos);
        System.arraycopy(buf, pos, b, off, n);
        pos += n;
        return n;
    }

    /** One byte, or -1 at end of stream. Blocks like {@link #fill()}. */
    public int read() throws IOException {
        if (pos == limit && !fill()) return -1;
        return buf[pos++] & 0xff;
    }
}
