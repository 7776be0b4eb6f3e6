package org.gevent4j.http;

import com.sun.net.httpserver.Headers;
import java.net.URI;

/** One parsed request head: what the connection loop and the exchange need to frame the request. */
final class RequestHead {
    String method;
    String target;
    URI uri;
    /** The minor version: 0 for HTTP/1.0, 1 for HTTP/1.1 (and later 1.x, answered as 1.1). */
    int minor;
    final Headers headers = new FastHeaders();
    /** -1 when the request has no Content-Length. */
    long contentLength = -1;
    boolean chunked;
    /** The client asked to close (or is 1.0 without keep-alive). */
    boolean close;
    boolean expectContinue;
    /** The request line as received (for the access log). */
    String line;

    String protocol() {
        return minor == 0 ? "HTTP/1.0" : "HTTP/1.1";
    }

    boolean isHead() {
        return "HEAD".equals(method);
    }
}
