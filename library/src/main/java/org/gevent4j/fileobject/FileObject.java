package org.gevent4j.fileobject;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.gevent4j.Hub;
import org.gevent4j.Timeout;
import org.gevent4j.event.AsyncResult;
import org.gevent4j.internal.Sneaky;
import org.gevent4j.threadpool.ThreadPool;

/*
 * Implementation overview
 *
 * Every system call (open, read, write, position, size, force, close) runs on a ThreadPool thread;
 * the greenlet waits for it cooperatively, so a hub never stalls on the disk (measured on JDK 25: plain
 * file I/O blocks the carrier, the JDK compensates only on its own scheduler).
 *
 * One operation at a time: a PoolLock (gevent's FileObjectThread lock). Buffers: reads go through
 * a ReadBuffer (filled a chunk at a time on the pool, copied out on the greenlet); writes gather in
 * a WriteBuffer and are written when it is full, on flush and on close. Only pool tasks touch the
 * channel, and they also update the buffers, so the state is whole whenever the lock is free.
 *
 * Kill and Timeout: a system call cannot be stopped. A waiter that leaves (killed, timed out) hands
 * the lock to the pool task, which releases it when the call returns; whatever the call read stays
 * in the ReadBuffer for the next read, and a write completes. So no byte is lost or torn, and no two
 * calls ever overlap on the channel. An open whose waiter left closes the channel it opened.
 */

/**
 * A file whose blocking operations run on a {@link ThreadPool} (the hub's own by default), so a
 * greenlet reading or writing a large file never stalls the others: gevent's
 * {@code FileObjectThread}, with the stream types Java code expects ({@link #getInputStream()},
 * {@link #getOutputStream()}, {@link #reader()}, {@link #writer()}, {@link #lines()}).
 *
 * <pre>{@code
 * try (FileObject f = FileObject.open(Path.of("data.csv"), "r")) {
 *     for (String line; (line = f.readLine()) != null; ) handle(line);
 * }
 * }</pre>
 *
 * <h2>Modes</h2>
 * As Python's {@code open}: {@code "r"} reads an existing file; {@code "w"} creates or truncates and
 * writes; {@code "a"} creates or appends; {@code "x"} creates a file that must not exist; a {@code +}
 * adds the other direction ({@code "r+"}, {@code "w+"}, {@code "a+"}). A {@code b} or {@code t} is
 * accepted: Java picks bytes or text by the method called, and text uses the charset given at open
 * (UTF-8 unless said otherwise).
 *
 * <h2>Blocking</h2>
 * Every method that touches the file waits cooperatively for the pool: from a greenlet or a plain
 * platform thread (its hub's main greenlet), while the hub runs its other greenlets. Reads and
 * writes are buffered, so most calls return without a trip to the pool. A kill or {@link Timeout}
 * aimed at the caller is raised from the wait; the system call under way completes on its thread
 * and keeps the file consistent: bytes it read are returned by the next read, bytes given to a write
 * are written. Operations from several greenlets are done one at a time, in no promised order.
 *
 * <h2>Errors</h2>
 * I/O failures are thrown as the {@link IOException} the JDK raised, for instance
 * {@link java.nio.file.NoSuchFileException} for a missing file in mode {@code "r"} and
 * {@link java.nio.file.FileAlreadyExistsException} in mode {@code "x"}; any use after
 * {@link #close()} throws {@link ClosedChannelException}. The hub and the pool are unaffected.
 */
public final class FileObject implements Closeable {
    /** Bytes per trip to the pool: large enough to make a trip cheap per byte, small enough to share the hub. */
    static final int CHUNK = 128 * 1024;

    private final Path path;
    private final String mode;
    private final Charset charset;
    private final ThreadPool pool;
    private final boolean readable, writable;
    private final PoolLock lock;
    private final FileChannel channel;
    private final ReadBuffer rbuf = new ReadBuffer();
    private final WriteBuffer wbuf;
    private volatile boolean closed;

    private FileObject(Path path, String mode, Charset charset, ThreadPool pool, FileChannel channel, OpenMode m) {
        this.path = path;
        this.mode = mode;
        this.charset = charset;
        this.pool = pool;
        this.lock = new PoolLock(pool);
        this.channel = channel;
        this.readable = m.readable();
        this.writable = m.writable();
        this.wbuf = new WriteBuffer(m.appendByHand());
    }

    /**
     * Opens {@code path} in {@code mode} (see the class comment), with UTF-8 for text, on the
     * current hub's {@link Hub#threadpool() thread pool}. Waits cooperatively for the open.
     *
     * @param path the file to open
     * @param mode a Python-style mode such as {@code "r"}, {@code "wb"} or {@code "a+"}
     * @return the open file, positioned at its start (at its end for an append mode)
     * @throws IOException as the JDK's {@link FileChannel#open} raises it (a missing file:
     *     {@link java.nio.file.NoSuchFileException})
     * @throws IllegalArgumentException for a mode that is not one of those above
     */
    public static FileObject open(Path path, String mode) throws IOException {
        return open(path, mode, StandardCharsets.UTF_8, Hub.current().threadpool());
    }

    /**
     * {@link #open(Path, String)} with {@code charset} for text.
     *
     * @param path the file to open
     * @param mode a Python-style mode such as {@code "r"}, {@code "wb"} or {@code "a+"}
     * @param charset the charset text methods encode and decode with
     * @return the open file
     * @throws IOException as {@link #open(Path, String)}
     */
    public static FileObject open(Path path, String mode, Charset charset) throws IOException {
        return open(path, mode, charset, Hub.current().threadpool());
    }

    /**
     * {@link #open(Path, String)} with {@code charset} for text, doing its I/O on {@code pool}.
     *
     * @param path the file to open
     * @param mode a Python-style mode such as {@code "r"}, {@code "wb"} or {@code "a+"}
     * @param charset the charset text methods encode and decode with
     * @param pool the pool that runs every blocking call of this file
     * @return the open file
     * @throws IOException as {@link #open(Path, String)}
     */
    public static FileObject open(Path path, String mode, Charset charset, ThreadPool pool) throws IOException {
        Sneaky.checkNotNull("path", path);
        Sneaky.checkNotNull("mode", mode);
        Sneaky.checkNotNull("charset", charset);
        Sneaky.checkNotNull("pool", pool);
        OpenMode m = OpenMode.parse(mode);
        AsyncResult<FileChannel> opened = pool.spawn(() -> FileChannel.open(path, m.options()));
        FileChannel ch;
        try {
            ch = opened.get();
        } catch (CompletionException e) {
            throw PoolLock.ioFailure(e);
        } catch (Throwable t) { // killed or timed out while opening: do not leak what it opens
            opened.rawlink(r -> closeQuietly(opened.value()));
            throw t;
        }
        return new FileObject(path, mode, charset, pool, ch, m);
    }

    private static void closeQuietly(Closeable c) {
        if (c == null) return;
        try {
            c.close();
        } catch (IOException ignored) {
            // Nobody is left to tell.
        }
    }

    /* ---------------------------------------------------------------- one operation at a time ---- */

    private <T> T locked(PoolLock.Body<T> body) throws IOException {
        return lock.locked(op -> {
            if (closed) throw new ClosedChannelException();
            return body.run(op);
        });
    }

    /* ---------------------------------------------------------------- reading ---- */

    private void checkReadable() throws IOException {
        if (!readable) throw new IOException("not open for reading: " + this);
    }

    /** Pool side: writes out pending bytes, or gives back read-ahead, so the channel is at the logical position. */
    private void settle(PoolLock.Op op, boolean forReading) throws IOException {
        flushBuffer(op);
        if (!forReading && rbuf.buffered() > 0) {
            op.onPool(() -> {
                channel.position(channel.position() - rbuf.buffered());
                rbuf.clear();
                return null;
            });
        }
    }

    /** Lock held: writes the pending bytes out, if any. */
    private void flushBuffer(PoolLock.Op op) throws IOException {
        if (wbuf.pending() > 0) op.onPool(() -> {
            wbuf.writeOut(channel);
            return null;
        });
    }

    /** Lock held: reads the next chunk into the read-ahead; false at end of file. */
    private boolean fill(PoolLock.Op op) throws IOException {
        return op.onPool(() -> rbuf.fill(channel));
    }

    /**
     * Reads up to {@code len} bytes into {@code b}: the number read, or -1 at end of file, as
     * {@link InputStream#read(byte[], int, int)}. Waits cooperatively for the pool when the buffer
     * is empty.
     *
     * @param b the buffer to read into
     * @param off where in {@code b} the bytes go
     * @param len the most bytes to read; 0 returns 0 at once
     * @return the number of bytes read (at least 1 when {@code len > 0}), or -1 at end of file
     * @throws IOException if the read fails, the file is closed or not open for reading
     */
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) return 0;
        return locked(op -> {
            checkReadable();
            settle(op, true);
            return rbuf.read(() -> fill(op), b, off, len);
        });
    }

    /**
     * Up to {@code n} bytes; fewer only at end of file (empty there), as Python's {@code read(n)}.
     *
     * @param n the most bytes to read, not negative
     * @return the bytes read: {@code n} of them, fewer only at end of file
     * @throws IOException if a read fails, the file is closed or not open for reading
     */
    public byte[] read(int n) throws IOException {
        if (n < 0) throw new IllegalArgumentException("n must not be negative: " + n);
        byte[] out = new byte[n];
        int got = 0;
        while (got < n) {
            int r = read(out, got, n - got);
            if (r < 0) break;
            got += r;
        }
        return got == n ? out : Arrays.copyOf(out, got);
    }

    /**
     * The rest of the file, read on the pool in one go.
     *
     * @return the bytes from the current position to end of file; empty at end of file
     * @throws IOException if the read fails, the file is closed or not open for reading
     */
    public byte[] readAll() throws IOException {
        return locked(op -> {
            checkReadable();
            settle(op, true);
            op.onPool(() -> {
                rbuf.fillToEnd(channel, path);
                return null;
            });
            return rbuf.takeAll();
        });
    }

    /**
     * The rest of the file decoded with this file's charset.
     *
     * @return the text from the current position to end of file; empty at end of file
     * @throws IOException if the read fails, the file is closed or not open for reading
     */
    public String readString() throws IOException {
        return new String(readAll(), charset);
    }

    /**
     * The next line decoded with this file's charset, without its terminator ({@code \n} or
     * {@code \r\n}), or {@code null} at end of file, as {@link BufferedReader#readLine()} (a lone
     * {@code \r} is kept). For charsets where {@code '\n'} is the byte 0x0A (UTF-8, ASCII, ISO-8859);
     * use {@link #reader()} for others.
     *
     * @throws UnsupportedOperationException for a charset such as UTF-16
     * @return the line without its terminator, or {@code null} at end of file
     * @throws IOException if the read fails, the file is closed or not open for reading
     */
    public String readLine() throws IOException {
        byte[] nl = "\n".getBytes(charset);
        if (nl.length != 1 || nl[0] != '\n') {
            throw new UnsupportedOperationException("readLine needs an ASCII-compatible charset, not " + charset
                    + "; use reader()");
        }
        return locked(op -> {
            checkReadable();
            settle(op, true);
            return rbuf.readLine(() -> fill(op), charset);
        });
    }

    /* ---------------------------------------------------------------- writing ---- */

    private void checkWritable() throws IOException {
        if (!writable) throw new IOException("not open for writing: " + this);
    }

    /**
     * Writes {@code len} bytes of {@code b}: buffered, and written on the pool when the buffer fills
     * (then this waits cooperatively). Do not change those bytes before this returns; after a kill
     * or timeout the write still completes on the pool thread.
     *
     * @param b the bytes to write
     * @param off where in {@code b} they start
     * @param len how many to write
     * @throws IOException if a write fails, the file is closed or not open for writing
     */
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        locked(op -> {
            checkWritable();
            settle(op, false);
            if (!wbuf.offer(b, off, len)) op.onPool(() -> {
                wbuf.writeThrough(channel, b, off, len);
                return null;
            });
            return null;
        });
    }

    /**
     * Writes all of {@code b}; see {@link #write(byte[], int, int)}.
     *
     * @param b the bytes to write
     * @throws IOException as {@link #write(byte[], int, int)}
     */
    public void write(byte[] b) throws IOException {
        write(b, 0, b.length);
    }

    /**
     * Writes {@code s} encoded with this file's charset.
     *
     * @param s the text to write
     * @throws IOException as {@link #write(byte[], int, int)}
     */
    public void write(String s) throws IOException {
        write(s.getBytes(charset));
    }

    /**
     * Writes the buffered bytes to the file (not forcing them to the device). Waits cooperatively.
     *
     * @throws IOException if the write fails or the file is closed
     */
    public void flush() throws IOException {
        locked(op -> {
            flushBuffer(op);
            return null;
        });
    }

    /* ---------------------------------------------------------------- position ---- */

    /**
     * The position the next read or write starts at. Waits cooperatively for the pool.
     *
     * @return the logical position in bytes from the start of the file
     * @throws IOException if the file is closed or the channel fails
     */
    public long position() throws IOException {
        return locked(op -> op.onPool(() -> channel.position() - rbuf.buffered() + wbuf.pending()));
    }

    /**
     * Moves to {@code position} (from the start of the file). Waits cooperatively for the pool.
     *
     * @param position the byte offset from the start of the file, not negative; past the end is allowed
     * @throws IOException if the file is closed or the channel fails
     */
    public void seek(long position) throws IOException {
        if (position < 0) throw new IllegalArgumentException("position must not be negative: " + position);
        locked(op -> {
            settle(op, true);
            return op.onPool(() -> {
                channel.position(position);
                rbuf.clear();
                return null;
            });
        });
    }

    /**
     * The file's size now, counting buffered writes once flushed. Waits cooperatively for the pool.
     *
     * @return the size in bytes
     * @throws IOException if the file is closed or the channel fails
     */
    public long size() throws IOException {
        return locked(op -> {
            settle(op, true);
            return op.onPool(channel::size);
        });
    }

    /* ---------------------------------------------------------------- streams ---- */

    /**
     * An InputStream reading this file from its current position; each call is a {@link #read}.
     * Closing it closes this file.
     *
     * @return a stream over this file; not buffered beyond this file's own buffer
     */
    public InputStream getInputStream() {
        return new FileStreams.In(this);
    }

    /**
     * An OutputStream writing to this file; each call is a {@link #write}. Closing it closes this file.
     *
     * @return a stream over this file; each write goes to this file's buffer
     */
    public OutputStream getOutputStream() {
        return new FileStreams.Out(this);
    }

    /**
     * A reader decoding with this file's charset; closing it closes this file.
     *
     * @return a buffered reader over this file
     */
    public BufferedReader reader() {
        return reader(charset);
    }

    /**
     * A reader decoding with {@code cs}; closing it closes this file.
     *
     * @param cs the charset to decode with
     * @return a buffered reader over this file
     */
    public BufferedReader reader(Charset cs) {
        return new BufferedReader(new InputStreamReader(getInputStream(), Sneaky.checkNotNull("charset", cs)), 16 * 1024);
    }

    /**
     * A writer encoding with this file's charset; flush or close it to write out. Closing it closes
     * this file.
     *
     * @return a buffered writer over this file
     */
    public Writer writer() {
        return writer(charset);
    }

    /**
     * A writer encoding with {@code cs}; flush or close it to write out. Closing it closes this file.
     *
     * @param cs the charset to encode with
     * @return a buffered writer over this file
     */
    public Writer writer(Charset cs) {
        return new BufferedWriter(new OutputStreamWriter(getOutputStream(), Sneaky.checkNotNull("charset", cs)), 16 * 1024);
    }

    /**
     * The remaining lines, read lazily through {@link #reader()}; an I/O error is thrown as
     * {@link UncheckedIOException}. Closing the stream closes this file.
     *
     * @return a lazy stream of lines; close it to close this file
     */
    public Stream<String> lines() {
        BufferedReader r = reader();
        return r.lines().onClose(() -> {
            try {
                r.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /* ---------------------------------------------------------------- closing ---- */

    /**
     * Writes out buffered bytes and closes the file, on the pool. Idempotent. If the caller is killed
     * meanwhile, the pool thread still finishes closing it.
     */
    @Override
    public void close() throws IOException {
        lock.locked(op -> {
            if (closed) return null;
            closed = true;
            return op.onPool(() -> {
                try {
                    if (wbuf.pending() > 0) wbuf.writeOut(channel);
                } finally {
                    channel.close();
                }
                return null;
            });
        });
    }

    /**
     * Whether {@link #close()} was called.
     *
     * @return true once {@link #close()} was called, even if closing failed
     */
    public boolean closed() {
        return closed;
    }

    /**
     * The file's path.
     *
     * @return the path it was opened with
     */
    public Path path() {
        return path;
    }

    /**
     * The mode it was opened in.
     *
     * @return the mode string as given to {@code open}
     */
    public String mode() {
        return mode;
    }

    @Override
    public String toString() {
        return "<FileObject " + path + " mode='" + mode + "'" + (closed ? " closed" : "") + " pool=" + pool + ">";
    }
}
