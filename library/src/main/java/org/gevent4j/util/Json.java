package org.gevent4j.util;

/**
 * The little JSON run-info needs: objects, arrays, strings, numbers and booleans, written in
 * order. Hand-written rather than a dependency: it is forty lines, and gevent4j's core depends
 * on nothing outside the JDK.
 */
final class Json {
    private final StringBuilder sb = new StringBuilder();
    /** Whether the next value in the current object or array needs a comma first. */
    private boolean comma;

    Json begin() {
        sep();
        sb.append('{');
        comma = false;
        return this;
    }

    Json end() {
        sb.append('}');
        comma = true;
        return this;
    }

    Json array(String key) {
        key(key);
        sb.append('[');
        comma = false;
        return this;
    }

    Json endArray() {
        sb.append(']');
        comma = true;
        return this;
    }

    Json key(String key) {
        sep();
        string(key);
        sb.append(':');
        comma = false;
        return this;
    }

    Json field(String key, String value) {
        key(key);
        if (value == null) sb.append("null");
        else string(value);
        comma = true;
        return this;
    }

    Json field(String key, long value) {
        key(key);
        sb.append(value);
        comma = true;
        return this;
    }

    Json field(String key, double value) {
        key(key);
        sb.append(Double.isFinite(value) ? Double.toString(value) : "null");
        comma = true;
        return this;
    }

    Json field(String key, boolean value) {
        key(key);
        sb.append(value);
        comma = true;
        return this;
    }

    /** A string element of the array being written. */
    Json value(String value) {
        sep();
        string(value);
        comma = true;
        return this;
    }

    private void sep() {
        if (comma) sb.append(',');
    }

    private void string(String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        sb.append('"');
    }

    @Override
    public String toString() {
        return sb.toString();
    }
}
