package org.gevent4j.http;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import org.gevent4j.internal.InputBuffer;

/**
 * Parses a request head (RFC 9112 §2–§6) straight from an {@link InputBuffer}'s bytes: no regex,
 * no per-line String, one String per token kept. Strict where framing is decided (pitfalls, docs/http-conformance.md,
 * #1–#10, #18); every refusal is an {@link HttpException} with the status to answer.
 *
 * <p>Choices where the RFC leaves one (documented in {@link HttpServer}): a bare LF ends a head
 * line (MAY), a bare CR anywhere is 400, obs-fold and leading whitespace are 400, empty lines
 * before the request line are skipped, any other leading byte is 400, two Content-Length headers
 * are 400 even when equal (as the JDK), Transfer-Encoding other than exactly {@code chunked} is
 * 501 if it names a coding we lack, 400 if malformed.
 */
final class HeadParser {
    private HeadParser() {}

    /** tchar (RFC 9110 §5.6.2) by byte. */
    static final boolean[] TCHAR = new boolean[256];
    /** Bytes allowed in a Host value: reg-name, IPv6 literal, port. */
    private static final boolean[] HOST = new boolean[256];

    static {
        for (int c = '0'; c <= '9'; c++) TCHAR[c] = HOST[c] = true;
        for (int c = 'a'; c <= 'z'; c++) TCHAR[c] = HOST[c] = true;
        for (int c = 'A'; c <= 'Z'; c++) TCHAR[c] = HOST[c] = true;
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) TCHAR[c] = true;
        for (char c : "-._~!$&'()*+,;=:[]%".toCharArray()) HOST[c] = true;
    }

    /**
     * Reads one request head. Returns null if the stream ends before its first byte (a client
     * closing an idle connection). Blocks in the buffer's source.
     *
     * @throws HttpException for a request to refuse (status inside), including a stream that
     *     ends inside the head (400)
     */
    static RequestHead parse(InputBuffer in, Limits limits) throws IOException {
        RequestHead head = new RequestHead();
        int budget = limits.headerSection();
        // Empty lines before the request line are skipped (RFC 9112 §2.2), within the head budget.
        int lf;
        while (true) {
            if (!in.fill()) return null;
            // Not a method's first byte (a TLS ClientHello, binary junk): refused at once rather
            // than after waiting for a line feed that may never come.
            int first = in.array()[in.position()] & 0xff;
            if (!TCHAR[first] && first != '\r' && first != '\n') throw new HttpException(400, "Bad Request: request line");
            lf = in.indexOfLf(limits.requestLine() + 1, true);
            if (lf == InputBuffer.BARE_CR) throw new HttpException(400, "Bad Request: bare CR");
            if (lf == InputBuffer.TOO_LONG) throw new HttpException(414, "Request-URI Too Long");
            if (lf == InputBuffer.EOF) throw new HttpException(400, "Bad Request: truncated request line");
            int len = lf - in.position();
            if (len == 0 || (len == 1 && in.array()[in.position()] == '\r')) {
                budget -= len + 1;
                if (budget < 0) throw new HttpException(400, "Bad Request: empty lines");
                in.position(lf + 1);
                continue;
            }
            break;
        }
        int end = lineEnd(in.array(), in.position(), lf);
        if (end - in.position() > limits.requestLine()) throw new HttpException(414, "Request-URI Too Long");
        requestLine(head, in.array(), in.position(), end);
        in.position(lf + 1);
        try {
            if (head.method.equals("CONNECT")) throw new HttpException(501, "Not Implemented: CONNECT");
            headers(head, in, limits, budget, false);
            frame(head);
        } catch (HttpException e) {
            e.headRequest = head.isHead();
            throw e;
        }
        return head;
    }

    /**
     * Reads header lines up to the empty line into {@code head.headers}. With {@code trailer}
     * (the chunked body's trailer section) a bare LF is refused too.
     */
    static void headers(RequestHead head, InputBuffer in, Limits limits, int budget, boolean trailer) throws IOException {
        int count = 0;
        while (true) {
            int lf = in.indexOfLf(limits.headerLine() + 1, true);
            if (lf == InputBuffer.BARE_CR) throw new HttpException(400, "Bad Request: bare CR");
            if (lf == InputBuffer.TOO_LONG) throw new HttpException(431, "Request Header Fields Too Large");
            if (lf == InputBuffer.EOF) throw new HttpException(400, "Bad Request: truncated head");
            byte[] b = in.array();
            int start = in.position();
            if (trailer && (lf == start || b[lf - 1] != '\r')) throw new HttpException(400, "Bad Request: bare LF in chunked framing");
            int end = lineEnd(b, start, lf);
            budget -= lf + 1 - start;
            if (budget < 0) throw new HttpException(431, "Request Header Fields Too Large");
            if (end - start > limits.headerLine()) throw new HttpException(431, "Request Header Fields Too Large");
            if (end == start) {
                in.position(lf + 1);
                return;
            }
            if (++count > limits.headerCount()) throw new HttpException(431, "Request Header Fields Too Large: over " + limits.headerCount() + " fields");
            field(head, b, start, end);
            in.position(lf + 1);
        }
    }

    /** The end of a line's content: before its CR LF or bare LF; a CR elsewhere is refused. */
    private static int lineEnd(byte[] b, int start, int lf) throws HttpException {
        int end = lf > start && b[lf - 1] == '\r' ? lf - 1 : lf;
        for (int i = start; i < end; i++) {
            if (b[i] == '\r') throw new HttpException(400, "Bad Request: bare CR");
        }
        return end;
    }

    private static void requestLine(RequestHead head, byte[] b, int start, int end) throws HttpException {
        int i = start;
        while (i < end && TCHAR[b[i] & 0xff]) i++;
        if (i == start || i >= end || b[i] != ' ') throw new HttpException(400, "Bad Request: request line");
        head.method = new String(b, start, i - start, ISO_8859_1);
        int t = ++i;
        while (i < end && b[i] > ' ' && b[i] != 0x7f) i++;
        if (i == t || i >= end || b[i] != ' ') throw new HttpException(400, "Bad Request: request target");
        head.target = new String(b, t, i - t, ISO_8859_1);
        int v = i + 1;
        if (end - v != 8 || b[v] != 'H' || b[v + 1] != 'T' || b[v + 2] != 'T' || b[v + 3] != 'P' || b[v + 4] != '/'
                || !digit(b[v + 5]) || b[v + 6] != '.' || !digit(b[v + 7])) {
            throw new HttpException(400, "Bad Request: HTTP version");
        }
        int major = b[v + 5] - '0';
        if (major == 0) throw new HttpException(400, "Bad Request: HTTP version");
        if (major != 1) throw new HttpException(505, "HTTP Version Not Supported");
        head.minor = b[v + 7] == '0' ? 0 : 1;
        head.line = new String(b, start, end - start, ISO_8859_1);
        head.uri = target(head.method, head.target);
    }

    private static boolean digit(byte c) {
        return c >= '0' && c <= '9';
    }

    /** Origin-form, absolute-form, {@code *} for OPTIONS, authority-form for CONNECT. */
    private static URI target(String method, String target) throws HttpException {
        try {
            if (target.charAt(0) == '/') return new URI(target);
            if (target.equals("*")) {
                if (!method.equals("OPTIONS")) throw new HttpException(400, "Bad Request: * is for OPTIONS");
                return new URI(null, null, "*", null);
            }
            if (method.equals("CONNECT")) return new URI("//" + target);
            URI u = new URI(target);
            if (!u.isAbsolute() || u.getRawAuthority() == null) throw new HttpException(400, "Bad Request: request target");
            // userinfo in an http(s) target is deprecated and a phishing vector: an error (RFC 9110 §4.2.4)
            if (u.getRawUserInfo() != null || u.getRawAuthority().indexOf('@') >= 0) {
                throw new HttpException(400, "Bad Request: userinfo in the request target");
            }
            return u;
        } catch (URISyntaxException e) {
            throw new HttpException(400, "Bad Request: request target");
        }
    }

    private static void field(RequestHead head, byte[] b, int start, int end) throws HttpException {
        int i = start;
        while (i < end && TCHAR[b[i] & 0xff]) i++;
        // Also refuses obs-fold and leading whitespace (i == start) and "Name : value".
        if (i == start || i >= end || b[i] != ':') throw new HttpException(400, "Bad Request: header field name");
        String name = new String(b, start, i - start, ISO_8859_1);
        int v = i + 1;
        while (v < end && (b[v] == ' ' || b[v] == '\t')) v++;
        int e = end;
        while (e > v && (b[e - 1] == ' ' || b[e - 1] == '\t')) e--;
        for (int k = v; k < e; k++) {
            int c = b[k] & 0xff;
            if ((c < 0x20 && c != '\t') || c == 0x7f) throw new HttpException(400, "Bad Request: control character in " + name);
        }
        head.headers.add(name, new String(b, v, e - v, ISO_8859_1));
    }

    /** uri-host [ ":" port ] (RFC 9110 §7.2): an IP literal in brackets, at most one colon else, a port of digits. */
    private static boolean validHostPort(String host) {
        int colon;
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            if (close < 0 || host.indexOf('[', 1) >= 0 || host.indexOf(']', close + 1) >= 0) return false;
            if (close == host.length() - 1) return true;
            if (host.charAt(close + 1) != ':') return false;
            colon = close + 1;
        } else {
            if (host.indexOf('[') >= 0 || host.indexOf(']') >= 0) return false;
            colon = host.indexOf(':');
            if (colon < 0) return true;
            if (host.indexOf(':', colon + 1) >= 0) return false;
        }
        for (int i = colon + 1; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c < '0' || c > '9') return false;
        }
        return true;
    }

    /** Decides the body's framing and the connection's fate from the headers (RFC 9112 §6.3). */
    private static void frame(RequestHead head) throws HttpException {
        var h = head.headers;
        List<String> hosts = h.get("Host");
        if (hosts == null) {
            if (head.minor == 1) throw new HttpException(400, "Bad Request: missing Host");
        } else {
            if (hosts.size() > 1) throw new HttpException(400, "Bad Request: two Host headers");
            String host = hosts.get(0);
            for (int i = 0; i < host.length(); i++) {
                if (!HOST[host.charAt(i) & 0xff] || host.charAt(i) > 0xff) throw new HttpException(400, "Bad Request: Host");
            }
            if (!validHostPort(host)) throw new HttpException(400, "Bad Request: Host");
        }
        List<String> te = h.get("Transfer-Encoding");
        List<String> cl = h.get("Content-Length");
        if (te != null) {
            if (cl != null) throw new HttpException(400, "Bad Request: both Content-Length and Transfer-Encoding");
            if (head.minor == 0) throw new HttpException(400, "Bad Request: Transfer-Encoding in HTTP/1.0");
            int chunked = 0, other = 0;
            for (String line : te) {
                for (String coding : line.split(",", -1)) {
                    String c = coding.strip();
                    if (c.isEmpty()) throw new HttpException(400, "Bad Request: Transfer-Encoding");
                    if (c.equalsIgnoreCase("chunked")) chunked++;
                    else {
                        for (int i = 0; i < c.length(); i++) {
                            if (!TCHAR[c.charAt(i) & 0xff]) throw new HttpException(400, "Bad Request: Transfer-Encoding");
                        }
                        other++;
                    }
                }
            }
            if (other > 0) throw new HttpException(501, "Not Implemented: Transfer-Encoding " + String.join(", ", te));
            if (chunked != 1) throw new HttpException(400, "Bad Request: Transfer-Encoding");
            head.chunked = true;
        } else if (cl != null) {
            if (cl.size() > 1) throw new HttpException(400, "Bad Request: two Content-Length headers");
            String s = cl.get(0);
            if (s.isEmpty() || s.length() > 18) throw new HttpException(400, "Bad Request: Content-Length");
            long n = 0;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c < '0' || c > '9') throw new HttpException(400, "Bad Request: Content-Length");
                n = n * 10 + (c - '0');
            }
            head.contentLength = n;
        }
        boolean keepAlive = head.minor == 1;
        List<String> conn = h.get("Connection");
        if (conn != null) {
            for (String line : conn) {
                for (String token : line.split(",")) {
                    String t = token.strip();
                    if (t.equalsIgnoreCase("close")) keepAlive = false;
                    else if (t.equalsIgnoreCase("keep-alive") && head.minor == 0) keepAlive = true;
                }
            }
        }
        head.close = !keepAlive;
        String expect = h.getFirst("Expect");
        head.expectContinue = head.minor == 1 && expect != null && expect.equalsIgnoreCase("100-continue");
    }
}
