package org.gevent4j.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;

/**
 * Whether this platform has {@code SO_REUSEPORT}: the JDK lists it among a channel's supported
 * options only where the kernel has it. Found once, on a throwaway channel (a {@code socket} and a
 * {@code close} system call, neither of which can block).
 */
final class ReusePort {
    private ReusePort() {}

    private static final class Holder {
        static final boolean SUPPORTED = find();

        private static boolean find() {
            try (ServerSocketChannel s = ServerSocketChannel.open()) {
                return s.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open a socket to list its options", e);
            }
        }
    }

    /** Whether listeners can share a port with {@code SO_REUSEPORT} here (Linux, macOS, the BSDs: yes; Windows: no). */
    static boolean supported() {
        return Holder.SUPPORTED;
    }

    /**
     * Fails unless {@link #supported()}.
     *
     * @throws UnsupportedOperationException naming the platform, if it has no {@code SO_REUSEPORT}
     */
    static void check() {
        if (!supported()) {
            throw new UnsupportedOperationException("SO_REUSEPORT is not supported on " + System.getProperty("os.name")
                    + ": one process per port here (or one listener handing connections to the hubs of a group)");
        }
    }
}
