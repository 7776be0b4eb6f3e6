package org.gevent4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gevent4j.TestHubs.virtualHub;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Greenlet.toCompletableFuture(): a greenlet used as a Future. */
@org.junit.jupiter.api.Timeout(20)
class GreenletFutureTest {

    @Test
    void completesWithTheValueWhenTheGreenletDies() {
        virtualHub(() -> {
            Greenlet<String> g = Gevent.spawn(() -> {
                Gevent.sleep(1);
                return "value";
            });
            CompletableFuture<String> f = g.toCompletableFuture();
            CompletableFuture<Integer> length = f.thenApply(String::length);
            assertThat(f).isNotDone();
            g.join();
            assertThat(f).isCompletedWithValue("value");
            assertThat(length).isCompletedWithValue(5);
            assertThat(g.toCompletableFuture()).isCompletedWithValue("value"); // dead already: done at once
        });
    }

    @Test
    void completesExceptionallyWithTheGreenletsException() {
        IllegalStateException boom = new IllegalStateException("boom");
        IOException io = new IOException("io");
        virtualHub(() -> {
            Hub.current().setErrorHandler((context, error) -> {});
            Greenlet<Object> unchecked = Gevent.spawn(() -> {
                throw boom;
            });
            Greenlet<Object> checked = Gevent.spawn(() -> {
                throw io;
            });
            CompletableFuture<Object> f1 = unchecked.toCompletableFuture(), f2 = checked.toCompletableFuture();
            Gevent.joinAll(unchecked, checked);
            assertThatThrownBy(f1::join).isInstanceOf(CompletionException.class).hasCause(boom);
            assertThatThrownBy(f2::get).isInstanceOf(ExecutionException.class).hasCause(io);
        });
    }

    @Test
    void aKilledGreenletCompletesItWithNullAsGetReturns() {
        virtualHub(() -> {
            Greenlet<String> g = Gevent.spawn(() -> {
                Gevent.sleep(10);
                return "never";
            });
            CompletableFuture<String> f = g.toCompletableFuture();
            Gevent.sleep(0);
            g.kill();
            assertThat(f).isCompletedWithValue(null);
        });
    }

    @Test
    void cancellingTheFutureKillsTheGreenlet() {
        virtualHub(() -> {
            List<String> log = new ArrayList<>();
            Greenlet<String> running = Gevent.spawn(() -> {
                try {
                    Gevent.sleep(10);
                    return "finished";
                } catch (GreenletExit e) {
                    log.add("killed");
                    throw e;
                }
            });
            CompletableFuture<String> f = running.toCompletableFuture();
            Gevent.sleep(1);
            assertThat(f.cancel(false)).isTrue();
            running.join();
            assertThat(log).containsExactly("killed");
            assertThat(f.isCancelled()).isTrue();
            assertThatThrownBy(f::join).isInstanceOf(CancellationException.class);

            Greenlet<Boolean> notStarted = Gevent.spawn(() -> log.add("ran"));
            assertThat(notStarted.toCompletableFuture().cancel(true)).isTrue();
            assertThat(notStarted.dead()).isTrue();
            Gevent.sleep(0);
            assertThat(log).containsExactly("killed");
        });
    }

    @Test
    void aGreenletCanWaitOnTheFutureWithTheJdksOwnJoin() {
        virtualHub(() -> {
            Greenlet<String> producer = Gevent.spawn(() -> {
                Gevent.sleep(1);
                return "made";
            });
            CompletableFuture<String> f = producer.toCompletableFuture();
            // CompletableFuture.join parks the greenlet's virtual thread: the hub runs the producer meanwhile
            Greenlet<String> consumer = Gevent.spawn(f::join);
            assertThat(consumer.get()).isEqualTo("made");
        });
    }

    @Test
    void aPlatformThreadCanWaitOnTheFuture() throws Exception {
        AtomicReference<Object> seen = new AtomicReference<>();
        TestHubs.realHub(() -> {
            Greenlet<String> g = Gevent.spawn(() -> {
                Gevent.sleep(0.05);
                return "from the hub";
            });
            CompletableFuture<String> f = g.toCompletableFuture();
            Thread other = Thread.ofPlatform().start(() -> {
                try {
                    seen.set(f.get(10, TimeUnit.SECONDS));
                } catch (Exception e) {
                    seen.set(e);
                }
            });
            g.join();
            other.join(10_000);
        });
        assertThat(seen.get()).isEqualTo("from the hub");
    }
}
