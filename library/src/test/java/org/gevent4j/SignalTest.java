package org.gevent4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gevent4j.TestHubs.realHub;
import static org.gevent4j.TestHubs.virtualHub;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.gevent4j.event.Event;
import org.gevent4j.internal.JdkSignals;
import org.gevent4j.queue.Queue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Gevent#signal}: gevent's {@code signal_handler}, with real signals raised in this JVM.
 * Only HUP and USR2 are raised here, and only while this test's own JVM-level handler sits under
 * gevent4j's (the JVM's default for HUP is to exit, which would end the test run); TERM is tested
 * on a child JVM by the SignalShutdown example's test.
 */
@org.junit.jupiter.api.Timeout(20)
class SignalTest {
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    /** Signals that reached the JVM-level handler installed under gevent4j's. */
    private final BlockingQueue<String> beneath = new LinkedBlockingQueue<>();
    private final List<Object[]> originals = new ArrayList<>();

    @BeforeEach
    void guardTheJvm() {
        for (String name : List.of("HUP", "USR2")) {
            Object s = JdkSignals.signal(name);
            originals.add(new Object[] {s, JdkSignals.handle(s, beneath::add)});
        }
    }

    @AfterEach
    void restoreTheJvm() {
        for (Object[] o : originals) JdkSignals.restore(o[0], o[1]);
    }

    private static void raise(String name) {
        JdkSignals.raise(JdkSignals.signal(name));
    }

    @Test
    void eachDeliveryRunsTheHandlerInANewGreenletOfTheInstallingHub() {
        realHub(() -> {
            Queue<Greenlet<?>> ran = new Queue<>();
            SignalHandler h = Gevent.signal("HUP", () -> ran.put(Gevent.getCurrent()));
            try {
                raise("HUP");
                Greenlet<?> first = ran.get(PATIENCE);
                raise("HUP");
                Greenlet<?> second = ran.get(PATIENCE);

                assertThat(first).isNotSameAs(second);
                assertThat(first.hub()).isSameAs(Gevent.getHub());
                assertThat(first.name()).isEqualTo("signal HUP");
                assertThat(first.join(PATIENCE).successful()).isTrue();
            } finally {
                h.cancel();
            }
        });
        assertThat(beneath).as("gevent4j's handler replaced the JVM's while installed").isEmpty();
    }

    @Test
    void cancelStopsDeliveriesAndPutsThePreviousJvmHandlerBack() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        realHub(() -> {
            SignalHandler h = Gevent.signal("USR2", () -> log.add("handled"));
            h.cancel();
            h.cancel(); // idempotent
            assertThat(h.cancelled()).isTrue();
        });
        raise("USR2");

        assertThat(beneath.poll(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isEqualTo("USR2");
        assertThat(log).isEmpty();
    }

    @Test
    void severalHandlersOnSeveralHubsAllRunUntilTheLastIsCancelled() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        CountDownLatch installed = new CountDownLatch(1);
        CountDownLatch otherHubDone = new CountDownLatch(1);
        Thread otherHub = Thread.ofPlatform().name("other-hub").start(() -> {
            // A queue, not an Event: both deliveries may run before this main greenlet resumes.
            Queue<String> got = new Queue<>();
            SignalHandler h = Gevent.signal("HUP", () -> {
                log.add("other hub");
                got.put("HUP");
            });
            installed.countDown();
            got.get(PATIENCE); // the first HUP
            got.get(PATIENCE); // the second
            h.cancel();
            otherHubDone.countDown();
        });
        assertThat(installed.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        realHub(() -> {
            Queue<String> mine = new Queue<>();
            SignalHandler a = Gevent.signal("SIGHUP", () -> mine.put("a"));
            SignalHandler b = Gevent.signal("hup", () -> mine.put("b"));
            assertThat(b.signalName()).isEqualTo("HUP");

            raise("HUP");
            assertThat(List.of(mine.get(PATIENCE), mine.get(PATIENCE))).containsExactly("a", "b");
            a.cancel();
            raise("HUP");
            assertThat(mine.get(PATIENCE)).isEqualTo("b");
            b.cancel();
        });
        assertThat(otherHubDone.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        otherHub.join();
        assertThat(log).containsExactly("other hub", "other hub");
        assertThat(beneath).isEmpty();

        raise("HUP"); // every handler cancelled: the JVM's previous handler has it again
        assertThat(beneath.poll(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isEqualTo("HUP");
    }

    @Test
    void aFailingHandlerIsReportedByItsHubAndTheNextDeliveryStillRuns() {
        realHub(() -> {
            List<Throwable> reported = new CopyOnWriteArrayList<>();
            Gevent.getHub().setErrorHandler((context, error) -> reported.add(error));
            Queue<Integer> runs = new Queue<>();
            int[] count = {0};
            SignalHandler h = Gevent.signal("USR2", () -> {
                runs.put(++count[0]);
                if (count[0] == 1) throw new IllegalStateException("handler failed");
            });
            try {
                raise("USR2");
                assertThat(runs.get(PATIENCE)).isEqualTo(1);
                raise("USR2");
                assertThat(runs.get(PATIENCE)).isEqualTo(2);
            } finally {
                h.cancel();
            }
            assertThat(reported).singleElement().extracting(Throwable::getMessage).isEqualTo("handler failed");
        });
    }

    @Test
    void anInstalledHandlerDoesNotKeepTheHubAliveAsInGevent() {
        virtualHub(() -> {
            SignalHandler h = Gevent.signal("USR2", () -> {});
            try {
                assertThatThrownBy(() -> new Event().await()).isInstanceOf(LoopExit.class);
            } finally {
                h.cancel();
            }
        });
    }

    @Test
    void aHandlerWhoseHubsThreadEndedIsCancelledAtTheNextDelivery() throws Exception {
        SignalHandler[] h = new SignalHandler[1];
        Thread gone = Thread.ofPlatform().start(() -> h[0] = Gevent.signal("USR2", () -> {}));
        gone.join();

        raise("USR2");
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!h[0].cancelled() && System.nanoTime() < deadline) Thread.sleep(10);
        assertThat(h[0].cancelled()).isTrue();

        raise("USR2");
        assertThat(beneath.poll(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isEqualTo("USR2");
    }

    @Test
    void unknownNamesAreRefusedNamingTheSignal() {
        assertThatThrownBy(() -> Gevent.signal("FOO", () -> {}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown signal: FOO");
        assertThatThrownBy(() -> Gevent.signal("", () -> {})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Gevent.signal(null, () -> {})).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Gevent.signal("HUP", null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void quitKillAndStopAreRefusedWithTheReason() {
        assertThatThrownBy(() -> Gevent.signal("QUIT", () -> {}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("QUIT")
                .hasMessageContaining("thread dumps");
        assertThatThrownBy(() -> Gevent.signal("SIGKILL", () -> {}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SIGKILL cannot be caught");
        assertThatThrownBy(() -> Gevent.signal("STOP", () -> {}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SIGSTOP cannot be caught");
    }
}
