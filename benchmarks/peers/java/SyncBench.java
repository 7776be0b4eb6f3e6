// java.util.concurrent peer for the events/queues/locks/pools scenarios (benchmarks/run-sync.sh):
// the JDK's own queues and executors, with virtual threads on the default scheduler (a ForkJoinPool
// with one carrier per core unless -Djdk.virtualThreadScheduler.parallelism=P is given).
//
// Usage: java SyncBench.java SCENARIO [N] [ROUNDS]
//
//   queue     a producer virtual thread puts N items into a LinkedBlockingQueue, a consumer takes them
//   queue1    the same through an ArrayBlockingQueue(1): every put waits for the previous item's take
//   channel   the same through a SynchronousQueue: a rendezvous, every put waits for a take
//   map       an ExecutorService with a virtual thread per task (no bound) maps a trivial function
//             over N items: submit each, then get the futures in input order
//   map100    the same on Executors.newFixedThreadPool(100) of virtual threads (at most 100 at a time)
//
// N defaults to 100000. 3 warm-up rounds, then ROUNDS (5) measured ones; the median round is
// reported in ns per item, as one JSON line on stdout (the format of shared/bench).

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.function.Supplier;

public class SyncBench {

    // warm-up rounds run before the measured ones (same in every peer)
    static final int WARMUP_ROUNDS = 3;

    interface Round {
        double run(int n) throws Exception;
    }

    // a producer virtual thread puts 0..n-1, a consumer virtual thread takes n items and sums them
    static double handoffRound(Supplier<BlockingQueue<Integer>> makeQueue, int n) throws Exception {
        BlockingQueue<Integer> q = makeQueue.get();
        long[] total = new long[1];
        long t0 = System.nanoTime();
        Thread producer = Thread.ofVirtual().start(() -> {
            try {
                for (int i = 0; i < n; i++) q.put(i);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread consumer = Thread.ofVirtual().start(() -> {
            try {
                long s = 0;
                for (int i = 0; i < n; i++) s += q.take();
                total[0] = s;
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        producer.join();
        consumer.join();
        double ns = (double) (System.nanoTime() - t0) / n;
        if (total[0] != (long) n * (n - 1) / 2) throw new AssertionError("items lost or duplicated: sum " + total[0]);
        return ns;
    }

    // a trivial function mapped over 0..n-1 on the executor: submit each, then get in input order
    static double mapRound(Supplier<ExecutorService> makeExecutor, List<Integer> items) throws Exception {
        int n = items.size();
        long t0 = System.nanoTime();
        List<Integer> results = new ArrayList<>(n);
        try (ExecutorService ex = makeExecutor.get()) {
            List<Future<Integer>> fs = new ArrayList<>(n);
            for (Integer x : items) fs.add(ex.submit(() -> x));
            for (Future<Integer> f : fs) results.add(f.get());
        }
        double ns = (double) (System.nanoTime() - t0) / n;
        if (results.size() != n || results.get(n - 1) != n - 1) throw new AssertionError("map returned " + results.size());
        return ns;
    }

    static double median(List<Double> xs) {
        double[] s = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    static String fmt(double d) {
        return String.format(Locale.ROOT, "%.3f", d);
    }

    static String list(List<Double> xs) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < xs.size(); i++) b.append(i > 0 ? "," : "").append(fmt(xs.get(i)));
        return b.append("]").toString();
    }

    static String runtime() {
        String par = System.getProperty("jdk.virtualThreadScheduler.parallelism");
        return "\"runtime\":\"java " + Runtime.version() + " (java.util.concurrent, virtual threads)\",\"parallelism\":"
                + (par != null ? par : String.valueOf(Runtime.getRuntime().availableProcessors()));
    }

    public static void main(String[] a) throws Exception {
        String scenario = a.length > 0 ? a[0] : "";
        int n = a.length > 1 ? Integer.parseInt(a[1]) : 100000;
        int rounds = a.length > 2 ? Integer.parseInt(a[2]) : 5;
        List<Integer> items = new ArrayList<>(n);
        for (int i = 0; i < n; i++) items.add(i);
        Round round = switch (scenario) {
            case "queue" -> k -> handoffRound(LinkedBlockingQueue::new, k);
            case "queue1" -> k -> handoffRound(() -> new ArrayBlockingQueue<>(1), k);
            case "channel" -> k -> handoffRound(SynchronousQueue::new, k);
            case "map" -> k -> mapRound(Executors::newVirtualThreadPerTaskExecutor, items);
            case "map100" -> k -> mapRound(() -> Executors.newFixedThreadPool(100, Thread.ofVirtual().factory()), items);
            default -> null;
        };
        if (round == null) {
            System.err.println("usage: java SyncBench.java queue|queue1|channel|map|map100 [N] [ROUNDS]");
            System.exit(2);
        }
        for (int w = 0; w < WARMUP_ROUNDS; w++) round.run(n); // warm-up, not reported
        List<Double> rs = new ArrayList<>();
        for (int r = 0; r < rounds; r++) rs.add(round.run(n));
        System.out.println("{\"scenario\":\"" + scenario + "\",\"value\":" + fmt(median(rs))
                + ",\"unit\":\"ns/item\",\"params\":{\"n\":" + n + ",\"rounds\":" + rounds + "},\"rounds\":"
                + list(rs) + "," + runtime() + "}");
    }
}
