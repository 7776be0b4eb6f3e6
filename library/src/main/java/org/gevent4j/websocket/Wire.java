package org.gevent4j.websocket;

import java.io.IOException;
import java.net.InetSocketAddress;

/** The byte stream under a WebSocket: an upgraded server connection or a client's (TLS) socket. */
interface Wire {
    /** Reads at least one byte into {@code b[off..off+len)}; -1 at end of stream. Blocks cooperatively. */
    int read(byte[] b, int off, int len) throws IOException;

    /** Writes all of {@code b[off..off+len)}; blocks while the peer's window is full. */
    void write(byte[] b, int off, int len) throws IOException;

    /** Closes the connection; a greenlet blocked in read or write then fails. Never blocks. */
    void close();

    InetSocketAddress remote();

    boolean secure();
}
