package org.gevent4j.websocket;

/**
 * An incremental UTF-8 validator (RFC 3629, Unicode table 3-7: no overlongs, no surrogates,
 * nothing above U+10FFFF): bytes are fed as they arrive, across frames and inflater chunks, so
 * that the first bad byte is caught when it arrives (Autobahn 6.4: fail fast), not at the end of
 * the message. The state is two small ints kept in the object, never on a caller's stack.
 */
final class Utf8 {
    /** Continuation bytes still expected for the current character. */
    private int need;
    /** The allowed range of the next byte while {@code need > 0}. */
    private int lo = 0x80;
    private int hi = 0xBF;

    /** Feeds {@code b[off..off+len)}; false at the first byte no valid text can contain. */
    boolean feed(byte[] b, int off, int len) {
        int i = off;
        int end = off + len;
        while (i < end) {
            if (need == 0) {
                // ASCII runs are the common case: eight bytes per check.
                while (i + 8 <= end && (Bytes.longAt(b, i) & 0x8080808080808080L) == 0) i += 8;
                if (i >= end) break;
                int c = b[i++] & 0xFF;
                if (c < 0x80) continue;
                if (c < 0xC2) return false;
                if (c < 0xE0) {
                    need = 1;
                } else if (c < 0xF0) {
                    need = 2;
                    if (c == 0xE0) lo = 0xA0;
                    else if (c == 0xED) hi = 0x9F;
                } else if (c < 0xF5) {
                    need = 3;
                    if (c == 0xF0) lo = 0x90;
                    else if (c == 0xF4) hi = 0x8F;
                } else {
                    return false;
                }
            } else {
                int c = b[i++] & 0xFF;
                if (c < lo || c > hi) return false;
                lo = 0x80;
                hi = 0xBF;
                need--;
            }
        }
        return true;
    }

    /** Whether the text fed so far ends on a character boundary (checked at the end of a message). */
    boolean complete() {
        return need == 0;
    }

    /** Ready for the next message. */
    void reset() {
        need = 0;
        lo = 0x80;
        hi = 0xBF;
    }
}
