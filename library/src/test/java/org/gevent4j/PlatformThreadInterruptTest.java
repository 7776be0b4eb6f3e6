package org.gevent4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Interrupting a platform thread that waits in a gevent4j call (its hub's main greenlet): the call
 * throws {@link GreenletExit} and the interrupt status stays set, as the {@link Gevent} class
 * comment says.
 */
@org.junit.jupiter.api.Timeout(20)
class PlatformThreadInterruptTest {

    /** Runs {@code body} on a new platform thread, interrupts it once it is about to block, returns what it threw. */
    private static Throwable interruptWhileIn(ThrowingRunnable body, List<String> log) throws InterruptedException {
        CountDownLatch blocking = new CountDownLatch(1);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                blocking.countDown();
                body.runThrowing();
                log.add("returned normally");
            } catch (Throwable e) {
                thrown.set(e);
                log.add("interrupt status kept: " + Thread.currentThread().isInterrupted());
            }
        });
        assertThat(blocking.await(5, TimeUnit.SECONDS)).isTrue();
        t.interrupt();
        t.join(5_000);
        assertThat(t.isAlive()).as("the interrupted wait ended").isFalse();
        return thrown.get();
    }

    @Test
    void aPlatformThreadInterruptedInGeventSleepGetsGreenletExitAndKeepsItsInterruptStatus() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        Throwable thrown = interruptWhileIn(() -> Gevent.sleep(60), log);
        assertThat(thrown).isInstanceOf(GreenletExit.class);
        assertThat(log).containsExactly("interrupt status kept: true");
    }

    @Test
    void aPlatformThreadInterruptedWhileJoiningGetsGreenletExitAndTheGreenletLivesOn() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        AtomicReference<Greenlet<Void>> sleeper = new AtomicReference<>();
        Throwable thrown = interruptWhileIn(() -> {
            sleeper.set(Gevent.spawn(() -> Gevent.sleep(60)));
            try {
                sleeper.get().join();
            } finally {
                log.add("sleeper dead: " + sleeper.get().dead());
            }
        }, log);
        assertThat(thrown).isInstanceOf(GreenletExit.class);
        assertThat(log).containsExactly("sleeper dead: false", "interrupt status kept: true");
    }

    @Test
    void aPlatformThreadAlreadyInterruptedGetsGreenletExitFromItsNextGeventWait() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = Thread.ofPlatform().start(() -> {
            Thread.currentThread().interrupt();
            try {
                Gevent.sleep(60);
                log.add("slept");
            } catch (GreenletExit e) {
                thrown.set(e);
                log.add("interrupt status kept: " + Thread.currentThread().isInterrupted());
            }
        });
        t.join(5_000);
        assertThat(t.isAlive()).isFalse();
        assertThat(thrown.get()).isInstanceOf(GreenletExit.class);
        assertThat(log).containsExactly("interrupt status kept: true");
    }
}
