package org.gevent4j.http.conformance;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Cases where the JDK's default server (JDK 25, {@code sun.net.httpserver}) does not do what
 * gevent4j must, with the reason: in jdk mode these are reported, not failed. Every other case
 * must pass on the JDK, which is how the harness is validated. A key ending in {@code *} covers
 * every id with that prefix.
 */
final class JdkDivergences {
    private static final Map<String, String> KNOWN = new LinkedHashMap<>();

    private JdkDivergences() {
    }

    private static void known(String reason, String... ids) {
        for (String id : ids) {
            KNOWN.put(id, reason);
        }
    }

    static {
        known("its eager 100 Continue carries Content-length: 0 (RFC 9110 §8.6: MUST NOT in a 1xx); the strict"
                + " parser (C4) rejects the stream", "probe:SMUG-EXPECT-100-CL-DESYNC", "pywsgi:gh2075_expect_417_body_is_request",
                "notes:#6-401-unread-body-is-request", "notes:#6-chunked-417-body-is-request",
                "pywsgi:Expect100ContinueTests.test_continue", "notes:#6-expect-cl-zero",
                "notes:#6-expect-get-no-body", "notes:#6-expect-case-insensitive", "probe:SMUG-EXPECT-100-CL");
        known("its 100 Continue is eager (sent before the handler runs) and carries Content-length: 0",
                "notes:#6-lazy-no-100-when-unread");
        known("sends 100 Continue to an HTTP/1.0 client (RFC 9110 §15.2: MUST NOT), with Content-length: 0",
                "probe:COMP-NO-1XX-HTTP10");
        known("accepts obs-fold (unfolds it)", "probe:RFC9112-5.1-OBS-FOLD", "notes:#7-obs-fold-tab",
                "pywsgi:test_multiline_116", "notes:#7-obs-fold-empty-first", "notes:#7-obs-fold-host",
                "probe:SMUG-TE-OBS-FOLD", "probe:SMUG-OPTIONS-TE-OBS-FOLD", "notes:#3-cl-obs-fold", "llhttp:sample/line-folding-lf", "llhttp:sample/line-folding-crlf", "llhttp:sample/x-ssl-nonsense");
        known("unfolds obs-fold into 'chunked abc' and answers 501", "llhttp:invalid/obs-fold-after-chunked");
        known("bare CR is not a line break for it: waits for more", "notes:#8-cr-only-line-ending-prompt");
        known("keeps a bare CR inside the request line", "notes:#8-bare-cr-after-request-line");
        known("keeps a bare CR inside a header value", "probe:SMUG-BARE-CR-HEADER-VALUE", "notes:#8-bare-cr-host", "llhttp:sample/no-lf-after-cr");
        known("a bare-LF head runs into the next request's headers (the sentinel's headers answer request 1)",
                "notes:#8-all-bare-lf", "notes:#8-bare-lf-post-body");
        known("accepts control bytes in header values", "notes:#9-value-ctl-*", "probe:MAL-NUL-IN-HEADER-VALUE",
                "probe:MAL-CONTROL-CHARS-HEADER", "go:TestServerValidatesHeaders/nul-in-value",
                "go:TestServerValidatesHeaders/del-in-value", "notes:#19-esc-in-user-agent");
        known("does not check Host (missing, duplicate or invalid)", "probe:RFC9112-7.1-MISSING-HOST",
                "go:TestServerValidatesHostHeader/no-host", "probe:RFC9110-5.4-DUPLICATE-HOST",
                "probe:COMP-DUPLICATE-HOST-SAME", "probe:SMUG-MULTIPLE-HOST-COMMA", "go:TestServerValidatesHostHeader/brace",
                "go:TestServerValidatesHostHeader/ctl", "probe:COMP-HOST-WITH-USERINFO", "probe:COMP-HOST-WITH-PATH",
                "notes:#10-host-space", "notes:#10-host-bad-port");
        known("does not check the protocol version", "go:TestServerValidatesHostHeader/http2", "notes:#10-http3",
                "notes:#10-http9.9", "probe:COMP-VERSION-CASE", "probe:COMP-VERSION-MISSING-MINOR",
                "probe:COMP-VERSION-LEADING-ZEROS", "probe:COMP-VERSION-WHITESPACE", "probe:RFC9112-2.3-INVALID-VERSION",
                "notes:#10-version-two-digit-minor", "notes:#10-version-three-parts", "notes:#10-version-xttp",
                "notes:#10-version-negative", "notes:#10-version-empty-minor", "notes:#10-version-no-slash",
                "notes:#10-version-trailing-space", "pywsgi:gh1708_bad_version_percent", "notes:#19-version-garbage", "llhttp:invalid/ice-protocol", "llhttp:invalid/ihttp-protocol");
        known("answers a malformed request line with 404 (no context) instead of 400", "probe:MAL-H2-PREFACE",
                "notes:#10-empty-target", "probe:RFC9112-3-MULTI-SP-REQUEST-LINE", "probe:COMP-ASTERISK-WITH-GET",
                "notes:#10-relative-target", "notes:#10-request-line-only-spaces", "notes:#18-leading-space",
                "probe:MAL-WHITESPACE-ONLY-LINE");
        known("OPTIONS * finds no context: 404", "probe:COMP-OPTIONS-STAR");
        known("an absolute-form target without a path finds no context: 404", "llhttp:uri/absolute-no-path");
        known("bare CR before the body: waits, or answers at EOF", "llhttp:content-length/missing-crlf-crlf-before-body");
        known("closes a CONNECT without a response", "probe:COMP-METHOD-CONNECT");
        known("accepts raw non-ASCII bytes, spaces and userinfo in the target", "probe:COMP-SPACE-IN-TARGET", "probe:MAL-NON-ASCII-URL",
                "probe:MAL-URL-OVERLONG-UTF8", "llhttp:uri/absolute-with-userinfo");
        known("does not validate the method token", "notes:#10-method-paren", "notes:#10-method-nul",
                "notes:#10-method-non-ascii", "llhttp:method/empty-method");
        known("only 'Connection: close' exactly closes; a list with close keeps the connection", "notes:#14-connection-list-close", "llhttp:connection/multiple-tokens");
        known("sends no 'Connection: close' when closing on the client's close", "notes:#14-close-option-sent");
        known("keeps the connection after an unread, undrainable body", "go:TestHandlerFinishSkipBigContentLengthRead");
        known("no request-line limit (380 KiB header budget)", "pywsgi:Test414", "probe:MAL-LONG-URL",
                "notes:#11-request-line-9k", "probe:MAL-LONG-METHOD");
        known("header limits are 380 KiB / 200 headers, no 431", "probe:MAL-LONG-HEADER-VALUE", "notes:#11-header-line-9k",
                "probe:MAL-LONG-HEADER-NAME", "go:TestServerValidatesHeaders/2MiB-value", "notes:#11-header-section-70k",
                "notes:#11-header-count-101", "probe:MAL-MANY-HEADERS");
        known("trims every byte <= 0x20 around header values, so VT/FF/NUL around 'chunked' or a length pass",
                "probe:SMUG-TE-VTAB", "probe:SMUG-TE-FORMFEED", "probe:SMUG-TE-NULL", "notes:#3-cl-vtab",
                "notes:#3-cl-formfeed", "notes:#3-cl-nul");
        known("accepts Transfer-Encoding in HTTP/1.0", "probe:SMUG-TE-HTTP10", "notes:#2-te-http10-keepalive");
        known("parses Content-Length with Long.parseLong: '+5' and '-0' pass", "probe:RFC9112-6.1-CL-PLUS-SIGN",
                "probe:SMUG-CL-NEGATIVE-ZERO");
        known("its 400 to a HEAD request carries a body", "go:TestReadRequest_Bad/smuggle_two_content_len_head");
        known("lenient chunk-size lines: extensions unchecked, bare LF/CR waits, an overflowing size waits",
                "notes:#4-ext-bare-lf", "probe:SMUG-CHUNK-EXT-LF", "probe:SMUG-CHUNK-EXT-CR", "probe:SMUG-CHUNK-BARE-SEMICOLON",
                "probe:MAL-CHUNK-SIZE-OVERFLOW", "probe:SMUG-CHUNK-EXT-INVALID-TOKEN", "probe:SMUG-CHUNK-EXT-CTRL",
                "notes:#4-ext-nul", "notes:#4-ext-unterminated-quote", "notes:#4-last-chunk-bare-lf",
                "notes:#4-last-chunk-bare-cr", "llhttp:transfer-encoding/space-after-chunk-header");
        known("does not accept trailers: a trailer field fails the body read and the connection closes",
                "probe:COMP-CHUNKED-TRAILER-VALID", "pywsgi:test_trailers_keepalive_ignored", "probe:SMUG-TRAILER-CL",
                "probe:SMUG-TRAILER-TE", "probe:SMUG-TRAILER-HOST", "probe:SMUG-TRAILER-AUTH", "probe:SMUG-TRAILER-CONTENT-TYPE");
        known("skips leading control bytes before the request line", "notes:#18-leading-ctl-*", "notes:#18-leading-ff",
                "notes:#18-leading-nul-soh", "notes:#18-leading-cr-only");
        known("waits on binary garbage without a line break", "probe:MAL-BINARY-GARBAGE", "notes:#18-tls-client-hello-prompt");
        known("treats EOF as the end of the head and answers (timing-dependent)", "probe:MAL-INCOMPLETE-REQUEST",
                "notes:#8-bare-cr-end-of-head");
        known("its Headers accept CRLF followed by SP/HT in a value and emit obs-fold (the JDK's Utils.checkHeader)",
                "notes:#12-obs-fold-in-header-value");
    }

    /** Why the JDK diverges on this case, or null when it is expected to pass. */
    static String reason(String id) {
        String r = KNOWN.get(id);
        if (r != null) {
            return r;
        }
        for (Map.Entry<String, String> e : KNOWN.entrySet()) {
            String k = e.getKey();
            if (k.endsWith("*") && id.startsWith(k.substring(0, k.length() - 1))) {
                return e.getValue();
            }
        }
        return null;
    }
}
