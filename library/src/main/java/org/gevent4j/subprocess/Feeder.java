package org.gevent4j.subprocess;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import org.gevent4j.internal.Loop;

/**
 * Writes to a child's stdin on its own platform thread, from a queue greenlets fill. A streaming
 * writer ({@link PipeOutput}) may have {@link #LIMIT} bytes in flight before it waits, as it would
 * on a full pipe. The thread closes the pipe and ends when asked to close, on the first write
 * error, or when the child exits.
 */
final class Feeder extends PipeThread {
    private final OutputStream out;
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private long pending;
    private boolean closeRequested;
    private boolean done;
    private IOException error;

    Feeder(OutputStream out, String threadName) {
        super(threadName);
        this.out = out;
    }

    @Override
    void pump() {
        try {
            while (true) {
                byte[] chunk;
                synchronized (this) {
                    while (queue.isEmpty() && !closeRequested) wait();
                    if (queue.isEmpty()) break;
                    chunk = queue.peekFirst();
                }
                try {
                    out.write(chunk);
                    out.flush();
                } catch (IOException e) {
                    synchronized (this) {
                        error = e;
                        queue.clear();
                        pending = 0;
                    }
                    break;
                }
                synchronized (this) {
                    queue.pollFirst();
                    pending -= chunk.length;
                }
                signal();
            }
        } catch (InterruptedException e) {
            // Nobody interrupts a feeder thread; if someone does, close the pipe.
        } finally {
            finish();
        }
    }

    private void finish() {
        try {
            out.close();
        } catch (IOException e) {
            synchronized (this) {
                if (error == null) error = e;
            }
        }
        synchronized (this) {
            done = true;
        }
        signal();
    }

    /** Queues {@code len} bytes, waiting cooperatively while {@link #LIMIT} bytes are in flight. */
    void write(byte[] b, int off, int len) throws IOException {
        awaitUntil(() -> pending < LIMIT || error != null || done, Loop.FOREVER);
        synchronized (this) {
            checkOpen();
            if (len == 0) return;
            byte[] copy = java.util.Arrays.copyOfRange(b, off, off + len);
            queue.addLast(copy);
            pending += len;
        }
        start();
        signal();
    }

    /** Waits cooperatively until everything queued has been written to the pipe. */
    void flush() throws IOException {
        awaitUntil(() -> pending == 0 || error != null || done, Loop.FOREVER);
        synchronized (this) {
            if (error != null) throw brokenPipe();
        }
    }

    /** Writes what is queued, closes the pipe and waits cooperatively until it is closed. */
    void close() throws IOException {
        requestClose(null);
        awaitUntil(() -> done, Loop.FOREVER);
        synchronized (this) {
            if (error != null) throw brokenPipe();
        }
    }

    /**
     * Queues {@code input} (if any) then the close, without waiting: communicate's writer. Write
     * errors are kept for nobody: Python's communicate ignores a broken pipe too (the child chose
     * not to read).
     */
    void requestClose(byte[] input) {
        boolean closeNow;
        synchronized (this) {
            if (input != null && input.length > 0 && !done && error == null && !closeRequested) {
                queue.addLast(input);
                pending += input.length;
            }
            closeRequested = true;
            closeNow = queue.isEmpty() && cancelStart();
        }
        if (closeNow) {
            finish();
        } else {
            start();
            signal();
        }
    }

    private void checkOpen() throws IOException {
        if (error != null) throw brokenPipe();
        if (closeRequested || done) throw new IOException("the child's stdin is closed");
    }

    private IOException brokenPipe() {
        return new IOException("writing to the child's stdin failed (did it exit or close it?): "
                + error.getMessage(), error);
    }
}
