package org.gevent4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The timer heap orders by deadline, then by arming order; the arming order is a wrapping int,
 * so equal deadlines must keep their order across the wrap as everywhere else.
 */
class TimerHeapTest {

    private static final class Named extends Timer {
        final String name;

        Named(String name) {
            this.name = name;
        }

        @Override
        protected void fire() {}
    }

    private static List<String> drain(TimerHeap heap) {
        List<String> order = new ArrayList<>();
        for (Timer t; (t = heap.poll()) != null; ) order.add(((Named) t).name);
        return order;
    }

    @Test
    void equalDeadlinesFireInArmingOrderAcrossTheWrapOfTheSequence() {
        TimerHeap heap = new TimerHeap(Integer.MAX_VALUE - 2);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 6; i++) { // sequences MAX-2 .. MIN+2
            heap.add(new Named("t" + i), 1_000);
            expected.add("t" + i);
        }
        heap.add(new Named("earlier"), 999);
        expected.addFirst("earlier");
        assertThat(drain(heap)).isEqualTo(expected);
    }

    @Test
    void aSequenceTakenEarlierKeepsItsPlaceAmongEqualDeadlines() {
        TimerHeap heap = new TimerHeap(Integer.MAX_VALUE);
        int asked = heap.nextSeq(); // MAX_VALUE: asked for first, armed last
        heap.add(new Named("b"), 50);
        heap.add(new Named("c"), 50);
        heap.add(new Named("a"), 50, asked);
        assertThat(drain(heap)).containsExactly("a", "b", "c");
    }

    @Test
    void removalKeepsTheRestInOrder() {
        TimerHeap heap = new TimerHeap(-5);
        List<Named> ts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Named t = new Named("t" + i);
            ts.add(t);
            heap.add(t, 100 - (i % 4)); // deadlines 100, 99, 98, 97, 100, ...
        }
        for (int i = 0; i < 20; i += 3) assertThat(heap.remove(ts.get(i))).isTrue();
        List<String> expected = new ArrayList<>();
        for (int d = 97; d <= 100; d++) {
            for (int i = 0; i < 20; i++) if (i % 3 != 0 && 100 - (i % 4) == d) expected.add("t" + i);
        }
        assertThat(drain(heap)).isEqualTo(expected);
    }
}
