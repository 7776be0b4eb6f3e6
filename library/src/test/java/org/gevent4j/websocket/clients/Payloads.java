package org.gevent4j.websocket.clients;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.Random;

/** The messages every client oracle echoes: 16 MiB (the default limit, exactly) of text and of binary. */
final class Payloads {
    private Payloads() {}

    static final int MIB16 = 16 << 20;

    /** Exactly 16 MiB of UTF-8 with multi-byte code points, padded with ASCII. */
    static String text16MiB() {
        byte[] unit = "κόσμε-gevent4j-".getBytes(UTF_8);
        byte[] b = new byte[MIB16];
        int i = 0;
        for (; i + unit.length <= MIB16; i += unit.length) System.arraycopy(unit, 0, b, i, unit.length);
        for (; i < MIB16; i++) b[i] = '.';
        return new String(b, UTF_8);
    }

    static byte[] binary16MiB() {
        byte[] b = new byte[MIB16];
        new Random(16).nextBytes(b);
        return b;
    }

    /** Text whose 1-byte fragments end inside code points. */
    static final String FRAGMENTED_TEXT = "ab€ü😀".repeat(100);
}
