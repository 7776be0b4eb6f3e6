package org.gevent4j.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.Headers;
import java.util.ArrayList;
import java.util.LinkedList;
import java.util.List;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The exchange's headers behave as the JDK's {@link Headers} do, which is what handlers are
 * written against: the same keys after normalization, the same values, the same exceptions (type
 * and message) for the same calls, in any sequence of calls.
 */
class FastHeadersTest {
    private static final List<String> KEYS = List.of("Content-Length", "content-length", "CONTENT-LENGTH", "cOnTeNt-LeNgTh", "Host",
            "host", "X-A", "x-a", "", "a", "A", "Date", "date", "\u00e9tag", "Bad\rKey", "Bad\nKey", "\rlead", "\u0100x", "Key With Space");
    private static final List<String> VALUES = List.of("", "v", "text/plain", "a, b", "folded\r\n value", "bad\r\nvalue", "cr\r", "lf\n",
            "\u00ff", "\u0100", "x\r\n\tok");

    /** One call on a Headers, recorded so that the same sequence runs on both implementations. */
    record Op(String name, String key, String value) {
        Object apply(Headers h) {
            return switch (name) {
                case "add" -> {
                    h.add(key, value);
                    yield null;
                }
                case "set" -> {
                    h.set(key, value);
                    yield null;
                }
                case "put" -> h.put(key, new LinkedList<>(List.of(value, value)));
                case "get" -> h.get(key);
                case "getFirst" -> h.getFirst(key);
                case "containsKey" -> h.containsKey(key);
                case "remove" -> h.remove(key);
                case "containsValue" -> h.containsValue(List.of(value));
                case "size" -> h.size();
                default -> throw new AssertionError(name);
            };
        }
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Op> op = net.jqwik.api.Combinators.combine(
                        Arbitraries.of("add", "set", "put", "get", "getFirst", "containsKey", "remove", "containsValue", "size"),
                        Arbitraries.of(KEYS), Arbitraries.of(VALUES))
                .as(Op::new);
        return op.list().ofMaxSize(30);
    }

    @Property(tries = 2000)
    void anySequenceOfCallsHasTheJdksResultsAndExceptions(@ForAll("ops") List<Op> ops) {
        Headers jdk = new Headers();
        Headers fast = new FastHeaders();
        for (Op op : ops) {
            assertThat(outcome(fast, op::apply)).as(op.toString()).isEqualTo(outcome(jdk, op::apply));
            assertThat(fast).isEqualTo(jdk);
            assertThat(jdk).isEqualTo(fast);
            assertThat(fast.hashCode()).isEqualTo(jdk.hashCode());
            assertThat(fast.toString()).isEqualTo(jdk.toString());
        }
    }

    /** The result, or the exception's class and message. */
    private static Object outcome(Headers h, Function<Headers, Object> call) {
        try {
            return call.apply(h);
        } catch (RuntimeException e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }

    @Test
    void anAlreadyNormalizedKeyIsUsedAsItIs() {
        String key = "Content-length";
        assertThat(FastHeaders.normalize(key)).isSameAs(key);
        assertThat(FastHeaders.normalize("content-Length")).isEqualTo("Content-length");
        assertThat(FastHeaders.normalize("")).isEmpty();
        // Common names, as usually spelled or in lower case: their normalized form, with no copy per call.
        assertThat(FastHeaders.normalize("Content-Length")).isEqualTo("Content-length").isSameAs(FastHeaders.normalize("content-length"));
        assertThat(FastHeaders.normalize("WWW-Authenticate")).isEqualTo("Www-authenticate");
    }

    @Test
    void nullKeysAndValuesFailAsWithTheJdk() {
        for (Headers h : List.of(new Headers(), new FastHeaders())) {
            assertThatThrownBy(() -> h.get(null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> h.containsKey(null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> h.containsValue(null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> h.add("A", null)).isInstanceOf(NullPointerException.class);
            assertThat(h.containsKey(42)).isFalse();
        }
    }

    @Test
    void replaceAllChecksTheNewValues() {
        Headers h = new FastHeaders();
        h.add("a", "1");
        h.replaceAll((k, v) -> new ArrayList<>(List.of(v.get(0) + "2")));
        assertThat(h.getFirst("A")).isEqualTo("12");
        assertThatThrownBy(() -> h.replaceAll((k, v) -> List.of("bad\nvalue"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> h.replaceAll((k, v) -> null)).isInstanceOf(NullPointerException.class);
    }
}
