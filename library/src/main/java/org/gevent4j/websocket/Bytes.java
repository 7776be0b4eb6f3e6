package org.gevent4j.websocket;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Word-wide access to byte arrays, for the masking and UTF-8 hot loops. */
final class Bytes {
    private Bytes() {}

    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    static long longAt(byte[] b, int i) {
        return (long) LONG_BE.get(b, i);
    }

    /**
     * XORs {@code b[off..off+len)} with the 4-byte masking key (RFC 6455 §5.3), starting at key
     * byte {@code phase} (0-3), and returns the phase for the byte after the last: a frame's
     * payload may arrive in several pieces.
     */
    static int mask(byte[] b, int off, int len, int key, int phase) {
        int i = off;
        int end = off + len;
        // Rotate the key so that its first byte is the one for b[off]; then 8 bytes at a time.
        int k = Integer.rotateLeft(key, 8 * phase);
        long k8 = ((long) k << 32) | (k & 0xFFFFFFFFL);
        while (i + 8 <= end) {
            LONG_BE.set(b, i, (long) LONG_BE.get(b, i) ^ k8);
            i += 8;
        }
        while (i < end) {
            b[i] ^= (byte) (k >>> 24);
            k = Integer.rotateLeft(k, 8);
            i++;
        }
        return (phase + len) & 3;
    }
}
