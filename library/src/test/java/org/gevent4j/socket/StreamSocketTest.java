package org.gevent4j.socket;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.gevent4j.ssl.SslSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link StreamSocket} is sealed over exactly Socket and SslSocket, on the module path and on the class path. */
@Timeout(60)
class StreamSocketTest {
    @Test
    void itIsSealedAndPermitsExactlySocketAndSslSocket() {
        assertThat(StreamSocket.class.isSealed()).isTrue();
        assertThat(StreamSocket.class.getPermittedSubclasses()).containsExactlyInAnyOrder(Socket.class, SslSocket.class);
    }

    /** A switch over the two needs no default: the compiler knows there are no others. */
    static String kind(StreamSocket s) {
        return switch (s) {
            case Socket plain -> "plain " + plain.type();
            case SslSocket tls -> "tls";
        };
    }

    @Test
    void aSwitchCoversBothWithoutADefaultBranch() throws Exception {
        try (Socket s = Socket.tcp()) {
            assertThat(kind(s)).isEqualTo("plain STREAM");
            assertThat(s.sslSession()).as("a plain socket has no TLS session").isNull();
        }
    }

    /**
     * The same classes on the class path, where everything is in the unnamed module: the JVM
     * loads both permitted classes of another package (HotSpot checks the run-time module, and
     * the package only of non-public subclasses), and the interface is still sealed.
     */
    @Test
    void onTheClassPathBothImplementationsLoadAndTheInterfaceStaysSealed() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        String classes = Path.of(StreamSocket.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        String tests = Path.of(ClassPathProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        Process p = new ProcessBuilder(java, "-cp", classes + File.pathSeparator + tests, ClassPathProbe.class.getName())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out.strip()).isEqualTo("named=false sealed=true permits=[org.gevent4j.socket.Socket, org.gevent4j.ssl.SslSocket]");
    }

    /** Run by the test above in a JVM of its own, with the library on the class path. */
    public static final class ClassPathProbe {
        public static void main(String[] args) throws Exception {
            Class<?> s = Class.forName("org.gevent4j.socket.StreamSocket");
            Class.forName("org.gevent4j.socket.Socket"); // loading checks the permitted-subclass rule
            Class.forName("org.gevent4j.ssl.SslSocket");
            List<String> names = Arrays.stream(s.getPermittedSubclasses()).map(Class::getName).sorted().toList();
            System.out.println("named=" + s.getModule().isNamed() + " sealed=" + s.isSealed() + " permits=" + names);
        }
    }
}
