package org.gevent4j.http.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The strict response parser (h11's role, gate C4) accepts well-formed responses and rejects every
 * malformed one, so that a server's bad bytes fail a case instead of being guessed at.
 */
class StrictResponseParserTest {

    private static StrictResponseParser.Parsed parse(String raw, boolean eof, Set<Integer> head) {
        byte[] b = Req.bytes(raw.replace("|", "\r\n"));
        return StrictResponseParser.parse(b, b.length, eof, head);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "HTTP/1.1 200 OK|Content-Length: 5||hello",
        "HTTP/1.1 200 |Content-Length: 0||",
        "HTTP/1.0 200 OK|Content-Length: 2||hi",
        "HTTP/1.1 200 OK|Transfer-Encoding: chunked||5|hello|0||",
        "HTTP/1.1 200 OK|Transfer-Encoding: chunked||5;a=b|hello|0|X-T: v||",
        "HTTP/1.1 204 No Content|Date: x||",
        "HTTP/1.1 304 Not Modified|Content-Length: 10|ETag: \"v\"||",
        "HTTP/1.1 100 Continue||HTTP/1.1 200 OK|Content-Length: 1||x",
        "HTTP/1.1 200 OK|Content-Length: 5, 5||hello",
        "HTTP/1.1 200 OK|X-V: a\tb \u00ff|Content-Length: 0||",
        "HTTP/1.1 200 OK|Content-Length: 1||xHTTP/1.1 404 Not Found|Content-Length: 0||",
    })
    void acceptsWellFormedResponses(String raw) {
        StrictResponseParser.Parsed p = parse(raw, false, Set.of());
        assertThat(p.error()).isNull();
        assertThat(p.incompleteTail()).isFalse();
        assertThat(p.responses()).isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "HTTP/1.1 200 OK\nContent-Length: 0||",
        "HTTP/1.1 200 OK|Content-Length: 0\n|",
        "HTTP/1.1 200 OK|X: a\rb|Content-Length: 0||",
        "HTTP/1.1 200 OK|X: a| b|Content-Length: 0||",
        "HTTP/1.1 200 OK|X : a|Content-Length: 0||",
        "HTTP/1.1 200 OK|: a|Content-Length: 0||",
        "HTTP/1.1 200 OK|NoColon|Content-Length: 0||",
        "HTTP/1.1 200 OK|X: a\u0000b|Content-Length: 0||",
        "HTTP/1.1 200 OK|X: a\u007fb|Content-Length: 0||",
        "HTTP/2 200 OK|Content-Length: 0||",
        "HTTP/1.1 20 OK|Content-Length: 0||",
        "HTTP/1.1 2000 OK|Content-Length: 0||",
        "HTTP/1.1 200|Content-Length: 0||",
        "http/1.1 200 OK|Content-Length: 0||",
        "HTTP/1.1 200 OK|Content-Length: 5|Content-Length: 6||hello",
        "HTTP/1.1 200 OK|Content-Length: +5||hello",
        "HTTP/1.1 200 OK|Content-Length: 5|Transfer-Encoding: chunked||5|hello|0||",
        "HTTP/1.1 200 OK|Transfer-Encoding: gzip||x",
        "HTTP/1.1 200 OK|Transfer-Encoding: chunked||5\nhello|0||",
        "HTTP/1.1 200 OK|Transfer-Encoding: chunked||5|helloXX|0||",
        "HTTP/1.1 200 OK|Transfer-Encoding: chunked||0x5|hello|0||",
        "HTTP/1.1 200 OK|Transfer-Encoding: chunked||5;|hello|0||",
        "HTTP/1.1 200 OK|Transfer-Encoding: chunked||5|hello|0|X: a| b||",
        "HTTP/1.1 204 No Content|Content-Length: 0||",
        "HTTP/1.1 204 No Content|Transfer-Encoding: chunked||",
        "HTTP/1.1 100 Continue|Content-Length: 0||HTTP/1.1 200 OK|Content-Length: 0||",
        "HTTP/1.1 200 OK|Content-Length: 1||xyHTTP/1.1 200 OK|Content-Length: 0||",
        "garbage||",
    })
    void rejectsMalformedResponses(String raw) {
        assertThat(parse(raw, true, Set.of()).error()).as("error for %s", Esc.of(raw)).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "HTTP/1.1 200 OK|Content-Length: 10||hello",
        "HTTP/1.1 200 OK|Transfer-Encoding: chunked||5|hel",
        "HTTP/1.1 200 OK|Content-Length: 0|",
        "HTTP/1.1 200 OK|Connection: close||unterminated",
    })
    void waitsForMoreBytesBeforeTheCloseAndRejectsATruncatedResponseAtTheClose(String raw) {
        StrictResponseParser.Parsed open = parse(raw, false, Set.of());
        assertThat(open.error()).isNull();
        assertThat(open.incompleteTail()).isTrue();
        if (!raw.endsWith("unterminated")) {
            assertThat(parse(raw, true, Set.of()).error()).startsWith("truncated");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "HTTP/1.1 200 OK|Content-Length: 5||HTTP/1.1 200 OK|Content-Length: 0||",
        "HTTP/1.1 200 OK|Transfer-Encoding: chunked||HTTP/1.1 200 OK|Content-Length: 0||",
    })
    void aResponseToHeadHasNoBodyWhateverItsFramingSays(String raw) {
        StrictResponseParser.Parsed p = parse(raw, true, Set.of(0));
        assertThat(p.error()).isNull();
        assertThat(p.responses()).hasSize(2);
        assertThat(parse(raw, true, Set.of()).error()).isNotNull();
    }
}
