package org.gevent4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gevent4j.TestHubs.captureStderr;
import static org.gevent4j.TestHubs.elapsedSince;
import static org.gevent4j.TestHubs.now;
import static org.gevent4j.TestHubs.realHub;
import static org.gevent4j.TestHubs.virtualHub;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The hub: error reporting (gevent's Hub.handle_error and print_exception), one hub per platform
 * thread, and the virtual clock of {@link Hub#runWithVirtualClock}.
 */
@org.junit.jupiter.api.Timeout(20)
class HubTest {

    private static final Pattern FAILED_LINE =
            Pattern.compile("(?m)^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z (.*) failed with (\\w+)$");

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) n++;
        return n;
    }

    @Test
    void anErrorEscapingAGreenletIsPrintedOnceAsStackTraceThenTimeGreenletAndExceptionClass() {
        String err = captureStderr(() -> virtualHub(() -> {
            Greenlet<Object> g = Gevent.spawn(() -> {
                throw new IllegalStateException("You fail at failing.");
            });
            g.join();
            g.join();
            Gevent.joinAll(List.of(g));
            assertThat(g.exception()).isInstanceOf(IllegalStateException.class);
        }));

        assertThat(count(err, "failed with")).as(err).isEqualTo(1);
        Matcher m = FAILED_LINE.matcher(err);
        assertThat(m.find()).as(err).isTrue();
        assertThat(m.group(1)).isEqualTo("<Greenlet at 1>");
        assertThat(m.group(2)).isEqualTo("IllegalStateException");
        int trace = err.indexOf("java.lang.IllegalStateException: You fail at failing.");
        assertThat(trace).as("the stack trace comes first").isBetween(0, m.start());
        assertThat(err.substring(trace)).contains("\tat ");
    }

    @Test
    void theFailedLineCarriesTheCurrentUtcTime() {
        Instant before = Instant.now().minusSeconds(2);
        String err = captureStderr(() -> realHub(() -> {
            Gevent.spawn(() -> {
                throw new IOException("x");
            }).join();
        }));
        Instant after = Instant.now().plusSeconds(2);

        Matcher m = Pattern.compile("(?m)^(\\S+Z) <Greenlet at 1> failed with IOException$").matcher(err);
        assertThat(m.find()).as(err).isTrue();
        assertThat(Instant.parse(m.group(1))).isBetween(before, after);
    }

    @Test
    void greenletExitIsNeverReported() {
        String err = captureStderr(() -> virtualHub(() -> {
            Greenlet<Void> killed = Gevent.spawn(() -> Gevent.sleep(10));
            Greenlet<Void> exited = Gevent.spawn(() -> {
                throw new GreenletExit();
            });
            Gevent.sleep(0);
            killed.kill();
            exited.join();
        }));
        assertThat(err).isEmpty();
    }

    @Test
    void handleErrorCanBeCalledDirectlyWithAnyContext() {
        String err = captureStderr(() -> virtualHub(() -> {
            Hub.current().handleError("my context", new IOException("disk"));
            Hub.current().handleError(null, new IOException("no context"));
        }));
        assertThat(err).containsPattern("(?m)^\\S+Z my context failed with IOException$");
        assertThat(err).contains("java.io.IOException: disk", "java.io.IOException: no context");
        assertThat(count(err, "failed with")).isEqualTo(1);
    }

    @Test
    void setErrorHandlerReplacesThePrintoutAndNullRestoresIt() {
        List<Object> handled = new ArrayList<>();
        IllegalStateException first = new IllegalStateException("first"), second = new IllegalStateException("second");
        String err = captureStderr(() -> virtualHub(() -> {
            Hub hub = Hub.current();
            hub.setErrorHandler((context, error) -> {
                handled.add(context);
                handled.add(error);
            });
            Greenlet<Object> g1 = Gevent.spawn(() -> {
                throw first;
            });
            g1.join();
            assertThat(handled).containsExactly(g1, first);

            hub.setErrorHandler(null);
            Gevent.spawn(() -> {
                throw second;
            }).join();
            assertThat(handled).hasSize(2);
        }));
        assertThat(err).doesNotContain("first").contains("java.lang.IllegalStateException: second");
        assertThat(count(err, "failed with IllegalStateException")).isEqualTo(1);
    }

    @Test
    void anErrorHandlerThatThrowsFallsBackToThePrintoutAndHandleErrorNeverThrows() {
        String err = captureStderr(() -> virtualHub(() -> {
            Hub.current().setErrorHandler((context, error) -> {
                throw new IllegalArgumentException("handler broke");
            });
            Hub.current().handleError("ctx", new IOException("original"));
        }));
        assertThat(err).contains("java.io.IOException: original", "handler broke");
        assertThat(err).containsPattern("(?m)^\\S+Z ctx failed with IOException$");
    }

    @Test
    void theExceptionOfAGreenletNeverReachesJoinAllUnlessRaiseErrorIsSet() {
        IllegalStateException boom = new IllegalStateException("boom");
        virtualHub(() -> {
            Hub.current().setErrorHandler((context, error) -> {});
            Greenlet<Object> g = Gevent.spawn(() -> {
                throw boom;
            });
            assertThat(Gevent.joinAll(List.of(g))).containsExactly(g);
            assertThat(Gevent.joinAll(List.of(g), null, false)).containsExactly(g);
            assertThatThrownBy(() -> Gevent.joinAll(List.of(g), null, true)).isSameAs(boom);
        });
    }

    @Test
    void eachPlatformThreadHasItsOwnHubAndItsGreenletsShareIt() {
        List<Hub> hubs = new CopyOnWriteArrayList<>();
        realHub(() -> {
            hubs.add(Hub.current());
            hubs.add(Gevent.getHub());
            Greenlet<Hub> g = Gevent.spawn(Hub::current);
            hubs.add(g.get());
            hubs.add(g.hub());
            assertThat(Hub.current().thread()).isSameAs(Thread.currentThread());
        });
        realHub(() -> hubs.add(Hub.current()));

        assertThat(hubs.subList(0, 4)).allMatch(h -> h == hubs.get(0));
        assertThat(hubs.get(4)).isNotSameAs(hubs.get(0));
    }

    @Test
    void aPlatformThreadCanWaitForAGreenletOfAnotherThreadsHub() {
        AtomicReference<Greenlet<String>> remote = new AtomicReference<>();
        List<String> log = new CopyOnWriteArrayList<>();
        CountDownLatch spawned = new CountDownLatch(1);
        realHub(() -> {
            Thread other = Thread.ofPlatform().start(() -> {
                Greenlet<String> g = Gevent.spawn(() -> {
                    Gevent.sleep(0.05);
                    return "from the other hub";
                });
                remote.set(g);
                spawned.countDown();
                g.join();
            });
            assertThat(spawned.await(5, TimeUnit.SECONDS)).isTrue();
            log.add(remote.get().get(Duration.ofSeconds(5)));
            other.join();
        });
        assertThat(log).containsExactly("from the other hub");
    }

    @Test
    void runWithVirtualClockReturnsTheValueOfMain() {
        assertThat(Hub.runWithVirtualClock(() -> "result")).isEqualTo("result");
    }

    @Test
    void runWithVirtualClockRethrowsTheExceptionOfMainAsIsEvenWhenChecked() {
        IOException checked = new IOException("checked");
        IllegalStateException unchecked = new IllegalStateException("unchecked");
        assertThatThrownBy(() -> Hub.runWithVirtualClock(() -> {
            throw checked;
        })).isSameAs(checked);
        assertThatThrownBy(() -> Hub.runWithVirtualClock(() -> {
            throw unchecked;
        })).isSameAs(unchecked);
    }

    @Test
    void runWithVirtualClockRunsMainOnAFreshPlatformThreadWithItsOwnHub() {
        Hub outer = Hub.current();
        Thread[] seen = new Thread[1];
        Hub inner = Hub.runWithVirtualClock(() -> {
            seen[0] = Thread.currentThread();
            return Hub.current();
        });
        assertThat(inner).isNotSameAs(outer);
        assertThat(seen[0]).isNotSameAs(Thread.currentThread());
        assertThat(seen[0].isVirtual()).isFalse();
    }

    @Test
    void anHourOfVirtualSleepTakesAlmostNoRealTimeAndAdvancesTheClockByExactlyAnHour() {
        long realStart = System.nanoTime();
        Duration[] advanced = new Duration[2];
        virtualHub(() -> {
            Clock clock = Hub.current().clock();
            long start = clock.nanoTime();
            Instant wallStart = clock.now();
            Gevent.sleep(3600);
            advanced[0] = Duration.ofNanos(clock.nanoTime() - start);
            advanced[1] = Duration.between(wallStart, clock.now());
        });
        assertThat(advanced[0]).isEqualTo(Duration.ofHours(1));
        assertThat(advanced[1]).isEqualTo(Duration.ofHours(1));
        assertThat(Duration.ofNanos(System.nanoTime() - realStart)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void theVirtualClockStandsStillWhileGreenletsRun() {
        virtualHub(() -> {
            long start = now();
            Gevent.spawn(() -> {
                for (int i = 0; i < 1000; i++) Gevent.sleep(0);
            }).join();
            assertThat(elapsedSince(start)).isZero();
        });
    }

    @Test
    void timersWithEqualDeadlinesFireInTheOrderTheyWereArmed() {
        List<Integer> order = new ArrayList<>();
        virtualHub(() -> {
            List<Greenlet<?>> all = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                int n = i;
                all.add(Gevent.spawnLater(Duration.ofSeconds(1), () -> { order.add(n); }));
            }
            for (int i = 5; i < 10; i++) {
                int n = i;
                all.add(Gevent.spawn(() -> {
                    Gevent.sleep(2);
                    order.add(n);
                }));
            }
            Gevent.joinAll(all);
        });
        assertThat(order).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    }

    @Test
    void timersFireInDeadlineOrderWhateverOrderTheyWereArmedIn() {
        List<String> order = new ArrayList<>();
        virtualHub(() -> {
            long start = now();
            List<Greenlet<?>> all = new ArrayList<>();
            for (int s : new int[] {5, 1, 4, 2, 3}) {
                all.add(Gevent.spawnLater(Duration.ofSeconds(s), () -> {
                    order.add(s + "@" + elapsedSince(start).toSeconds());
                }));
            }
            Gevent.joinAll(all);
        });
        assertThat(order).containsExactly("1@1", "2@2", "3@3", "4@4", "5@5");
    }

    @Test
    void aVirtualThreadOfTheJdksOwnSchedulerCannotBlockInGevent4j() throws Exception {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                Gevent.sleep(0);
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        assertThat(t.join(Duration.ofSeconds(5))).isTrue();
        assertThat(thrown.get()).isInstanceOf(IllegalStateException.class).hasMessageContaining("greenlet");
    }

    @Test
    void aVirtualThreadStartedInsideAGreenletRunsOnThatHubAndMayUseGevent4j() {
        realHub(() -> {
            Hub mine = Hub.current();
            Greenlet<Hub> g = Gevent.spawn(() -> {
                AtomicReference<Hub> inner = new AtomicReference<>();
                Thread t = Thread.ofVirtual().start(() -> {
                    Gevent.sleep(0.01);
                    inner.set(Hub.current());
                });
                t.join();
                return inner.get();
            });
            assertThat(g.get(Duration.ofSeconds(5))).isSameAs(mine);
        });
    }

    @Test
    void theVirtualClockWaitsInRealTimeForAGreenletInAJdkSleepThenJumps() {
        List<String> log = new CopyOnWriteArrayList<>();
        long realStart = System.nanoTime();
        virtualHub(() -> {
            long start = now();
            Greenlet<Void> jdk = Gevent.spawn(() -> {
                Thread.sleep(50);
                log.add("jdk sleep done@" + elapsedSince(start).toSeconds());
            });
            Greenlet<Void> gevent = Gevent.spawn(() -> {
                Gevent.sleep(3600);
                log.add("gevent sleep done@" + elapsedSince(start).toSeconds());
            });
            Gevent.joinAll(jdk, gevent);
        });
        assertThat(log).containsExactly("jdk sleep done@0", "gevent sleep done@3600");
        assertThat(Duration.ofNanos(System.nanoTime() - realStart)).isBetween(Duration.ofMillis(50), Duration.ofSeconds(5));
    }

    @Test
    void aRealTimeHubsClockShowsTheCurrentTime() {
        realHub(() -> {
            Instant now = Hub.current().clock().now();
            assertThat(now).isBetween(Instant.now().minusSeconds(5), Instant.now().plusSeconds(5));
            long before = Hub.current().clock().nanoTime();
            Gevent.sleep(0.02);
            assertThat(Hub.current().clock().nanoTime() - before).isGreaterThanOrEqualTo(20_000_000L);
        });
    }

    private static int openFds() {
        String[] names = new java.io.File("/proc/self/fd").list();
        return names == null ? -1 : names.length;
    }

    /** Opens the current hub's selector with one socket wait, checks it shows, destroys the hub. */
    private static Hub useSelectorAndDestroy() throws Exception {
        Hub hub = Hub.current();
        int before = openFds();
        try (var s = org.gevent4j.socket.Socket.udp()) {
            s.bind("127.0.0.1", 0);
            s.setTimeout(Duration.ofMillis(1));
            assertThatThrownBy(() -> s.recv(1)).isInstanceOf(java.net.SocketTimeoutException.class);
        }
        assertThat(openFds()).as("the hub's selector is open").isGreaterThan(before);
        hub.destroy();
        return hub;
    }

    @Test
    void destroyClosesTheSelectorAndTheThreadsNextCallGetsAFreshHub() throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                useSelectorAndDestroy(); // first use opens lazily what the JDK keeps for good
                int before = openFds();
                Hub first = useSelectorAndDestroy();
                assertThat(openFds()).as("descriptors after destroy").isEqualTo(before);
                Hub second = Hub.current();
                assertThat(second).isNotSameAs(first);
                Gevent.sleep(0.001); // the fresh hub runs
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        t.join();
        assertThat(failure.get()).isNull();
    }

    @Test
    void destroyIsRefusedFromAGreenletOrAnotherThread() {
        virtualHub(() -> {
            Hub hub = Hub.current();
            Greenlet<Void> g = Gevent.spawn(hub::destroy);
            g.join();
            assertThat(g.exception()).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("destroyed from its own thread");
        });
    }
}
