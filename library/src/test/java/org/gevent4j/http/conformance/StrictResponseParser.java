package org.gevent4j.http.conformance;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A strict HTTP/1.1 response parser (the role h11 plays in gate C4): it reads every response in a
 * byte stream and rejects any that a strict client would reject. Status line
 * {@code HTTP/1.x SP 3DIGIT SP reason CRLF}; header fields {@code token ":" OWS value OWS CRLF}
 * with no obs-fold, bare CR, bare LF or control bytes; the body framed by (RFC 9112 §6.3) the
 * request method and status (HEAD, 1xx, 204, 304: none), else chunked (strict CRLFs, hex size,
 * trailers), else Content-Length (digits, duplicates equal), else until close. It never guesses.
 */
final class StrictResponseParser {
    /** Thrown for a malformed response; {@code incomplete} when more bytes could still make it valid. */
    static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        final boolean incomplete;

        Malformed(String message, boolean incomplete) {
            super(message);
            this.incomplete = incomplete;
        }
    }

    /** The result of parsing everything received so far. */
    record Parsed(List<Response> responses, String error, boolean incompleteTail) {
    }

    private final byte[] b;
    private final int end;
    private final boolean eof;
    private final boolean tolerateInterimContentLength;
    private int pos;

    private StrictResponseParser(byte[] b, int end, boolean eof, boolean tolerateInterimContentLength) {
        this.b = b;
        this.end = end;
        this.eof = eof;
        this.tolerateInterimContentLength = tolerateInterimContentLength;
    }

    /**
     * Parses all responses in {@code data[0, len)}; {@code headAt} holds the indices (counted in
     * final responses) of responses that answer a HEAD request; {@code eof} says the server closed.
     */
    static Parsed parse(byte[] data, int len, boolean eof, Set<Integer> headAt) {
        return parse(data, len, eof, headAt, false);
    }

    /**
     * As {@link #parse(byte[], int, boolean, Set)}; {@code tolerateInterimContentLength} lets a
     * 1xx carry {@code Content-Length: 0} (the JDK's eager 100 does), only so that jdk mode can
     * still compare the rest of an Expect case. Never used to judge gevent4j.
     */
    static Parsed parse(byte[] data, int len, boolean eof, Set<Integer> headAt, boolean tolerateInterimContentLength) {
        StrictResponseParser p = new StrictResponseParser(data, len, eof, tolerateInterimContentLength);
        List<Response> out = new ArrayList<>();
        int finals = 0;
        while (p.pos < len) {
            int start = p.pos;
            try {
                Response r = p.one(headAt.contains(finals));
                out.add(r);
                if (!r.interim()) {
                    finals++;
                }
                if (r.status() == 101) {
                    break; // the connection is no longer HTTP/1.1
                }
            } catch (Malformed m) {
                if (m.incomplete && !eof) {
                    p.pos = start;
                    return new Parsed(out, null, true);
                }
                return new Parsed(out, (m.incomplete ? "truncated response: " : "malformed response: ")
                        + m.getMessage() + " at byte " + p.pos + " of response " + (out.size() + 1), false);
            }
        }
        return new Parsed(out, null, false);
    }

    private Response one(boolean head) throws Malformed {
        String statusLine = line("status line");
        if (!statusLine.matches("HTTP/1\\.[01] [1-9][0-9]{2} [\\t\\x20-\\x7e\\x80-\\xff]*")) {
            throw new Malformed("bad status line '" + Esc.of(statusLine) + "'", false);
        }
        String version = statusLine.substring(0, 8);
        int status = Integer.parseInt(statusLine.substring(9, 12));
        String reason = statusLine.substring(13);
        List<String[]> headers = fields("header");
        List<String> te = values(headers, "Transfer-Encoding");
        List<String> cl = values(headers, "Content-Length");
        boolean noBodyStatus = status < 200 || status == 204 || status == 304;
        if ((status < 200 || status == 204) && !te.isEmpty()) {
            throw new Malformed("Transfer-Encoding in a " + status + " response", false);
        }
        boolean tolerated = status < 200 && tolerateInterimContentLength && cl.size() == 1 && cl.get(0).equals("0");
        if ((status < 200 || status == 204) && !cl.isEmpty() && !tolerated) {
            throw new Malformed("Content-Length in a " + status + " response", false);
        }
        if (!te.isEmpty() && !cl.isEmpty()) {
            throw new Malformed("both Transfer-Encoding and Content-Length", false);
        }
        long length = -1;
        for (String v : cl) {
            for (String part : v.split(",", -1)) {
                String p = part.trim();
                if (!p.matches("[0-9]{1,18}")) {
                    throw new Malformed("bad Content-Length '" + Esc.of(v) + "'", false);
                }
                long n = Long.parseLong(p);
                if (length >= 0 && n != length) {
                    throw new Malformed("conflicting Content-Length values", false);
                }
                length = n;
            }
        }
        if (head || noBodyStatus) {
            return new Response(version, status, reason, headers, new byte[0], List.of(), false);
        }
        if (!te.isEmpty()) {
            String joined = String.join(",", te).trim();
            if (!joined.equalsIgnoreCase("chunked")) {
                throw new Malformed("unsupported Transfer-Encoding '" + Esc.of(joined) + "'", false);
            }
            byte[] body = chunkedBody();
            List<String[]> trailers = fields("trailer");
            return new Response(version, status, reason, headers, body, trailers, true);
        }
        if (length >= 0) {
            if (end - pos < length) {
                throw new Malformed("body shorter than Content-Length " + length, true);
            }
            byte[] body = slice(pos, (int) length);
            pos += (int) length;
            return new Response(version, status, reason, headers, body, List.of(), false);
        }
        // No framing: the body runs to the close.
        if (!eof) {
            throw new Malformed("close-delimited body not finished", true);
        }
        byte[] body = slice(pos, end - pos);
        pos = end;
        return new Response(version, status, reason, headers, body, List.of(), false);
    }

    private byte[] chunkedBody() throws Malformed {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        while (true) {
            String sizeLine = line("chunk size line");
            int semi = sizeLine.indexOf(';');
            String hex = semi < 0 ? sizeLine : sizeLine.substring(0, semi);
            if (!hex.matches("[0-9A-Fa-f]{1,15}")) {
                throw new Malformed("bad chunk size '" + Esc.of(sizeLine) + "'", false);
            }
            if (semi >= 0 && !sizeLine.substring(semi).matches("(;[!#$%&'*+.^_`|~0-9A-Za-z-]+(=([!#$%&'*+.^_`|~0-9A-Za-z-]+|\"[^\"]*\"))?)+")) {
                throw new Malformed("bad chunk extension '" + Esc.of(sizeLine) + "'", false);
            }
            long size = Long.parseLong(hex, 16);
            if (size == 0) {
                return out.toByteArray();
            }
            if (end - pos < size + 2) {
                throw new Malformed("chunk data cut short", true);
            }
            out.write(b, pos, (int) size);
            pos += (int) size;
            if (b[pos] != '\r' || b[pos + 1] != '\n') {
                throw new Malformed("chunk data not followed by CRLF", false);
            }
            pos += 2;
        }
    }

    /** Header or trailer fields up to and including the empty line. */
    private List<String[]> fields(String what) throws Malformed {
        List<String[]> out = new ArrayList<>();
        while (true) {
            String l = line(what + " line");
            if (l.isEmpty()) {
                return out;
            }
            if (l.charAt(0) == ' ' || l.charAt(0) == '\t') {
                throw new Malformed("obs-fold in " + what + " '" + Esc.of(l) + "'", false);
            }
            int colon = l.indexOf(':');
            if (colon <= 0 || !l.substring(0, colon).matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
                throw new Malformed("bad " + what + " field '" + Esc.of(l) + "'", false);
            }
            String value = l.substring(colon + 1).strip();
            if (!value.matches("[\\t\\x20-\\x7e\\x80-\\xff]*")) {
                throw new Malformed("control byte in " + what + " value '" + Esc.of(l) + "'", false);
            }
            out.add(new String[] {l.substring(0, colon), value});
        }
    }

    private static List<String> values(List<String[]> headers, String name) {
        List<String> out = new ArrayList<>();
        for (String[] h : headers) {
            if (h[0].equalsIgnoreCase(name)) {
                out.add(h[1]);
            }
        }
        return out;
    }

    /** One line ending in CRLF; a bare CR or LF is malformed. */
    private String line(String what) throws Malformed {
        for (int i = pos; i < end; i++) {
            byte c = b[i];
            if (c == '\n') {
                throw new Malformed("bare LF in " + what, false);
            }
            if (c == '\r') {
                if (i + 1 >= end) {
                    throw new Malformed(what + " cut short", true);
                }
                if (b[i + 1] != '\n') {
                    throw new Malformed("bare CR in " + what, false);
                }
                if (i - pos > 64 * 1024) {
                    throw new Malformed(what + " over 64 KiB", false);
                }
                String s = new String(b, pos, i - pos, StandardCharsets.ISO_8859_1);
                pos = i + 2;
                return s;
            }
        }
        throw new Malformed(what + " cut short", true);
    }

    private byte[] slice(int from, int n) {
        byte[] out = new byte[n];
        System.arraycopy(b, from, out, 0, n);
        return out;
    }
}
