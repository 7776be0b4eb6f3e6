package org.gevent4j.http.conformance;

import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The {@link Group#LOG_INJECTION} cases of the conformance corpus (see {@link ConformanceTestBase}). */
@org.junit.jupiter.api.Timeout(120)
class LogInjectionConformanceTest extends ConformanceTestBase {
    static Stream<ConfCase> cases() {
        return Corpus.of(Group.LOG_INJECTION).stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void conforms(ConfCase c) throws Exception {
        check(c);
    }

    @AfterAll
    static void report() {
        ConformanceRuns.finish(Group.LOG_INJECTION);
    }
}
