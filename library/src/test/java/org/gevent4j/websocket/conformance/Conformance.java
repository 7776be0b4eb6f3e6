package org.gevent4j.websocket.conformance;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Runs cases one at a time against a server and writes the report (one line per case). */
final class Conformance {
    private Conformance() {}

    static Session.Result run(URI target, Cases.Case c) {
        try (WireClient ws = WireClient.connect(target, c.offer(), 5000)) {
            Session s = new Session(ws);
            c.script().run(s);
            return s.verdict(c.id());
        } catch (Exception e) {
            return new Session.Result(c.id(), Session.Verdict.FAILED, Session.Verdict.FAILED, "harness: " + e);
        }
    }

    static String summary(List<Session.Result> results) {
        Map<Session.Verdict, Integer> counts = new EnumMap<>(Session.Verdict.class);
        for (Session.Result r : results) {
            Session.Verdict v = r.behavior() == Session.Verdict.FAILED || r.close() == Session.Verdict.FAILED ? Session.Verdict.FAILED
                    : r.behavior() == Session.Verdict.NON_STRICT || r.close() == Session.Verdict.NON_STRICT ? Session.Verdict.NON_STRICT
                    : r.behavior();
            counts.merge(v, 1, Integer::sum);
        }
        return results.size() + " cases: " + counts;
    }

    /** Writes target/ws-conformance-NAME.txt (the module's build directory) and returns its path. */
    static Path report(String name, URI target, List<Session.Result> results) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("# WebSocket conformance (Autobahn categories 1-7, 9, 10, 12, 13) against " + name + " at " + target);
        lines.add("# " + summary(results));
        lines.add(String.format("%-8s %-13s %-13s %s", "case", "behavior", "close", "detail"));
        for (Session.Result r : results) lines.add(r.toString());
        Path dir = Path.of("target");
        Files.createDirectories(dir);
        Path f = dir.resolve("ws-conformance-" + name + ".txt");
        Files.write(f, lines, UTF_8);
        return f;
    }

    /** Command-line use against any server: {@code Conformance ws://127.0.0.1:PORT/echo [case-id-prefix]}. */
    public static void main(String[] args) throws IOException {
        URI target = URI.create(args[0]);
        String prefix = args.length > 1 ? args[1] : "";
        List<Session.Result> results = new ArrayList<>();
        for (Cases.Case c : Cases.all()) {
            if (!(c.id() + ".").startsWith(prefix)) continue;
            Session.Result r = run(target, c);
            System.out.println(r);
            results.add(r);
        }
        System.out.println(summary(results));
        System.out.println("report: " + report("cli", target, results).toAbsolutePath());
    }
}
