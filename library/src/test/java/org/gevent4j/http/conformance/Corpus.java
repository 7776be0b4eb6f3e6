package org.gevent4j.http.conformance;

import static org.gevent4j.http.conformance.Expect.atMostFinals;
import static org.gevent4j.http.conformance.Expect.closed;
import static org.gevent4j.http.conformance.Expect.continueRules;
import static org.gevent4j.http.conformance.Expect.echo;
import static org.gevent4j.http.conformance.Expect.hasHeader;
import static org.gevent4j.http.conformance.Expect.headerNotSeen;
import static org.gevent4j.http.conformance.Expect.interims;
import static org.gevent4j.http.conformance.Expect.noHeader;
import static org.gevent4j.http.conformance.Expect.noSuccess;
import static org.gevent4j.http.conformance.Expect.notSeen;
import static org.gevent4j.http.conformance.Expect.okBodyThenSentinel;
import static org.gevent4j.http.conformance.Expect.rawBody;
import static org.gevent4j.http.conformance.Expect.reject;
import static org.gevent4j.http.conformance.Expect.rejectOrClose;
import static org.gevent4j.http.conformance.Expect.response;
import static org.gevent4j.http.conformance.Expect.sentinelLast;
import static org.gevent4j.http.conformance.Expect.silentClose;
import static org.gevent4j.http.conformance.Expect.status;
import static org.gevent4j.http.conformance.Expect.statusIn;
import static org.gevent4j.http.conformance.Expect.statuses;
import static org.gevent4j.http.conformance.Level.MAY;
import static org.gevent4j.http.conformance.Level.MUST;
import static org.gevent4j.http.conformance.Level.SHOULD;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The conformance corpus: every case, with the outcome gevent4j must give (the pitfall rows (docs/http-conformance.md)
 * #1–#19 and the §5.2 limits). Ids name the origin of the vector: {@code probe:} an Http11Probe
 * test id, {@code pywsgi:} a gevent test__pywsgi.py test, {@code go:} a Go net/http test,
 * {@code llhttp:} an llhttp test/request section, {@code notes:} an pitfalls, docs/http-conformance.md, row (generated
 * families carry the row number and a suffix). The vectors are our own re-expressions, not copies.
 *
 * <p>Where the RFC leaves a choice (SHOULD/MAY), the expectation is gevent4j's choice, recorded
 * with its reason in docs/http-conformance.md; where our HTTP requirements is silent, the expectation accepts
 * every outcome the RFC allows.
 */
final class Corpus {
    static final String HOST = "Host: c\r\n";
    static final String SMUGGLED_TARGET = "/smuggled";
    static final String SMUGGLED = "GET /smuggled HTTP/1.1\r\nHost: c\r\n\r\n";
    static final String CHUNKED_HELLO = "5\r\nhello\r\n0\r\n\r\n";

    private static List<ConfCase> all;

    private final List<ConfCase> cases = new ArrayList<>();
    private final Set<String> ids = new HashSet<>();

    private Corpus() {
    }

    static synchronized List<ConfCase> all() {
        if (all == null) {
            Corpus c = new Corpus();
            c.clAndTe();
            c.transferEncoding();
            c.contentLength();
            c.chunkLines();
            c.trailers();
            c.expectContinue();
            c.obsFold();
            c.bareCrLf();
            c.headerSyntax();
            c.hostAndVersion();
            c.requestLine();
            c.limits();
            c.responseSplitting();
            c.bodiless();
            c.keepAlive();
            c.slowClients();
            c.leadingJunk();
            c.logInjection();
            c.llhttpSamples();
            all = List.copyOf(c.cases);
        }
        return all;
    }

    static List<ConfCase> of(Group g) {
        return all().stream().filter(c -> c.group() == g).toList();
    }

    static Map<String, Integer> countByOrigin() {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (ConfCase c : all()) {
            m.merge(c.origin(), 1, Integer::sum);
        }
        return m;
    }

    // ---- helpers ----

    private void add(String id, Level level, Group group, String notes, Req req, Expect expect) {
        if (!ids.add(id)) {
            throw new IllegalStateException("duplicate case id " + id);
        }
        cases.add(new ConfCase(id, level, group, notes, req, expect, false));
    }

    private void addSlow(String id, Level level, Group group, String notes, Req req, Expect expect) {
        if (!ids.add(id)) {
            throw new IllegalStateException("duplicate case id " + id);
        }
        cases.add(new ConfCase(id, level, group, notes, req, expect, true));
    }

    private static String post(String headers, String body) {
        return "POST / HTTP/1.1\r\n" + HOST + headers + "\r\n" + body;
    }

    private static String chunked(String body) {
        return post("Transfer-Encoding: chunked\r\n", body);
    }

    private static String get(String headers) {
        return "GET / HTTP/1.1\r\n" + HOST + headers + "\r\n";
    }

    private static String hex(int b) {
        return String.format("%02x", b);
    }

    private static String repeat(char c, int n) {
        return String.valueOf(c).repeat(n);
    }

    /** A request whose framing is bad: 400 and close, and the smuggled request never runs. */
    private static Expect reject400() {
        return reject(400).and(notSeen(SMUGGLED_TARGET));
    }

    /** A body-framing error found while the handler reads: 400 and close, or close; never a 2xx. */
    private static Expect badBody() {
        return rejectOrClose(400).and(noSuccess()).and(notSeen(SMUGGLED_TARGET));
    }

    private static Expect ok(String body) {
        return okBodyThenSentinel(body);
    }

    /** Accepted (body echoed, sentinel answered) or rejected with 400 and close: the RFC allows both. */
    private static Expect okOr400(String body) {
        return ok(body).or(reject(400));
    }

    // ---- §3 #1: CL.TE ----

    private void clAndTe() {
        Group g = Group.FRAMING;
        String n = "#1";
        String zeroThenSmuggled = "0\r\n\r\n" + SMUGGLED;
        add("probe:SMUG-CL-TE-BOTH", MUST, g, n,
                Req.of(post("Content-Length: 6\r\nTransfer-Encoding: chunked\r\n", "0\r\n\r\nG")), reject400());
        add("probe:SMUG-CLTE-DESYNC", MUST, g, n,
                Req.of(post("Content-Length: 5\r\nTransfer-Encoding: chunked\r\n", zeroThenSmuggled)), reject400());
        add("probe:SMUG-TECL-DESYNC", MUST, g, n,
                Req.of(post("Transfer-Encoding: chunked\r\nContent-Length: " + zeroThenSmuggled.length() + "\r\n",
                        zeroThenSmuggled)), reject400());
        add("probe:SMUG-CLTE-SMUGGLED-GET", MUST, g, n,
                Req.of(post("Content-Length: " + zeroThenSmuggled.length() + "\r\nTransfer-Encoding: chunked\r\n",
                        zeroThenSmuggled)), reject400());
        add("probe:SMUG-CLTE-SMUGGLED-HEAD", MUST, g, n,
                Req.of(post("Content-Length: 5\r\nTransfer-Encoding: chunked\r\n",
                        "0\r\n\r\nHEAD /smuggled HTTP/1.1\r\nHost: c\r\n\r\n")), reject400());
        add("probe:SMUG-TECL-SMUGGLED-GET", MUST, g, n,
                Req.of(post("Transfer-Encoding: chunked\r\nContent-Length: 3\r\n", "2a\r\n" + SMUGGLED + "\r\n0\r\n\r\n")),
                reject400());
        add("probe:SMUG-CLTE-SMUGGLED-GET-CL-PLUS", MUST, g, n,
                Req.of(post("Content-Length: +5\r\nTransfer-Encoding: chunked\r\n", zeroThenSmuggled)), reject400());
        add("probe:SMUG-CLTE-SMUGGLED-GET-CL-NON-NUMERIC", MUST, g, n,
                Req.of(post("Content-Length: 5x\r\nTransfer-Encoding: chunked\r\n", zeroThenSmuggled)), reject400());
        add("probe:SMUG-CLTE-SMUGGLED-GET-TE-OBS-FOLD", MUST, g, n,
                Req.of(post("Content-Length: 5\r\nTransfer-Encoding:\r\n chunked\r\n", zeroThenSmuggled)), reject400());
        add("probe:SMUG-CLTE-SMUGGLED-GET-TE-TRAILING-SPACE", MUST, g, n,
                Req.of(post("Content-Length: 5\r\nTransfer-Encoding: chunked \r\n", zeroThenSmuggled)), reject400());
        add("probe:SMUG-CLTE-SMUGGLED-GET-TE-LEADING-COMMA", MUST, g, n,
                Req.of(post("Content-Length: 5\r\nTransfer-Encoding: , chunked\r\n", zeroThenSmuggled)), reject400());
        add("probe:SMUG-CLTE-SMUGGLED-GET-TE-CASE-MISMATCH", MUST, g, n,
                Req.of(post("Content-Length: 5\r\nTransfer-Encoding: CHUNKED\r\n", zeroThenSmuggled)), reject400());
        add("probe:SMUG-TE-DUPLICATE-HEADERS-SMUGGLED-GET", MUST, g, n,
                Req.of(post("Transfer-Encoding: chunked\r\nContent-Length: 5\r\nTransfer-Encoding: identity\r\n",
                        zeroThenSmuggled)), reject400());
        add("probe:SMUG-CLTE-CONN-CLOSE", MUST, g, n,
                Req.of(post("Content-Length: 5\r\nTransfer-Encoding: chunked\r\nConnection: keep-alive\r\n",
                        zeroThenSmuggled)), reject400());
        add("probe:SMUG-TECL-CONN-CLOSE", MUST, g, n,
                Req.of(post("Transfer-Encoding: chunked\r\nContent-Length: 5\r\nConnection: keep-alive\r\n",
                        zeroThenSmuggled)), reject400());
        add("notes:#1-http10-cl-te", MUST, g, n,
                Req.of("POST / HTTP/1.0\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n" + zeroThenSmuggled),
                reject400());
        add("notes:#1-cl-te-xchunked", MUST, g, n,
                Req.of(post("Content-Length: 5\r\nTransfer-Encoding: xchunked\r\n", "hello" + SMUGGLED)),
                statusIn(400, 501).andClose().and(notSeen(SMUGGLED_TARGET)));
        add("notes:#1-cl-zero-te", MUST, g, n,
                Req.of(post("Content-Length: 0\r\nTransfer-Encoding: chunked\r\n", CHUNKED_HELLO)), reject400());
        add("pywsgi:test_chunked_with_content_length", MUST, g, n,
                Req.of(post("Transfer-Encoding: chunked\r\nContent-Length: 20\r\n", CHUNKED_HELLO)), reject400());
        add("llhttp:transfer-encoding/post-with-te-and-cl", MUST, g, n,
                Req.of("PUT /url HTTP/1.1\r\nHost: c\r\nContent-Length: 10\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "1\r\nA\r\n0\r\n\r\n" + SMUGGLED), reject400());
        add("probe:SMUG-CLTE-PIPELINE", MUST, g, n,
                Req.of(post("Content-Length: 30\r\nTransfer-Encoding: chunked\r\n", zeroThenSmuggled)), reject400());
        add("probe:SMUG-TECL-PIPELINE", MUST, g, n,
                Req.of(post("Transfer-Encoding: chunked\r\nContent-Length: 30\r\n", zeroThenSmuggled)), reject400());
    }

    // ---- §3 #2: TE obfuscation ----

    private void transferEncoding() {
        Group g = Group.FRAMING;
        String n = "#2";
        Expect unknown = statusIn(501).andClose().and(notSeen(SMUGGLED_TARGET));
        Expect unknownOrBad = statusIn(400, 501).andClose().and(notSeen(SMUGGLED_TARGET));
        add("probe:COMP-CHUNKED-BODY", MUST, g, n, Req.of(chunked(CHUNKED_HELLO)).sentinel(), ok("hello"));
        add("probe:SMUG-TE-CASE-MISMATCH", MUST, g, n,
                Req.of(post("Transfer-Encoding: Chunked\r\n", CHUNKED_HELLO)).sentinel(), ok("hello"));
        add("notes:#2-te-upper", MUST, g, n,
                Req.of(post("Transfer-Encoding: CHUNKED\r\n", CHUNKED_HELLO)).sentinel(), ok("hello"));
        add("go:TestUnsupportedTransferEncodingsReturn501/xchunked", SHOULD, g, n,
                Req.of(post("Transfer-Encoding: xchunked\r\n", CHUNKED_HELLO + SMUGGLED)), unknown);
        add("probe:SMUG-TE-XCHUNKED", SHOULD, g, n,
                Req.of(post("Transfer-Encoding: xchunked\r\n", "0\r\n\r\n")), unknown);
        add("go:TestUnsupportedTransferEncodingsReturn501/gzip-chunked", SHOULD, g, n,
                Req.of(post("Transfer-Encoding: gzip, chunked\r\n", CHUNKED_HELLO)), unknown);
        add("go:TestUnsupportedTransferEncodingsReturn501/deflate", SHOULD, g, n,
                Req.of(post("Transfer-Encoding: deflate\r\n", "hello")), unknown);
        add("notes:#2-te-compress-chunked", SHOULD, g, n,
                Req.of(post("Transfer-Encoding: compress, chunked\r\n", CHUNKED_HELLO)), unknown);
        add("notes:#2-te-chunk", SHOULD, g, n, Req.of(post("Transfer-Encoding: chunk\r\n", CHUNKED_HELLO)), unknown);
        add("probe:SMUG-TE-IDENTITY", SHOULD, g, n,
                Req.of(post("Transfer-Encoding: identity\r\n", "hello" + SMUGGLED)), unknownOrBad);
        add("probe:SMUG-TE-NOT-FINAL-CHUNKED", MUST, g, n,
                Req.of(post("Transfer-Encoding: chunked, identity\r\n", CHUNKED_HELLO + SMUGGLED)), unknownOrBad);
        add("notes:#2-te-chunked-gzip", MUST, g, n,
                Req.of(post("Transfer-Encoding: chunked, gzip\r\n", CHUNKED_HELLO + SMUGGLED)), unknownOrBad);
        add("probe:SMUG-TE-DOUBLE-CHUNKED", SHOULD, g, n,
                Req.of(post("Transfer-Encoding: chunked, chunked\r\n", CHUNKED_HELLO + SMUGGLED)), unknownOrBad);
        add("probe:SMUG-TE-DUPLICATE-HEADERS", SHOULD, g, n,
                Req.of(post("Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n", CHUNKED_HELLO + SMUGGLED)),
                unknownOrBad);
        add("notes:#2-two-te-lines-identity-last", MUST, g, n,
                Req.of(post("Transfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n", CHUNKED_HELLO + SMUGGLED)),
                unknownOrBad);
        add("probe:SMUG-TE-SP-BEFORE-COLON", MUST, g, n,
                Req.of(post("Transfer-Encoding : chunked\r\n", CHUNKED_HELLO + SMUGGLED)), reject400());
        add("notes:#2-te-tab-before-colon", MUST, g, n,
                Req.of(post("Transfer-Encoding\t: chunked\r\n", CHUNKED_HELLO + SMUGGLED)), reject400());
        add("probe:SMUG-TE-TRAILING-SPACE", MUST, g, n,
                Req.of(post("Transfer-Encoding: chunked \r\n", CHUNKED_HELLO)).sentinel(), ok("hello"));
        add("probe:SMUG-TE-TAB-BEFORE-VALUE", MAY, g, n,
                Req.of(post("Transfer-Encoding:\tchunked\r\n", CHUNKED_HELLO)).sentinel(), okOr400("hello"));
        add("notes:#2-te-no-space", MUST, g, n,
                Req.of(post("Transfer-Encoding:chunked\r\n", CHUNKED_HELLO)).sentinel(), ok("hello"));
        add("probe:SMUG-TE-VTAB", MUST, g, n,
                Req.of(post("Transfer-Encoding: \u000bchunked\r\n", CHUNKED_HELLO + SMUGGLED)), unknownOrBad);
        add("probe:SMUG-TE-FORMFEED", MUST, g, n,
                Req.of(post("Transfer-Encoding: \u000cchunked\r\n", CHUNKED_HELLO + SMUGGLED)), unknownOrBad);
        add("probe:SMUG-TE-NULL", MUST, g, n,
                Req.of(post("Transfer-Encoding: chunked\u0000\r\n", CHUNKED_HELLO + SMUGGLED)), reject400());
        add("probe:SMUG-TE-EMPTY-VALUE", MUST, g, n,
                Req.of(post("Transfer-Encoding: \r\n", CHUNKED_HELLO + SMUGGLED)), unknownOrBad);
        add("probe:SMUG-TE-LEADING-COMMA", MAY, g, n,
                Req.of(post("Transfer-Encoding: , chunked\r\n", CHUNKED_HELLO)).sentinel(),
                ok("hello").or(unknownOrBad));
        add("probe:SMUG-TE-TRAILING-COMMA", MAY, g, n,
                Req.of(post("Transfer-Encoding: chunked,\r\n", CHUNKED_HELLO)).sentinel(),
                ok("hello").or(unknownOrBad));
        add("probe:SMUG-TE-OBS-FOLD", MUST, g, n,
                Req.of(post("Transfer-Encoding:\r\n chunked\r\n", CHUNKED_HELLO + SMUGGLED)), reject400());
        add("probe:SMUG-OPTIONS-TE-OBS-FOLD", MUST, g, n,
                Req.of("OPTIONS / HTTP/1.1\r\nHost: c\r\nTransfer-Encoding:\r\n chunked\r\n\r\n" + CHUNKED_HELLO + SMUGGLED),
                reject400());
        add("probe:SMUG-TRANSFER_ENCODING", MUST, g, n,
                Req.of(post("Transfer_Encoding: chunked\r\nContent-Length: 5\r\n", "hello")).sentinel(), ok("hello"));
        add("probe:SMUG-CHUNKED-WITH-PARAMS", SHOULD, g, n,
                Req.of(post("Transfer-Encoding: chunked;q=1\r\n", CHUNKED_HELLO + SMUGGLED)), unknownOrBad);
        add("notes:#2-te-quoted", SHOULD, g, n,
                Req.of(post("Transfer-Encoding: \"chunked\"\r\n", CHUNKED_HELLO + SMUGGLED)), unknownOrBad);
        add("notes:#2-te-kelvin-k", MUST, g, n,
                Req.of(post("Transfer-Encoding: chun\u00e2\u0084\u00aaed\r\n", CHUNKED_HELLO + SMUGGLED)), unknownOrBad);
        add("probe:SMUG-TE-HTTP10", MUST, g, n,
                Req.of("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n" + CHUNKED_HELLO + SMUGGLED), reject400());
        add("notes:#2-te-http10-keepalive", MUST, g, n,
                Req.of("POST / HTTP/1.0\r\nConnection: keep-alive\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + CHUNKED_HELLO + SMUGGLED), reject400());
        add("notes:#2-get-chunked-body", MUST, g, n,
                Req.of("GET / HTTP/1.1\r\nHost: c\r\nTransfer-Encoding: chunked\r\n\r\n" + CHUNKED_HELLO).sentinel(),
                ok("hello"));
        add("llhttp:transfer-encoding/funky", SHOULD, g, n,
                Req.of(post("Transfer-Encoding: pigeons\r\n", "hello")), unknown);
        add("llhttp:transfer-encoding/multiple-te-chunked-not-last", MUST, g, n,
                Req.of(post("Transfer-Encoding: chunked\r\nTransfer-Encoding: pigeons\r\n", CHUNKED_HELLO + SMUGGLED)),
                unknownOrBad);
    }

    // ---- §3 #3: bad Content-Length ----

    private void contentLength() {
        Group g = Group.FRAMING;
        String n = "#3";
        add("probe:COMP-POST-CL-BODY", MUST, g, n, Req.of(post("Content-Length: 5\r\n", "hello")).sentinel(), ok("hello"));
        add("probe:COMP-POST-CL-ZERO", MUST, g, n, Req.of(post("Content-Length: 0\r\n", "")).sentinel(), ok(""));
        add("probe:COMP-POST-NO-CL-NO-TE", MUST, g, n, Req.of(post("", "")).sentinel(), ok("").or(reject(411)));
        add("notes:#3-cl-no-space", MUST, g, n, Req.of(post("Content-Length:5\r\n", "hello")).sentinel(), ok("hello"));
        add("probe:MAL-CL-TAB-BEFORE-VALUE", MUST, g, n,
                Req.of(post("Content-Length:\t5\r\n", "hello")).sentinel(), ok("hello"));
        add("probe:SMUG-CL-TRAILING-SPACE", MUST, g, n,
                Req.of(post("Content-Length: 5 \r\n", "hello")).sentinel(), ok("hello"));
        add("probe:SMUG-CL-EXTRA-LEADING-SP", MUST, g, n,
                Req.of(post("Content-Length:    5\r\n", "hello")).sentinel(), ok("hello"));
        add("probe:SMUG-CL-LEADING-ZEROS", MAY, g, n,
                Req.of(post("Content-Length: 005\r\n", "hello")).sentinel(), okOr400("hello"));
        add("probe:SMUG-CL-DOUBLE-ZERO", MAY, g, n, Req.of(post("Content-Length: 00\r\n", "")).sentinel(), okOr400(""));
        add("probe:SMUG-CL-LEADING-ZEROS-OCTAL", MAY, g, n,
                Req.of(post("Content-Length: 0200\r\n", "x".repeat(200))).sentinel(), okOr400("x".repeat(200)));
        add("probe:SMUG-CL-COMMA-SAME", MAY, g, n,
                Req.of(post("Content-Length: 5, 5\r\n", "hello")).sentinel(), okOr400("hello"));
        add("probe:SMUG-CL-COMMA-TRIPLE", MAY, g, n,
                Req.of(post("Content-Length: 5, 5, 5\r\n", "hello")).sentinel(), okOr400("hello"));
        add("notes:#3-cl-two-lines-same", MAY, g, n,
                Req.of(post("Content-Length: 5\r\nContent-Length: 5\r\n", "hello")).sentinel(), okOr400("hello"));
        String[][] bad = {
            {"probe:SMUG-DUPLICATE-CL", "Content-Length: 5\r\nContent-Length: 6\r\n"},
            {"go:TestReadRequest_Bad/smuggle_two_contentlen", "Content-Length: 3\r\nContent-Length: 4\r\n"},
            {"probe:SMUG-DUPLICATE-CL-SMUGGLED-GET", "Content-Length: 5\r\nContent-Length: 40\r\n"},
            {"probe:SMUG-CL-COMMA-DIFFERENT", "Content-Length: 5, 6\r\n"},
            {"notes:#3-cl-1,2", "Content-Length: 1,2\r\n"},
            {"notes:#3-cl-comma-empty", "Content-Length: 5,\r\n"},
            {"notes:#3-cl-leading-comma", "Content-Length: ,5\r\n"},
            {"probe:RFC9112-6.1-CL-PLUS-SIGN", "Content-Length: +5\r\n"},
            {"probe:SMUG-CL-NEGATIVE", "Content-Length: -5\r\n"},
            {"pywsgi:test_negative_content_length", "Content-Length: -100\r\n"},
            {"probe:SMUG-CL-NEGATIVE-ZERO", "Content-Length: -0\r\n"},
            {"probe:SMUG-CL-HEX-PREFIX", "Content-Length: 0x5\r\n"},
            {"probe:SMUG-CL-OCTAL", "Content-Length: 0o5\r\n"},
            {"probe:SMUG-CL-INTERNAL-SPACE", "Content-Length: 5 5\r\n"},
            {"probe:RFC9112-6.1-CL-NON-NUMERIC", "Content-Length: abc\r\n"},
            {"pywsgi:test_illegal_content_length", "Content-Length: abc\r\n\r\n"},
            {"notes:#3-cl-trailing-letter", "Content-Length: 5a\r\n"},
            {"notes:#3-cl-decimal", "Content-Length: 5.0\r\n"},
            {"notes:#3-cl-exponent", "Content-Length: 5e0\r\n"},
            {"probe:SMUG-CL-UNDERSCORE", "Content-Length: 1_0\r\n"},
            {"notes:#3-cl-quoted", "Content-Length: \"5\"\r\n"},
            {"notes:#3-cl-semicolon", "Content-Length: 5;\r\n"},
            {"probe:MAL-CL-EMPTY", "Content-Length: \r\n"},
            {"probe:MAL-CL-OVERFLOW", "Content-Length: 99999999999999999999\r\n"},
            {"notes:#3-cl-2^64+5", "Content-Length: 18446744073709551621\r\n"},
            {"notes:#3-cl-2^63", "Content-Length: 9223372036854775808\r\n"},
            {"notes:#3-cl-arabic-digit", "Content-Length: \u00d9\u00a5\r\n"},
            {"notes:#3-cl-fullwidth-digit", "Content-Length: \u00ef\u00bc\u0095\r\n"},
            {"notes:#3-cl-vtab", "Content-Length: 5\u000b\r\n"},
            {"notes:#3-cl-formfeed", "Content-Length: \u000c5\r\n"},
            {"notes:#3-cl-nul", "Content-Length: 5\u0000\r\n"},
            {"notes:#3-cl-sp-before-colon", "Content-Length : 5\r\n"},
            {"notes:#3-cl-obs-fold", "Content-Length:\r\n 5\r\n"},
            {"llhttp:content-length/duplicate-cl", "Content-Length: 1\r\nContent-Length: 2\r\n"},
            {"llhttp:content-length/invalid-character", "Content-Length: 5*\r\n"},
            {"llhttp:content-length/spaces-in-middle", "Content-Length: 4 2\r\n"},
        };
        for (String[] b : bad) {
            add(b[0], MUST, g, n, Req.of(post(b[1], "hello" + SMUGGLED)), reject400());
        }
        add("probe:SMUG-GET-CL-BODY-DESYNC", MUST, g, n,
                Req.of("GET / HTTP/1.1\r\nHost: c\r\nContent-Length: " + SMUGGLED.length() + "\r\n\r\n" + SMUGGLED)
                        .sentinel(),
                ok(SMUGGLED).and(notSeen(SMUGGLED_TARGET)));
        add("probe:COMP-GET-WITH-CL-BODY", MUST, g, n,
                Req.of("GET / HTTP/1.1\r\nHost: c\r\nContent-Length: 5\r\n\r\nhello").sentinel(), ok("hello"));
        add("probe:SMUG-OPTIONS-CL-BODY-DESYNC", MUST, g, n,
                Req.of("OPTIONS /x HTTP/1.1\r\nHost: c\r\nContent-Length: " + SMUGGLED.length() + "\r\n\r\n" + SMUGGLED)
                        .sentinel(),
                statuses(200, 200).and(notSeen(SMUGGLED_TARGET)).and(sentinelLast()));
        add("probe:SMUG-HEAD-CL-BODY", MUST, g, n,
                Req.of("HEAD / HTTP/1.1\r\nHost: c\r\nContent-Length: " + SMUGGLED.length() + "\r\n\r\n" + SMUGGLED)
                        .sentinel(),
                statuses(200, 200).and(notSeen(SMUGGLED_TARGET)).and(sentinelLast()));
        add("go:TestReadRequest_Bad/smuggle_two_content_len_head", MUST, g, n,
                Req.of("HEAD / HTTP/1.1\r\nHost: c\r\nContent-Length: 4\r\nContent-Length: 5\r\n\r\n1234"), reject400());
        add("probe:COMP-POST-CL-UNDERSEND", MUST, g, n,
                Req.of(post("Content-Length: 10\r\n", "hello")).deadline(700), noSuccess().and(atMostFinals(1)));
        add("probe:MAL-POST-CL-HUGE-NO-BODY", MUST, g, "#11",
                Req.of(post("Content-Length: 99999999999\r\n", "")).deadline(700), noSuccess().and(atMostFinals(1)));
        add("notes:#3-cl-undersend-then-eof", MUST, g, n,
                Req.of(post("Content-Length: 10\r\n", "hello")).halfClose(), noSuccess().and(closed()));
    }

    // ---- §3 #4: chunk lines ----

    private void chunkLines() {
        Group g = Group.FRAMING;
        String n = "#4";
        String[][] bad = {
            {"notes:#4-size-bare-lf", "5\nhello\r\n0\r\n\r\n"},
            {"probe:SMUG-CHUNK-LF-TERM", "5\r\nhello\n0\r\n\r\n"},
            {"notes:#4-ext-bare-lf", "5;\nhello\r\n0\r\n\r\n"},
            {"probe:SMUG-CHUNK-EXT-LF", "5;a=b\nhello\r\n0\r\n\r\n"},
            {"probe:SMUG-CHUNK-EXT-CR", "5;a\rb\r\nhello\r\n0\r\n\r\n"},
            {"probe:SMUG-CHUNK-BARE-CR-TERM", "5\rhello\r\n0\r\n\r\n"},
            {"notes:#4-data-bare-cr", "5\r\nhello\r0\r\n\r\n"},
            {"probe:SMUG-CHUNK-BARE-SEMICOLON", "5;\r\nhello\r\n0\r\n\r\n"},
            {"probe:MAL-CHUNK-SIZE-OVERFLOW", "fffffffffffffffff\r\nhello\r\n0\r\n\r\n"},
            {"go:CVE-2025-22871/size-2^64+5", "10000000000000005\r\nhello\r\n0\r\n\r\n"},
            {"notes:#4-size-2^63", "8000000000000000\r\nhello\r\n0\r\n\r\n"},
            {"probe:SMUG-CHUNK-HEX-PREFIX", "0x5\r\nhello\r\n0\r\n\r\n"},
            {"probe:SMUG-CHUNK-SIZE-PLUS", "+5\r\nhello\r\n0\r\n\r\n"},
            {"probe:SMUG-CHUNK-NEGATIVE", "-5\r\nhello\r\n0\r\n\r\n"},
            {"probe:SMUG-CHUNK-SIZE-TRAILING-OWS", "5 \r\nhello\r\n0\r\n\r\n"},
            {"notes:#4-size-trailing-tab", "5\t\r\nhello\r\n0\r\n\r\n"},
            {"probe:SMUG-CHUNK-LEADING-SP", " 5\r\nhello\r\n0\r\n\r\n"},
            {"probe:SMUG-CHUNK-UNDERSCORE", "5_0\r\nhello\r\n0\r\n\r\n"},
            {"pywsgi:test_229_incorrect_chunk_non_hex", "ZZ\r\nhello\r\n0\r\n\r\n"},
            {"notes:#4-size-trailing-garbage", "5g\r\nhello\r\n0\r\n\r\n"},
            {"notes:#4-size-empty", "\r\nhello\r\n0\r\n\r\n"},
            {"notes:#4-size-nul", "5\u0000\r\nhello\r\n0\r\n\r\n"},
            {"notes:#4-size-unicode-digit", "\u00d9\u00a5\r\nhello\r\n0\r\n\r\n"},
            {"probe:SMUG-CHUNK-EXT-INVALID-TOKEN", "5;@\r\nhello\r\n0\r\n\r\n"},
            {"probe:SMUG-CHUNK-EXT-CTRL", "5;a=\u0001\r\nhello\r\n0\r\n\r\n"},
            {"notes:#4-ext-nul", "5;a\u0000=b\r\nhello\r\n0\r\n\r\n"},
            {"notes:#4-ext-unterminated-quote", "5;a=\"b\r\nhello\r\n0\r\n\r\n"},
            {"probe:SMUG-CHUNK-SPILL", "5\r\nhelloXX\r\n0\r\n\r\n"},
            {"probe:SMUG-CHUNK-MISSING-TRAILING-CRLF", "5\r\nhello0\r\n\r\n"},
            {"pywsgi:test_229_incorrect_chunk_no_newline", "5\r\nhello0\r\n\r\n\r\n"},
            {"notes:#4-data-short", "6\r\nhello\r\n0\r\n\r\n"},
            {"probe:SMUG-CHUNK-LF-TRAILER", "5\r\nhello\r\n0\r\n\n"},
            {"notes:#4-last-chunk-bare-lf", "5\r\nhello\r\n0\n\r\n"},
            {"notes:#4-last-chunk-bare-cr", "5\r\nhello\r\n0\r\r\n"},
            {"probe:SMUG-CHUNK-INVALID-SIZE-DESYNC", "xyz\r\n" + SMUGGLED},
            {"notes:#5-zero-without-crlf", "5\r\nhello\r\n0" + SMUGGLED},
            {"llhttp:transfer-encoding/invalid-whitespace-after-size", "5 \r\nhello\r\n0\r\n\r\n" + SMUGGLED},
            {"llhttp:transfer-encoding/chunk-header-cr-in-middle", "5\r\r\nhello\r\n0\r\n\r\n"},
            {"llhttp:transfer-encoding/invalid-character-in-size", "5@\r\nhello\r\n0\r\n\r\n"},
        };
        Set<String> extSyntax = Set.of("probe:SMUG-CHUNK-BARE-SEMICOLON", "probe:SMUG-CHUNK-EXT-INVALID-TOKEN",
                "notes:#4-ext-unterminated-quote");
        for (String[] b : bad) {
            // Extension syntax (no CR/LF involved) cannot move the framing: SHOULD (docs/http-conformance.md).
            add(b[0], extSyntax.contains(b[0]) ? SHOULD : MUST, g, n, Req.of(chunked(b[1])), badBody());
        }
        add("probe:MAL-CHUNK-EXT-64K", MUST, g, n + " §5.2",
                Req.of(chunked("5;a=" + "x".repeat(64 * 1024) + "\r\nhello\r\n0\r\n\r\n")), badBody());
        add("pywsgi:test_229_incorrect_chunk_token_ext_too_long", MUST, g, n + " §5.2",
                Req.of(chunked("5;" + "a".repeat(5000) + "\r\nhello\r\n0\r\n\r\n")), badBody());
        add("notes:#4-ext-1k-ok", MUST, g, n + " §5.2",
                Req.of(chunked("5;a=" + "x".repeat(1000) + "\r\nhello\r\n0\r\n\r\n")).sentinel(), ok("hello"));
        add("probe:COMP-CHUNKED-EXTENSION", MUST, g, n, Req.of(chunked("5;ext=value\r\nhello\r\n0\r\n\r\n")).sentinel(),
                ok("hello"));
        add("pywsgi:test_229_correct_chunk_quoted_ext", MUST, g, n,
                Req.of(chunked("5;name=\"quoted value\"\r\nhello\r\n0\r\n\r\n")).sentinel(), ok("hello"));
        add("pywsgi:test_229_correct_chunk_token_ext", MUST, g, n,
                Req.of(chunked("5;name=token\r\nhello\r\n0\r\n\r\n")).sentinel(), ok("hello"));
        add("notes:#4-ext-name-only", MUST, g, n, Req.of(chunked("5;a\r\nhello\r\n0\r\n\r\n")).sentinel(), ok("hello"));
        add("notes:#4-ext-several", MUST, g, n,
                Req.of(chunked("5;a=1;b=2\r\nhello\r\n0;c\r\n\r\n")).sentinel(), ok("hello"));
        add("notes:#4-ext-bws", MAY, g, n, Req.of(chunked("5 ;a=b\r\nhello\r\n0\r\n\r\n")).sentinel(),
                ok("hello").or(badBody()));
        add("probe:COMP-CHUNKED-HEX-UPPERCASE", MUST, g, n,
                Req.of(chunked("A\r\n0123456789\r\n0\r\n\r\n")).sentinel(), ok("0123456789"));
        add("notes:#4-hex-lowercase", MUST, g, n,
                Req.of(chunked("a\r\n0123456789\r\n0\r\n\r\n")).sentinel(), ok("0123456789"));
        add("probe:COMP-CHUNKED-MULTI", MUST, g, n,
                Req.of(chunked("5\r\nhello\r\n1\r\n \r\n5\r\nworld\r\n0\r\n\r\n")).sentinel(), ok("hello world"));
        add("probe:COMP-CHUNKED-EMPTY", MUST, g, n, Req.of(chunked("0\r\n\r\n")).sentinel(), ok(""));
        add("notes:#4-size-leading-zero", MUST, g, n, Req.of(chunked("005\r\nhello\r\n00\r\n\r\n")).sentinel(), ok("hello"));
        add("notes:#4-size-many-leading-zeros", MAY, g, n,
                Req.of(chunked("00000000000000000005\r\nhello\r\n0\r\n\r\n")).sentinel(), ok("hello").or(badBody()));
        add("probe:COMP-CHUNKED-NO-FINAL", MUST, g, n, Req.of(chunked("5\r\nhello\r\n")).deadline(700),
                noSuccess().and(atMostFinals(1)));
        add("notes:#4-chunk-cut-by-eof", MUST, g, n, Req.of(chunked("a\r\nhello")).halfClose(), noSuccess().and(closed()));
        add("go:TestChunkedBodySplitAcrossWrites", MUST, g, n,
                Req.of(chunked("5\r")).thenAfter(100, "\nhel").thenAfter(100, "lo\r").thenAfter(100, "\n0\r\n\r\n").sentinel(),
                ok("hello"));
    }

    // ---- §3 #5: trailers ----

    private void trailers() {
        Group g = Group.FRAMING;
        String n = "#5";
        Expect oneThenClose = notSeen(SMUGGLED_TARGET).and(atMostFinals(1)).and(noSuccess().or(statuses(200)))
                .and(closed());
        add("pywsgi:test_trailers_request_smuggling_missing_last_chunk_keep_alive", MUST, g, n,
                Req.of(chunked("5\r\nhello\r\n0\r\n" + SMUGGLED)), oneThenClose);
        add("pywsgi:test_trailers_request_smuggling_header_first", MUST, g, n,
                Req.of(chunked("5\r\nhello\r\n0\r\nX-A: b\r\n" + SMUGGLED)), oneThenClose);
        add("notes:#5-trailer-request-line", MUST, g, n,
                Req.of(chunked("0\r\nGET /smuggled HTTP/1.1\r\n\r\n")), oneThenClose);
        add("probe:COMP-CHUNKED-TRAILER-VALID", MUST, g, n,
                Req.of(chunked("5\r\nhello\r\n0\r\nX-Trailer: v\r\n\r\n")).sentinel(),
                ok("hello").and(headerNotSeen(0, "x-trailer")));
        add("pywsgi:test_trailers_keepalive_ignored", MUST, g, n,
                Req.of(chunked("5\r\nhello\r\n0\r\nX-A: 1\r\nX-B: 2\r\n\r\n")).then(chunked("0\r\n\r\n")).sentinel(),
                statuses(200, 200, 200).and(headerNotSeen(0, "x-a")).and(headerNotSeen(1, "x-b")).and(sentinelLast()));
        add("probe:SMUG-TRAILER-CL", MUST, g, n,
                Req.of(chunked("5\r\nhello\r\n0\r\nContent-Length: 50\r\n\r\n")).sentinel(),
                ok("hello").and(headerNotSeen(0, "content-length")));
        add("probe:SMUG-TRAILER-TE", MUST, g, n,
                Req.of(chunked("5\r\nhello\r\n0\r\nTransfer-Encoding: identity\r\n\r\n")).sentinel(),
                ok("hello").and(echo(0, "h:transfer-encoding", "chunked")));
        add("probe:SMUG-TRAILER-HOST", MUST, g, n,
                Req.of(chunked("5\r\nhello\r\n0\r\nHost: evil\r\n\r\n")).sentinel(),
                ok("hello").and(echo(0, "h:host", "c")));
        add("probe:SMUG-TRAILER-AUTH", MUST, g, n,
                Req.of(chunked("5\r\nhello\r\n0\r\nAuthorization: Basic YTpi\r\n\r\n")).sentinel(),
                ok("hello").and(headerNotSeen(0, "authorization")));
        add("probe:SMUG-TRAILER-CONTENT-TYPE", MUST, g, n,
                Req.of(chunked("5\r\nhello\r\n0\r\nContent-Type: text/evil\r\n\r\n")).sentinel(),
                ok("hello").and(headerNotSeen(0, "content-type")));
        add("notes:#5-trailer-obs-fold", MUST, g, n,
                Req.of(chunked("5\r\nhello\r\n0\r\nX-A: a\r\n b\r\n\r\n" + SMUGGLED)), badBody());
        add("notes:#5-trailer-bare-lf", MUST, g, n,
                Req.of(chunked("5\r\nhello\r\n0\r\nX-A: a\nX-B: b\r\n\r\n" + SMUGGLED)), badBody());
        add("notes:#5-trailer-bare-cr", MUST, g, n,
                Req.of(chunked("5\r\nhello\r\n0\r\nX-A: a\rX-B: b\r\n\r\n" + SMUGGLED)), badBody());
        add("notes:#5-trailer-no-colon", MUST, g, n,
                Req.of(chunked("5\r\nhello\r\n0\r\nNoColon\r\n\r\n" + SMUGGLED)), badBody());
        add("notes:#5-trailer-nul", MUST, g, n,
                Req.of(chunked("5\r\nhello\r\n0\r\nX-A: a\u0000b\r\n\r\n" + SMUGGLED)), badBody());
        Expect tooBig = statusIn(400, 431).andClose().or(silentClose()).and(noSuccess());
        add("pywsgi:test_trailers_too_long", MUST, g, n + " §5.2",
                Req.of(chunked("5\r\nhello\r\n0\r\nX-Big: " + "x".repeat(70 * 1024) + "\r\n\r\n")), tooBig);
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            many.append("X-T").append(i).append(": v\r\n");
        }
        add("notes:#5-trailers-too-many", MUST, g, n + " §5.2",
                Req.of(chunked("5\r\nhello\r\n0\r\n" + many + "\r\n")), tooBig);
    }

    // ---- §3 #6: 100-continue ----

    private void expectContinue() {
        Group g = Group.EXPECT_CONTINUE;
        String n = "#6";
        String headOf417 = "PUT /417 HTTP/1.1\r\nHost: c\r\nContent-Length: " + SMUGGLED.length()
                + "\r\nExpect: 100-continue\r\n\r\n";
        Expect desync = response(0, "417", r -> r.status() == 417).and(notSeen(SMUGGLED_TARGET)).and(continueRules())
                .and(statuses(417).and(closed()).or(statuses(417, 200).and(sentinelLast())));
        add("probe:SMUG-EXPECT-100-CL-DESYNC", MUST, g, n, Req.of(headOf417 + SMUGGLED).sentinel(), desync);
        add("pywsgi:gh2075_expect_417_body_is_request", MUST, g, n,
                Req.of(headOf417).thenAfter(300, SMUGGLED).sentinel(), desync);
        add("notes:#6-401-unread-body-is-request", MUST, g, n,
                Req.of(headOf417.replace("/417", "/noread") + SMUGGLED).sentinel(),
                response(0, "401", r -> r.status() == 401).and(notSeen(SMUGGLED_TARGET)).and(continueRules())
                        .and(statuses(401).and(closed()).or(statuses(401, 200).and(sentinelLast()))));
        add("notes:#6-chunked-417-body-is-request", MUST, g, n,
                Req.of("PUT /417 HTTP/1.1\r\nHost: c\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n"
                        + Integer.toHexString(SMUGGLED.length()) + "\r\n" + SMUGGLED + "\r\n0\r\n\r\n").sentinel(), desync);
        add("pywsgi:Expect100ContinueTests.test_continue", MUST, g, n,
                Req.of("PUT / HTTP/1.1\r\nHost: c\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")
                        .thenAfter(300, "hello").sentinel(),
                interims(100).and(continueRules()).and(ok("hello")));
        add("notes:#6-lazy-no-100-when-unread", SHOULD, g, n,
                Req.of("PUT /417 HTTP/1.1\r\nHost: c\r\nContent-Length: 5\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n")
                        .deadline(1000),
                interims().and(status(417)).and(closed()));
        add("notes:#6-expect-cl-zero", MUST, g, n,
                Req.of("PUT / HTTP/1.1\r\nHost: c\r\nContent-Length: 0\r\nExpect: 100-continue\r\n\r\n").sentinel(),
                continueRules().and(ok("")));
        add("notes:#6-expect-get-no-body", MUST, g, n,
                Req.of("GET / HTTP/1.1\r\nHost: c\r\nExpect: 100-continue\r\n\r\n").sentinel(),
                continueRules().and(statuses(200, 200)).and(sentinelLast()));
        add("probe:COMP-NO-1XX-HTTP10", MUST, g, n,
                Req.of("POST / HTTP/1.0\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n").thenAfter(300, "hello"),
                interims().and(status(200)).and(Expect.body("hello")));
        add("probe:COMP-EXPECT-UNKNOWN", MAY, g, n,
                Req.of("GET / HTTP/1.1\r\nHost: c\r\nExpect: bogus\r\nConnection: close\r\n\r\n"),
                statusIn(200, 417).and(interims()));
        add("notes:#6-expect-case-insensitive", SHOULD, g, n,
                Req.of("PUT / HTTP/1.1\r\nHost: c\r\nContent-Length: 5\r\nExpect: 100-Continue\r\n\r\n")
                        .thenAfter(300, "hello").sentinel(),
                interims(100).and(ok("hello")));
        add("probe:SMUG-EXPECT-100-CL", MUST, g, n,
                Req.of("PUT / HTTP/1.1\r\nHost: c\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\nhello").sentinel(),
                continueRules().and(ok("hello")));
    }

    // ---- §3 #7: obs-fold and leading whitespace ----

    private void obsFold() {
        Group g = Group.MALFORMED_HEAD;
        String n = "#7";
        add("probe:RFC9112-5.1-OBS-FOLD", MUST, g, n, Req.of(get("X-A: a\r\n b\r\n")), reject(400));
        add("notes:#7-obs-fold-tab", MUST, g, n, Req.of(get("X-A: a\r\n\tb\r\n")), reject(400));
        add("pywsgi:test_multiline_116", MUST, g, n,
                Req.of("GET / HTTP/1.1\r\nHost: c\r\nX-Multi: line1\r\n  line2\r\n\r\n"), reject(400));
        add("probe:COMP-WHITESPACE-BEFORE-HEADERS", MUST, g, n, Req.of("GET / HTTP/1.1\r\n Host: c\r\n\r\n"), reject(400));
        add("go:issue22464/leading-tab-first-header", MUST, g, n, Req.of("GET / HTTP/1.1\r\n\tHost: c\r\n\r\n"),
                reject(400));
        add("notes:#7-obs-fold-empty-first", MUST, g, n, Req.of(get("X-A:\r\n b\r\n")), reject(400));
        add("notes:#7-obs-fold-host", MUST, g, n, Req.of("GET / HTTP/1.1\r\nHost:\r\n c\r\n\r\n"), reject(400));
        add("llhttp:invalid/obs-fold-after-chunked", MUST, g, n,
                Req.of(post("Transfer-Encoding: chunked\r\n abc\r\n", CHUNKED_HELLO + SMUGGLED)), reject400());
    }

    // ---- §3 #8: bare CR / LF ----

    private void bareCrLf() {
        Group g = Group.MALFORMED_HEAD;
        String n = "#8";
        add("probe:RFC9112-3-CR-ONLY-LINE-ENDING", MUST, g, n, Req.of("GET / HTTP/1.1\rHost: c\r\r").halfClose(),
                rejectOrClose(400));
        add("notes:#8-cr-only-line-ending-prompt", SHOULD, g, n, Req.of("GET / HTTP/1.1\rHost: c\r\r").deadline(1000),
                rejectOrClose(400));
        add("notes:#8-bare-cr-after-request-line", MUST, g, n, Req.of("GET / HTTP/1.1\rHost: c\r\n\r\n"), reject(400));
        add("probe:SMUG-BARE-CR-HEADER-VALUE", MUST, g, n, Req.of(get("X-A: a\rX-B: b\r\n")), reject(400));
        add("notes:#8-bare-cr-host", MUST, g, n, Req.of("GET / HTTP/1.1\r\nHost: c\rX: b\r\n\r\n"), reject(400));
        add("notes:#8-bare-cr-request-line", MUST, g, n, Req.of("GET /\r HTTP/1.1\r\nHost: c\r\n\r\n"), reject(400));
        add("notes:#8-bare-cr-end-of-head", MUST, g, n, Req.of("GET / HTTP/1.1\r\nHost: c\r\n\r").halfClose(),
                rejectOrClose(400));
        add("notes:#8-bare-cr-end-of-head-then-byte", MUST, g, n, Req.of("GET / HTTP/1.1\r\nHost: c\r\n\rX\r\n\r\n"),
                rejectOrClose(400));
        add("probe:RFC9112-2.2-BARE-LF-REQUEST-LINE", MAY, g, n,
                Req.of("GET / HTTP/1.1\nHost: c\r\n\r\n").sentinel(), statuses(200, 200).and(sentinelLast()));
        add("probe:RFC9112-2.2-BARE-LF-HEADER", MAY, g, n,
                Req.of("GET / HTTP/1.1\r\nHost: c\nX-A: b\r\n\r\n").sentinel(),
                statuses(200, 200).and(echo(0, "h:x-a", "b")).and(sentinelLast()));
        add("notes:#8-all-bare-lf", MAY, g, n, Req.of("GET / HTTP/1.1\nHost: c\n\n").sentinel(),
                statuses(200, 200).and(sentinelLast()));
        add("notes:#8-bare-lf-end-of-head", MAY, g, n, Req.of("GET / HTTP/1.1\r\nHost: c\r\n\n").sentinel(),
                statuses(200, 200).and(sentinelLast()));
        add("notes:#8-bare-lf-post-body", MAY, g, n,
                Req.of("POST / HTTP/1.1\nHost: c\nContent-Length: 5\n\nhello").sentinel(), ok("hello"));
    }

    // ---- §3 #9: header syntax ----

    private void headerSyntax() {
        Group g = Group.MALFORMED_HEAD;
        String n = "#9";
        for (int b = 0; b < 0x20; b++) {
            add("notes:#9-name-ctl-" + hex(b), MUST, g, n, Req.of(get("X-A" + (char) b + "b: v\r\n")), reject(400));
        }
        add("notes:#9-name-ctl-7f", MUST, g, n, Req.of(get("X-A\u007fb: v\r\n")), reject(400));
        for (char c : "\"(),/;<=>?@[\\]{} ".toCharArray()) {
            add("notes:#9-name-separator-" + hex(c), MUST, g, n, Req.of(get("X-A" + c + "b: v\r\n")), reject(400));
        }
        add("probe:MAL-NON-ASCII-HEADER-NAME", MUST, g, n, Req.of(get("X-\u00e9: v\r\n")), reject(400));
        add("notes:#9-name-ff", MUST, g, n, Req.of(get("X-\u00ff: v\r\n")), reject(400));
        for (int b = 0; b < 0x20; b++) {
            if (b == '\t') {
                continue;
            }
            add("notes:#9-value-ctl-" + hex(b), MUST, g, n, Req.of(get("X-A: a" + (char) b + "b\r\n")), reject(400));
        }
        add("notes:#9-value-ctl-7f", MUST, g, n, Req.of(get("X-A: a\u007fb\r\n")), reject(400));
        add("probe:MAL-NUL-IN-HEADER-VALUE", MUST, g, n, Req.of(get("X-A: \u0000\r\n")), reject(400));
        add("probe:MAL-CONTROL-CHARS-HEADER", MUST, g, n, Req.of(get("X-A: \u0001\u0002\u0003\r\n")), reject(400));
        add("go:TestServerValidatesHeaders/sp-before-colon", MUST, g, n, Req.of(get("Foo : bar\r\n")), reject(400));
        add("probe:RFC9110-5.6.2-SP-BEFORE-COLON", MUST, g, n, Req.of(get("X-A : v\r\n")), reject(400));
        add("go:TestServerValidatesHeaders/tab-before-colon", MUST, g, n, Req.of(get("Foo\t: bar\r\n")), reject(400));
        add("go:TestServerValidatesHeaders/space-in-name", MUST, g, n, Req.of(get("A space: x\r\n")), reject(400));
        add("probe:RFC9112-5-EMPTY-HEADER-NAME", MUST, g, n, Req.of(get(": v\r\n")), reject(400));
        add("probe:RFC9112-5-HEADER-NO-COLON", MUST, g, n, Req.of(get("NoColon\r\n")), reject(400));
        add("probe:RFC9112-5-INVALID-HEADER-NAME", MUST, g, n, Req.of(get("X{A}: v\r\n")), reject(400));
        add("go:TestServerValidatesHeaders/nul-in-name", MUST, g, n, Req.of(get("foo\u0000bar: x\r\n")), reject(400));
        add("go:TestServerValidatesHeaders/nul-in-value", MUST, g, n, Req.of(get("foo: foo\u0000foo\r\n")), reject(400));
        add("go:TestServerValidatesHeaders/del-in-value", MUST, g, n, Req.of(get("foo: foo\u007ffoo\r\n")), reject(400));
        String[][] good = {
            {"go:TestServerValidatesHeaders/space-in-value", "foo: foo foo\r\n", "foo foo"},

            {"go:TestServerValidatesHeaders/ff-in-value", "foo: \u00ff\r\n", "\u00ff"},
            {"notes:#9-value-80", "foo: a\u0080b\r\n", "a\u0080b"},
            {"notes:#9-value-utf8", "foo: caf\u00c3\u00a9\r\n", "caf\u00c3\u00a9"},
            {"notes:#9-value-empty", "foo:\r\n", ""},
            {"notes:#9-value-ows-trimmed", "foo: \t bar \t \r\n", "bar"},
            {"notes:#9-name-all-tchar", "!#$%&'*+-.^_`|~09azAZ: v\r\n", null},
        };
        add("go:TestServerValidatesHeaders/tab-in-value", MUST, g, n, Req.of(get("foo: foo\tfoo\r\n")).sentinel(),
                statuses(200, 200).and(sentinelLast()).and(echo(0, "h:foo", "foo\tfoo").or(echo(0, "h:foo", "foo foo"))));
        for (String[] x : good) {
            Expect e = statuses(200, 200).and(sentinelLast());
            if (x[2] != null) {
                e = e.and(echo(0, "h:foo", x[2]));
            }
            add(x[0], MUST, g, n, Req.of(get(x[1])).sentinel(), e);
        }
    }

    // ---- §3 #10: Host and version ----

    private void hostAndVersion() {
        Group g = Group.MALFORMED_HEAD;
        String n = "#10";
        add("probe:RFC9112-7.1-MISSING-HOST", MUST, g, n, Req.of("GET / HTTP/1.1\r\n\r\n"), reject(400));
        add("go:TestServerValidatesHostHeader/no-host", MUST, g, n, Req.of("POST / HTTP/1.1\r\nContent-Length: 0\r\n\r\n"),
                reject(400));
        add("probe:RFC9110-5.4-DUPLICATE-HOST", MUST, g, n, Req.of("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"),
                reject(400));
        add("probe:COMP-DUPLICATE-HOST-SAME", MUST, g, n, Req.of("GET / HTTP/1.1\r\nHost: a\r\nHost: a\r\n\r\n"),
                reject(400));
        add("probe:SMUG-MULTIPLE-HOST-COMMA", MUST, g, n, Req.of("GET / HTTP/1.1\r\nHost: a, b\r\n\r\n"), reject(400));
        add("go:TestServerValidatesHostHeader/brace", MUST, g, n, Req.of("GET / HTTP/1.1\r\nHost: {\r\n\r\n"), reject(400));
        add("go:TestServerValidatesHostHeader/ctl", MUST, g, n, Req.of("GET / HTTP/1.1\r\nHost: \u0006\r\n\r\n"),
                reject(400));
        add("probe:COMP-HOST-WITH-USERINFO", MUST, g, n, Req.of("GET / HTTP/1.1\r\nHost: u@c\r\n\r\n"), reject(400));
        add("probe:COMP-HOST-WITH-PATH", MUST, g, n, Req.of("GET / HTTP/1.1\r\nHost: c/p\r\n\r\n"), reject(400));
        add("notes:#10-host-space", MUST, g, n, Req.of("GET / HTTP/1.1\r\nHost: a b\r\n\r\n"), reject(400));
        add("notes:#10-host-bad-port", MUST, g, n, Req.of("GET / HTTP/1.1\r\nHost: c:x\r\n\r\n"), reject(400));
        add("probe:COMP-HOST-EMPTY-VALUE", MAY, g, n, Req.of("GET / HTTP/1.1\r\nHost: \r\nConnection: close\r\n\r\n"),
                statusIn(200, 400).andClose());
        for (String[] h : new String[][] {{"port", "c:8080"}, {"ipv6", "[::1]"}, {"ipv6-port", "[::1]:80"},
                {"ipv4", "127.0.0.1:80"}, {"upper", "EXAMPLE.com"}}) {
            add("go:TestServerValidatesHostHeader/" + h[0], MUST, g, n,
                    Req.of("GET / HTTP/1.1\r\nHost: " + h[1] + "\r\n\r\n").sentinel(), statuses(200, 200).and(sentinelLast()));
        }
        add("probe:COMP-HTTP10-NO-HOST", MUST, g, n, Req.of("GET / HTTP/1.0\r\n\r\n"), status(200).andClose());
        add("go:TestServerValidatesHostHeader/http2", MUST, g, n, Req.of("GET / HTTP/2.0\r\nHost: c\r\n\r\n"),
                reject(505));
        add("notes:#10-http3", MUST, g, n, Req.of("GET / HTTP/3.0\r\nHost: c\r\n\r\n"), reject(505));
        add("notes:#10-http9.9", MUST, g, n, Req.of("GET / HTTP/9.9\r\nHost: c\r\n\r\n"), reject(505));
        add("probe:MAL-H2-PREFACE", MUST, g, n, Req.of("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"), rejectOrClose(505)
                .or(reject(400)));
        add("probe:COMP-HTTP12-VERSION", MAY, g, n, Req.of("GET / HTTP/1.2\r\nHost: c\r\nConnection: close\r\n\r\n"),
                statusIn(200, 505).andClose());
        String[][] badVersions = {
            {"probe:COMP-VERSION-CASE", "http/1.1"},
            {"probe:COMP-VERSION-MISSING-MINOR", "HTTP/1"},
            {"probe:COMP-VERSION-LEADING-ZEROS", "HTTP/01.1"},
            {"probe:COMP-VERSION-WHITESPACE", "HTTP/ 1.1"},
            {"probe:RFC9112-2.3-INVALID-VERSION", "HTTP/1.1x"},
            {"notes:#10-version-two-digit-minor", "HTTP/1.10"},
            {"notes:#10-version-three-parts", "HTTP/1.1.1"},
            {"notes:#10-version-xttp", "XTTP/1.1"},
            {"notes:#10-version-negative", "HTTP/-1.1"},
            {"notes:#10-version-empty-minor", "HTTP/1."},
            {"notes:#10-version-no-slash", "HTTP1.1"},
            {"notes:#10-version-trailing-space", "HTTP/1.1 "},
        };
        for (String[] v : badVersions) {
            add(v[0], MUST, g, n, Req.of("GET / " + v[1] + "\r\nHost: c\r\n\r\n"), reject(400));
        }
        add("probe:RFC9112-2.3-HTTP09-REQUEST", MUST, g, n, Req.of("GET /\r\n\r\n"), rejectOrClose(400));
    }

    // ---- request line (§3 #10 and #19 neighbours) ----

    private void requestLine() {
        Group g = Group.MALFORMED_HEAD;
        String n = "#10";
        add("probe:RFC9112-3-MISSING-TARGET", MUST, g, n, Req.of("GET HTTP/1.1\r\nHost: c\r\n\r\n"), reject(400));
        add("notes:#10-empty-target", MUST, g, n, Req.of("GET  HTTP/1.1\r\nHost: c\r\n\r\n"), reject(400));
        add("probe:RFC9112-3-MULTI-SP-REQUEST-LINE", SHOULD, g, n, Req.of("GET  / HTTP/1.1\r\nHost: c\r\n\r\n"),
                reject(400));
        add("probe:COMP-REQUEST-LINE-TAB", SHOULD, g, n, Req.of("GET\t/\tHTTP/1.1\r\nHost: c\r\n\r\n"), reject(400));
        add("probe:COMP-SPACE-IN-TARGET", MUST, g, n, Req.of("GET /a b HTTP/1.1\r\nHost: c\r\n\r\n"), reject(400));
        add("probe:MAL-NUL-IN-URL", MUST, g, n, Req.of("GET /a\u0000b HTTP/1.1\r\nHost: c\r\n\r\n"), reject(400));
        add("probe:MAL-NON-ASCII-URL", MUST, g, n, Req.of("GET /caf\u00c3\u00a9 HTTP/1.1\r\nHost: c\r\n\r\n"),
                reject(400));
        add("probe:MAL-URL-OVERLONG-UTF8", MUST, g, n, Req.of("GET /\u00c0\u00af HTTP/1.1\r\nHost: c\r\n\r\n"),
                reject(400));
        add("probe:MAL-URL-BACKSLASH", MAY, g, n, Req.of("GET /a\\b HTTP/1.1\r\nHost: c\r\nConnection: close\r\n\r\n"),
                statusIn(200, 400).andClose());
        add("probe:RFC9112-3.2-FRAGMENT-IN-TARGET", MAY, g, n,
                Req.of("GET /a#f HTTP/1.1\r\nHost: c\r\nConnection: close\r\n\r\n"), statusIn(200, 400).andClose());
        add("probe:COMP-ASTERISK-WITH-GET", MUST, g, n, Req.of("GET * HTTP/1.1\r\nHost: c\r\n\r\n"), reject(400));
        add("notes:#10-relative-target", MUST, g, n, Req.of("GET a/b HTTP/1.1\r\nHost: c\r\n\r\n"), reject(400));
        add("probe:COMP-OPTIONS-STAR", MUST, g, n, Req.of("OPTIONS * HTTP/1.1\r\nHost: c\r\n\r\n").sentinel(),
                response(0, "2xx", r -> r.status() / 100 == 2).and(sentinelLast()));
        add("probe:COMP-ABSOLUTE-FORM", MUST, g, n, Req.of("GET http://c/abs HTTP/1.1\r\nHost: c\r\n\r\n").sentinel(),
                statuses(200, 200).and(sentinelLast()));
        add("probe:SMUG-ABSOLUTE-URI-HOST-MISMATCH", MUST, g, n,
                Req.of("GET http://c/abs HTTP/1.1\r\nHost: other\r\n\r\n").sentinel(), statuses(200, 200).and(sentinelLast()));
        add("probe:COMP-METHOD-CASE", MAY, g, n, Req.of("get / HTTP/1.1\r\nHost: c\r\nConnection: close\r\n\r\n"),
                statusIn(200, 400, 405, 501).andClose());
        add("probe:COMP-UNKNOWN-METHOD", MAY, g, n, Req.of("FOO / HTTP/1.1\r\nHost: c\r\nConnection: close\r\n\r\n"),
                statusIn(200, 405, 501).andClose());
        add("probe:COMP-METHOD-CONNECT", MAY, g, n, Req.of("CONNECT c:443 HTTP/1.1\r\nHost: c:443\r\n\r\n"),
                statusIn(400, 405, 501).andClose());
        add("notes:#10-method-paren", MUST, g, n, Req.of("GE(T / HTTP/1.1\r\nHost: c\r\n\r\n"), reject(400));
        add("notes:#10-method-nul", MUST, g, n, Req.of("G\u0000T / HTTP/1.1\r\nHost: c\r\n\r\n"), reject(400));
        add("notes:#10-method-non-ascii", MUST, g, n, Req.of("G\u00c9T / HTTP/1.1\r\nHost: c\r\n\r\n"), reject(400));
        add("llhttp:method/empty-method", MUST, g, n, Req.of(" / HTTP/1.1\r\nHost: c\r\n\r\n"), rejectOrClose(400));
        add("llhttp:uri/cr-in-target", MUST, g, n, Req.of("GET /a\rb HTTP/1.1\r\nHost: c\r\n\r\n"), reject(400));
        add("llhttp:uri/lf-in-target", MUST, g, n, Req.of("GET /a\nb HTTP/1.1\r\nHost: c\r\n\r\n"), rejectOrClose(400));
        add("notes:#10-request-line-only-spaces", MUST, g, n, Req.of("   \r\nHost: c\r\n\r\n"), rejectOrClose(400));
    }

    // ---- §3 #11 and §5.2: limits ----

    private void limits() {
        Group g = Group.LIMITS;
        String n = "#11 §5.2";
        Expect tooLong = reject(414);
        add("pywsgi:Test414", MUST, g, n, Req.of("GET /" + "x".repeat(20_000) + " HTTP/1.1\r\nHost: c\r\n\r\n"), tooLong);
        add("probe:MAL-LONG-URL", MUST, g, n, Req.of("GET /" + "x".repeat(100_000) + " HTTP/1.1\r\nHost: c\r\n\r\n"),
                tooLong);
        add("notes:#11-request-line-9k", MUST, g, n, Req.of("GET /" + "x".repeat(9 * 1024) + " HTTP/1.1\r\nHost: c\r\n\r\n"),
                tooLong);
        add("probe:COMP-LONG-URL-OK", MUST, g, n,
                Req.of("GET /" + "x".repeat(8000) + " HTTP/1.1\r\nHost: c\r\n\r\n").sentinel(),
                statuses(200, 200).and(sentinelLast()));
        add("probe:MAL-LONG-METHOD", MUST, g, n, Req.of("G".repeat(20_000) + " / HTTP/1.1\r\nHost: c\r\n\r\n"),
                rejectOrClose(414).or(reject(400)).or(reject(501)));
        Expect big = reject(431);
        add("probe:MAL-LONG-HEADER-VALUE", MUST, g, n, Req.of(get("X-Big: " + "x".repeat(100_000) + "\r\n")), big);
        add("notes:#11-header-line-9k", MUST, g, n, Req.of(get("X-Big: " + "x".repeat(9 * 1024) + "\r\n")), big);
        add("probe:MAL-LONG-HEADER-NAME", MUST, g, n, Req.of(get("X" + "x".repeat(10_000) + ": v\r\n")), big);
        add("go:TestServerValidatesHeaders/2MiB-value", MUST, g, n,
                Req.of(get("Foo: " + "x".repeat(2 << 20) + "\r\n")).deadline(3000), big);
        add("notes:#11-header-line-8000-ok", MUST, g, n, Req.of(get("X-Big: " + "x".repeat(8000) + "\r\n")).sentinel(),
                statuses(200, 200).and(sentinelLast()));
        StringBuilder section = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            section.append("X-S").append(i).append(": ").append("y".repeat(7 * 1024)).append("\r\n");
        }
        add("notes:#11-header-section-70k", MUST, g, n, Req.of(get(section.toString())), big);
        StringBuilder section60 = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            section60.append("X-S").append(i).append(": ").append("y".repeat(7 * 1024)).append("\r\n");
        }
        add("notes:#11-header-section-56k-ok", MUST, g, n, Req.of(get(section60.toString())).sentinel(),
                statuses(200, 200).and(sentinelLast()));
        add("notes:#11-header-count-101", MUST, g, n, Req.of(get(headers(100))), big);
        add("probe:MAL-MANY-HEADERS", MUST, g, n, Req.of(get(headers(500))), big);
        add("notes:#11-header-count-100-ok", MUST, g, n, Req.of(get(headers(99))).sentinel(),
                statuses(200, 200).and(sentinelLast()));
        add("probe:COMP-BASELINE", MUST, g, n, Req.of(get("")).sentinel(), statuses(200, 200).and(sentinelLast()));
    }

    private static String headers(int count) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < count; i++) {
            sb.append("X-H").append(i).append(": v\r\n");
        }
        return sb.toString();
    }

    // ---- §3 #12: response splitting ----

    private void responseSplitting() {
        Group g = Group.RESPONSE_SPLITTING;
        String n = "#12";
        String[][] s = {
            {"pywsgi:TestHTTPResponseSplitting.test_newline_in_header_value", "/split/value"},
            {"notes:#12-lf-in-header-value", "/split/value-lf"},
            {"notes:#12-obs-fold-in-header-value", "/split/value-fold"},
            {"pywsgi:TestHTTPResponseSplitting.test_newline_in_header_name", "/split/name"},
        };
        for (String[] x : s) {
            add(x[0], MUST, g, n, Req.of("GET " + x[1] + " HTTP/1.1\r\nHost: c\r\n\r\n").sentinel(),
                    statuses(200, 200).and(rawBody(0, "rejected")).and(noHeader(0, "X-Injected")).and(sentinelLast()));
        }
        add("notes:#12-plain-header-accepted", MUST, g, n,
                Req.of("GET /split/plain HTTP/1.1\r\nHost: c\r\n\r\n").sentinel(),
                statuses(200, 200).and(rawBody(0, "accepted")).and(hasHeader(0, "X-Split")).and(sentinelLast()));
    }

    // ---- §3 #13: HEAD, 1xx, 204, 304 ----

    private void bodiless() {
        Group g = Group.BODILESS;
        String n = "#13";
        Expect two = statuses(200, 200).and(sentinelLast());
        add("probe:COMP-HEAD-NO-BODY", MUST, g, n, Req.of("HEAD / HTTP/1.1\r\nHost: c\r\n\r\n").sentinel(), two);
        add("go:TestHeadResponses", MUST, g, n, Req.of("HEAD /headwrite HTTP/1.1\r\nHost: c\r\n\r\n").sentinel(),
                two);
        add("notes:#13-head-chunked", MUST, g, n, Req.of("HEAD /chunked HTTP/1.1\r\nHost: c\r\n\r\n").sentinel(), two);
        add("notes:#13-head-pipelined-then-get", MUST, g, n,
                Req.of("HEAD /headwrite HTTP/1.1\r\nHost: c\r\n\r\nGET /headwrite HTTP/1.1\r\nHost: c\r\n\r\n").sentinel(),
                statuses(200, 200, 200).and(rawBody(1, "hello")).and(sentinelLast()));
        Expect no204 = statuses(204, 200).and(noHeader(0, "Content-Length")).and(noHeader(0, "Transfer-Encoding"))
                .and(sentinelLast());
        add("probe:COMP-NO-CL-IN-204", MUST, g, n, Req.of("GET /204 HTTP/1.1\r\nHost: c\r\n\r\n").sentinel(), no204);
        add("go:TestContentTypeOkayOn204", MUST, g, n, Req.of("GET /204 HTTP/1.1\r\nHost: c\r\n\r\n").sentinel(),
                no204.and(noHeader(0, "Transfer-Encoding")));
        add("go:TestHTTP11KeepAlive204Response", MUST, g, n,
                Req.of("GET /204 HTTP/1.1\r\nHost: c\r\n\r\nGET /204 HTTP/1.1\r\nHost: c\r\n\r\n").sentinel(),
                statuses(204, 204, 200).and(sentinelLast()));
        add("go:TestHTTP10KeepAlive204Response", MUST, g, n,
                Req.of("GET /204 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").sentinel(), no204);
        Expect no304 = statuses(304, 200).and(noHeader(0, "Transfer-Encoding")).and(sentinelLast())
                .and(response(0, "without body", r -> r.body().length == 0));
        add("pywsgi:TestBody304", MUST, g, n, Req.of("GET /304 HTTP/1.1\r\nHost: c\r\n\r\n").sentinel(), no304);
        add("pywsgi:TestContentLength304", MUST, g, n, Req.of("GET /304 HTTP/1.1\r\nHost: c\r\n\r\n").sentinel(),
                no304.and(response(0, "CL absent or 0", r -> r.header("Content-Length") == null
                        || r.header("Content-Length").equals("0"))));
        add("go:TestHTTP11KeepAlive304Response", MUST, g, n,
                Req.of("GET /304 HTTP/1.1\r\nHost: c\r\nIf-None-Match: \"v1\"\r\n\r\n").sentinel(), no304);
        add("go:TestHTTP10KeepAlive304Response", MUST, g, n,
                Req.of("GET /304 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").sentinel(), no304);
        add("notes:#13-chunked-response", MUST, g, n, Req.of("GET /chunked HTTP/1.1\r\nHost: c\r\n\r\n").sentinel(),
                two.and(rawBody(0, "one,two,three")));
        add("notes:#13-chunked-response-http10", MUST, g, n, Req.of("GET /chunked HTTP/1.0\r\n\r\n"),
                status(200).and(rawBody(0, "one,two,three")).and(response(0, "not chunked", r -> !r.chunked())));
        add("probe:COMP-DATE-HEADER", MUST, g, n, Req.of(get("Connection: close\r\n")), status(200).and(hasHeader(0, "Date")));
    }

    // ---- §3 #14 and #15: pipelining, early close, unread bodies ----

    private void keepAlive() {
        Group g = Group.KEEP_ALIVE;
        String n = "#14";
        String p = "GET /p%d HTTP/1.1\r\nHost: c\r\n\r\n";
        add("pywsgi:test_pipeline", MUST, g, n,
                Req.of(String.format(p, 1) + String.format(p, 2) + "GET /p3 HTTP/1.1\r\nHost: c\r\nConnection: close\r\n\r\n"),
                statuses(200, 200, 200).and(echo(0, "target", "/p1")).and(echo(1, "target", "/p2"))
                        .and(echo(2, "target", "/p3")).and(closed()));
        add("pywsgi:test_connection_close", MUST, g, n,
                Req.of(String.format(p, 1) + "GET /p2 HTTP/1.1\r\nHost: c\r\nConnection: close\r\n\r\n" + String.format(p, 3)),
                statuses(200, 200).and(notSeen("/p3")).and(closed()));
        StringBuilder ten = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            ten.append(String.format(p, i));
        }
        Expect tenInOrder = statuses(200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200).and(sentinelLast());
        for (int i = 0; i < 10; i++) {
            tenInOrder = tenInOrder.and(echo(i, "target", "/p" + i));
        }
        add("probe:SMUG-PIPELINE-SAFE", MUST, g, n, Req.of(ten.toString()).sentinel(), tenInOrder);
        add("notes:#14-pipelined-posts", MUST, g, n,
                Req.of(post("Content-Length: 3\r\n", "abc") + post("Content-Length: 2\r\n", "de")).sentinel(),
                statuses(200, 200, 200).and(echo(0, "body", "abc")).and(echo(1, "body", "de")).and(sentinelLast()));
        add("notes:#14-pipelined-chunked-then-get", MUST, g, n, Req.of(chunked(CHUNKED_HELLO) + String.format(p, 2)).sentinel(),
                statuses(200, 200, 200).and(echo(0, "body", "hello")).and(echo(1, "target", "/p2")).and(sentinelLast()));
        add("notes:#14-pipelined-slow-first", MUST, g, n,
                Req.of("GET /sleep HTTP/1.1\r\nHost: c\r\n\r\n" + String.format(p, 2)).sentinel(),
                statuses(200, 200, 200).and(rawBody(0, "slept")).and(echo(1, "target", "/p2")).and(sentinelLast()));
        add("go:TestKeepAliveFinalChunkWithEOF", MUST, g, n,
                Req.of(String.format(p, 1) + String.format(p, 2)).halfClose(),
                statuses(200, 200).and(echo(1, "target", "/p2")).and(closed()));
        add("notes:#14-half-close-chunked-response", MUST, g, n,
                Req.of("GET /chunked HTTP/1.1\r\nHost: c\r\n\r\n").halfClose(),
                status(200).and(rawBody(0, "one,two,three")).and(closed()));
        add("probe:COMP-HTTP10-DEFAULT-CLOSE", MUST, g, n, Req.of("GET / HTTP/1.0\r\n\r\n" + String.format(p, 2)),
                status(200).and(closed()).and(notSeen("/p2")));
        add("notes:#14-http10-keep-alive", SHOULD, g, n, Req.of("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").sentinel(),
                statuses(200, 200).and(sentinelLast()));
        add("probe:COMP-CONNECTION-CLOSE", MUST, g, n,
                Req.of("GET / HTTP/1.1\r\nHost: c\r\nConnection: close\r\n\r\n" + String.format(p, 2)),
                status(200).and(closed()).and(notSeen("/p2")));
        add("notes:#14-close-option-sent", SHOULD, g, n, Req.of("GET / HTTP/1.1\r\nHost: c\r\nConnection: close\r\n\r\n"),
                status(200).and(closed()).and(response(0, "with Connection: close", Response::connectionClose)));
        add("notes:#14-connection-close-case", MUST, g, n,
                Req.of("GET / HTTP/1.1\r\nHost: c\r\nConnection: CLOSE\r\n\r\n" + String.format(p, 2)),
                status(200).and(closed()).and(notSeen("/p2")));
        add("notes:#14-connection-list-close", MUST, g, n,
                Req.of("GET / HTTP/1.1\r\nHost: c\r\nConnection: keep-alive, close\r\n\r\n" + String.format(p, 2)),
                status(200).and(closed()).and(notSeen("/p2")));
        add("notes:#14-handler-sets-close", MUST, g, n,
                Req.of("GET /close HTTP/1.1\r\nHost: c\r\n\r\n" + String.format(p, 2)),
                status(200).and(closed()).and(notSeen("/p2")));
        add("notes:#14-keep-alive-default-11", MUST, g, n, Req.of(get("")).thenAfter(300, Req.SENTINEL),
                statuses(200, 200).and(sentinelLast()));
        // #15: unread request bodies
        String n15 = "#15";
        add("notes:#15-unread-small-body-drained", SHOULD, g, n15,
                Req.of("POST /noread HTTP/1.1\r\nHost: c\r\nContent-Length: 1024\r\n\r\n" + "x".repeat(1024)).sentinel(),
                statuses(401, 200).and(sentinelLast()));
        add("notes:#15-unread-chunked-body-drained", SHOULD, g, n15,
                Req.of("POST /noread HTTP/1.1\r\nHost: c\r\nTransfer-Encoding: chunked\r\n\r\n" + CHUNKED_HELLO).sentinel(),
                statuses(401, 200).and(sentinelLast()));
        add("go:TestHandlerFinishSkipBigContentLengthRead", MUST, g, n15,
                Req.of("POST /noread HTTP/1.1\r\nHost: c\r\nContent-Length: 1000000000\r\n\r\n" + "x".repeat(1000)),
                status(401).and(closed()));
        add("notes:#15-unread-10MiB-body", MUST, g, n15,
                Req.of("POST /noread HTTP/1.1\r\nHost: c\r\nContent-Length: " + (10 << 20) + "\r\n\r\n")
                        .then(new byte[10 << 20]).deadline(3000),
                response(0, "401", r -> r.status() == 401));
        add("notes:#15-unread-200k-body-close", MUST, g, n15,
                Req.of("POST /noread HTTP/1.1\r\nHost: c\r\nContent-Length: " + (200 << 10) + "\r\n\r\n")
                        .then(new byte[200 << 10]).sentinel(),
                response(0, "401", r -> r.status() == 401).and(notSeen("/__sentinel")
                        .or(statuses(401, 200).and(sentinelLast()))));
    }

    // ---- §3 #16, #17: slow clients and idle keep-alive (wait for the server's timeouts) ----

    private void slowClients() {
        Group g = Group.KEEP_ALIVE;
        addSlow("notes:#16-slowloris-head-timeout", MUST, g, "#16 §5.2 R-T1",
                Req.of("GET / HTTP/1.1\r\n").thenAfter(5000, "Host: c\r\n").thenAfter(5000, "X-A: b\r\n")
                        .thenAfter(5000, "X-B: b\r\n").thenAfter(5000, "X-C: b\r\n").deadline(19_000).idle(19_000),
                statusIn(408).andClose().or(silentClose()));
        addSlow("notes:#16-head-never-finished", MUST, g, "#16 §5.2 R-T1",
                Req.of("GET / HTTP/1.1\r\nHost: c\r\n").deadline(17_000).idle(17_000),
                statusIn(408).andClose().or(silentClose()));
        addSlow("notes:#16-slow-body", MUST, g, "#16 §5.2 R-T3",
                Req.of(post("Content-Length: 10\r\n", "hello")).deadline(32_000).idle(32_000),
                statusIn(408).andClose().or(silentClose()));
        addSlow("pywsgi:gh1866_idle_keepalive_closed", MUST, g, "#17 §5.2 R-T2",
                Req.of(get("")).deadline(32_000).idle(32_000), status(200).and(closed()));
    }

    // ---- §3 #18: leading junk ----

    private void leadingJunk() {
        Group g = Group.LEADING_JUNK;
        String n = "#18";
        add("probe:COMP-LEADING-CRLF", SHOULD, g, n, Req.of("\r\nGET / HTTP/1.1\r\nHost: c\r\n\r\n").sentinel(),
                statuses(200, 200).and(sentinelLast()));
        add("go:TestTolerateCRLFBeforeRequestLine", SHOULD, g, n,
                Req.of("\r\n\r\nGET / HTTP/1.1\r\nHost: c\r\n\r\n").sentinel(), statuses(200, 200).and(sentinelLast()));
        add("notes:#18-leading-bare-lf", MAY, g, n, Req.of("\nGET / HTTP/1.1\r\nHost: c\r\n\r\n").sentinel(),
                statuses(200, 200).and(sentinelLast()));
        add("notes:#18-crlf-between-pipelined", SHOULD, g, n,
                Req.of(get("") + "\r\n" + get("")).sentinel(), statuses(200, 200, 200).and(sentinelLast()));
        for (int b = 0; b < 0x20; b++) {
            if (b == '\r' || b == '\n') {
                continue;
            }
            add("notes:#18-leading-ctl-" + hex(b), MUST, g, n,
                    Req.of((char) b + "GET / HTTP/1.1\r\nHost: c\r\n\r\n"), rejectOrClose(400));
        }
        add("notes:#18-leading-ctl-7f", MUST, g, n, Req.of("\u007fGET / HTTP/1.1\r\nHost: c\r\n\r\n"), rejectOrClose(400));
        add("notes:#18-leading-ff", MUST, g, n, Req.of("\u00ffGET / HTTP/1.1\r\nHost: c\r\n\r\n"), rejectOrClose(400));
        add("notes:#18-leading-nul-soh", MUST, g, n, Req.of("\u0000\u0001GET / HTTP/1.1\r\nHost: c\r\n\r\n"),
                rejectOrClose(400));
        add("notes:#18-leading-space", MUST, g, n, Req.of(" GET / HTTP/1.1\r\nHost: c\r\n\r\n"), rejectOrClose(400));
        add("notes:#18-leading-cr-only", MUST, g, n, Req.of("\rGET / HTTP/1.1\r\nHost: c\r\n\r\n"), rejectOrClose(400));
        byte[] garbage = new byte[256];
        for (int i = 0; i < garbage.length; i++) {
            garbage[i] = (byte) (i * 73 + 11);
        }
        add("probe:MAL-BINARY-GARBAGE", MUST, g, n, Req.of(garbage), rejectOrClose(400));
        add("probe:MAL-EMPTY-REQUEST", MUST, g, n, Req.of("").halfClose(), silentClose());
        add("probe:MAL-WHITESPACE-ONLY-LINE", MUST, g, n, Req.of("   \r\n\r\n"), rejectOrClose(400));
        add("probe:MAL-INCOMPLETE-REQUEST", MUST, g, n, Req.of("GET / HTTP/1.1\r\nHost: c\r\n").halfClose(),
                rejectOrClose(400));
        byte[] hello = {0x16, 0x03, 0x01, 0x00, (byte) 0xa5, 0x01, 0x00, 0x00, (byte) 0xa1, 0x03, 0x03};
        add("notes:#18-tls-client-hello", MUST, g, n, Req.of(hello).halfClose(), rejectOrClose(400));
        add("notes:#18-tls-client-hello-prompt", SHOULD, g, n, Req.of(hello).deadline(1000), rejectOrClose(400));
    }

    // ---- §3 #19: log crash / injection ----

    private void logInjection() {
        Group g = Group.LOG_INJECTION;
        String n = "#19";
        add("pywsgi:gh1708_bad_version_percent", MUST, g, n, Req.of("GET / HTTP %\r\n\r\n"), reject(400));
        add("notes:#19-esc-in-target", SHOULD, g, n, Req.of("GET /\u001b[31mred HTTP/1.1\r\nHost: c\r\n\r\n"), reject(400));
        add("notes:#19-quote-in-target", SHOULD, g, n, Req.of("GET /a\"b HTTP/1.1\r\nHost: c\r\n\r\n"), reject(400));
        add("notes:#19-lt-in-target", SHOULD, g, n, Req.of("GET /<script> HTTP/1.1\r\nHost: c\r\n\r\n"), reject(400));
        add("notes:#19-del-in-target", MUST, g, n, Req.of("GET /a\u007fb HTTP/1.1\r\nHost: c\r\n\r\n"), reject(400));
        add("notes:#19-tab-in-target", MUST, g, n, Req.of("GET /a\tb HTTP/1.1\r\nHost: c\r\n\r\n"), reject(400));
        add("notes:#19-bad-percent", SHOULD, g, n, Req.of("GET /%zz HTTP/1.1\r\nHost: c\r\n\r\n"), reject(400));
        add("probe:MAL-URL-PERCENT-NULL", MAY, g, n, Req.of("GET /a%00b HTTP/1.1\r\nHost: c\r\nConnection: close\r\n\r\n"),
                statusIn(200, 400).andClose());
        add("probe:MAL-URL-PERCENT-CRLF", MAY, g, n,
                Req.of("GET /a%0d%0aX:%20y HTTP/1.1\r\nHost: c\r\nConnection: close\r\n\r\n"),
                statusIn(200, 400).andClose().and(noHeader(0, "X")));
        add("notes:#19-esc-in-user-agent", MUST, g, n, Req.of(get("User-Agent: a\u001b[2Jb\r\n")), reject(400));
        add("notes:#19-quote-in-user-agent", MUST, g, n,
                Req.of(get("User-Agent: a\"b\r\nReferer: \"x\r\nConnection: close\r\n")),
                status(200).and(echo(0, "h:user-agent", "a\"b")));
        add("notes:#19-percent-format-in-target", MUST, g, n,
                Req.of("GET /%25s%25n%25d HTTP/1.1\r\nHost: c\r\nConnection: close\r\n\r\n"), status(200));
        add("notes:#19-version-garbage", MUST, g, n, Req.of("GET / HTTP/\u00ff\u00fe\r\n\r\n"), reject(400));
    }

    // ---- nodejs/llhttp test/request sections (re-expressed; rows as noted) ----

    private void llhttpSamples() {
        Group f = Group.FRAMING;
        Group h = Group.MALFORMED_HEAD;
        Expect two = statuses(200, 200).and(sentinelLast());
        add("llhttp:content-length/cr-instead-of-dash", MUST, h, "#8",
                Req.of("PUT /url HTTP/1.1\r\nHost: c\r\nContent\rLength: 003\r\n\r\nabc"), reject(400));
        add("llhttp:content-length/missing-crlf-crlf-before-body", MUST, f, "#8",
                Req.of("PUT /url HTTP/1.1\r\nHost: c\r\nContent-Length: 3\r\n\rabc").halfClose(), rejectOrClose(400));
        add("llhttp:content-length/spaces-surrounding", MUST, f, "#3",
                Req.of(post("Content-Length:  5  \r\n", "hello")).sentinel(), ok("hello"));
        add("llhttp:content-length/with-zeroes", MAY, f, "#3",
                Req.of(post("Content-Length: 003\r\n", "abc")).sentinel(), okOr400("abc"));
        add("llhttp:content-length/follow-up-headers", MUST, f, "#3",
                Req.of(post("Content-Length: 3\r\nX-After: 1\r\n", "abc")).sentinel(),
                ok("abc").and(echo(0, "h:x-after", "1")));
        add("llhttp:content-length/cl-and-te-identity", MUST, f, "#1",
                Req.of(post("Content-Length: 3\r\nTransfer-Encoding: identity\r\n", "abc" + SMUGGLED)),
                statusIn(400, 501).andClose().and(notSeen(SMUGGLED_TARGET)));
        add("llhttp:transfer-encoding/chunkedchunked", SHOULD, f, "#2",
                Req.of(post("Transfer-Encoding: chunkedchunked\r\n", CHUNKED_HELLO + SMUGGLED)),
                statusIn(501).andClose().and(notSeen(SMUGGLED_TARGET)));
        add("llhttp:transfer-encoding/chunked-last-multiple-headers", SHOULD, f, "#2",
                Req.of(post("Transfer-Encoding: deflate\r\nTransfer-Encoding: chunked\r\n", CHUNKED_HELLO + SMUGGLED)),
                statusIn(501).andClose().and(notSeen(SMUGGLED_TARGET)));
        add("llhttp:transfer-encoding/validate-chunk-parameters", MUST, f, "#4",
                Req.of(chunked("3 \n  \r\n\\\nfoo\r\n0\r\n\r\n" + SMUGGLED)), badBody());
        add("llhttp:transfer-encoding/space-after-chunk-header", MUST, f, "#4",
                Req.of(chunked("a \r\n0123456789\r\n0\r\n\r\n" + SMUGGLED)), badBody());
        add("llhttp:sample/line-folding-lf", MUST, h, "#7", Req.of(get("Line1: abc\n\tdef\r\n")), reject(400));
        add("llhttp:sample/line-folding-crlf", MUST, h, "#7", Req.of(get("Line1: abc\r\n\tdef\r\n ghi\r\n")),
                reject(400));
        add("llhttp:sample/x-ssl-nonsense", MUST, h, "#7",
                Req.of(get("X-SSL-Nonsense:   -----BEGIN CERTIFICATE-----\r\n\tMIIFbTCCBFWgAwIBAgICH4cwDQYJKoZIhvcNAQEFBQAwcDELMAkGA1UEBhMCVUsx\r\n"
                        + "\t-----END CERTIFICATE-----\r\n")), reject(400));
        add("llhttp:sample/no-lf-after-cr", MUST, h, "#8",
                Req.of("GET / HTTP/1.1\r\nHost: c\r\nLine: 1\rX: 2\r\n\r\n"), reject(400));
        add("llhttp:sample/extended-characters", MUST, h, "#9",
                Req.of(get("Test: D\u00c3\u00bcsseldorf\r\n")).sentinel(), two.and(echo(0, "h:test", "D\u00c3\u00bcsseldorf")));
        add("llhttp:sample/255-ascii-in-header-value", MUST, h, "#9",
                Req.of(get("Cookie: \u00ff; foo=bar\r\n")).sentinel(), two.and(echo(0, "h:cookie", "\u00ff; foo=bar")));
        add("llhttp:sample/dumbpack", MUST, h, "#9", Req.of(get("aaaaaaaaaaaaa:++++++++++\r\n")).sentinel(),
                two.and(echo(0, "h:aaaaaaaaaaaaa", "++++++++++")));
        add("llhttp:sample/curl-get", MUST, h, "#10",
                Req.of("GET /test HTTP/1.1\r\nUser-Agent: curl/7.18.0 (i486-pc-linux-gnu) libcurl/7.18.0 OpenSSL/0.9.8g\r\n"
                        + "Host: 0.0.0.0=5000\r\nAccept: */*\r\n\r\n").sentinel(),
                two.and(echo(0, "h:host", "0.0.0.0=5000"))); // '=' is a sub-delim: a valid reg-name
        add("llhttp:sample/curl-get-valid-host", MUST, h, "#10",
                Req.of("GET /test HTTP/1.1\r\nUser-Agent: curl/8.5.0\r\nHost: 127.0.0.1:5000\r\nAccept: */*\r\n\r\n")
                        .sentinel(), two);
        add("llhttp:sample/firefox-get", MUST, h, "#10",
                Req.of("GET /favicon.ico HTTP/1.1\r\nHost: 0.0.0.0:5000\r\nUser-Agent: Mozilla/5.0 (X11; U; Linux i686; en-US;"
                        + " rv:1.9) Gecko/2008061015 Firefox/3.0\r\nAccept: text/html,application/xhtml+xml,application/xml;"
                        + "q=0.9,*/*;q=0.8\r\nAccept-Language: en-us,en;q=0.5\r\nAccept-Encoding: gzip,deflate\r\n"
                        + "Accept-Charset: ISO-8859-1,utf-8;q=0.7,*;q=0.7\r\nKeep-Alive: 300\r\nConnection: keep-alive\r\n\r\n")
                        .sentinel(), two);
        add("llhttp:sample/apache-bench-get", MUST, h, "#10",
                Req.of("GET /test HTTP/1.0\r\nHost: 0.0.0.0:5000\r\nUser-Agent: ApacheBench/2.3\r\nAccept: */*\r\n\r\n"),
                status(200).and(closed()));
        add("llhttp:invalid/ice-protocol", MUST, h, "#10", Req.of("GET /music/sweet/music ICE/1.0\r\nHost: c\r\n\r\n"),
                reject(400));
        add("llhttp:invalid/ihttp-protocol", MUST, h, "#10", Req.of("GET /music/sweet/music IHTTP/1.0\r\nHost: c\r\n\r\n"),
                reject(400));
        add("llhttp:connection/multiple-tokens", MUST, Group.KEEP_ALIVE, "#14",
                Req.of("GET / HTTP/1.1\r\nHost: c\r\nConnection: Something, Close\r\n\r\n" + get("")),
                status(200).and(closed()));
        add("llhttp:connection/upgrade-not-supported", MUST, Group.KEEP_ALIVE, "#14",
                Req.of("GET / HTTP/1.1\r\nHost: c\r\nConnection: upgrade\r\nUpgrade: pigeons\r\n\r\n").sentinel(), two);
        add("llhttp:method/patch", MUST, h, "#10",
                Req.of("PATCH /file.txt HTTP/1.1\r\nHost: c\r\nContent-Length: 3\r\n\r\nabc").sentinel(),
                ok("abc").and(echo(0, "method", "PATCH")));
        add("llhttp:method/purge", MUST, h, "#10", Req.of("PURGE /file.txt HTTP/1.1\r\nHost: c\r\n\r\n").sentinel(),
                two.and(echo(0, "method", "PURGE")));
        add("llhttp:uri/quotes", SHOULD, Group.LOG_INJECTION, "#19",
                Req.of("GET /with_\"quotes\"?foo=\"bar\" HTTP/1.1\r\nHost: c\r\n\r\n"), reject(400));
        add("llhttp:uri/query-with-question-mark", MUST, h, "#10",
                Req.of("GET /test.cgi?foo=bar?baz HTTP/1.1\r\nHost: c\r\n\r\n").sentinel(),
                two.and(echo(0, "target", "/test.cgi?foo=bar?baz")));
        add("llhttp:uri/absolute-no-path", MUST, h, "#10",
                Req.of("GET http://hypnotoad.org?hail=all HTTP/1.1\r\nHost: hypnotoad.org\r\n\r\n").sentinel(), two);
        add("llhttp:uri/absolute-with-userinfo", SHOULD, h, "#10",
                Req.of("GET http://a%12:b!&*$@hypnotoad.org:1234/toto HTTP/1.1\r\nHost: hypnotoad.org:1234\r\n\r\n"),
                reject(400));
    }
}
