package org.gevent4j.http.conformance;

/**
 * One conformance case: an id tagged by origin ({@code probe:}, {@code pywsgi:}, {@code go:},
 * {@code llhttp:}, {@code notes:}), its requirement level, the pitfall row (docs/http-conformance.md) or §5.2 limit it
 * covers, what it sends, and the outcome gevent4j must give. {@code slow} cases wait for a server
 * timeout and run only with -Dgevent4j.http.conformance.slow=true.
 */
record ConfCase(String id, Level level, Group group, String notes, Req req, Expect expect, boolean slow) {

    String origin() {
        return id.substring(0, id.indexOf(':'));
    }

    @Override
    public String toString() {
        return id + " [" + level + (notes.isEmpty() ? "" : " " + notes) + "]";
    }
}
