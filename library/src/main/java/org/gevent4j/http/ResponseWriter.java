package org.gevent4j.http;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import com.sun.net.httpserver.Headers;
import java.io.IOException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One connection's output buffer: a response head and the first body bytes are gathered here
 * and leave in one write (no Nagle/delayed-ACK stall, R-P1); later body bytes go out whenever
 * the buffer fills or the handler flushes. Reused for every response on the connection.
 * Confined to the connection's greenlet.
 */
final class ResponseWriter {
    static final int BUFFER = 8 * 1024;
    /**
     * What a connection starts with (and after an idle release): a typical response head and
     * small body fit; a larger body grows it to {@link #BUFFER}. Thousands of connections
     * answering small responses then hold 1 KiB each, not 8.
     */
    static final int INITIAL = 1024;

    private final Transport transport;
    private final Duration writeTimeout;
    private byte[] buf = new byte[INITIAL];
    private int count;
    /** Bytes the client has been sent for this response (head included), for the access log. */
    long written;

    ResponseWriter(Transport transport, Duration writeTimeout) {
        this.transport = transport;
        this.writeTimeout = writeTimeout;
    }

    int buffered() {
        return count;
    }

    /** Gives the buffer back while it is empty (an idle keep-alive connection); the next head allocates one. */
    void release() {
        if (count == 0) buf = RELEASED;
    }

    private static final byte[] RELEASED = new byte[0];

    /** Appends a status line and header block; header names and values are checked by the caller. */
    void head(int code, Headers headers) {
        ascii("HTTP/1.1 ");
        ascii(Integer.toString(code));
        put((byte) ' ');
        ascii(Status.reason(code));
        crlf();
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            for (String v : e.getValue()) {
                ascii(e.getKey());
                put((byte) ':');
                put((byte) ' ');
                ascii(v);
                crlf();
            }
        }
        crlf();
    }

    void write(byte[] b, int off, int len) throws IOException {
        if (buf.length < BUFFER && len > buf.length - count) buf = Arrays.copyOf(buf, Math.min(BUFFER, Math.max(INITIAL, Math.max(count + len, buf.length * 2))));
        if (len > buf.length - count) {
            // A large write after the head: one gathered write of head and body's start would
            // mean a copy of everything; send what is buffered, then the caller's bytes directly.
            if (count > 0 && count + len <= buf.length * 4) {
                buf = Arrays.copyOf(buf, count + len);
            } else {
                flush();
                if (len >= buf.length) {
                    transport.write(b, off, len, writeTimeout);
                    written += len;
                    return;
                }
            }
        }
        System.arraycopy(b, off, buf, count, len);
        count += len;
    }

    @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int): see below
    void ascii(String s) {
        int n = s.length();
        ensure(n);
        s.getBytes(0, n, buf, count); // deprecated but exact for ISO-8859-1 text, and copy-free
        count += n;
    }

    void put(byte b) {
        ensure(1);
        buf[count++] = b;
    }

    void crlf() {
        ensure(2);
        buf[count++] = '\r';
        buf[count++] = '\n';
    }

    private void ensure(int n) {
        if (buf.length == 0) buf = new byte[Math.max(INITIAL, n)];
        if (count + n > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + n));
    }

    /** Whether another pipelined request is already buffered (set by the connection). */
    java.util.function.BooleanSupplier pipelined = () -> false;

    /**
     * The end of a response: sends it, unless another pipelined request is already buffered and
     * there is room, in which case the next response joins it in one write (the connection
     * flushes before it waits for input).
     */
    void endOfResponse() throws IOException {
        if (count < BUFFER && pipelined.getAsBoolean()) return;
        flush();
    }

    /** Sends what is buffered. Blocks at most the write timeout without progress. */
    void flush() throws IOException {
        if (count == 0) return;
        int n = count;
        count = 0;
        transport.write(buf, 0, n, writeTimeout);
        written += n;
        // Only once it is written: do not keep a grown buffer per idle connection.
        if (buf.length > BUFFER * 4) buf = new byte[BUFFER];
    }

    /** Drops what is buffered (the connection is being abandoned). */
    void discard() {
        count = 0;
    }

    // ---- the Date header, formatted once a second ----------------------------------------

    private record CachedDate(long second, String value) {}

    /** RFC 9110 §5.6.7 IMF-fixdate: two-digit day, always GMT (RFC_1123_DATE_TIME drops the day's leading zero). */
    private static final DateTimeFormatter IMF_FIXDATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);

    private static volatile CachedDate date = new CachedDate(0, "");

    static String date() {
        long now = System.currentTimeMillis() / 1000;
        CachedDate d = date;
        if (d.second != now) {
            d = new CachedDate(now, IMF_FIXDATE.format(ZonedDateTime.ofInstant(java.time.Instant.ofEpochSecond(now), ZoneOffset.UTC)));
            date = d;
        }
        return d.value;
    }

    static byte[] bytes(String s) {
        return s.getBytes(ISO_8859_1);
    }
}
