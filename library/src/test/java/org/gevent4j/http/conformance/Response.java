package org.gevent4j.http.conformance;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** One response as the strict parser read it: status, headers in order, the decoded body. */
record Response(String version, int status, String reason, List<String[]> headers, byte[] body,
                List<String[]> trailers, boolean chunked) {

    boolean interim() {
        return status >= 100 && status < 200 && status != 101;
    }

    /** Every value of a header (case-insensitive name), in order. */
    List<String> all(String name) {
        List<String> out = new ArrayList<>();
        for (String[] h : headers) {
            if (h[0].equalsIgnoreCase(name)) {
                out.add(h[1]);
            }
        }
        return out;
    }

    String header(String name) {
        List<String> v = all(name);
        return v.isEmpty() ? null : String.join(",", v);
    }

    boolean has(String name) {
        return header(name) != null;
    }

    String text() {
        return new String(body, StandardCharsets.ISO_8859_1);
    }

    /** True when a Connection header lists the {@code close} option. */
    boolean connectionClose() {
        String c = header("Connection");
        if (c == null) {
            return false;
        }
        for (String t : c.split(",")) {
            if (t.trim().toLowerCase(Locale.ROOT).equals("close")) {
                return true;
            }
        }
        return false;
    }

    /** What the echo handler reported for one key (method, target, proto, body, h:name), or null. */
    String echo(String key) {
        String t = text();
        if (!t.startsWith("echo\n")) {
            return null;
        }
        String prefix = key + "=";
        for (String line : t.split("\n", -1)) {
            if (line.startsWith(prefix)) {
                if (key.equals("body")) {
                    return t.substring(t.indexOf("\nbody=") + 6);
                }
                return line.substring(prefix.length());
            }
        }
        return null;
    }

    @Override
    public String toString() {
        String t = text();
        if (t.length() > 60) {
            t = t.substring(0, 60) + "…";
        }
        return status + (chunked ? " (chunked)" : "") + " body=" + Esc.of(t);
    }
}
