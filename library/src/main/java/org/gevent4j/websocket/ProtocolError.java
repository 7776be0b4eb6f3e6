package org.gevent4j.websocket;

import java.io.Serial;

/**
 * The peer broke RFC 6455 (or a limit): the connection is failed with {@link #code} (1002, 1007,
 * 1009) and the message as the close reason. Internal: users see it as {@link WebSocket#closeCode()}.
 */
final class ProtocolError extends Exception {
    @Serial
    private static final long serialVersionUID = 1L;

    final int code;

    ProtocolError(int code, String reason) {
        super(reason, null, false, false);
        this.code = code;
    }
}
