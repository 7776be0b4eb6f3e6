package org.gevent4j.websocket.conformance;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.Random;

/**
 * Payloads for the permessage-deflate cases, generated from a fixed seed in place of Autobahn's data
 * files: JSON-like text (compresses well), binary with repeats, and random binary (does not compress).
 */
record TestData(byte[] bytes, boolean binary) {
    private static final int SIZE = 512 * 1024;

    static TestData of(int kind) {
        Random r = new Random(12 + kind);
        return switch (kind) {
            case 0 -> {
                StringBuilder s = new StringBuilder(SIZE + 200);
                String[] words = {"id", "name", "value", "tags", "gevent", "greenlet", "hub", "µ-süß", "κόσμε", "ok"};
                while (s.length() < SIZE) {
                    s.append("{\"").append(words[r.nextInt(words.length)]).append("\": ").append(r.nextInt(100000))
                            .append(", \"").append(words[r.nextInt(words.length)]).append("\": \"")
                            .append(words[r.nextInt(words.length)]).append("\"},\n");
                }
                // ASCII only at the cut points below: slices must stay valid UTF-8
                yield new TestData(ascii(s.toString()).getBytes(UTF_8), false);
            }
            case 1 -> {
                byte[] b = new byte[SIZE];
                for (int i = 0; i < SIZE; i++) b[i] = (byte) (r.nextInt(8) == 0 ? r.nextInt(256) : (i / 64) % 7);
                yield new TestData(b, true);
            }
            default -> {
                byte[] b = new byte[SIZE];
                r.nextBytes(b);
                yield new TestData(b, true);
            }
        };
    }

    private static String ascii(String s) {
        return s.replace("µ-süß", "mu-suess").replace("κόσμε", "kosme");
    }

    /** The i-th message of {@code size} bytes, taken round-robin from the data as Autobahn does. */
    byte[] slice(int i, int size) {
        byte[] m = new byte[size];
        long start = (long) i * size % bytes.length;
        for (int k = 0; k < size; k++) m[k] = bytes[(int) ((start + k) % bytes.length)];
        return m;
    }
}
