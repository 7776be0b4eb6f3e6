package org.gevent4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gevent4j.TestHubs.realHub;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A Timeout or kill that reaches a greenlet inside a JDK call comes back to the code that set it
 * as itself, whatever the JDK or a client library made of the interrupt: the failure mode of real
 * client libraries (Jedis, pgjdbc, HTTP clients) on {@code java.net} sockets. Real time: a real
 * socket read is the point; bounds are generous.
 */
@org.junit.jupiter.api.Timeout(30)
class TimeoutThroughJdkCallsTest {
    private static final Duration SHORT = Duration.ofMillis(100);

    /** What a client library does with an I/O failure: wraps it in an unchecked exception of its own. */
    static final class LibraryException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LibraryException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A server that accepts and never answers, and a client socket connected to it. */
    private static final class SilentPeer implements AutoCloseable {
        final ServerSocket server;
        final Socket client;
        final Socket accepted;

        SilentPeer() throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            client = new Socket();
            client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()));
            accepted = server.accept();
        }

        /** A blocking read that a library would make, wrapped as a library wraps its failures. */
        int libraryRead() {
            try {
                return client.getInputStream().read();
            } catch (IOException e) {
                throw new LibraryException("connection lost", e);
            }
        }

        @Override
        public void close() throws IOException {
            client.close();
            accepted.close();
            server.close();
        }
    }

    /** Runs {@code body} in a greenlet of a fresh hub (a platform thread's own JDK calls block its hub). */
    private static void inAGreenlet(ThrowingRunnable body) {
        realHub(() -> Gevent.spawn(body).get());
    }

    @Test
    void withTimeoutAroundAJdkSocketReadThrowsTheTimeoutWithTheJdkExceptionAsCause() {
        inAGreenlet(() -> {
            try (SilentPeer peer = new SilentPeer()) {
                long t0 = System.nanoTime();
                Throwable thrown = null;
                try {
                    Gevent.withTimeout(SHORT, () -> peer.client.getInputStream().read());
                } catch (Timeout e) {
                    thrown = e;
                }
                assertThat(thrown).as("the Timeout itself, not the JDK's SocketException").isInstanceOf(Timeout.class);
                assertThat(thrown.getMessage()).isEqualTo("0.1 seconds");
                assertThat(thrown.getCause()).isInstanceOf(SocketException.class);
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
                assertThat(peer.client.isClosed()).as("the JDK closes a java.net socket it interrupts").isTrue();
                Thread.sleep(1); // the interrupt that carried the timeout is gone
            }
        });
    }

    @Test
    void withTimeoutThroughALibraryWrapperStillThrowsTheTimeout() {
        inAGreenlet(() -> {
            try (SilentPeer peer = new SilentPeer()) {
                assertThatThrownBy(() -> Gevent.withTimeout(SHORT, peer::libraryRead))
                        .isInstanceOf(Timeout.class)
                        .cause().isInstanceOf(LibraryException.class).cause().isInstanceOf(SocketException.class);
            }
        });
    }

    @Test
    void withTimeoutAndADefaultValueReturnsTheValueWhenALibraryAnsweredTheTimeout() {
        inAGreenlet(() -> {
            try (SilentPeer peer = new SilentPeer()) {
                assertThat(Gevent.withTimeout(SHORT, peer::libraryRead, -7)).isEqualTo(-7);
            }
        });
    }

    @Test
    void withTimeoutAroundThreadSleepThrowsTheTimeoutWithTheInterruptedExceptionAsCause() {
        inAGreenlet(() -> {
            assertThatThrownBy(() -> Gevent.withTimeout(SHORT, () -> {
                Thread.sleep(10_000);
                return null;
            })).isInstanceOf(Timeout.class).cause().isInstanceOf(InterruptedException.class);
        });
    }

    @Test
    void tryWithResourcesLetsTheLibraryExceptionThroughCarryingTheTimeout() {
        inAGreenlet(() -> {
            try (SilentPeer peer = new SilentPeer()) {
                Timeout[] started = new Timeout[1];
                LibraryException caught = null;
                try (Timeout t = Timeout.start(SHORT)) {
                    started[0] = t;
                    peer.libraryRead();
                } catch (LibraryException e) {
                    caught = e;
                }
                assertThat(caught).isNotNull();
                assertThat(Timeout.causeOf(caught)).isSameAs(started[0]);
                Thread.sleep(1);
                Gevent.sleep(0.01); // nothing of the timeout is left to raise
            }
        });
    }

    @Test
    void tryWithResourcesEndsWithTheTimeoutWhenTheCodeSwallowedTheFailure() {
        inAGreenlet(() -> {
            try (SilentPeer peer = new SilentPeer()) {
                Timeout[] started = new Timeout[1];
                Throwable thrown = null;
                try (Timeout t = Timeout.start(SHORT)) {
                    started[0] = t;
                    try {
                        peer.libraryRead();
                    } catch (LibraryException swallowed) {
                        // a library that logs and returns a default
                    }
                } catch (Timeout e) {
                    thrown = e;
                }
                assertThat(thrown).isSameAs(started[0]);
            }
        });
    }

    @Test
    void aCustomTimeoutExceptionIsFoundAmongTheSuppressed() {
        inAGreenlet(() -> {
            try (SilentPeer peer = new SilentPeer()) {
                IOException custom = new IOException("took too long");
                LibraryException caught = null;
                try (Timeout _ = Timeout.start(SHORT, custom)) {
                    peer.libraryRead();
                } catch (LibraryException e) {
                    caught = e;
                }
                assertThat(caught).isNotNull();
                assertThat(caught.getSuppressed()).containsExactly(custom);
                assertThat(Timeout.causeOf(caught)).isNull();
            }
        });
    }

    @Test
    void anUnrelatedExceptionIsNotMistakenForATimeout() {
        inAGreenlet(() -> {
            IllegalStateException own = new IllegalStateException("mine");
            assertThatThrownBy(() -> Gevent.withTimeout(Duration.ofSeconds(5), () -> {
                throw own;
            })).isSameAs(own);
            assertThat(Timeout.causeOf(own)).isNull();
        });
    }

    @Test
    void aCheckedExceptionComesThroughWithTimeoutAsItself() {
        inAGreenlet(() -> {
            FileNotFoundException missing = new FileNotFoundException("no such file");
            FileNotFoundException caught = null;
            try {
                Gevent.withTimeout(Duration.ofSeconds(5), () -> {
                    if (missing != null) throw missing;
                    return 1;
                });
            } catch (FileNotFoundException e) { // compiles: the lambda's own checked exception is declared
                caught = e;
            }
            assertThat(caught).isSameAs(missing);
        });
    }

    @Test
    void aGreenletKilledInsideALibraryCallEndsKilledWithTheLibraryExceptionAsCause() {
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        realHub(() -> {
            Hub.current().setErrorHandler((context, t) -> errors.add(t));
            try (SilentPeer peer = new SilentPeer()) {
                GreenletExit exit = new GreenletExit();
                Greenlet<Integer> g = Gevent.spawn(peer::libraryRead);
                Gevent.sleep(0.02);
                g.kill(exit, true, Duration.ofSeconds(5));
                assertThat(g.dead()).isTrue();
                assertThat(g.successful()).as("killed, not failed with the library's exception").isTrue();
                assertThat(g.exception()).isNull();
                assertThat(exit.getCause()).isInstanceOf(LibraryException.class);
            }
        });
        assertThat(errors).as("a kill is no error to report").isEmpty();
    }

    @Test
    void aGreenletThatLetsATimeoutThroughALibraryDiesOfTheTimeout() {
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        realHub(() -> {
            Hub.current().setErrorHandler((context, t) -> errors.add(t));
            try (SilentPeer peer = new SilentPeer()) {
                Greenlet<Integer> g = Gevent.spawn(() -> {
                    Timeout.start(SHORT);
                    return peer.libraryRead();
                });
                g.join(Duration.ofSeconds(5));
                assertThat(g.exception()).isInstanceOf(Timeout.class).hasCauseInstanceOf(LibraryException.class);
            }
        });
        assertThat(errors).singleElement().isInstanceOf(Timeout.class);
    }
}
