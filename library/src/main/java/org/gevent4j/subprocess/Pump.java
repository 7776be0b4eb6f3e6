package org.gevent4j.subprocess;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import org.gevent4j.internal.Loop;

/**
 * Reads a child's stdout or stderr on its own platform thread into a buffer that greenlets take
 * from. While a greenlet streams ({@link PipeInput}) the buffer is bounded, so a child that writes
 * faster than it is read blocks on a full pipe as it would with a plain pipe; once a
 * communicate has started the pump collects everything (Python's communicate does the same).
 */
final class Pump extends PipeThread {
    private static final int CHUNK = 64 * 1024;

    private final InputStream in;
    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    private int headOffset;
    private long buffered;
    private boolean eof;
    private boolean collecting;
    private boolean discarding;
    private IOException error;

    Pump(InputStream in, String threadName) {
        super(threadName);
        this.in = in;
    }

    @Override
    void pump() {
        byte[] buf = new byte[CHUNK];
        try {
            while (true) {
                synchronized (this) {
                    while (!collecting && !discarding && buffered >= LIMIT) wait();
                }
                int n = in.read(buf);
                if (n < 0) break;
                if (n == 0) continue;
                synchronized (this) {
                    if (!discarding) {
                        chunks.addLast(Arrays.copyOf(buf, n));
                        buffered += n;
                    }
                }
                signal();
            }
        } catch (IOException e) {
            synchronized (this) {
                error = e;
            }
        } catch (InterruptedException e) {
            // Nobody interrupts a pump thread; if someone does, end it like end of stream.
        } finally {
            closeQuietly(in);
            synchronized (this) {
                eof = true;
            }
            signal();
        }
    }

    /** Cooperatively reads up to {@code len} bytes; -1 at end of stream. */
    int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        start();
        awaitUntil(() -> buffered > 0 || eof, Loop.FOREVER);
        int n = 0;
        synchronized (this) {
            if (buffered == 0) {
                if (error != null) throw new IOException("reading the child's pipe failed: " + error.getMessage(), error);
                return -1;
            }
            while (n < len && !chunks.isEmpty()) {
                byte[] head = chunks.peekFirst();
                int k = Math.min(len - n, head.length - headOffset);
                System.arraycopy(head, headOffset, b, off + n, k);
                n += k;
                headOffset += k;
                if (headOffset == head.length) {
                    chunks.pollFirst();
                    headOffset = 0;
                }
            }
            buffered -= n;
        }
        signal(); // room for the pump
        return n;
    }

    synchronized int available() {
        return (int) Math.min(buffered, Integer.MAX_VALUE);
    }

    /** Switches to collecting everything, unbounded (communicate has started). */
    void collect() {
        synchronized (this) {
            collecting = true;
        }
        start();
        signal(); // a pump waiting for room may go on
    }

    /** Waits cooperatively until end of stream or the deadline; whether the stream ended. */
    boolean awaitEof(long deadline) {
        return awaitUntil(() -> eof, deadline);
    }

    /** Everything buffered, leaving it there (for a TimeoutExpired: nothing is lost). */
    synchronized byte[] snapshot() {
        return copy(false);
    }

    /** Everything buffered, taken out of the buffer. */
    byte[] takeAll() {
        byte[] all;
        synchronized (this) {
            all = copy(true);
        }
        signal();
        return all;
    }

    private byte[] copy(boolean take) {
        byte[] all = new byte[Math.toIntExact(buffered)];
        int n = 0;
        int offset = headOffset;
        for (byte[] c : chunks) {
            System.arraycopy(c, offset, all, n, c.length - offset);
            n += c.length - offset;
            offset = 0;
        }
        if (take) {
            chunks.clear();
            headOffset = 0;
            buffered = 0;
        }
        return all;
    }

    /**
     * The reader is gone: drop what is buffered and what comes. If no pump thread ever ran, the
     * pipe is closed at once (the child then gets EPIPE, as in Python); else the pump drains it so
     * the child never blocks on a full pipe, and ends at end of stream.
     */
    void discard() {
        boolean close;
        synchronized (this) {
            discarding = true;
            chunks.clear();
            headOffset = 0;
            buffered = 0;
            close = cancelStart();
            if (close) eof = true;
        }
        if (close) closeQuietly(in);
        signal();
    }

    static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // The pipe is being abandoned; there is nobody to tell.
        }
    }
}
