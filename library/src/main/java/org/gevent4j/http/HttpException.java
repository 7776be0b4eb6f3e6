package org.gevent4j.http;

import java.io.IOException;

/**
 * A request the server refuses: the status to answer with (400, 408, 413, 414, 431, 501, 505)
 * and the connection is closed after the answer. The only exception the head parser and the
 * chunked decoder throw besides the socket's own {@link IOException}s. A handler that reads a
 * malformed body sees it as an {@code IOException}.
 */
final class HttpException extends IOException {
    private static final long serialVersionUID = 1L;
    final int status;
    /** The refused request is a HEAD (known once its request line is read): the answer has no body. */
    boolean headRequest;

    HttpException(int status, String message) {
        super(status + " " + message, null);
        this.status = status;
    }

    // A refused request is routine under hostile input: no stack trace to fill.
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
