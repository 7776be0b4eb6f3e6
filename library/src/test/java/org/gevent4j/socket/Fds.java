package org.gevent4j.socket;

import java.io.File;

/** Open file descriptors of this process, from /proc/self/fd (Linux); -1 where there is no /proc. */
final class Fds {
    private Fds() {}

    /**
     * Makes the current hub open its selector (by waiting on a socket once) and settle, so that a
     * count taken next is not disturbed by the selector's own descriptors.
     */
    static void warmHub() throws Exception {
        try (Socket s = Socket.udp()) {
            s.bind("127.0.0.1", 0);
            s.setTimeout(java.time.Duration.ofMillis(1));
            try {
                s.recv(1);
            } catch (java.net.SocketTimeoutException expected) {
                // nothing was sent
            }
        }
        org.gevent4j.Gevent.sleep(0.001);
    }

    static int count() {
        String[] names = new File("/proc/self/fd").list();
        return names == null ? -1 : names.length;
    }
}
