package org.gevent4j.http;

import java.time.Duration;

/**
 * The limits and timeouts one server applies (docs/http.md, limits defaults, set through
 * {@link HttpServer.Builder}). Immutable.
 */
record Limits(
        int requestLine, int headerLine, int headerSection, int headerCount, long maxBody, int chunkExtension,
        int drain, Duration head, Duration idle, Duration bodyRead, Duration write, Duration handshake, Duration linger) {

    static final Limits DEFAULTS = new Limits(8 * 1024, 8 * 1024, 64 * 1024, 100, -1, 4 * 1024, 64 * 1024,
            Duration.ofSeconds(15), Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(30),
            Duration.ofSeconds(10), Duration.ofSeconds(2));
}
