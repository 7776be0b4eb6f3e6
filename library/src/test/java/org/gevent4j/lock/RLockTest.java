package org.gevent4j.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gevent4j.TestHubs.virtualHub;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;
import org.junit.jupiter.api.Test;

/**
 * What is particular to the reentrant lock: ownership by a greenlet, re-entry, and refusing a
 * release by anyone but the owner (gevent's RuntimeError "cannot release un-acquired lock").
 */
@org.junit.jupiter.api.Timeout(20)
class RLockTest {

    @Test
    void theOwnerMayAcquireAgainAndTheLockIsFreeOnlyAfterAsManyReleases() {
        virtualHub(() -> {
            RLock lock = new RLock();
            List<String> log = new ArrayList<>();
            lock.acquire();
            assertThat(lock.acquire(false, null)).isTrue();
            lock.acquire();
            Greenlet<Void> other = Gevent.spawn(() -> {
                log.add("other waits");
                lock.acquire();
                log.add("other acquired");
                lock.release();
            });
            Gevent.sleep(1);

            lock.release();
            lock.release();
            Gevent.sleep(1);
            assertThat(log).containsExactly("other waits");
            assertThat(lock.locked()).isTrue();
            assertThat(lock.ownedByCurrent()).isTrue();

            lock.release();
            assertThat(lock.ownedByCurrent()).isFalse();
            other.join();
            assertThat(log).containsExactly("other waits", "other acquired");
            assertThat(lock.locked()).isFalse();
        });
    }

    @Test
    void aGreenletThatDoesNotOwnItCannotReleaseItAndTheMessageNamesOwnerAndCaller() {
        virtualHub(() -> {
            RLock lock = new RLock();
            Greenlet<Void> owner = Gevent.spawn(() -> {
                lock.acquire();
                Gevent.sleep(10);
                lock.release();
            });
            owner.setName("owner");
            Gevent.sleep(1);
            Greenlet<Void> intruder = Gevent.spawn(lock::release);
            intruder.setName("intruder");
            Gevent.getHub().setErrorHandler((context, error) -> {});
            intruder.join();

            assertThat(intruder.exception())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("cannot release un-acquired lock. Owner: <Greenlet \"owner\"")
                    .hasMessageContaining("Current: <Greenlet \"intruder\"");
            assertThat(lock.locked()).as("still the owner's").isTrue();
            owner.join();
            assertThat(lock.locked()).isFalse();
        });
    }

    @Test
    void releasingAnUnownedLockIsRefused() {
        virtualHub(() -> {
            RLock lock = new RLock();
            assertThatThrownBy(lock::release)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("cannot release un-acquired lock. Owner: null Current: <Greenlet \"main\"");
            lock.acquire();
            lock.release();
            assertThatThrownBy(lock::release).isInstanceOf(IllegalStateException.class);
        });
    }

    @Test
    void anotherGreenletsNonBlockingAcquireFailsWhileTheOwnersSucceeds() {
        virtualHub(() -> {
            RLock lock = new RLock();
            lock.acquire();
            assertThat(Gevent.spawn(() -> lock.acquire(false, null)).get()).isFalse();
            assertThat(lock.acquire(false, null)).isTrue();
            lock.release();
            lock.release();
            assertThat(Gevent.spawn(() -> {
                boolean got = lock.acquire(false, null);
                lock.release();
                return got;
            }).get()).isTrue();
        });
    }

    @Test
    void nestedHoldsReleaseOneLevelEach() {
        virtualHub(() -> {
            RLock lock = new RLock();
            try (Permit outer = lock.hold()) {
                try (Permit _ = lock.hold()) {
                    assertThat(lock).hasToString("<RLock owner=<Greenlet \"main\" at 1> count=2>");
                }
                assertThat(lock.locked()).isTrue();
                assertThat(outer.closed()).isFalse();
            }
            assertThat(lock.locked()).isFalse();
            assertThat(lock).hasToString("<RLock unlocked>");
        });
    }

    @Test
    void aPlatformThreadAndAGreenletExcludeEachOther() throws Exception {
        RLock lock = new RLock();
        CountDownLatch threadHolds = new CountDownLatch(1), greenletWaits = new CountDownLatch(1);
        List<String> log = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                lock.acquire();
                lock.acquire();
                log.add("thread holds");
                threadHolds.countDown();
                if (!greenletWaits.await(10, TimeUnit.SECONDS)) throw new AssertionError("greenlet never waited");
                log.add("thread releases");
                lock.release();
                lock.release();
            } catch (Throwable e) {
                failure.set(e);
                threadHolds.countDown();
            }
        });
        virtualHub(() -> {
            assertThat(threadHolds.await(10, TimeUnit.SECONDS)).isTrue();
            Gevent.spawn(() -> {
                assertThat(lock.acquire(false, null)).isFalse();
                greenletWaits.countDown();
                assertThat(lock.acquire(true, java.time.Duration.ofSeconds(30))).isTrue();
                log.add("greenlet holds");
                lock.release();
            }).get();
        });
        t.join(10_000);
        assertThat(failure.get()).isNull();
        assertThat(log).containsExactly("thread holds", "thread releases", "greenlet holds");
    }
}
