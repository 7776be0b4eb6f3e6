package org.gevent4j.http.conformance;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Runs a group's cases: the first time a case of a group is asked for, one server is started and
 * every case of the group is sent on its own connection, a few at a time (the suite stays fast;
 * each case's requests are told apart by the client port). The JUnit tests then check the stored
 * outcomes one by one, and at the end of a class {@link #finish} prints the table of cases that
 * did not get the expected outcome.
 */
final class ConformanceRuns {
    static final String SLOW_PROPERTY = "gevent4j.http.conformance.slow";
    static final String VERBOSE_PROPERTY = "gevent4j.http.conformance.verbose";
    private static final int CONCURRENCY = 6;

    record Row(ConfCase c, Outcome outcome, String failure) {
    }

    private static final Map<Group, Map<String, Row>> RESULTS = new EnumMap<>(Group.class);

    private ConformanceRuns() {
    }

    static boolean slowEnabled() {
        return Boolean.getBoolean(SLOW_PROPERTY);
    }

    /** What ran, for one case (running its group first if needed). */
    static synchronized Row row(ConfCase c) throws Exception {
        Map<String, Row> rows = RESULTS.get(c.group());
        if (rows == null) {
            rows = runGroup(c.group());
            RESULTS.put(c.group(), rows);
        }
        return rows.get(c.id());
    }

    private static Map<String, Row> runGroup(Group group) throws Exception {
        Map<String, Row> rows = new ConcurrentHashMap<>();
        try (ConformanceServer server = ConformanceServer.start();
                ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            Semaphore permits = new Semaphore(CONCURRENCY);
            List<Future<?>> futures = new ArrayList<>();
            for (ConfCase c : Corpus.of(group)) {
                if (c.slow() && !slowEnabled()) {
                    continue;
                }
                futures.add(ex.submit(() -> {
                    permits.acquire();
                    try {
                        Outcome o = RawClient.exchange(server.address(), c.req(), server);
                        rows.put(c.id(), new Row(c, o, verdict(c, o)));
                    } catch (IOException e) {
                        rows.put(c.id(), new Row(c, null, "client error: " + e));
                    } finally {
                        permits.release();
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            if (!server.alive()) {
                throw new AssertionError("the " + server.name + " server no longer answers after group " + group);
            }
        }
        return rows;
    }

    /** Null when the outcome is the expected one; otherwise why not. A malformed response always fails (C4). */
    static String verdict(ConfCase c, Outcome o) {
        if (o.parseError() != null) {
            if (ConformanceServer.jdkMode() && o.parseError().contains("Content-Length in a 1")) {
                return o.parseError() + "; with the 1xx's Content-Length: 0 tolerated: " + tolerant(c, o);
            }
            return o.parseError();
        }
        return c.expect().check(o);
    }

    /** jdk mode only: the verdict once a 1xx's {@code Content-Length: 0} is let through (the rest of the case still judged). */
    private static String tolerant(ConfCase c, Outcome o) {
        StrictResponseParser.Parsed p = StrictResponseParser.parse(o.raw(), o.raw().length, o.closed(), c.req().headAt, true);
        if (p.error() != null) {
            return "still malformed: " + p.error();
        }
        Outcome t = new Outcome(p.responses(), null, o.closed(), o.reset(), o.timedOut(), o.raw(), o.seen(), o.writeError());
        String v = c.expect().check(t);
        return v == null ? "as expected" : t.summary() + " — " + v;
    }

    /** Prints the cases of a group that did not get the expected outcome (the divergence table in jdk mode). */
    static synchronized void finish(Group group) {
        Map<String, Row> rows = RESULTS.get(group);
        if (rows == null) {
            return;
        }
        String who = ConformanceServer.peerMode() ? ConformanceServer.mode() : ConformanceServer.jdkMode() ? "jdk" : "gevent4j";
        List<Row> bad = Corpus.of(group).stream().map(c -> rows.get(c.id()))
                .filter(r -> r != null && r.failure() != null).toList();
        StringBuilder sb = new StringBuilder();
        sb.append("\n=== HTTP conformance, group ").append(group).append(", provider ").append(who).append(": ")
                .append(rows.size() - bad.size()).append('/').append(rows.size()).append(" as expected ===\n");
        if (!bad.isEmpty()) {
            sb.append(String.format("%-62s | %-6s | %-40s | %s%n", "case", "level", "expected", "got"));
            for (Row r : bad) {
                String known = ConformanceServer.jdkMode() ? JdkDivergences.reason(r.c().id()) : null;
                sb.append(String.format("%-62s | %-6s | %-40s | %s%s%n", r.c().id(), r.c().level(),
                        clip(r.c().expect().describe(), 40),
                        r.outcome() == null ? r.failure() : r.outcome().summary() + " — " + r.failure(),
                        known == null ? "" : "  [JDK: " + known + "]"));
                if (Boolean.getBoolean(VERBOSE_PROPERTY) && r.outcome() != null) {
                    sb.append("    sent: ").append(Esc.of(r.c().req().all(), 300)).append('\n');
                    sb.append("    got:  ").append(Esc.of(r.outcome().raw(), 600)).append('\n');
                }
            }
        }
        System.out.print(sb);
    }

    private static String clip(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }
}
