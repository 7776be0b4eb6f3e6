package org.gevent4j.http.conformance;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a case sends: raw bytes, possibly in parts with pauses, possibly followed by a sentinel
 * request ({@code GET /__sentinel} with {@code Connection: close}) that shows whether the
 * connection was still in sync, and possibly a half-close of the client's side.
 */
final class Req {
    static final String SENTINEL_TARGET = "/__sentinel";
    static final String SENTINEL = "GET " + SENTINEL_TARGET + " HTTP/1.1\r\nHost: conformance\r\nConnection: close\r\n\r\n";

    record Part(byte[] data, int pauseBeforeMs) {
    }

    final List<Part> parts = new ArrayList<>();
    final Set<Integer> headAt = new HashSet<>();
    boolean halfClose;
    boolean sentinel;
    int deadlineMs = 2000;
    int idleMs = 400;

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A request of raw ISO-8859-1 text. A leading "HEAD " marks response 0 as a HEAD response. */
    static Req of(String raw) {
        Req r = new Req().then(raw);
        if (raw.startsWith("HEAD ")) {
            r.headAt.add(0);
        }
        return r;
    }

    static Req of(byte[] raw) {
        Req r = new Req();
        r.parts.add(new Part(raw, 0));
        return r;
    }

    Req then(String raw) {
        parts.add(new Part(bytes(raw), 0));
        return this;
    }

    Req then(byte[] raw) {
        parts.add(new Part(raw, 0));
        return this;
    }

    /** Sends {@code raw} after a pause (a second write, usually after the first response). */
    Req thenAfter(int pauseMs, String raw) {
        parts.add(new Part(bytes(raw), pauseMs));
        return this;
    }

    Req sentinel() {
        sentinel = true;
        return this;
    }

    Req halfClose() {
        halfClose = true;
        return this;
    }

    Req head(int... responseIndices) {
        for (int i : responseIndices) {
            headAt.add(i);
        }
        return this;
    }

    Req deadline(int ms) {
        deadlineMs = ms;
        return this;
    }

    Req idle(int ms) {
        idleMs = ms;
        return this;
    }

    byte[] all() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Part p : parts) {
            out.writeBytes(p.data);
        }
        if (sentinel) {
            out.writeBytes(bytes(SENTINEL));
        }
        return out.toByteArray();
    }
}
