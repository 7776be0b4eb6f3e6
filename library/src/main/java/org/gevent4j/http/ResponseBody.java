package org.gevent4j.http;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * A response's body as the handler writes it, framed as {@code sendResponseHeaders} decided:
 * Content-Length (refuses a byte too many; closing short leaves the connection to be closed),
 * chunked, until-close (HTTP/1.0 clients), discarded (HEAD, 204, 304) or none (length -1: a write
 * is refused, as the JDK refuses it). Writes block only when the connection's buffer must be sent.
 */
final class ResponseBody extends OutputStream {
    enum Mode { NONE, DISCARD, FIXED, CHUNKED, UNTIL_CLOSE }

    private final ResponseWriter out;
    private final Mode mode;
    private long left;
    private boolean closed;
    /** Body bytes accepted for sending (the access log's %b). */
    long bytes;
    /** The handler closed a fixed-length body before writing all of it: the framing is broken. */
    boolean incomplete;

    ResponseBody(ResponseWriter out, Mode mode, long length) {
        this.out = out;
        this.mode = mode;
        this.left = length;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (closed) throw new IOException("stream is closed");
        switch (mode) {
            case NONE -> {
                if (len > 0) throw new IOException("too many bytes to write to stream: the response has no body");
            }
            case DISCARD -> { }
            case FIXED -> {
                if (len > left) throw new IOException("too many bytes to write to stream: " + len + " > " + left + " left");
                out.write(b, off, len);
                left -= len;
                bytes += len;
            }
            case CHUNKED -> {
                if (len == 0) return; // a zero-size chunk would end the body
                out.ascii(Integer.toHexString(len));
                out.crlf();
                out.write(b, off, len);
                out.crlf();
                bytes += len;
            }
            case UNTIL_CLOSE -> {
                out.write(b, off, len);
                bytes += len;
            }
        }
    }

    /** Sends what is buffered. Blocks at most the write timeout without progress. */
    @Override
    public void flush() throws IOException {
        if (!closed) out.flush();
    }

    /** Ends the body (the last chunk, for chunked) and sends it. Idempotent. */
    @Override
    public void close() throws IOException {
        if (closed) return;
        closed = true;
        if (mode == Mode.CHUNKED) out.ascii("0\r\n\r\n");
        if (mode == Mode.FIXED && left > 0) incomplete = true;
        if (incomplete || mode == Mode.UNTIL_CLOSE) out.flush();
        else out.endOfResponse();
    }

    boolean closed() {
        return closed;
    }
}
