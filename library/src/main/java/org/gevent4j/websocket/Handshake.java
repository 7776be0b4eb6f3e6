package org.gevent4j.websocket;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** RFC 6455 §4 handshake helpers shared by both sides. */
final class Handshake {
    private Handshake() {}

    static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /**
     * Loads the security providers and SHA-1 now: their first use takes over 100 ms of class
     * loading, which must not happen on a hub serving connections. Called where handlers and
     * clients are built.
     */
    static void warmUp() {
        accept("AAAAAAAAAAAAAAAAAAAAAA==");
    }

    /** {@code Sec-WebSocket-Accept} for a {@code Sec-WebSocket-Key}. */
    static String accept(String key) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            return Base64.getEncoder().encodeToString(sha1.digest((key + GUID).getBytes(ISO_8859_1)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is a required JDK algorithm", e);
        }
    }

    /** Whether {@code key} is the base64 of 16 bytes (RFC 6455 §4.2.1 item 5). */
    static boolean validKey(String key) {
        if (key == null || key.length() != 24) return false;
        try {
            return Base64.getDecoder().decode(key).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The comma-separated tokens of all values of a header, trimmed, empty ones dropped. */
    static List<String> tokens(List<String> values) {
        List<String> out = new ArrayList<>();
        if (values == null) return out;
        for (String v : values) {
            for (String t : v.split(",")) {
                String s = t.trim();
                if (!s.isEmpty()) out.add(s);
            }
        }
        return out;
    }

    /** An RFC 9110 token (a subprotocol name must be one). */
    static boolean isToken(String s) {
        if (s.isEmpty()) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 32 || c >= 127 || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) return false;
        }
        return true;
    }
}
