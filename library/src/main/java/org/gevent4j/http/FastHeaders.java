package org.gevent4j.http;

import com.sun.net.httpserver.Headers;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The request and response {@link Headers} of an exchange: the JDK's class, with the same
 * behaviour (keys normalized to "First-rest-lower-case", the same checks and exceptions), minus
 * its cost. The JDK's {@code normalize} copies every key into a new char array and String on
 * every call, even one already normalized, so a request's framing checks and a response's
 * headers cost about a dozen such copies each; here a normalized key is used as it is.
 * Handlers see a {@code Headers} and cannot tell.
 */
final class FastHeaders extends Headers {
    /** Sized as the JDK's: the same iteration order, so headers go out in the same order. */
    private final HashMap<String, List<String>> map = new HashMap<>(32);

    /**
     * The normalized forms of the names servers and handlers use most, as they are usually
     * spelled ("Content-Length") and in lower case: found without a copy.
     */
    private static final Map<String, String> COMMON = common("Accept", "Accept-Encoding", "Accept-Language", "Allow", "Authorization",
            "Cache-Control", "Connection", "Content-Encoding", "Content-Length", "Content-Type", "Cookie", "Date", "ETag", "Expect",
            "Host", "If-Modified-Since", "If-None-Match", "Keep-Alive", "Last-Modified", "Location", "Origin", "Referer", "Server",
            "Set-Cookie", "Transfer-Encoding", "Upgrade", "User-Agent", "Vary", "WWW-Authenticate", "X-Forwarded-For");

    private static Map<String, String> common(String... names) {
        HashMap<String, String> m = new HashMap<>();
        for (String n : names) {
            String normalized = slowNormalize(n);
            // A key already in normalized form needs no entry: slowNormalize returns it as it is.
            for (String spelling : new String[] {n, n.toLowerCase(java.util.Locale.ROOT)}) {
                if (!spelling.equals(normalized)) m.put(spelling, normalized);
            }
        }
        return Map.copyOf(m);
    }

    /** The JDK's normalization: first character upper case, the rest lower case; no CR or LF. */
    static String normalize(String key) {
        Objects.requireNonNull(key);
        String known = COMMON.get(key);
        return known != null ? known : slowNormalize(key);
    }

    private static String slowNormalize(String key) {
        int len = key.length();
        if (len == 0) return key;
        char c = key.charAt(0);
        boolean changes = c >= 'a' && c <= 'z';
        if (c == '\r' || c == '\n') throw new IllegalArgumentException("illegal character in key");
        for (int i = 1; i < len; i++) {
            c = key.charAt(i);
            if (c >= 'A' && c <= 'Z') changes = true;
            else if (c == '\r' || c == '\n') throw new IllegalArgumentException("illegal character in key");
        }
        if (!changes) return key;
        char[] b = key.toCharArray();
        if (b[0] >= 'a' && b[0] <= 'z') b[0] = (char) (b[0] - ('a' - 'A'));
        for (int i = 1; i < len; i++) {
            if (b[i] >= 'A' && b[i] <= 'Z') b[i] = (char) (b[i] + ('a' - 'A'));
        }
        return new String(b);
    }

    /** The JDK's check of a header name or value (sun.net.httpserver.Utils.checkHeader, not exported). */
    static void checkHeader(String s, boolean isValue) {
        int len = s.length();
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (c == '\r') {
                if (!isValue || i >= len - 2) throw new IllegalArgumentException("Illegal CR found in header");
                if (s.charAt(i + 1) != '\n') throw new IllegalArgumentException("Illegal char found after CR in header");
                char c2 = s.charAt(i + 2);
                if (c2 != ' ' && c2 != '\t') throw new IllegalArgumentException("No whitespace found after CRLF in header");
                i += 2;
            } else if (c == '\n') {
                throw new IllegalArgumentException("Illegal LF found in header");
            } else if (c > 255) {
                throw new IllegalArgumentException("Illegal character found in header");
            }
        }
    }

    @Override
    public int size() {
        return map.size();
    }

    @Override
    public boolean isEmpty() {
        return map.isEmpty();
    }

    @Override
    public boolean containsKey(Object key) {
        Objects.requireNonNull(key);
        return key instanceof String k && map.containsKey(normalize(k));
    }

    @Override
    public boolean containsValue(Object value) {
        Objects.requireNonNull(value);
        return map.containsValue(value);
    }

    @Override
    public List<String> get(Object key) {
        return map.get(normalize((String) key));
    }

    @Override
    public String getFirst(String key) {
        List<String> l = map.get(normalize(key));
        return l == null || l.isEmpty() ? null : l.get(0);
    }

    @Override
    public List<String> put(String key, List<String> value) {
        checkHeader(key, false);
        for (String v : value) checkHeader(v, true);
        return map.put(normalize(key), value);
    }

    @Override
    public void add(String key, String value) {
        checkHeader(key, false);
        checkHeader(value, true);
        map.computeIfAbsent(normalize(key), k -> new LinkedList<>()).add(value);
    }

    @Override
    public void set(String key, String value) {
        LinkedList<String> l = new LinkedList<>();
        l.add(value);
        put(key, l);
    }

    @Override
    public List<String> remove(Object key) {
        return map.remove(normalize((String) key));
    }

    @Override
    public void putAll(Map<? extends String, ? extends List<String>> t) {
        t.forEach(this::put);
    }

    @Override
    public void clear() {
        map.clear();
    }

    @Override
    public Set<String> keySet() {
        return map.keySet();
    }

    @Override
    public Collection<List<String>> values() {
        return map.values();
    }

    @Override
    public Set<Map.Entry<String, List<String>>> entrySet() {
        return map.entrySet();
    }

    @Override
    public void replaceAll(BiFunction<? super String, ? super List<String>, ? extends List<String>> function) {
        Objects.requireNonNull(function);
        map.replaceAll((k, v) -> {
            List<String> values = Objects.requireNonNull(function.apply(k, v));
            values.forEach(value -> checkHeader(value, true));
            return values;
        });
    }

    @Override
    public boolean equals(Object o) {
        return map.equals(o);
    }

    @Override
    public int hashCode() {
        return map.hashCode();
    }

    @Override
    public String toString() {
        return "Headers { " + map + " }";
    }
}
