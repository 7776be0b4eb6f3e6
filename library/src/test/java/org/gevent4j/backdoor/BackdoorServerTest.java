package org.gevent4j.backdoor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;
import org.gevent4j.Hub;
import org.gevent4j.TestHubs;
import org.gevent4j.ThrowingRunnable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The console over a real loopback socket, as a terminal client uses it. Each session compiles
 * with javac, so these take seconds; the client runs in the hub's main greenlet (its JDK socket
 * calls yield to the hub, which serves the console meanwhile).
 */
@Timeout(120)
class BackdoorServerTest {

    @Test
    void printsValuesOfExpressionsAndBoundObjects() {
        onRealHub(() -> {
            try (BackdoorServer b = started(BackdoorServer.builder(0).bind("answer", 42).bind("names", List.of("a", "b")));
                    ConsoleClient c = new ConsoleClient(b.address())) {
                assertThat(c.untilPrompt()).contains("gevent4j backdoor console").contains("Bound: answer, names");
                assertThat(c.eval("1 + 1")).isEqualTo("2\n");
                assertThat(c.eval("\"abc\" + 1")).isEqualTo("\"abc1\"\n");
                assertThat(c.eval("answer + 1")).isEqualTo("43\n");
                // List.of's class is not public: the variable is declared as the List it implements (raw).
                assertThat(c.eval("names.get(1)")).isEqualTo("\"b\"\n");
                assertThat(c.eval("names.subList(0, 1)")).isEqualTo("[a]\n");
                // Declarations and assignments print nothing, as in Python's console.
                assertThat(c.eval("int y = 3")).isEmpty();
                assertThat(c.eval("y = 4")).isEmpty();
                assertThat(c.eval("y")).isEqualTo("4\n");
                assertThat(c.eval("System.out.println(\"printed\")")).isEqualTo("printed\n");
                // runInfo() prints the report to the client: this hub, with the server's greenlets.
                assertThat(c.eval("runInfo()")).startsWith("gevent4j run info at ")
                        .contains("\"backdoor console\"").contains("connection from /127.0.0.1:");
            }
        });
    }

    @Test
    void multiLineSnippetsShowTheContinuationPrompt() {
        onRealHub(() -> {
            try (BackdoorServer b = started(BackdoorServer.builder(0)); ConsoleClient c = new ConsoleClient(b.address())) {
                c.untilPrompt();
                assertThat(c.eval("int twice(int x) {")).isEmpty();
                assertThat(c.continuation).isTrue();
                assertThat(c.eval("    return x * 2;")).isEmpty();
                assertThat(c.continuation).isTrue();
                assertThat(c.eval("}")).isEmpty();
                assertThat(c.continuation).isFalse();
                assertThat(c.eval("twice(21)")).isEqualTo("42\n");
                // Several snippets on one line run in order; one left open waits for the next line.
                assertThat(c.eval("int a = 1; int b = 2; a + b")).isEqualTo("3\n");
                assertThat(c.eval("a + b; String s = \"x")).startsWith("3\nerror: unclosed string literal\n");
                assertThat(c.continuation).isFalse(); // an unclosed string literal is an error, not more input
            }
        });
    }

    @Test
    void exceptionsAndCompileErrorsArePrintedAndTheSessionGoesOn() {
        onRealHub(() -> {
            try (BackdoorServer b = started(BackdoorServer.builder(0)); ConsoleClient c = new ConsoleClient(b.address())) {
                c.untilPrompt();
                assertThat(c.eval("1 / 0")).startsWith("Exception java.lang.ArithmeticException: / by zero\n\tat (#");
                assertThat(c.eval("throw new IllegalStateException(\"boom\", new java.io.IOException(\"cause\"))"))
                        .contains("Exception java.lang.IllegalStateException: boom\n")
                        .contains("Caused by: java.io.IOException: cause\n");
                assertThat(c.eval("undefinedName + 1")).startsWith("error: cannot find symbol\n")
                        .contains("variable undefinedName").contains("    undefinedName + 1\n    ^-----------^\n");
                assertThat(c.eval("1 + 1")).isEqualTo("2\n");
            }
        });
    }

    @Test
    void theHubKeepsRunningWhileSessionsCompileAndRun() {
        onRealHub(() -> {
            CountDownLatch gate = new CountDownLatch(1);
            AtomicLong worstGapNanos = new AtomicLong(), openNanos = new AtomicLong();
            Greenlet<Void> ticker = Gevent.spawn(() -> {
                long last = System.nanoTime();
                while (true) {
                    Gevent.sleep(0.005);
                    long now = System.nanoTime();
                    worstGapNanos.accumulateAndGet(now - last, Math::max);
                    last = now;
                }
            });
            try (BackdoorServer b = started(BackdoorServer.builder(0).bind("gate", gate));
                    ConsoleClient first = new ConsoleClient(b.address());
                    ConsoleClient second = new ConsoleClient(b.address())) {
                long opening = System.nanoTime();
                first.untilPrompt();
                second.untilPrompt();
                openNanos.set(System.nanoTime() - opening);
                // The first client's snippet blocks its own session only.
                first.send("gate.await(); \"released\"");
                assertThat(second.eval("1 + 1")).isEqualTo("2\n");
                assertThat(second.eval("Gevent.sleep(0.05); \"slept\"")).isEqualTo("\"slept\"\n");
                assertThat(first.available()).isZero();
                gate.countDown();
                assertThat(first.untilPrompt()).isEqualTo("\"released\"\n");
            } finally {
                ticker.kill();
            }
            // Opening two JShells (a javac run each, and a dozen more for the imports and bindings)
            // took seconds, all of it off the hub. Had the hub done it, the ticker would have
            // missed about that long; half of it leaves room for a loaded machine's scheduling.
            assertThat(worstGapNanos.get()).isLessThan(Math.max(openNanos.get() / 2, 250_000_000L));
        });
    }

    @Test
    void onHubRunsCodeAsAGreenletOfTheServersHub() {
        onRealHub(() -> {
            try (BackdoorServer b = started(BackdoorServer.builder(0).bind("serverHub", Hub.current()));
                    ConsoleClient c = new ConsoleClient(b.address())) {
                c.untilPrompt();
                assertThat(c.eval("Hub.current() == serverHub")).isEqualTo("false\n");
                assertThat(c.eval("onHub(() -> Hub.current() == serverHub)")).isEqualTo("true\n");
                assertThat(c.eval("onHub(() -> { System.out.println(\"from the hub\"); return Gevent.getCurrent().dead(); })"))
                        .isEqualTo("from the hub\nfalse\n");
                assertThat(c.eval("onHub(() -> { throw new IllegalStateException(\"on hub\"); })"))
                        .startsWith("Exception java.lang.IllegalStateException: on hub\n");
                // A greenlet spawned on the server's hub runs there after the snippet returns.
                assertThat(c.eval("var g = onHub(() -> Gevent.spawn(() -> 6 * 7)); g.get()")).isEqualTo("42\n");
            }
        });
    }

    @Test
    void quitAndEndOfInputCloseOnlyThatClient() {
        onRealHub(() -> {
            Set<Thread> before = sessionThreads();
            try (BackdoorServer b = started(BackdoorServer.builder(0))) {
                try (ConsoleClient c = new ConsoleClient(b.address())) {
                    c.untilPrompt();
                    c.send("quit()");
                    assertThat(c.rest()).isEmpty();
                }
                try (ConsoleClient c = new ConsoleClient(b.address()); ConsoleClient other = new ConsoleClient(b.address())) {
                    c.untilPrompt();
                    other.untilPrompt();
                    c.send("1 + 1");
                    c.shutdownOutput();
                    assertThat(c.rest()).isEqualTo("2\n>>> ");
                    assertThat(other.eval("2 + 2")).isEqualTo("4\n");
                    other.send("\u0004"); // Ctrl-D from a terminal in raw mode
                    assertThat(other.rest()).isEmpty();
                }
                // Each closed session's JShell is closed and its thread ends.
                for (int i = 0; i < 200 && !before.containsAll(sessionThreads()); i++) Gevent.sleep(0.05);
                assertThat(sessionThreads()).isSubsetOf(before);
            }
        });
    }

    @Test
    void anOverlongLineEndsThatClientOnly() {
        onRealHub(() -> {
            try (BackdoorServer b = started(BackdoorServer.builder(0)); ConsoleClient c = new ConsoleClient(b.address())) {
                c.untilPrompt();
                c.send("x".repeat(BackdoorServer.MAX_LINE + 10_000)); // the newline comes too late
                assertThat(c.rest()).isEqualTo("error: input line longer than " + BackdoorServer.MAX_LINE + " bytes\n");
                try (ConsoleClient next = new ConsoleClient(b.address())) {
                    next.untilPrompt();
                    assertThat(next.eval("1 + 1")).isEqualTo("2\n");
                }
            }
        });
    }

    @Test
    void stopEndsConnectedSessions() {
        onRealHub(() -> {
            BackdoorServer b = started(BackdoorServer.builder(0));
            try (ConsoleClient c = new ConsoleClient(b.address())) {
                c.untilPrompt();
                c.send("while (true) {}"); // stopped by JShell when the session closes
                Gevent.sleep(0.2);
                b.stop();
                assertThat(c.rest()).isEmpty();
            }
        });
    }

    @Test
    void aTokenIsRequiredOffLoopbackAndCheckedFirst() throws Exception {
        assertThatThrownBy(() -> BackdoorServer.builder(new InetSocketAddress("0.0.0.0", 0)).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("token");
        InetAddress any = InetAddress.getByName("0.0.0.0");
        assertThat(BackdoorServer.builder(new InetSocketAddress(any, 0)).token("s3cret").build()).isNotNull();
        onRealHub(() -> {
            try (BackdoorServer b = started(BackdoorServer.builder(0).token("s3cret"))) {
                try (ConsoleClient c = new ConsoleClient(b.address())) {
                    assertThat(c.until("token: ")).isEmpty();
                    c.send("guess");
                    assertThat(c.rest()).isEqualTo("wrong token\n");
                }
                try (ConsoleClient c = new ConsoleClient(b.address())) {
                    assertThat(c.until("token: ")).isEmpty();
                    c.send("s3cret");
                    assertThat(c.untilPrompt()).contains("gevent4j backdoor console");
                    assertThat(c.eval("1 + 1")).isEqualTo("2\n");
                }
            }
        });
    }

    @Test
    void builderRejectsNamesASnippetCannotUse() {
        BackdoorServer.Builder b = BackdoorServer.builder(0);
        assertThatThrownBy(() -> b.bind("1x", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.bind("class", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.bind("runInfo", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.token("two\nlines")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void typesOfPicksTheMostSpecificNameableType() {
        assertThat(Session.typesOf(42).getFirst()).isEqualTo("java.lang.Integer");
        assertThat(Session.typesOf(List.of(1, 2)).getFirst()).isEqualTo("java.util.List");
        assertThat(Session.typesOf(new Object() {})).containsExactly("Object");
        assertThat(Session.typesOf(null)).containsExactly("Object");
    }

    /** Live threads whose context class loader is a JShell session's (the session's own thread). */
    private static Set<Thread> sessionThreads() {
        Set<Thread> out = new HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            ClassLoader l = t.getContextClassLoader();
            if (l != null && l.getClass().getName().startsWith("jdk.jshell.")) out.add(t);
        }
        return out;
    }

    /** {@code body} as the main greenlet of a real-time hub: its JDK socket calls yield to the hub. */
    private static void onRealHub(ThrowingRunnable body) {
        TestHubs.realHub(() -> Gevent.run(body));
    }

    private static BackdoorServer started(BackdoorServer.Builder b) throws Exception {
        BackdoorServer s = b.build();
        s.start();
        return s;
    }
}
