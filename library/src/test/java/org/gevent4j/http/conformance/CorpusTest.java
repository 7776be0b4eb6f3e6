package org.gevent4j.http.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The corpus itself (gate C1): its size, its ids and origins, and that it covers every §3 row. */
class CorpusTest {
    private static final Set<String> ORIGINS = Set.of("probe", "pywsgi", "go", "llhttp", "notes");

    @Test
    void atLeast250CasesWithUniqueOriginTaggedIds() {
        List<ConfCase> all = Corpus.all();
        assertThat(all).hasSizeGreaterThanOrEqualTo(250);
        Set<String> ids = new HashSet<>();
        for (ConfCase c : all) {
            assertThat(ids.add(c.id())).as("unique id %s", c.id()).isTrue();
            assertThat(c.id()).matches("[a-z0-9]+:\\S+");
            assertThat(ORIGINS).as("origin of %s", c.id()).contains(c.origin());
        }
        Map<String, Integer> byOrigin = Corpus.countByOrigin();
        System.out.println("HTTP conformance corpus: " + all.size() + " cases, by origin " + byOrigin
                + ", by level " + countBy(all, c -> c.level().name()) + ", by group " + countBy(all, c -> c.group().name())
                + ", slow " + all.stream().filter(ConfCase::slow).count());
    }

    @Test
    void everyPitfallRowIsCovered() {
        for (int row = 1; row <= 19; row++) {
            String tag = "#" + row;
            assertThat(Corpus.all()).as("a case for pitfalls, docs/http-conformance.md, row %s", tag)
                    .anyMatch(c -> c.notes().matches(".*" + tag + "(\\D.*)?"));
        }
        assertThat(Corpus.all()).as("the §5.2 limits").anyMatch(c -> c.notes().contains("§5.2"));
    }

    private static Map<String, Long> countBy(List<ConfCase> all, java.util.function.Function<ConfCase, String> key) {
        return all.stream().collect(java.util.stream.Collectors.groupingBy(key, java.util.TreeMap::new,
                java.util.stream.Collectors.counting()));
    }
}
