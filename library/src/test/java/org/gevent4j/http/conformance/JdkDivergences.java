package org.gevent4j.http.conformance;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Cases where the JDK's default server (JDK 25, {@code sun.net.httpserver}) does not do what
 * gevent4j must, with the reason: in jdk mode these are reported, not failed. Every other case
 * must pass on the JDK, which is how the harness is validated. A key ending in {@code *} covers
 * every id with that prefix.
 */
final class JdkDivergences {
    private static final Map<String, String> KNOWN = new LinkedHashMap<>();

    private JdkDivergences() {
    }

    private static void known(String reason, String... ids) {
        for (String id : ids) {
            KNOWN.put(id, reason);
        }
    }

    static {
    }

    /** Why the JDK diverges on this case, or null when it is expected to pass. */
    static String reason(String id) {
        String r = KNOWN.get(id);
        if (r != null) {
            return r;
        }
        for (Map.Entry<String, String> e : KNOWN.entrySet()) {
            String k = e.getKey();
            if (k.endsWith("*") && id.startsWith(k.substring(0, k.length() - 1))) {
                return e.getValue();
            }
        }
        return null;
    }
}
