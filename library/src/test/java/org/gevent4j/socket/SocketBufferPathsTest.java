package org.gevent4j.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gevent4j.TestHubs.realHub;

import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;
import org.junit.jupiter.api.Test;

/**
 * Stream reads and writes of every kind of buffer (heap arrays at offsets, heap buffers, direct,
 * read-only; below and above the size of the hub's transfer buffer, partial writes against a
 * full window) deliver the bytes in order, none lost or repeated, with positions advanced by
 * exactly the counts returned. Real sockets over loopback, generous bounds.
 */
@org.junit.jupiter.api.Timeout(60)
class SocketBufferPathsTest {
    private static final int TOTAL = 3 << 20;
    /** Slice sizes cycling around the hub's 64 KiB transfer buffer. */
    private static final int[] SIZES = {1, 70, 8191, 65536, 65537, 200_000, 4096, 100_003};

    private static byte at(long i) {
        return (byte) (i * 31 % 251);
    }

    @Test
    void partialSendsThroughASmallWindowAdvanceExactlyWhatWasWrittenAndEveryReadBufferKindGetsItsBytes() {
        realHub(() -> {
            try (Socket server = SocketTcpTest.listener()) {
                Socket writer = Socket.tcp();
                writer.setOption(StandardSocketOptions.SO_SNDBUF, 4096);
                writer.connect("127.0.0.1", SocketTcpTest.port(server));
                try (Socket reader = server.accept().socket(); writer) {
                    Greenlet<long[]> send = Gevent.spawn(() -> {
                        long sent = 0;
                        long partial = 0;
                        for (int k = 0; sent < TOTAL; k++) {
                            int size = (int) Math.min(SIZES[k % SIZES.length], TOTAL - sent);
                            byte[] arr = new byte[size + 10];
                            for (int i = 0; i < size; i++) arr[5 + i] = at(sent + i);
                            ByteBuffer src = k % 3 == 2 ? ByteBuffer.allocateDirect(size) : ByteBuffer.wrap(arr, 5, size);
                            if (src.isDirect()) src.put(0, arr, 5, size);
                            if (k % 4 == 1) src = src.asReadOnlyBuffer();
                            while (src.hasRemaining()) {
                                int before = src.position();
                                int n = writer.send(src);
                                // plain checks: assertj's first use loads classes for longer than the hub monitor allows
                                if (n <= 0 || n > size) throw new AssertionError("send returned " + n + " of " + size);
                                if (src.position() != before + n) throw new AssertionError("position " + src.position() + " after " + before + " + " + n);
                                if (src.hasRemaining()) partial++;
                            }
                            sent += size;
                        }
                        writer.shutdown(Socket.SHUT_WR);
                        return new long[] {sent, partial};
                    });
                    long got = 0;
                    byte[] arr = new byte[300_000];
                    for (int k = 0; ; k++) {
                        int size = SIZES[(k + 3) % SIZES.length];
                        int n;
                        if (k % 3 == 0) {
                            ByteBuffer d = ByteBuffer.allocateDirect(size + 7).position(7);
                            n = reader.recvInto(d);
                            assertThat(d.position()).isEqualTo(7 + n);
                            d.get(7, arr, 3, n);
                        } else {
                            Arrays.fill(arr, (byte) 0x55);
                            n = reader.recvInto(arr, 3, size);
                            assertThat(arr[2]).isEqualTo((byte) 0x55);
                            if (n < size) assertThat(arr[3 + n]).isEqualTo((byte) 0x55);
                        }
                        if (n == 0) break;
                        for (int i = 0; i < n; i++) {
                            if (arr[3 + i] != at(got + i)) throw new AssertionError("byte " + (got + i) + " wrong");
                        }
                        got += n;
                    }
                    long[] r = send.get(Duration.ofSeconds(50));
                    assertThat(got).isEqualTo(r[0]).isEqualTo(TOTAL);
                    assertThat(r[1]).as("sends cut short by the full window").isPositive();
                }
            }
        });
    }

    @Test
    void aReadIntoAReadOnlyBufferIsRefusedAndLosesNoByte() {
        realHub(() -> {
            try (Socket server = SocketTcpTest.listener(); Socket client = Sockets.createConnection("127.0.0.1", SocketTcpTest.port(server));
                    Socket conn = server.accept().socket()) {
                conn.sendAll(new byte[] {1, 2, 3});
                byte[] first = new byte[1];
                assertThat(client.recvInto(first)).isEqualTo(1); // the hub now watches the socket
                assertThatThrownBy(() -> client.recvInto(ByteBuffer.allocate(8).asReadOnlyBuffer())).isInstanceOf(IllegalArgumentException.class);
                assertThat(client.recv(8)).containsExactly(2, 3);
            }
        });
    }
}
