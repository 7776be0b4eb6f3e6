package org.gevent4j.http.conformance;

/** The requirement level of a case (RFC 2119 words, as the origin or our HTTP requirements gives them). */
enum Level {
    MUST,
    SHOULD,
    MAY
}
