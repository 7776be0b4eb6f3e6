package org.gevent4j.http.conformance;

import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The {@link Group#FRAMING} cases of the conformance corpus (see {@link ConformanceTestBase}). */
@org.junit.jupiter.api.Timeout(120)
class FramingConformanceTest extends ConformanceTestBase {
    static Stream<ConfCase> cases() {
        return Corpus.of(Group.FRAMING).stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void conforms(ConfCase c) throws Exception {
        check(c);
    }

    @AfterAll
    static void report() {
        ConformanceRuns.finish(Group.FRAMING);
    }
}
