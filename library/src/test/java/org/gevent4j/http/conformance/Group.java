package org.gevent4j.http.conformance;

/** The test class that runs a case: one JUnit class per group. */
enum Group {
    FRAMING,
    MALFORMED_HEAD,
    LIMITS,
    KEEP_ALIVE,
    EXPECT_CONTINUE,
    BODILESS,
    RESPONSE_SPLITTING,
    LEADING_JUNK,
    LOG_INJECTION
}
