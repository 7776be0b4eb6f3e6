package org.gevent4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gevent4j.TestHubs.realHub;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

/**
 * What a kill does to a greenlet blocked in a JDK call, row by row of the table in
 * {@link Greenlet}'s class comment. These use real time: the JDK calls are the point. Bounds are
 * generous; a kill that does not land shows up as a greenlet still alive after 5 s.
 */
@org.junit.jupiter.api.Timeout(30)
class KillInJdkCallsTest {

    /** Longer than any test may take: a greenlet still blocked after this was never reached. */
    private static final long FOREVER_MS = 60_000;
    private static final Duration PATIENCE = Duration.ofSeconds(5);

    /** Spawns {@code body}, lets it block, kills it and waits (boundedly) for it to die. */
    private static Greenlet<Void> spawnBlockAndKill(ThrowingRunnable body) {
        Greenlet<Void> g = Gevent.spawn(body);
        Gevent.sleep(0); // it runs until it blocks in the JDK call, and stays there
        assertThat(g.dead()).as("blocked before the kill").isFalse();
        g.kill(new GreenletExit(), true, PATIENCE);
        assertThat(g.dead()).as("the kill reached the greenlet").isTrue();
        return g;
    }

    @Test
    void aGreenletInThreadSleepIsInterruptedAndDiesOfTheKill() {
        List<String> log = new CopyOnWriteArrayList<>();
        realHub(() -> {
            Greenlet<Void> g = spawnBlockAndKill(() -> {
                try {
                    Thread.sleep(FOREVER_MS);
                } catch (InterruptedException e) {
                    log.add("InterruptedException");
                    throw e;
                }
            });
            assertThat(log).containsExactly("InterruptedException");
            assertThat(g.successful()).as("it died of the GreenletExit, not of the InterruptedException").isTrue();
            assertThat(g.exception()).isNull();
        });
    }

    @Test
    void aGreenletInObjectWaitIsInterruptedAndDiesOfTheKill() {
        List<String> log = new CopyOnWriteArrayList<>();
        Object monitor = new Object();
        realHub(() -> {
            Greenlet<Void> g = spawnBlockAndKill(() -> {
                synchronized (monitor) {
                    try {
                        monitor.wait();
                    } catch (InterruptedException e) {
                        log.add("InterruptedException");
                        throw e;
                    }
                }
            });
            assertThat(log).containsExactly("InterruptedException");
            assertThat(g.successful()).isTrue();
        });
    }

    @Test
    void aGreenletInBlockingQueueTakeIsInterruptedAndDiesOfTheKill() {
        List<String> log = new CopyOnWriteArrayList<>();
        BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        realHub(() -> {
            Greenlet<Void> g = spawnBlockAndKill(() -> {
                try {
                    log.add("took " + queue.take());
                } catch (InterruptedException e) {
                    log.add("InterruptedException");
                    throw e;
                }
            });
            assertThat(log).containsExactly("InterruptedException");
            assertThat(g.successful()).isTrue();
        });
    }

    @Test
    void aKillWithACustomExceptionOfAGreenletInThreadSleepIsWhatItDiesOf() {
        IllegalStateException custom = new IllegalStateException("custom kill");
        realHub(() -> {
            Hub.current().setErrorHandler((context, error) -> {});
            Greenlet<Void> g = Gevent.spawn(() -> Thread.sleep(FOREVER_MS));
            Gevent.sleep(0); // the greenlet runs until it blocks in the JDK call
            g.kill(custom, true, PATIENCE);
            assertThat(g.dead()).isTrue();
            assertThat(g.exception()).isSameAs(custom);
        });
    }

    @Test
    void aGreenletInLockSupportParkReturnsWithItsInterruptStatusSetAndDiesAtItsNextGeventCall() {
        List<String> log = new CopyOnWriteArrayList<>();
        realHub(() -> {
            Greenlet<Void> g = spawnBlockAndKill(() -> {
                long deadline = System.nanoTime() + FOREVER_MS * 1_000_000;
                // park may return spuriously: wait for the interrupt that carries the kill
                while (!Thread.currentThread().isInterrupted() && System.nanoTime() < deadline) {
                    LockSupport.park();
                }
                log.add("park returned, interrupted=" + Thread.currentThread().isInterrupted());
                Gevent.sleep(0);
                log.add("survived the next gevent call");
            });
            assertThat(log).containsExactly("park returned, interrupted=true");
            assertThat(g.successful()).isTrue();
        });
    }

    @Test
    void aGreenletReadingAJavaNetSocketIsKilledAndTheJdkClosesThatSocket() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket client = new Socket()) {
            client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), 5000);
            try (Socket _ = server.accept()) {
                realHub(() -> {
                    Greenlet<Void> g = spawnBlockAndKill(() -> {
                        InputStream in = client.getInputStream();
                        try {
                            log.add("read " + in.read());
                        } catch (SocketException e) {
                            log.add("SocketException");
                            throw e;
                        }
                    });
                    assertThat(log).containsExactly("SocketException");
                    assertThat(g.successful()).isTrue();
                });
                assertThat(client.isClosed()).as("the JDK closes a java.net socket whose reader is interrupted").isTrue();
            }
        }
    }

    @Test
    void aGreenletBlockedInReentrantLockLockGetsTheKillOnlyAtItsNextGeventCallAfterObtainingTheLock() {
        List<String> log = new CopyOnWriteArrayList<>();
        ReentrantLock lock = new ReentrantLock();
        realHub(() -> {
            lock.lock(); // held by the main greenlet
            Greenlet<Void> g = Gevent.spawn(() -> {
                lock.lock();
                try {
                    log.add("locked");
                    Gevent.sleep(0);
                    log.add("survived the next gevent call");
                } finally {
                    lock.unlock();
                    log.add("unlocked");
                }
            });
            Gevent.sleep(0); // the greenlet runs until it blocks in the JDK call
            g.kill(new GreenletExit(), true, Duration.ofMillis(200));
            assertThat(g.dead()).as("lock() is not interruptible: the kill waits").isFalse();
            assertThat(log).isEmpty();

            lock.unlock();
            g.join(PATIENCE);
            assertThat(g.dead()).isTrue();
            assertThat(g.successful()).isTrue();
            assertThat(log).containsExactly("locked", "unlocked");
        });
    }

    @Test
    void aGreenletWaitingToEnterASynchronizedBlockGetsTheKillOnlyAtItsNextGeventCallInside() {
        List<String> log = new CopyOnWriteArrayList<>();
        Object monitor = new Object();
        AtomicBoolean release = new AtomicBoolean();
        realHub(() -> {
            Greenlet<Void> holder = Gevent.spawn(() -> {
                synchronized (monitor) {
                    long giveUp = System.nanoTime() + PATIENCE.toNanos();
                    while (!release.get() && System.nanoTime() < giveUp) Gevent.sleep(0.005);
                }
            });
            Greenlet<Void> g = Gevent.spawn(() -> {
                synchronized (monitor) {
                    log.add("entered");
                    Gevent.sleep(0);
                    log.add("survived the next gevent call");
                }
            });
            Gevent.sleep(0); // the holder takes the monitor, g blocks entering it
            g.kill(new GreenletExit(), true, Duration.ofMillis(100));
            assertThat(g.dead()).as("monitor entry is not interruptible: the kill waits").isFalse();

            release.set(true);
            g.join(PATIENCE);
            holder.join(PATIENCE);
            assertThat(g.dead()).isTrue();
            assertThat(g.successful()).isTrue();
            assertThat(log).containsExactly("entered");
        });
    }

    @Test
    void otherGreenletsKeepRunningWhileOneSitsInThreadSleep() {
        List<String> log = new CopyOnWriteArrayList<>();
        realHub(() -> {
            Greenlet<Void> sleeper = Gevent.spawn(() -> {
                Thread.sleep(FOREVER_MS);
                log.add("sleeper woke");
            });
            Greenlet<Void> ticker = Gevent.spawn(() -> {
                for (int i = 0; i < 3; i++) {
                    Gevent.sleep(0.01);
                    log.add("tick " + i);
                }
            });
            ticker.join(PATIENCE);
            assertThat(log).containsExactly("tick 0", "tick 1", "tick 2");
            assertThat(sleeper.dead()).isFalse();
            sleeper.kill(new GreenletExit(), true, PATIENCE);
            assertThat(sleeper.dead()).isTrue();
        });
    }
}
