package org.gevent4j.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.util.Objects;
import org.gevent4j.internal.InputBuffer;

/**
 * A request's body as the handler reads it: Content-Length or chunked framing (RFC 9112 §7.1),
 * from the connection's shared {@link InputBuffer}, never past the body's end (the next
 * pipelined request stays buffered). Chunk lines must end in CR LF exactly; chunk sizes over 15
 * hex digits, extensions over the limit and malformed trailers are refused with
 * {@link HttpException}; trailers are read and bounded but never merged into the headers
 * (CVE-2023-41419). The first read sends the lazy {@code 100 Continue}, through the exchange.
 */
final class RequestBody extends InputStream {
    private final InputBuffer in;
    private final Limits limits;
    private final Runnable beforeFirstRead;
    private final boolean chunked;
    /** Fixed: bytes left. Chunked: bytes left in the current chunk. */
    private long left;
    private long total;
    private boolean started, eof, closed;

    RequestBody(InputBuffer in, Limits limits, RequestHead head, Runnable beforeFirstRead) {
        this.in = in;
        this.limits = limits;
        this.beforeFirstRead = beforeFirstRead;
        this.chunked = head.chunked;
        this.left = head.chunked ? 0 : Math.max(0, head.contentLength);
        this.eof = !head.chunked && left == 0;
    }

    /** Whether every byte of the body (and its trailer) has been consumed. */
    boolean consumed() {
        return eof;
    }

    /**
     * Whether what is left to read is known to exceed {@code max} bytes (a Content-Length body;
     * a chunked one's size is unknown until read).
     */
    boolean knownToExceed(long max) {
        return !chunked && !eof && left - Math.max(0, in.buffered()) > max;
    }

    /** Whether the handler started reading. */
    boolean started() {
        return started;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    /**
     * Reads body bytes; -1 at the end of the body. Blocks while the client is slow, at most the
     * body-read timeout without progress ({@link HttpException} 408); a body cut short by a
     * closed connection is an {@link HttpException} 400.
     */
    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (closed) throw new IOException("stream is closed");
        if (!started) {
            started = true;
            if (!eof) beforeFirstRead.run();
        }
        if (len == 0) return 0;
        return readBody(b, off, len);
    }

    private int readBody(byte[] b, int off, int len) throws IOException {
        try {
            if (eof) return -1;
            if (chunked && left == 0) {
                if (!nextChunk()) return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) throw new HttpException(400, "Bad Request: body cut short");
            left -= n;
            total += n;
            if (limits.maxBody() >= 0 && total > limits.maxBody()) throw new HttpException(413, "Content Too Large");
            if (left == 0) {
                if (chunked) crlf();
                else eof = true;
            }
            return n;
        } catch (SocketTimeoutException e) {
            throw new HttpException(408, "Request Timeout: body");
        }
    }

    /**
     * chunk-ext = *( BWS ";" BWS name [ BWS "=" BWS ( token / quoted-string ) ] ) (RFC 9112
     * §7.1.1): extensions are ignored, but a malformed one is refused, since a lenient parser
     * here is where chunked smuggling lives.
     */
    private static void checkExtensions(byte[] b, int i, int end) throws HttpException {
        while (i < end) {
            i = skipBws(b, i, end);
            if (i == end || b[i] != ';') throw new HttpException(400, "Bad Request: chunk extension");
            i = skipBws(b, i + 1, end);
            int name = i;
            while (i < end && HeadParser.TCHAR[b[i] & 0xff]) i++;
            if (i == name) throw new HttpException(400, "Bad Request: chunk extension name");
            i = skipBws(b, i, end);
            if (i < end && b[i] == '=') {
                i = skipBws(b, i + 1, end);
                if (i < end && b[i] == '"') {
                    i++;
                    while (true) {
                        if (i >= end) throw new HttpException(400, "Bad Request: unterminated quoted chunk extension");
                        int c = b[i] & 0xff;
                        if (c == '"') break;
                        if (c == '\\') {
                            if (++i >= end) throw new HttpException(400, "Bad Request: chunk extension");
                            c = b[i] & 0xff;
                            if ((c < 0x20 && c != '\t') || c == 0x7f) throw new HttpException(400, "Bad Request: chunk extension");
                        } else if ((c < 0x20 && c != '\t') || c == 0x7f) {
                            throw new HttpException(400, "Bad Request: chunk extension");
                        }
                        i++;
                    }
                    i++;
                } else {
                    int value = i;
                    while (i < end && HeadParser.TCHAR[b[i] & 0xff]) i++;
                    if (i == value) throw new HttpException(400, "Bad Request: chunk extension value");
                }
                i = skipBws(b, i, end);
            }
        }
    }

    private static int skipBws(byte[] b, int i, int end) {
        while (i < end && (b[i] == ' ' || b[i] == '\t')) i++;
        return i;
    }

    /** Reads a chunk-size line; at the last chunk, reads the trailer and returns false. */
    private boolean nextChunk() throws IOException {
        int lf = in.indexOfLf(limits.chunkExtension() + 18);
        if (lf == InputBuffer.TOO_LONG) throw new HttpException(400, "Bad Request: chunk line too long");
        if (lf == InputBuffer.EOF) throw new HttpException(400, "Bad Request: body cut short");
        byte[] buf = in.array();
        int i = in.position();
        if (lf == i || buf[lf - 1] != '\r') throw new HttpException(400, "Bad Request: chunk line must end in CR LF");
        int end = lf - 1;
        long size = 0;
        int digits = 0;
        while (i < end) {
            int d = Character.digit(buf[i], 16);
            if (d < 0) break;
            if (++digits > 15) throw new HttpException(400, "Bad Request: chunk size too large");
            size = size << 4 | d;
            i++;
        }
        if (digits == 0) throw new HttpException(400, "Bad Request: chunk size");
        if (i < end) {
            if (buf[i] != ';') throw new HttpException(400, "Bad Request: chunk size");
            checkExtensions(buf, i, end);
        }
        in.position(lf + 1);
        if (size == 0) {
            // The trailer section: bounded like a head, parsed so its framing is checked, then
            // dropped (never merged into the request headers).
            HeadParser.headers(new RequestHead(), in, limits, limits.headerSection(), true);
            eof = true;
            return false;
        }
        left = size;
        return true;
    }

    private void crlf() throws IOException {
        int cr = in.read(), lf = in.read();
        if (cr != '\r' || lf != '\n') throw new HttpException(400, "Bad Request: chunk data must end in CR LF");
    }

    /**
     * Consumes the rest of the body, at most {@code max} bytes of it; true if it ended within
     * them. Used after the handler so the next request on the connection can be read.
     */
    boolean drain(long max) throws IOException {
        byte[] sink = new byte[8192];
        started = true;
        long budget = max;
        while (!eof) {
            if (budget <= 0) return false;
            int n = readBody(sink, 0, (int) Math.min(sink.length, budget));
            if (n < 0) break;
            budget -= n;
        }
        return true;
    }

    /** Marks the stream closed; the connection drains what is left (the JDK drains on close). */
    @Override
    public void close() {
        closed = true;
    }
}
