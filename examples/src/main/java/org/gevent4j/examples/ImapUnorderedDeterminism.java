package org.gevent4j.examples;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.gevent4j.Gevent;
import org.gevent4j.pool.Pool;

/**
 * Determinism: the same ten tasks, each sleeping 1 ms, collected in the order they finish, four
 * times over. On a pool of platform threads that order varies from run to run; on a gevent4j
 * {@link Pool} ({@link Pool#imapUnordered}) it is the same every time, because one hub runs the
 * greenlets in a fixed order.
 *
 * <p>From tutorial 002 ("python之Gevent"), section "确定性" (determinism):
 * {@snippet lang=python :
 * import time
 * def echo(i):
 *    time.sleep(0.001)
 *    return i
 *
 * # Non Deterministic Process Pool
 * from multiprocessing import Pool
 *
 * p  =Pool(10)
 * run1 = [a for a in p.imap_unordered(echo,range(10))]
 * run2 = [a for a in p.imap_unordered(echo, range(10))]
 * run3 = [a for a in p.imap_unordered(echo, range(10))]
 * run4 = [a for a in p.imap_unordered(echo, range(10))]
 *
 * print(run1 == run2 == run3 == run4)
 *
 *
 * # Deterministic Gecent Pool
 *
 * from gevent.pool import Pool
 * p = Pool(10)
 * run1 = [a for a in p.imap_unordered(echo, range(10))]
 * run2 = [a for a in p.imap_unordered(echo, range(10))]
 * run3 = [a for a in p.imap_unordered(echo, range(10))]
 * run4 = [a for a in p.imap_unordered(echo, range(10))]
 *
 * print(run1 == run2 == run3 == run4)
 *
 *
 * # False
 * # True
 * }
 * Output, as the tutorial shows it:
 * <pre>
 * false
 * true
 * </pre>
 * The first line is the thread pool's, and, as with the tutorial's process pool, it is usually
 * {@code false} but may come out {@code true} when the threads happen to finish in the same order
 * four times. The second line is always {@code true}.
 *
 * <p>Java has no process pool that runs a function; a fixed pool of 10 platform threads
 * ({@link Executors#newFixedThreadPool}) shows the same thing, and {@link ExecutorCompletionService}
 * gives its results in the order the tasks finish ({@code imap_unordered}). {@code time.sleep} is
 * {@code Thread.sleep} on the threads and {@link Gevent#sleep(double)} in the greenlets (gevent's
 * patched {@code time.sleep}): the hub's own timers fire equal sleeps in the order they started, so
 * the ten sleeps overlap and still finish in the order the pool spawns them. ({@code Thread.sleep}
 * in a greenlet also yields to the hub, but its wake-up comes from a JDK timer thread, so under
 * load two 1 ms sleeps can come back in either order.)
 *
 * <p>Run: {@code ./gevent4j run ImapUnorderedDeterminism}
 */
public final class ImapUnorderedDeterminism {
    private ImapUnorderedDeterminism() {}

    static int echo(int i) {
        try {
            Thread.sleep(Duration.ofMillis(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted in echo(" + i + ")", e);
        }
        return i;
    }

    /** The same task for a greenlet: the hub's timers keep equal sleeps in order. */
    static int geventEcho(int i) {
        Gevent.sleep(0.001);
        return i;
    }

    /** Python's {@code range(n)}. */
    static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    /** {@code multiprocessing.Pool.imap_unordered} for a thread pool: the results as the tasks finish. */
    static <A, R> List<R> imapUnordered(ExecutorService p, Function<A, R> fn, List<A> items)
            throws InterruptedException, ExecutionException {
        ExecutorCompletionService<R> done = new ExecutorCompletionService<>(p);
        for (A a : items) done.submit(() -> fn.apply(a));
        List<R> results = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) results.add(done.take().get());
        return results;
    }

    /** The four runs on a platform thread pool: the "Non Deterministic Process Pool" half. */
    static List<List<Integer>> threadPoolRuns() throws InterruptedException, ExecutionException {
        try (ExecutorService p = Executors.newFixedThreadPool(10)) {
            List<Integer> run1 = imapUnordered(p, ImapUnorderedDeterminism::echo, range(10));
            List<Integer> run2 = imapUnordered(p, ImapUnorderedDeterminism::echo, range(10));
            List<Integer> run3 = imapUnordered(p, ImapUnorderedDeterminism::echo, range(10));
            List<Integer> run4 = imapUnordered(p, ImapUnorderedDeterminism::echo, range(10));
            return List.of(run1, run2, run3, run4);
        }
    }

    /** The four runs on a gevent4j pool: the "Deterministic Gevent Pool" half. */
    static List<List<Integer>> geventPoolRuns() {
        Pool p = new Pool(10);
        List<Integer> run1 = new ArrayList<>(), run2 = new ArrayList<>(), run3 = new ArrayList<>(),
                run4 = new ArrayList<>();
        for (int a : p.imapUnordered(ImapUnorderedDeterminism::geventEcho, range(10))) run1.add(a);
        for (int a : p.imapUnordered(ImapUnorderedDeterminism::geventEcho, range(10))) run2.add(a);
        for (int a : p.imapUnordered(ImapUnorderedDeterminism::geventEcho, range(10))) run3.add(a);
        for (int a : p.imapUnordered(ImapUnorderedDeterminism::geventEcho, range(10))) run4.add(a);
        return List.of(run1, run2, run3, run4);
    }

    /** Python's {@code run1 == run2 == run3 == run4}. */
    static boolean allEqual(List<List<Integer>> runs) {
        return runs.stream().distinct().count() == 1;
    }

    public static void main(String[] args) throws InterruptedException, ExecutionException {
        // Non-deterministic: a pool of platform threads
        System.out.println(allEqual(threadPoolRuns()));

        // Deterministic: a gevent4j pool
        System.out.println(allEqual(geventPoolRuns()));
    }
}
