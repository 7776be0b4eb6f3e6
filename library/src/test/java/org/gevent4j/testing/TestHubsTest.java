package org.gevent4j.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gevent4j.testing.TestHubs.elapsedSince;
import static org.gevent4j.testing.TestHubs.now;
import static org.gevent4j.testing.TestHubs.virtualHub;
import static org.gevent4j.testing.TestHubs.waitAllBlocked;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;
import org.gevent4j.event.Event;
import org.gevent4j.socket.Socket;
import org.gevent4j.socket.Sockets;
import org.junit.jupiter.api.Test;

/** The public testing kit's hub: a virtual clock that jumps only when all is blocked, and waitAllBlocked. */
@org.junit.jupiter.api.Timeout(20)
class TestHubsTest {

    @Test
    void theVirtualClockJumpsStraightToTheNextTimerWhenEveryGreenletIsBlocked() {
        long realStart = System.nanoTime();
        Duration slept = virtualHub(() -> {
            long start = now();
            Gevent.sleep(Duration.ofHours(3));
            return elapsedSince(start);
        });
        assertThat(slept).isEqualTo(Duration.ofHours(3));
        assertThat(Duration.ofNanos(System.nanoTime() - realStart)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void theVirtualClockDoesNotJumpWhileAGreenletIsBusyInAJdkCall() {
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        virtualHub(() -> {
            long start = now();
            Greenlet<Void> sleeper = Gevent.spawn(() -> {
                Gevent.sleep(Duration.ofSeconds(10));
                log.add("timer at " + elapsedSince(start).toSeconds() + " s");
            });
            Greenlet<Void> busy = Gevent.spawn(() -> {
                Thread.sleep(30); // real time: not a gevent4j wait, so the clock must wait for it
                log.add("jdk sleep back at " + elapsedSince(start).toSeconds() + " s");
            });
            Gevent.joinAll(sleeper, busy);
        });
        assertThat(log).containsExactly("jdk sleep back at 0 s", "timer at 10 s");
    }

    @Test
    void waitAllBlockedReturnsOnceEveryGreenletHasGoneAsFarAsItCanWithoutMovingTheClock() {
        virtualHub(() -> {
            long start = now();
            List<String> log = new ArrayList<>();
            Event never = new Event();
            for (String name : List.of("a", "b", "c")) {
                Gevent.spawn(() -> {
                    for (int i = 0; i < 5; i++) Gevent.sleep(0);
                    log.add(name + " blocked");
                    never.await();
                });
            }
            Gevent.spawn(() -> {
                Gevent.sleep(Duration.ofSeconds(1)); // a pending timer: still "blocked"
                log.add("timer fired");
            });
            waitAllBlocked();
            assertThat(log).containsExactly("a blocked", "b blocked", "c blocked");
            assertThat(elapsedSince(start)).isZero();
            waitAllBlocked(); // again: still nothing to run, and the clock has not jumped
            assertThat(elapsedSince(start)).isZero();
            Gevent.sleep(Duration.ofSeconds(2));
            assertThat(log).endsWith("timer fired");
            never.set();
        });
    }

    @Test
    void waitAllBlockedWaitsForAGreenletInAJdkCallToComeBackAndBlock() {
        virtualHub(() -> {
            List<String> log = Collections.synchronizedList(new ArrayList<>());
            Event never = new Event();
            Gevent.spawn(() -> {
                Thread.sleep(30);
                log.add("back from the JDK");
                never.await();
            });
            waitAllBlocked();
            assertThat(log).containsExactly("back from the JDK");
            never.set();
        });
    }

    @Test
    void waitAllBlockedLetsAGreenletWhoseSocketIsReadyRunFirst() {
        virtualHub(() -> {
            Socket[] pair = Sockets.socketPair();
            try {
                List<String> log = Collections.synchronizedList(new ArrayList<>());
                Gevent.spawn(() -> {
                    InputStream in = pair[1].getInputStream();
                    byte[] buf = new byte[5];
                    int n = in.read(buf);
                    log.add(new String(buf, 0, n, StandardCharsets.US_ASCII));
                });
                waitAllBlocked(); // the reader now waits on its socket
                assertThat(log).isEmpty();
                OutputStream out = pair[0].getOutputStream();
                out.write("hello".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                waitAllBlocked(); // on loopback the bytes are there at once: the hub polls before it settles
                assertThat(log).containsExactly("hello");
            } finally {
                pair[0].close();
                pair[1].close();
            }
        });
    }

    @Test
    void waitAllBlockedWorksFromAGreenletToo() {
        virtualHub(() -> {
            List<String> log = new ArrayList<>();
            Event go = new Event();
            Gevent.spawn(() -> {
                go.await();
                log.add("worker");
            });
            Greenlet<List<String>> checker = Gevent.spawn(() -> {
                go.set();
                waitAllBlocked();
                return List.copyOf(log);
            });
            assertThat(checker.get()).containsExactly("worker");
        });
    }
}
