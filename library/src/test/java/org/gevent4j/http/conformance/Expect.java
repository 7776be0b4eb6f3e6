package org.gevent4j.http.conformance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The expected outcome of a case: a description for reports, and a check that returns null when
 * the outcome matches or a one-line reason when it does not. A malformed response (the strict
 * parser's error) fails every expectation.
 */
interface Expect {
    String describe();

    String check(Outcome o);

    static Expect of(String description, Function<Outcome, String> check) {
        return new Expect() {
            @Override
            public String describe() {
                return description;
            }

            @Override
            public String check(Outcome o) {
                return check.apply(o);
            }
        };
    }

    default Expect and(Expect other) {
        Expect me = this;
        return of(me.describe() + " + " + other.describe(), o -> {
            String a = me.check(o);
            return a != null ? a : other.check(o);
        });
    }

    default Expect andClose() {
        return and(closed());
    }

    default Expect or(Expect other) {
        Expect me = this;
        return of("(" + me.describe() + ") or (" + other.describe() + ")", o -> {
            String a = me.check(o);
            if (a == null) {
                return null;
            }
            String b = other.check(o);
            return b == null ? null : a + "; and not: " + b;
        });
    }

    // ---- building blocks ----

    /** The final statuses, in order, are exactly these. */
    static Expect statuses(int... codes) {
        List<Integer> want = Arrays.stream(codes).boxed().toList();
        return of("statuses " + want, o -> o.statuses().equals(want) ? null : "statuses " + o.statuses() + ", want " + want);
    }

    /** Exactly one final response, with this status. */
    static Expect status(int code) {
        return statuses(code);
    }

    /** Exactly one final response, with one of these statuses. */
    static Expect statusIn(int... codes) {
        List<Integer> want = Arrays.stream(codes).boxed().toList();
        return of("one of " + want, o -> o.statuses().size() == 1 && want.contains(o.statuses().get(0))
                ? null : "statuses " + o.statuses() + ", want one of " + want);
    }

    /** The server closed the connection (after whatever it sent). */
    static Expect closed() {
        return of("close", o -> o.closed() ? null : "connection left open");
    }

    /** The server kept the connection open (no close after the responses). */
    static Expect keptOpen() {
        return of("kept open", o -> !o.closed() ? null : "connection closed");
    }

    /** No final response at all, and the connection closed. */
    static Expect silentClose() {
        return of("close without response", o -> o.finals().isEmpty() && o.closed() ? null
                : "got " + o.statuses() + (o.closed() ? "" : " and left open"));
    }

    /** The server rejects with this status and closes ("400 + close"). */
    static Expect reject(int code) {
        return status(code).andClose();
    }

    /** The server rejects with this status and closes, or closes without a response. */
    static Expect rejectOrClose(int code) {
        return reject(code).or(silentClose());
    }

    /** Handlers never saw a request for this target (nothing was smuggled). */
    static Expect notSeen(String target) {
        return of("never runs " + target, o -> {
            for (String s : o.seen()) {
                if (s.endsWith(" " + target) || s.contains(target + "?")) {
                    return "handler ran " + s;
                }
            }
            for (Response r : o.finals()) {
                String t = r.echo("target");
                if (t != null && t.equals(target)) {
                    return "a response echoes target " + target;
                }
            }
            return null;
        });
    }

    /** Handlers ran exactly these requests ("METHOD target"), in order. */
    static Expect seen(String... requests) {
        List<String> want = List.of(requests);
        return of("handlers ran " + want, o -> o.seen().equals(want) ? null : "handlers ran " + o.seen() + ", want " + want);
    }

    /** Response {@code i} (a final one) satisfies the predicate. */
    static Expect response(int i, String what, Predicate<Response> p) {
        return of("response " + i + " " + what, o -> {
            List<Response> f = o.finals();
            if (f.size() <= i) {
                return "no response " + i + " (statuses " + o.statuses() + ")";
            }
            return p.test(f.get(i)) ? null : "response " + i + " not " + what + ": " + f.get(i);
        });
    }

    /** The echo of response {@code i} reports {@code key=value}. */
    static Expect echo(int i, String key, String value) {
        return response(i, "echoes " + key + "=" + Esc.of(value), r -> value.equals(r.echo(key)));
    }

    /** The echo of response 0 has this body. */
    static Expect body(String value) {
        return echo(0, "body", value);
    }

    /** 200 with the echoed body, then the connection went on (the sentinel was answered). */
    static Expect okBodyThenSentinel(String value) {
        return statuses(200, 200).and(body(value)).and(sentinelLast());
    }

    /** The last response answers the sentinel request. */
    static Expect sentinelLast() {
        return of("sentinel answered last", o -> {
            List<Response> f = o.finals();
            if (f.isEmpty()) {
                return "no responses";
            }
            String t = f.get(f.size() - 1).echo("target");
            return Req.SENTINEL_TARGET.equals(t) ? null : "last response is not the sentinel's: " + f.get(f.size() - 1);
        });
    }

    /** The request header was not seen by the handler (e.g. a trailer never merged into headers). */
    static Expect headerNotSeen(int i, String lowerName) {
        return response(i, "without h:" + lowerName, r -> r.echo("h:" + lowerName) == null);
    }

    /** No final response and the connection still open when the deadline passed (the server waits). */
    static Expect waits() {
        return of("no response yet, connection open", o -> o.finals().isEmpty() && !o.closed()
                ? null : "got " + o.statuses() + (o.closed() ? " and close" : ""));
    }

    /** Exactly these interim (1xx) statuses were sent. */
    static Expect interims(int... codes) {
        List<Integer> want = Arrays.stream(codes).boxed().toList();
        return of("interim " + want, o -> {
            List<Integer> got = new ArrayList<>();
            o.interims().forEach(r -> got.add(r.status()));
            return got.equals(want) ? null : "interim " + got + ", want " + want;
        });
    }

    /** At most one final response, none of them a 2xx (the request was refused or the connection dropped). */
    static Expect noSuccess() {
        return of("no 2xx", o -> o.statuses().stream().anyMatch(c -> c >= 200 && c < 300)
                ? "got " + o.statuses() : null);
    }

    /** Final responses number at most {@code n}. */
    static Expect atMostFinals(int n) {
        return of("at most " + n + " response(s)", o -> o.finals().size() <= n ? null : "got " + o.statuses());
    }

    /** At most one 100 Continue, and none after the first final response. */
    static Expect continueRules() {
        return of("<= one 100, none after the final status", o -> {
            int interims = 0;
            boolean finalSeen = false;
            for (Response r : o.responses()) {
                if (r.interim()) {
                    if (finalSeen) {
                        return "a " + r.status() + " after the final status";
                    }
                    interims++;
                } else {
                    finalSeen = true;
                }
            }
            return interims <= 1 ? null : interims + " interim responses";
        });
    }

    /** Response {@code i} has no header of this name. */
    static Expect noHeader(int i, String name) {
        return response(i, "without " + name, r -> !r.has(name));
    }

    /** Response {@code i} has this header. */
    static Expect hasHeader(int i, String name) {
        return response(i, "with " + name, r -> r.has(name));
    }

    /** Response {@code i} has exactly this (ISO-8859-1) body. */
    static Expect rawBody(int i, String body) {
        return response(i, "with body " + Esc.of(body), r -> r.text().equals(body));
    }
}
