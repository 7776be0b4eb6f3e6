package org.gevent4j.websocket;

import com.sun.net.httpserver.Headers;
import java.io.IOException;
import java.io.Serial;

/**
 * A client's handshake was refused or malformed: the server answered something other than a
 * valid {@code 101} (its status and headers are kept), or the 101 did not match the request (a
 * wrong {@code Sec-WebSocket-Accept}, a subprotocol or extension that was not offered).
 */
public final class WebSocketHandshakeException extends IOException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The HTTP status the server answered with. */
    private final int status;
    private final transient Headers headers;

    WebSocketHandshakeException(String message, int status, Headers headers) {
        super(message);
        this.status = status;
        this.headers = headers;
    }

    /**
     * The HTTP status the server answered (101 when the 101 itself was wrong).
     *
     * @return the response's status code
     */
    public int status() {
        return status;
    }

    /**
     * The response's headers (read-only).
     *
     * @return the headers of the refusing (or wrong) response; null after deserialization
     */
    public Headers headers() {
        return headers;
    }
}
