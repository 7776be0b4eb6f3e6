package org.gevent4j.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gevent4j.TestHubs.virtualHub;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link PriorityQueue}: the contract, smallest first, plus comparators. */
class PriorityQueueTest extends BufferedQueueContract {
    @Override
    Queue<Integer> create(int maxsize) {
        return new PriorityQueue<>(maxsize);
    }

    @Override
    List<Integer> drained(List<Integer> putOrder) {
        return putOrder.stream().sorted().toList();
    }

    @Test
    void aComparatorOrdersTheItems() {
        virtualHub(() -> {
            PriorityQueue<String> q = new PriorityQueue<>(Comparator.comparing(String::length));
            for (String s : List.of("ccc", "a", "bb")) q.put(s);
            List<String> got = new ArrayList<>();
            while (!q.empty()) got.add(q.get());
            assertThat(got).containsExactly("a", "bb", "ccc");
        });
    }

    @Test
    void aBoundedQueueWithAComparatorIsBounded() {
        virtualHub(() -> {
            PriorityQueue<Integer> q = new PriorityQueue<>(2, Comparator.reverseOrder());
            q.put(1);
            q.put(3);
            assertThat(q.full()).isTrue();
            assertThatThrownBy(() -> q.putNowait(2)).isInstanceOf(Full.class);
            assertThat(q.get()).isEqualTo(3);
        });
    }

    @Test
    void withoutAComparatorAnItemThatIsNotComparableIsRefusedBeforeAnyWait() {
        virtualHub(() -> {
            PriorityQueue<Object> q = new PriorityQueue<>(1);
            q.put(1);
            // The queue is full, yet the put fails at once instead of waiting and failing later.
            assertThatThrownBy(() -> q.put(new Object(), Duration.ofSeconds(10)))
                    .isInstanceOf(ClassCastException.class)
                    .hasMessage("a PriorityQueue without a comparator needs Comparable items, but java.lang.Object"
                            + " is not Comparable");
            assertThat(q.qsize()).isEqualTo(1);
        });
    }

    @Test
    void aComparatorThatThrowsLeavesTheQueueAsItWas() {
        virtualHub(() -> {
            PriorityQueue<Integer> q = new PriorityQueue<>((a, b) -> {
                if (a == 13 || b == 13) throw new IllegalArgumentException("unlucky");
                return Integer.compare(a, b);
            });
            q.put(2);
            q.put(1);
            assertThatThrownBy(() -> q.put(13)).isInstanceOf(IllegalArgumentException.class).hasMessage("unlucky");
            assertThat(q.qsize()).isEqualTo(2);
            assertThat(List.of(q.get(), q.get())).containsExactly(1, 2);
        });
    }
}
