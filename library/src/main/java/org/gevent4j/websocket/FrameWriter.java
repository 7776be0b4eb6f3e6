package org.gevent4j.websocket;

import java.io.IOException;
import java.security.SecureRandom;

/**
 * RFC 6455 §5 frame encoder. A client masks every frame with a fresh key from a strong random
 * source (§5.3), into a copy: the caller's array is never touched. Small frames leave in one
 * write (header and payload together); large ones in slices of {@link #SLICE} bytes. Not
 * thread-safe: the connection's frame lock serializes its callers.
 */
final class FrameWriter {
    /** Frames up to this size are copied into one array with their header: one write, one packet. */
    private static final int COALESCE = 16 * 1024;
    private static final int SLICE = 64 * 1024;
    /** Created at the first client's construction (off the hub, usually), not at this class's loading. */
    static final class Keys {
        private Keys() {}

        static final SecureRandom RANDOM = new SecureRandom();
    }

    private final boolean client;
    private byte[] scratch;
    /** Masking keys fetched 16 at a time: a SecureRandom call costs about a microsecond. */
    private byte[] keys;
    private int keyAt;

    FrameWriter(boolean client) {
        this.client = client;
    }

    /** Writes one frame; blocks in {@code wire.write}. */
    void write(Wire wire, int opcode, boolean fin, boolean rsv1, byte[] p, int off, int len) throws IOException {
        int b0 = (fin ? 0x80 : 0) | (rsv1 ? 0x40 : 0) | opcode;
        int hlen = 2 + (len < 126 ? 0 : len < 65536 ? 2 : 8) + (client ? 4 : 0);
        int key = client ? nextKey() : 0;
        if (len <= COALESCE) {
            byte[] f = new byte[hlen + len];
            header(f, b0, len, key);
            System.arraycopy(p, off, f, hlen, len);
            if (client) Bytes.mask(f, hlen, len, key, 0);
            wire.write(f, 0, f.length);
            return;
        }
        byte[] h = new byte[hlen];
        header(h, b0, len, key);
        wire.write(h, 0, hlen);
        if (!client) {
            wire.write(p, off, len);
            return;
        }
        if (scratch == null) scratch = new byte[SLICE];
        int phase = 0;
        for (int done = 0; done < len; ) {
            int n = Math.min(SLICE, len - done);
            System.arraycopy(p, off + done, scratch, 0, n);
            phase = Bytes.mask(scratch, 0, n, key, phase);
            wire.write(scratch, 0, n);
            done += n;
        }
    }

    private int nextKey() {
        if (keys == null || keyAt == keys.length) {
            if (keys == null) keys = new byte[64];
            Keys.RANDOM.nextBytes(keys);
            keyAt = 0;
        }
        int k = ((keys[keyAt] & 0xFF) << 24) | ((keys[keyAt + 1] & 0xFF) << 16) | ((keys[keyAt + 2] & 0xFF) << 8) | (keys[keyAt + 3] & 0xFF);
        keyAt += 4;
        return k;
    }

    private void header(byte[] h, int b0, int len, int key) {
        h[0] = (byte) b0;
        int mask = client ? 0x80 : 0;
        int at;
        if (len < 126) {
            h[1] = (byte) (mask | len);
            at = 2;
        } else if (len < 65536) {
            h[1] = (byte) (mask | 126);
            h[2] = (byte) (len >>> 8);
            h[3] = (byte) len;
            at = 4;
        } else {
            h[1] = (byte) (mask | 127);
            for (int i = 0; i < 8; i++) h[2 + i] = (byte) ((long) len >>> (56 - 8 * i));
            at = 10;
        }
        if (client) {
            h[at] = (byte) (key >>> 24);
            h[at + 1] = (byte) (key >>> 16);
            h[at + 2] = (byte) (key >>> 8);
            h[at + 3] = (byte) key;
        }
    }
}
