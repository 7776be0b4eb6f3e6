package org.gevent4j.queue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** {@link LifoQueue}: the contract, last in first out. */
class LifoQueueTest extends BufferedQueueContract {
    @Override
    Queue<Integer> create(int maxsize) {
        return new LifoQueue<>(maxsize);
    }

    @Override
    List<Integer> drained(List<Integer> putOrder) {
        List<Integer> out = new ArrayList<>(putOrder);
        Collections.reverse(out);
        return out;
    }
}
