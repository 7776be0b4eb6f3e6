package org.gevent4j.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;
import org.gevent4j.fileobject.FileObject;
import org.gevent4j.threadpool.ThreadPool;

/**
 * Harness for the thread pool and FileObject figures (BENCHMARKS.md, "Thread pool and files"):
 *
 * <ul>
 *   <li>{@code roundtrip [N]}: µs per {@code ThreadPool.apply(() -> null)} from a greenlet, median
 *       of 7 rounds of N (default 20,000) after 3 warm-up rounds.</li>
 *   <li>{@code ticker SIZE_MIB... }: a ticker greenlet asks to wake every 10 ms while another
 *       greenlet reads a SIZE_MIB file (in the page cache) through {@code FileObject}'s
 *       InputStream, then with {@code FileObject.readAll}, then, for contrast, with plain
 *       {@code Files.readAllBytes} on the hub's thread. Prints the read time, the ticks and the
 *       ticker's worst and 99th-percentile lag behind its schedule.</li>
 * </ul>
 *
 * Run: {@code ./gevent4j run org.gevent4j.bench.FileTicker roundtrip} or {@code ... ticker 64 256}.
 */
public final class FileTicker {
    private FileTicker() {}

    public static void main(String[] args) throws Exception {
        String what = args.length > 0 ? args[0] : "roundtrip";
        switch (what) {
            case "roundtrip" -> roundTrip(args.length > 1 ? Integer.parseInt(args[1]) : 20_000);
            case "ticker" -> {
                for (int i = 1; i < args.length; i++) ticker(Integer.parseInt(args[i]));
            }
            default -> throw new IllegalArgumentException("roundtrip [N] | ticker SIZE_MIB...");
        }
    }

    static void roundTrip(int n) {
        try (ThreadPool pool = new ThreadPool(10)) {
            List<Double> rounds = new ArrayList<>();
            for (int r = 0; r < 10; r++) {
                double us = Gevent.spawn(() -> {
                    long t0 = System.nanoTime();
                    for (int i = 0; i < n; i++) pool.apply(() -> null);
                    return (System.nanoTime() - t0) / 1e3 / n;
                }).get();
                if (r >= 3) rounds.add(us);
            }
            rounds.sort(null);
            System.out.printf(Locale.ROOT, "roundtrip: %.2f us per apply (median of %d rounds of %d; min %.2f, max %.2f)%n",
                    rounds.get(rounds.size() / 2), rounds.size(), n, rounds.get(0), rounds.get(rounds.size() - 1));
        }
    }

    interface Reader {
        long read(Path p) throws Exception;
    }

    static void ticker(int mib) throws IOException {
        Path file = Files.createTempFile("gevent4j-ticker", ".bin");
        try {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ByteBuffer block = ByteBuffer.allocate(1 << 20);
                for (int i = 0; i < mib; i++) {
                    block.clear();
                    while (block.hasRemaining()) ch.write(block);
                }
            }
            Files.readAllBytes(file); // into the page cache
            run(mib, "FileObject InputStream (1 MiB reads)", p -> {
                byte[] buf = new byte[1 << 20];
                long total = 0;
                try (InputStream in = FileObject.open(p, "rb").getInputStream()) {
                    for (int r; (r = in.read(buf)) > 0; ) total += r;
                }
                return total;
            }, file);
            run(mib, "FileObject.readAll", p -> {
                try (FileObject f = FileObject.open(p, "rb")) {
                    return f.readAll().length;
                }
            }, file);
            run(mib, "Files.readAllBytes on the hub (no pool)", p -> Files.readAllBytes(p).length, file);
        } finally {
            Files.delete(file);
        }
    }

    static void run(int mib, String how, Reader reader, Path file) {
        List<Long> lags = new ArrayList<>();
        boolean[] reading = {true};
        Greenlet<Void> ticker = Gevent.spawn(() -> {
            long next = System.nanoTime();
            while (reading[0]) {
                next += 10_000_000;
                Gevent.sleep(Duration.ofNanos(Math.max(0, next - System.nanoTime())));
                long now = System.nanoTime();
                lags.add(Math.max(0, now - next));
                next = Math.max(next, now - 10_000_000); // a late tick does not cause a burst
            }
        });
        Greenlet<long[]> r = Gevent.spawn(() -> {
            Gevent.sleep(0.05); // the ticker is running
            long t0 = System.nanoTime();
            try {
                long n = reader.read(file);
                return new long[] {n, System.nanoTime() - t0};
            } finally {
                reading[0] = false;
            }
        });
        long[] res = r.get();
        ticker.join();
        lags.sort(null);
        double max = lags.get(lags.size() - 1) / 1e6;
        double p99 = lags.get((int) Math.min(lags.size() - 1, Math.ceil(lags.size() * 0.99) - 1)) / 1e6;
        System.out.printf(Locale.ROOT, "ticker %4d MiB %-42s read %7.1f ms, %4d ticks, lag max %6.1f ms, p99 %6.1f ms%n",
                mib, how, res[1] / 1e6, lags.size(), max, p99);
        if (res[0] != (long) mib << 20) throw new AssertionError("read " + res[0] + " bytes");
    }
}
