package org.gevent4j.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The state and the rules of one request/response exchange; {@link PlainExchange} and
 * {@link SecureExchange} are its faces as the JDK's {@link HttpExchange} and
 * {@link com.sun.net.httpserver.HttpsExchange}. Runs in the connection's greenlet (or on the
 * executor the SPI was given, one thread at a time).
 *
 * <p>Response rules (RFC 9110/9112; pitfalls, docs/http-conformance.md, #12, #13): header names and values with CR or
 * LF are refused with {@link IllegalArgumentException} before a byte is written; 1xx, 204 and
 * 304 never carry a body and 204/1xx no Content-Length; a HEAD response keeps the length the
 * handler declared but sends no body; {@code Date} is added; {@code Connection: close} is sent
 * whenever the connection will close, {@code Connection: keep-alive} to a 1.0 client kept alive.
 */
final class ExchangeImpl {
    final Connection conn;
    final RequestHead head;
    final Context context;
    final Headers responseHeaders = new FastHeaders();
    final RequestBody body;
    final HttpExchange face;
    final long startNanos = System.nanoTime();
    private Map<String, Object> attributes;
    private InputStream in;
    private OutputStream out;
    private ResponseBody response;
    HttpPrincipal principal;
    int code = -1;
    boolean headersSent, continueSent;
    /** The connection closes after this exchange. */
    boolean close;
    /** Set by {@link Upgraded#upgrade}: the 101 is out and the connection belongs to the handler. */
    Upgraded upgraded;

    ExchangeImpl(Connection conn, RequestHead head, Context context) {
        this.conn = conn;
        this.head = head;
        this.context = context;
        this.body = new RequestBody(conn.in, conn.limits, head, this::beforeBodyRead);
        this.in = body;
        this.close = head.close;
        this.face = conn.transport.secure() ? new SecureExchange(this) : new PlainExchange(this);
    }

    InputStream requestBody() {
        return in;
    }

    OutputStream responseBody() {
        if (out == null) out = new OutputStream() { // before sendResponseHeaders: refuse, as the JDK does
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (response == null) throw new IOException("sendResponseHeaders must be called before writing the body");
                response.write(b, off, len);
            }

            @Override
            public void flush() throws IOException {
                if (response != null) response.flush();
            }

            @Override
            public void close() throws IOException {
                if (response != null) response.close();
            }
        };
        return out;
    }

    void setStreams(InputStream i, OutputStream o) {
        if (i != null) in = i;
        if (o != null) {
            responseBody();
            out = o;
        }
    }

    Object attribute(String name) {
        if (attributes != null && attributes.containsKey(name)) return attributes.get(name);
        return context.getAttributes().get(name);
    }

    void attribute(String name, Object value) {
        if (attributes == null) attributes = new HashMap<>();
        attributes.put(name, value);
    }

    /** The lazy {@code 100 Continue}: only before the final status, at most once, only on a 1.1 request that asked. */
    private void beforeBodyRead() {
        if (!head.expectContinue || continueSent || headersSent) return;
        continueSent = true;
        try {
            conn.out.ascii("HTTP/1.1 100 Continue\r\n\r\n");
            conn.out.flush();
        } catch (IOException e) {
            close = true; // the read that follows fails on the same broken connection
        }
    }

    /**
     * The JDK's {@code sendResponseHeaders}: {@code length} 0 means chunked (until close for a
     * 1.0 client), -1 no body, more a Content-Length. A 1xx status (but 101) is an interim
     * response: sent at once (not to 1.0 clients) and the final one is still to come.
     */
    void sendResponseHeaders(int rCode, long length) throws IOException {
        if (headersSent) throw new IOException("headers already sent");
        if (rCode < 100 || rCode > 999) throw new IllegalArgumentException("status code out of range: " + rCode);
        check(responseHeaders);
        if (rCode < 200 && rCode != 101) {
            if (rCode == 100) continueSent = true;
            if (head.minor == 1) {
                conn.out.head(rCode, responseHeaders);
                conn.out.flush();
            }
            return;
        }
        boolean noBody = head.isHead() || rCode == 204 || rCode == 304 || rCode == 101;
        ResponseBody.Mode mode;
        Headers h = responseHeaders;
        if (rCode != 304) h.remove("Content-Length");
        h.remove("Transfer-Encoding");
        if (noBody) {
            mode = ResponseBody.Mode.DISCARD;
            if (head.isHead() && length > 0 && rCode != 204 && rCode != 304) h.set("Content-Length", Long.toString(length));
        } else if (length == -1) {
            mode = ResponseBody.Mode.NONE;
            h.set("Content-Length", "0");
        } else if (length > 0) {
            mode = ResponseBody.Mode.FIXED;
            h.set("Content-Length", Long.toString(length));
        } else if (length == 0) {
            if (head.minor == 1) {
                mode = ResponseBody.Mode.CHUNKED;
                h.set("Transfer-Encoding", "chunked");
            } else {
                mode = ResponseBody.Mode.UNTIL_CLOSE;
                close = true;
            }
        } else {
            throw new IllegalArgumentException("negative response length: " + length);
        }
        // A client that sent Expect: 100-continue and got no 100 may never send its body: the
        // connection cannot be reused unless the body was read already (gevent #2075).
        if (head.expectContinue && !continueSent && !body.consumed()) close = true;
        // A body too big to drain after the response: say so now, and close (lingering) after it.
        if (body.knownToExceed(conn.limits.drain())) close = true;
        // The handler's own Connection: close is honoured: nothing more is read (RFC 9112 §9.6).
        if (!close && hasToken(h.get("Connection"), "close")) close = true;
        if (conn.server.draining()) close = true;
        if (close) h.set("Connection", "close");
        else if (head.minor == 0) h.set("Connection", "keep-alive");
        if (!h.containsKey("Date")) h.set("Date", ResponseWriter.date());
        code = rCode;
        headersSent = true;
        conn.out.head(rCode, h);
        response = new ResponseBody(conn.out, mode, length);
        // No body to wait for: the head leaves now (writes are refused or dropped; close() is a no-op).
        if (mode == ResponseBody.Mode.NONE || mode == ResponseBody.Mode.DISCARD) conn.out.endOfResponse();
    }

    /** Whether a comma-separated header (Connection, Upgrade) lists {@code token}, in any case. */
    static boolean hasToken(List<String> values, String token) {
        if (values == null) return false;
        for (String v : values) {
            for (String t : v.split(",")) {
                if (t.trim().equalsIgnoreCase(token)) return true;
            }
        }
        return false;
    }

    /** Response splitting (pitfalls, docs/http-conformance.md, #12): no CR or LF anywhere, names are tokens. */
    static void check(Headers headers) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            String name = e.getKey();
            if (name == null || name.isEmpty()) throw new IllegalArgumentException("empty header name");
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                if (c <= ' ' || c == ':' || c >= 0x7f) throw new IllegalArgumentException("illegal character in header name: " + name);
            }
            for (String v : e.getValue()) {
                if (v == null) throw new IllegalArgumentException("null value for header " + name);
                for (int i = 0; i < v.length(); i++) {
                    char c = v.charAt(i);
                    if (c == '\r' || c == '\n' || c == 0 || c > 0xff) {
                        throw new IllegalArgumentException("illegal character in value of header " + name);
                    }
                }
            }
        }
    }

    /** Body bytes the handler sent (the access log's %b). */
    long bodyBytes() {
        return response == null ? 0 : response.bytes;
    }

    /** Forgets a response still wholly in the buffer, so that an error status can replace it. */
    void retract() {
        conn.out.discard();
        headersSent = false;
        response = null;
        code = -1;
        responseHeaders.clear();
        close = true;
    }

    /** The handler is done: ends the body, and says whether the connection stays open. */
    boolean finish() throws IOException {
        if (!headersSent) {
            // The handler returned without a response: answer 500 rather than leave the client
            // waiting (the JDK leaves the exchange open until the connection idles out).
            close = true;
            sendResponseHeaders(500, -1);
        }
        response.close();
        if (out != null && out != response) {
            try {
                out.close(); // a filter's wrapping stream
            } catch (IOException ignored) {
                // the body itself is complete; a wrapper's close failure does not change framing
            }
        }
        if (response.incomplete) close = true;
        if (close) return false;
        if (head.expectContinue && !continueSent && !body.consumed()) return false;
        try {
            // The response leaves before a slow body is drained (the client may wait for it).
            if (!body.consumed()) conn.out.flush();
            return body.drain(conn.limits.drain());
        } catch (IOException e) {
            return false;
        }
    }

    void close() {
        try {
            in.close();
            if (response != null) responseBody().close();
        } catch (IOException ignored) {
            // the connection loop finds the broken connection on its next write
        }
    }
}
