package org.gevent4j.http.conformance;

import java.nio.charset.StandardCharsets;

/** Printable escapes of raw bytes for reports. */
final class Esc {
    private Esc() {
    }

    static String of(String s) {
        return of(s.getBytes(StandardCharsets.ISO_8859_1), 200);
    }

    static String of(byte[] b, int max) {
        StringBuilder sb = new StringBuilder();
        int n = Math.min(b.length, max);
        for (int i = 0; i < n; i++) {
            int c = b[i] & 0xff;
            switch (c) {
                case '\r' -> sb.append("\\r");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20 || c >= 0x7f) {
                        sb.append(String.format("\\x%02x", c));
                    } else {
                        sb.append((char) c);
                    }
                }
            }
        }
        if (b.length > max) {
            sb.append("…(").append(b.length).append(" bytes)");
        }
        return sb.toString();
    }
}
