package org.gevent4j.examples;

import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.IntStream;
import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;

/**
 * The same task run synchronously (one after the other) and asynchronously (all spawned at once):
 * each sleeps a random 0, 1 or 2 time units, so the asynchronous ones finish out of order.
 *
 * <p>From three tutorials, the same program with different constants (first argument):
 * <table class="striped">
 * <caption>Variants</caption>
 * <tr><th>argument</th><th>tutorial, section</th><th>synchronous pids</th><th>asynchronous pids</th><th>unit</th></tr>
 * <tr><td>{@code 000} (default)</td><td>tutorial 000 ("python 模块 gevent 协程"), 5.4 "同步vs异步"</td>
 *     <td>0–4</td><td>0–4</td><td>0.001 s</td></tr>
 * <tr><td>{@code 002}</td><td>tutorial 002 ("python之Gevent"), "真正了解Gevent", third program</td>
 *     <td>1–9</td><td>0–9</td><td>0.01 s</td></tr>
 * <tr><td>{@code 003}</td><td>tutorial 003 ("浅谈coroutine和gevent"), "上下文切换", second program</td>
 *     <td>1–9</td><td>0–9</td><td>0.001 s</td></tr>
 * </table>
 * Tutorial 003's version:
 * {@snippet lang=python :
 * import gevent
 * import random
 *
 * def task(pid):
 *     """
 *     Some non-deterministic task
 *     """
 *     gevent.sleep(random.randint(0, 2) * 0.001)
 *     print('Task', pid, 'done')
 *
 * def synchronous():
 *     for i in range(1, 10):
 *         task(i)
 *
 * def asynchronous():
 *     threads = [gevent.spawn(task, i) for i in xrange(10)]
 *     gevent.joinall(threads)
 *
 * print('Synchronous:')
 * synchronous()
 *
 * print('Asynchronous:')
 * asynchronous()
 * }
 * (Tutorial 000's copy has its last four lines wrongly indented into {@code asynchronous}; this is the
 * intended program.)
 *
 * <p>Output: {@code Synchronous:}, then {@code Task i done} for each synchronous pid in order,
 * then {@code Asynchronous:} and the asynchronous pids in the order their sleeps end: first those
 * that slept 0 (in pid order: {@code sleep(0)} only yields), then those that slept one unit, then
 * two. Python's output differs from run to run; here {@code random} is a {@link Random} with a
 * fixed seed (second argument, default 2018), so it is reproducible. Each task draws its duration
 * when it starts: the synchronous tasks first, then the asynchronous ones in pid order (spawned
 * greenlets start in spawn order).
 *
 * <p>Run: {@code ./gevent4j run SyncVsAsync [000|002|003 [randomSeed]]}
 */
public final class SyncVsAsync {
    /** One tutorial's constants. */
    enum Variant {
        SEED_000(0, 5, 5, 0.001),
        SEED_002(1, 10, 10, 0.01),
        SEED_003(1, 10, 10, 0.001);

        final int syncFrom, syncTo, asyncCount;
        final double unitSeconds;

        Variant(int syncFrom, int syncTo, int asyncCount, double unitSeconds) {
            this.syncFrom = syncFrom;
            this.syncTo = syncTo;
            this.asyncCount = asyncCount;
            this.unitSeconds = unitSeconds;
        }

        static Variant of(String name) {
            try {
                return valueOf("SEED_" + name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("variant must be 000, 002 or 003: " + name, e);
            }
        }
    }

    /** The default seed of {@link #random}. */
    static final long DEFAULT_RANDOM_SEED = 2018;

    private final Variant variant;
    private final Random random;

    SyncVsAsync(Variant variant, Random random) {
        this.variant = variant;
        this.random = random;
    }

    void task(int pid) {
        Gevent.sleep(random.nextInt(3) * variant.unitSeconds); // random.randint(0, 2) * unit
        System.out.println("Task " + pid + " done");
    }

    void synchronous() {
        for (int i = variant.syncFrom; i < variant.syncTo; i++) {
            task(i);
        }
    }

    void asynchronous() {
        List<Greenlet<Void>> threads = IntStream.range(0, variant.asyncCount)
                .mapToObj(i -> Gevent.spawn(() -> task(i)))
                .toList();
        Gevent.joinAll(threads);
    }

    public static void main(String[] args) {
        Variant variant = Variant.of(Args.string(args, 0, "000"));
        Random random = new Random(Args.integer(args, 1, DEFAULT_RANDOM_SEED));
        SyncVsAsync program = new SyncVsAsync(variant, random);

        System.out.println("Synchronous:");
        program.synchronous();

        System.out.println("Asynchronous:");
        program.asynchronous();
    }
}
