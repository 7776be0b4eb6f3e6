package org.gevent4j.fileobject;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.gevent4j.Hub;
import org.gevent4j.Timeout;
import org.gevent4j.event.AsyncResult;
import org.gevent4j.internal.Sneaky;
import org.gevent4j.lock.Semaphore;
import org.gevent4j.threadpool.ThreadPool;

/*
 * Implementation overview
 *
 * Every system call (open, read, write, position, size, force, close) runs on a ThreadPool thread;
 * the greenlet waits for it cooperatively, so a hub never stalls on the disk (LOOM-NOTES 1.6: plain
 * file I/O blocks the carrier, the JDK compensates only on its own scheduler).
 *
 * One operation at a time: a gevent4j Semaphore (gevent's FileObjectThread lock). Buffers: reads go
 * through `rbuf` (filled a chunk at a time on the pool, copied out on the greenlet); writes gather in
 * `wbuf` and are written when it is full, on flush and on close. Only pool tasks touch the channel,
 * and they also update the buffer fields, so the state is whole whenever the lock is free.
 *
 * Kill and Timeout: a system call cannot be stopped. A waiter that leaves (killed, timed out) hands
 * the lock to the pool task, which releases it when the call returns; whatever the call read stays
 * in `rbuf` for the next read, and a write completes. So no byte is lost or torn, and no two calls
 * ever overlap on the channel. An open whose waiter left closes the channel it opened.
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
    private final boolean readable, writable, appendByHand;
    private final Semaphore lock = new Semaphore(1);
    private final FileChannel channel;
    private byte[] rbuf = new byte[0];
    private int rpos, rlim;
    private byte[] wbuf;
    private int wlen;
    private volatile boolean closed;

    private FileObject(Path path, String mode, Charset charset, ThreadPool pool, FileChannel channel,
            boolean readable, boolean writable, boolean appendByHand) {
        this.path = path;
        this.mode = mode;
        this.charset = charset;
        this.pool = pool;
        this.channel = channel;
        this.readable = readable;
        this.writable = writable;
        this.appendByHand = appendByHand;
    }

    /**
     * Opens {@code path} in {@code mode} (see the class comment), with UTF-8 for text, on the
     * current hub's {@link Hub#threadpool() thread pool}. Waits cooperatively for the open.
     *
     * @throws IOException as the JDK's {@link FileChannel#open} raises it (a missing file:
     *     {@link java.nio.file.NoSuchFileException})
     * @throws IllegalArgumentException for a mode that is not one of those above
     */
    public static FileObject open(Path path, String mode) throws IOException {
        return open(path, mode, StandardCharsets.UTF_8, Hub.current().threadpool());
    }

    /** {@link #open(Path, String)} with {@code charset} for text. */
    public static FileObject open(Path path, String mode, Charset charset) throws IOException {
        return open(path, mode, charset, Hub.current().threadpool());
    }

    /** {@link #open(Path, String)} with {@code charset} for text, doing its I/O on {@code pool}. */
    public static FileObject open(Path path, String mode, Charset charset, ThreadPool pool) throws IOException {
        Sneaky.checkNotNull("path", path);
        Sneaky.checkNotNull("mode", mode);
        Sneaky.checkNotNull("charset", charset);
        Sneaky.checkNotNull("pool", pool);
        Set<OpenOption> options = new java.util.HashSet<>();
        char kind = parseMode(mode, options);
        boolean plus = mode.indexOf('+') >= 0;
        boolean readable = kind == 'r' || plus;
        boolean writable = kind != 'r' || plus;
        boolean appendByHand = kind == 'a' && plus; // READ and APPEND cannot be combined
        AsyncResult<FileChannel> opened = pool.spawn(() -> FileChannel.open(path, options));
        FileChannel ch;
        try {
            ch = opened.get();
        } catch (CompletionException e) {
            throw ioFailure(e);
        } catch (Throwable t) { // killed or timed out while opening: do not leak what it opens
            opened.rawlink(r -> closeQuietly(opened.value()));
            throw t;
        }
        return new FileObject(path, mode, charset, pool, ch, readable, writable, appendByHand);
    }

    /** Checks {@code mode}, fills {@code options}; returns its kind letter. */
    private static char parseMode(String mode, Set<OpenOption> options) {
        char kind = 0;
        boolean plus = false, bt = false;
        for (char c : mode.toCharArray()) {
            switch (c) {
                case 'r', 'w', 'a', 'x' -> {
                    if (kind != 0) throw badMode(mode);
                    kind = c;
                }
                case '+' -> {
                    if (plus) throw badMode(mode);
                    plus = true;
                }
                case 'b', 't' -> {
                    if (bt) throw badMode(mode);
                    bt = true;
                }
                default -> throw badMode(mode);
            }
        }
        if (kind == 0) throw badMode(mode);
        switch (kind) {
            case 'r' -> options.add(StandardOpenOption.READ);
            case 'w' -> options.addAll(EnumSet.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING));
            case 'a' -> options.addAll(plus ? EnumSet.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE)
                    : EnumSet.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE, StandardOpenOption.APPEND));
            default -> options.addAll(EnumSet.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW));
        }
        if (plus) options.addAll(EnumSet.of(StandardOpenOption.READ, StandardOpenOption.WRITE));
        return kind;
    }

    private static IllegalArgumentException badMode(String mode) {
        return new IllegalArgumentException("invalid mode: '" + mode + "' (expected r, w, a or x, optionally with + and b or t)");
    }

    private static void closeQuietly(Closeable c) {
        if (c == null) return;
        try {
            c.close();
        } catch (IOException ignored) {
            // Nobody is left to tell.
        }
    }

    /** The exception a pool task threw: an IOException as it is, anything else unchecked. */
    private static IOException ioFailure(CompletionException e) {
        if (e.getCause() instanceof IOException io) return io;
        throw e;
    }

    /* ---------------------------------------------------------------- the one-at-a-time machinery ---- */

    /** An operation holding the lock; {@code handedOff} once a pool task owns the lock instead. */
    private final class Op {
        boolean handedOff;

        /** Runs {@code io} on the pool and waits for it; a waiter that leaves hands it the lock. */
        <T> T onPool(Callable<T> io) throws IOException {
            AsyncResult<T> r = pool.spawn(io);
            try {
                return r.get();
            } catch (CompletionException e) {
                throw ioFailure(e);
            } catch (Throwable t) {
                if (!handedOff) {
                    handedOff = true;
                    r.rawlink(done -> lock.release()); // at once if it is done already
                }
                throw t;
            }
        }
    }

    private interface Body<T> {
        T run(Op op) throws IOException;
    }

    private <T> T locked(Body<T> body) throws IOException {
        lock.acquire();
        Op op = new Op();
        try {
            if (closed) throw new ClosedChannelException();
            return body.run(op);
        } finally {
            if (!op.handedOff) lock.release();
        }
    }

    /* ---------------------------------------------------------------- reading ---- */

    private void checkReadable() throws IOException {
        if (!readable) throw new IOException("not open for reading: " + this);
    }

    /** Pool side: writes out pending bytes, or gives back read-ahead, so the channel is at the logical position. */
    private void settle(Op op, boolean forReading) throws IOException {
        if (wlen > 0) op.onPool(() -> {
            writeOut();
            return null;
        });
        if (!forReading && rpos < rlim) {
            op.onPool(() -> {
                channel.position(channel.position() - (rlim - rpos));
                rpos = rlim = 0;
                return null;
            });
        }
    }

    /** Pool side, lock held: writes wbuf out. */
    private void writeOut() throws IOException {
        if (appendByHand) channel.position(channel.size());
        ByteBuffer b = ByteBuffer.wrap(wbuf, 0, wlen);
        while (b.hasRemaining()) channel.write(b);
        wlen = 0;
    }

    /** Lock held: reads the next chunk into rbuf; false at end of file. */
    private boolean fill(Op op) throws IOException {
        return op.onPool(() -> {
            if (rbuf.length < CHUNK) rbuf = new byte[CHUNK];
            int n = channel.read(ByteBuffer.wrap(rbuf));
            rpos = 0;
            rlim = Math.max(n, 0);
            return n > 0;
        });
    }

    /**
     * Reads up to {@code len} bytes into {@code b}: the number read, or -1 at end of file, as
     * {@link InputStream#read(byte[], int, int)}. Waits cooperatively for the pool when the buffer
     * is empty.
     */
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) return 0;
        return locked(op -> {
            checkReadable();
            settle(op, true);
            if (rpos == rlim && !fill(op)) return -1;
            int n = Math.min(len, rlim - rpos);
            System.arraycopy(rbuf, rpos, b, off, n);
            rpos += n;
            return n;
        });
    }

    /**
     * Up to {@code n} bytes; fewer only at end of file (empty there), as Python's {@code read(n)}.
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

    /** The rest of the file, read on the pool in one go. */
    public byte[] readAll() throws IOException {
        return locked(op -> {
            checkReadable();
            settle(op, true);
            op.onPool(() -> {
                // The bytes stay in rbuf until the greenlet takes them: a reader killed meanwhile loses none.
                long rest = Math.max(0, channel.size() - channel.position());
                if (rest > Integer.MAX_VALUE - 16 - (rlim - rpos)) throw new IOException("file too large for one array: " + path);
                byte[] all = new byte[(rlim - rpos) + (int) rest];
                System.arraycopy(rbuf, rpos, all, 0, rlim - rpos);
                ByteBuffer b = ByteBuffer.wrap(all, rlim - rpos, (int) rest);
                while (b.hasRemaining() && channel.read(b) >= 0) {
                    // until full or end of file (it may have shrunk)
                }
                ByteArrayOutputStream more = null; // it may also have grown
                byte[] chunk = new byte[CHUNK];
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
                rbuf = all;
                rpos = 0;
                rlim = len;
                return null;
            });
            byte[] out = rpos == 0 && rlim == rbuf.length ? rbuf : Arrays.copyOfRange(rbuf, rpos, rlim);
            rbuf = new byte[0];
            rpos = rlim = 0;
            return out;
        });
    }

    /** The rest of the file decoded with this file's charset. */
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
            ByteArrayOutputStream line = null;
            while (true) {
                if (rpos == rlim && !fill(op)) {
                    return line == null ? null : decodeLine(line.toByteArray(), line.size());
                }
                for (int i = rpos; i < rlim; i++) {
                    if (rbuf[i] == '\n') {
                        String s;
                        if (line == null) {
                            s = decodeLine(rbuf, rpos, i - rpos);
                        } else {
                            line.write(rbuf, rpos, i - rpos);
                            s = decodeLine(line.toByteArray(), line.size());
                        }
                        rpos = i + 1;
                        return s;
                    }
                }
                if (line == null) line = new ByteArrayOutputStream();
                line.write(rbuf, rpos, rlim - rpos);
                rpos = rlim;
            }
        });
    }

    private String decodeLine(byte[] b, int len) {
        return decodeLine(b, 0, len);
    }

    private String decodeLine(byte[] b, int off, int len) {
        if (len > 0 && b[off + len - 1] == '\r') len--;
        return new String(b, off, len, charset);
    }

    /* ---------------------------------------------------------------- writing ---- */

    private void checkWritable() throws IOException {
        if (!writable) throw new IOException("not open for writing: " + this);
    }

    /**
     * Writes {@code len} bytes of {@code b}: buffered, and written on the pool when the buffer fills
     * (then this waits cooperatively). Do not change those bytes before this returns; after a kill
     * or timeout the write still completes on the pool thread.
     */
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        locked(op -> {
            checkWritable();
            settle(op, false);
            if (wbuf == null) wbuf = new byte[CHUNK];
            if (len <= wbuf.length - wlen) {
                System.arraycopy(b, off, wbuf, wlen, len);
                wlen += len;
                return null;
            }
            op.onPool(() -> { // the buffer, then the big write straight from the caller's array
                if (wlen > 0) writeOut();
                if (appendByHand) channel.position(channel.size());
                ByteBuffer bb = ByteBuffer.wrap(b, off, len);
                while (bb.hasRemaining()) channel.write(bb);
                return null;
            });
            return null;
        });
    }

    /** Writes all of {@code b}; see {@link #write(byte[], int, int)}. */
    public void write(byte[] b) throws IOException {
        write(b, 0, b.length);
    }

    /** Writes {@code s} encoded with this file's charset. */
    public void write(String s) throws IOException {
        write(s.getBytes(charset));
    }

    /** Writes the buffered bytes to the file (not forcing them to the device). Waits cooperatively. */
    public void flush() throws IOException {
        locked(op -> {
            if (wlen > 0) op.onPool(() -> {
                writeOut();
                return null;
            });
            return null;
        });
    }

    /* ---------------------------------------------------------------- position ---- */

    /** The position the next read or write starts at. Waits cooperatively for the pool. */
    public long position() throws IOException {
        return locked(op -> op.onPool(() -> channel.position() - (rlim - rpos) + wlen));
    }

    /** Moves to {@code position} (from the start of the file). Waits cooperatively for the pool. */
    public void seek(long position) throws IOException {
        if (position < 0) throw new IllegalArgumentException("position must not be negative: " + position);
        locked(op -> {
            settle(op, true);
            return op.onPool(() -> {
                channel.position(position);
                rpos = rlim = 0;
                return null;
            });
        });
    }

    /** The file's size now, counting buffered writes once flushed. Waits cooperatively for the pool. */
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
     */
    public InputStream getInputStream() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return FileObject.this.read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return FileObject.this.read(b, off, len);
            }

            @Override
            public byte[] readAllBytes() throws IOException {
                return readAll();
            }

            @Override
            public void close() throws IOException {
                FileObject.this.close();
            }
        };
    }

    /** An OutputStream writing to this file; each call is a {@link #write}. Closing it closes this file. */
    public OutputStream getOutputStream() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                FileObject.this.write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                FileObject.this.write(b, off, len);
            }

            @Override
            public void flush() throws IOException {
                FileObject.this.flush();
            }

            @Override
            public void close() throws IOException {
                FileObject.this.close();
            }
        };
    }

    /** A reader decoding with this file's charset; closing it closes this file. */
    public BufferedReader reader() {
        return reader(charset);
    }

    /** A reader decoding with {@code cs}; closing it closes this file. */
    public BufferedReader reader(Charset cs) {
        return new BufferedReader(new InputStreamReader(getInputStream(), Sneaky.checkNotNull("charset", cs)), 16 * 1024);
    }

    /** A writer encoding with this file's charset; flush or close it to write out. Closing it closes this file. */
    public Writer writer() {
        return writer(charset);
    }

    /** A writer encoding with {@code cs}; flush or close it to write out. Closing it closes this file. */
    public Writer writer(Charset cs) {
        return new BufferedWriter(new OutputStreamWriter(getOutputStream(), Sneaky.checkNotNull("charset", cs)), 16 * 1024);
    }

    /**
     * The remaining lines, read lazily through {@link #reader()}; an I/O error is thrown as
     * {@link UncheckedIOException}. Closing the stream closes this file.
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
        lock.acquire();
        Op op = new Op();
        try {
            if (closed) return;
            closed = true;
            op.onPool(() -> {
                try {
                    if (wlen > 0) writeOut();
                } finally {
                    channel.close();
                }
                return null;
            });
        } finally {
            if (!op.handedOff) lock.release();
        }
    }

    /** Whether {@link #close()} was called. */
    public boolean closed() {
        return closed;
    }

    /** The file's path. */
    public Path path() {
        return path;
    }

    /** The mode it was opened in. */
    public String mode() {
        return mode;
    }

    @Override
    public String toString() {
        return "<FileObject " + path + " mode='" + mode + "'" + (closed ? " closed" : "") + " pool=" + pool + ">";
    }
}
