package org.gevent4j.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gevent4j.TestHubs.virtualHub;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;
import org.gevent4j.GreenletExit;

/**
 * Random programs of greenlets that put and get in loops on one {@link Channel} (so every wait
 * after the first re-uses its waiter), with timeouts, kills that are raised at once or left
 * pending (the victim may have been handed an item, or had its item taken, before it runs),
 * main's own putNowait/getNowait, and virtual time. Checked: no item is received twice; every
 * item whose put returned normally was received, and every item received was put by a put that
 * returned normally (a hand-off, once made, stands on both sides); after everything is killed,
 * nobody waits on the channel.
 */
class ChannelPropertiesTest {
    sealed interface Op permits Producer, Consumer, Kill, Advance, PutNowait, GetNowait {}

    /** Puts or gets per looping greenlet: bounded, so that two of them cannot keep the hub busy forever. */
    static final int ROUNDS = 6;

    /**
     * A greenlet putting its own numbered items in a loop, every other put with this timeout (in
     * tenths of a second; null: none), so that untimed and timed waits share its re-used waiter.
     */
    record Producer(Integer timeout) implements Op {}

    /** A greenlet getting in a loop, every other get with this timeout. */
    record Consumer(Integer timeout) implements Op {}

    /** Kills the greenlet spawned {@code which}-th (modulo); {@code pending}: without waiting for it to die. */
    record Kill(int which, boolean pending) implements Op {}

    /** Main sleeps this many tenths of a second (0: yields). */
    record Advance(int tenths) implements Op {}

    record PutNowait() implements Op {}

    record GetNowait() implements Op {}

    @Provide
    Arbitrary<List<Op>> programs() {
        // Not 0: a loop of zero timeouts keeps the hub busy, and a virtual clock then never moves.
        Arbitrary<Integer> timeout = Arbitraries.integers().between(1, 3).injectNull(0.6);
        Arbitrary<Op> op = Arbitraries.frequencyOf(
                Tuple.of(15, timeout.map(Producer::new)),
                Tuple.of(15, timeout.map(Consumer::new)),
                Tuple.of(20, Arbitraries.integers().between(0, 7)
                        .flatMap(w -> Arbitraries.of(true, false).map(p -> new Kill(w, p)))),
                Tuple.of(30, Arbitraries.integers().between(0, 3).map(Advance::new)),
                Tuple.of(10, Arbitraries.just(new PutNowait())),
                Tuple.of(10, Arbitraries.just(new GetNowait())));
        return op.list().ofMinSize(1).ofMaxSize(30);
    }

    @Property(tries = 300)
    void everyItemPutIsReceivedExactlyOnceAndNothingElse(@ForAll("programs") List<Op> program) {
        virtualHub(() -> {
            Channel<Integer> c = new Channel<>();
            List<Integer> putOk = new ArrayList<>();
            List<Integer> received = new ArrayList<>();
            List<Greenlet<Void>> spawned = new ArrayList<>();
            int[] mainItems = {1_000_000};
            for (Op op : program) {
                switch (op) {
                    case Producer p -> {
                        int base = (spawned.size() + 1) * 10_000;
                        spawned.add(Gevent.spawn(() -> {
                            for (int i = base; i < base + ROUNDS; i++) {
                                try {
                                    c.put(i, timeoutOf(i % 2 == 0 ? null : p.timeout()));
                                    putOk.add(i); // logged before any other blocking call
                                } catch (Full e) {
                                    // nothing delivered: try the next item
                                }
                            }
                        }));
                    }
                    case Consumer g -> spawned.add(Gevent.spawn(() -> {
                        for (int i = 0; i < ROUNDS; i++) {
                            try {
                                received.add(c.get(timeoutOf(i % 2 == 0 ? null : g.timeout())));
                            } catch (Empty e) {
                                // nothing taken
                            }
                        }
                    }));
                    case Kill k -> {
                        if (spawned.isEmpty()) break;
                        Greenlet<Void> victim = spawned.get(k.which() % spawned.size());
                        if (k.pending()) victim.kill(new GreenletExit(), false, null); else victim.kill();
                    }
                    case Advance a -> Gevent.sleep(a.tenths() / 10.0);
                    case PutNowait _ -> {
                        int item = mainItems[0]++;
                        try {
                            c.putNowait(item);
                            putOk.add(item);
                        } catch (Full e) {
                            // no getter waited
                        }
                    }
                    case GetNowait _ -> {
                        try {
                            received.add(c.getNowait());
                        } catch (Empty e) {
                            // no putter waited
                        }
                    }
                }
            }
            Gevent.sleep(1); // let every timer and pending kill play out
            for (Greenlet<Void> g : spawned) g.kill();
            Gevent.sleep(0);
            Set<Integer> unique = new HashSet<>(received);
            assertThat(unique).as("received twice").hasSameSizeAs(received);
            assertThat(unique).as("received = put").isEqualTo(new HashSet<>(putOk));
            assertThat(c.balance()).isZero();
            assertThat(c).hasToString("<Channel>");
        });
    }

    private static Duration timeoutOf(Integer tenths) {
        return tenths == null ? null : Duration.ofMillis(100L * tenths);
    }
}
