package org.gevent4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gevent4j.TestHubs.virtualHub;
import static org.junit.jupiter.api.Assertions.assertAll;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Bad arguments fail at once with a message that names them: null functions and callbacks with
 * NullPointerException, negative durations and non-numbers with IllegalArgumentException.
 */
@org.junit.jupiter.api.Timeout(20)
class ArgumentCheckTest {

    private static final Duration NEGATIVE = Duration.ofMillis(-1500);

    @Test
    void nullFunctionsAreRejectedNamingTheArgument() {
        virtualHub(() -> {
            assertThatThrownBy(() -> Gevent.spawn((Callable<?>) null))
                    .isInstanceOf(NullPointerException.class).hasMessageContaining("fn");
            assertThatThrownBy(() -> Gevent.spawn((Runnable) null))
                    .isInstanceOf(NullPointerException.class).hasMessageContaining("fn");
            assertThatThrownBy(() -> Gevent.spawn((ThrowingRunnable) null))
                    .isInstanceOf(NullPointerException.class).hasMessageContaining("fn");
            assertThatThrownBy(() -> Greenlet.spawn((Callable<?>) null))
                    .isInstanceOf(NullPointerException.class).hasMessageContaining("fn");
            assertThatThrownBy(() -> new Greenlet<>((Runnable) null))
                    .isInstanceOf(NullPointerException.class).hasMessageContaining("fn");
            assertThatThrownBy(() -> Gevent.spawnLater(Duration.ZERO, (Callable<?>) null))
                    .isInstanceOf(NullPointerException.class).hasMessageContaining("fn");
            assertThatThrownBy(() -> Gevent.withTimeout(Duration.ofSeconds(1), null))
                    .isInstanceOf(NullPointerException.class).hasMessageContaining("fn");
            assertThatThrownBy(() -> Hub.runWithVirtualClock(null))
                    .isInstanceOf(NullPointerException.class).hasMessageContaining("main");
            assertThatThrownBy(() -> Local.withInitial(null))
                    .isInstanceOf(NullPointerException.class).hasMessageContaining("initial");
        });
    }

    @Test
    void nullCallbacksAreRejectedNamingTheArgument() {
        virtualHub(() -> {
            Greenlet<Void> g = Gevent.spawn(() -> {});
            assertThatThrownBy(() -> g.link(null))
                    .isInstanceOf(NullPointerException.class).hasMessageContaining("callback");
            assertThatThrownBy(() -> g.linkValue(null))
                    .isInstanceOf(NullPointerException.class).hasMessageContaining("callback");
            assertThatThrownBy(() -> g.linkException(null))
                    .isInstanceOf(NullPointerException.class).hasMessageContaining("callback");
            assertThatThrownBy(() -> g.rawlink((Consumer<Waitable>) null))
                    .isInstanceOf(NullPointerException.class).hasMessageContaining("callback");
            g.join();
            assertThatThrownBy(() -> g.link(null))
                    .as("also once the greenlet is dead")
                    .isInstanceOf(NullPointerException.class).hasMessageContaining("callback");
        });
    }

    @Test
    void otherNullArgumentsAreRejectedNamingTheArgument() {
        virtualHub(() -> {
            Greenlet<Void> g = Gevent.spawn(() -> Gevent.sleep(1));
            assertThatThrownBy(() -> g.kill(null, true, null))
                    .isInstanceOf(NullPointerException.class).hasMessageContaining("exception");
            assertThatThrownBy(() -> g.setName(null))
                    .isInstanceOf(NullPointerException.class).hasMessageContaining("name");
            assertThatThrownBy(() -> Gevent.sleep((Duration) null))
                    .isInstanceOf(NullPointerException.class).hasMessageContaining("sleep duration");
            assertThatThrownBy(() -> g.startLater(null))
                    .isInstanceOf(NullPointerException.class).hasMessageContaining("delay");
        });
    }

    @Test
    void nullCollectionsAreRejectedNamingTheArgument() {
        virtualHub(() -> {
            // JUnit's assertAll, not AssertJ's SoftAssertions: those proxy through Byte Buddy, which calls
            // sun.misc.Unsafe, and the JDK prints a warning for that into the test log.
            assertAll(
                    () -> assertThatThrownBy(() -> Gevent.joinAll((Collection<Greenlet<?>>) null))
                            .isInstanceOf(NullPointerException.class).hasMessageContaining("greenlets"),
                    () -> assertThatThrownBy(() -> Gevent.joinAll((Collection<Greenlet<?>>) null, null, true))
                            .isInstanceOf(NullPointerException.class).hasMessageContaining("greenlets"),
                    () -> assertThatThrownBy(() -> Gevent.killAll(null))
                            .isInstanceOf(NullPointerException.class).hasMessageContaining("greenlets"),
                    () -> assertThatThrownBy(() -> Gevent.wait((Collection<Waitable>) null))
                            .isInstanceOf(NullPointerException.class).hasMessageContaining("objects"),
                    () -> assertThatThrownBy(() -> Gevent.iwait((Collection<Waitable>) null))
                            .isInstanceOf(NullPointerException.class).hasMessageContaining("objects"));
        });
    }

    @Test
    void negativeDurationsAreRejectedNamingTheValue() {
        virtualHub(() -> {
            Greenlet<Void> g = Gevent.spawn(() -> Gevent.sleep(1));
            String value = NEGATIVE.toString(); // PT-1.5S

            assertThatThrownBy(() -> Gevent.sleep(NEGATIVE))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(value);
            assertThatThrownBy(() -> g.join(NEGATIVE))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(value);
            assertThatThrownBy(() -> g.get(NEGATIVE))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(value);
            assertThatThrownBy(() -> g.kill(new GreenletExit(), true, NEGATIVE))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(value);
            assertThatThrownBy(() -> new Timeout(NEGATIVE))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(value);
            assertThatThrownBy(() -> Timeout.start(NEGATIVE))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(value);
            assertThatThrownBy(() -> Gevent.spawnLater(NEGATIVE, () -> {}))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(value);
            assertThatThrownBy(() -> new Greenlet<>(() -> {}).startLater(NEGATIVE))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(value);
            assertThatThrownBy(() -> Gevent.joinAll(List.of(g), NEGATIVE, false))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(value);
            assertThatThrownBy(() -> Gevent.killAll(List.of(g), null, true, NEGATIVE))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(value);
            assertThatThrownBy(() -> Gevent.wait(List.of(g), NEGATIVE, 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(value);
            assertThatThrownBy(() -> Gevent.iwait(List.of(g), NEGATIVE))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(value);
            assertThatThrownBy(() -> Gevent.withTimeout(NEGATIVE, () -> "x"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(value);
        });
    }

    @Test
    void aRejectedNegativeDurationChangesNothing() {
        virtualHub(() -> {
            Greenlet<String> g = Gevent.spawn(() -> {
                Gevent.sleep(1);
                return "ok";
            });
            assertThatThrownBy(() -> g.kill(new GreenletExit(), true, NEGATIVE)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> Gevent.killAll(List.of(g), null, true, NEGATIVE)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> Gevent.spawnLater(NEGATIVE, () -> "never")).isInstanceOf(IllegalArgumentException.class);
            assertThat(g.get()).as("the greenlet was not killed").isEqualTo("ok");
        });
    }

    @Test
    void sleepInSecondsRejectsNaNAndNegativeNumbersNamingTheValue() {
        virtualHub(() -> {
            assertThatThrownBy(() -> Gevent.sleep(Double.NaN))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
            assertThatThrownBy(() -> Gevent.sleep(-1.0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1.0");
            assertThatThrownBy(() -> Gevent.sleep(Double.NEGATIVE_INFINITY))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-Infinity");
        });
    }
}
