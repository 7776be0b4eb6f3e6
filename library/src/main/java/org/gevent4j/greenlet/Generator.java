package org.gevent4j.greenlet;

import java.util.Iterator;
import java.util.NoSuchElementException;
import org.gevent4j.GreenletExit;
import org.gevent4j.internal.Sneaky;

/**
 * A Python-style generator built on {@link RawGreenlet}: the producer body runs in a greenlet of its
 * own and {@linkplain Yielder#yield hands values} to the consumer one at a time.
 *
 * {@snippet lang=java :
 * Generator<Integer> counter = Generator.of(y -> {
 *     for (int i = 0; i < 3; i++) y.yield(i);
 * });
 * for (int i : counter) System.out.println(i);   // 0, 1, 2
 * }
 *
 * <p>It is an {@link Iterator} and a single-pass {@link Iterable}. {@link #send(Object)} resumes
 * the producer with a value, which its pending {@code yield} returns: the producer/consumer
 * pattern. The body starts on the first {@code next()}/{@code hasNext()}/{@code send(null)}; an
 * exception thrown by the body comes out of the call that resumed it. Use it from one thread.
 * Close a generator you abandon half-way ({@link #close()}), or its greenlet stays parked.
 *
 * @param <T> what the producer yields
 */
public final class Generator<T> implements Iterator<T>, Iterable<T>, AutoCloseable {
    /**
     * The producer's side: hands a value out and waits for the next request.
     *
     * @param <T> what the producer yields
     */
    public interface Yielder<T> {
        /**
         * Gives {@code value} to the consumer and suspends until it asks for more; returns what the
         * consumer passed to {@link Generator#send} ({@code null} for {@code next()}).
         *
         * @param value the value for the consumer; {@code null} is allowed
         * @return what the consumer sent with {@link Generator#send}, {@code null} for {@code next()}
         */
        Object yield(T value);
    }

    /**
     * The producer's code.
     *
     * @param <T> what the producer yields
     */
    @FunctionalInterface
    public interface Body<T> {
        /**
         * Produces the values, each through {@code yielder}; returning ends the iteration, and
         * what it throws is raised in the consumer.
         *
         * @param yielder hands each value to the consumer; use it only on the producer's greenlet
         * @throws Exception anything; it is raised in the consumer, at the call that resumed the producer
         */
        void run(Yielder<T> yielder) throws Exception;
    }

    private static final Object DONE = new Object();

    private final RawGreenlet producer;
    private RawGreenlet consumer;
    private boolean started, finished, hasItem, iterated;
    private T item;

    private Generator(Body<T> body) {
        Sneaky.checkNotNull("body", body);
        Yielder<T> yielder = value -> consumer.switchTo(new Item(value));
        this.producer = new RawGreenlet(args -> {
            try {
                body.run(yielder);
            } catch (Exception e) {
                throw Sneaky.rethrow(e);
            }
            return DONE;
        });
    }

    /**
     * A generator whose producer runs {@code body}.
     *
     * @param <T> what the producer yields
     * @param body the producer's code; it starts on the first request
     * @return a new generator, not yet started
     */
    public static <T> Generator<T> of(Body<T> body) {
        return new Generator<>(body);
    }

    private record Item(Object value) {}

    @SuppressWarnings("unchecked")
    private void resume(Object sent) {
        consumer = RawGreenlet.current();
        producer.setParent(consumer);
        Object r;
        try {
            r = started ? producer.switchTo(sent) : producer.switchTo();
        } catch (RuntimeException | Error e) {
            finished = true;
            throw e;
        } finally {
            started = true;
        }
        if (r instanceof Item i) {
            item = (T) i.value();
            hasItem = true;
        } else {
            finished = true; // DONE, or the GreenletExit that close() raised
        }
    }

    @Override
    public boolean hasNext() {
        if (!hasItem && !finished) resume(null);
        return hasItem;
    }

    @Override
    public T next() {
        if (!hasNext()) throw new NoSuchElementException("generator exhausted");
        hasItem = false;
        T v = item;
        item = null;
        return v;
    }

    /**
     * Resumes the producer with {@code value} (its pending {@code yield} returns it) and returns
     * the next value it yields. {@code send(null)} is {@code next()}.
     *
     * @param value what the producer's pending {@code yield} returns
     * @return the next value the producer yields
     * @throws IllegalStateException if the generator has not started and {@code value} is not null
     *     (as Python refuses a non-None send to a just-started generator)
     * @throws NoSuchElementException if the producer finishes instead of yielding
     */
    public T send(Object value) {
        if (!started && value != null) {
            throw new IllegalStateException("can't send a non-null value to a just-started generator");
        }
        if (hasItem) {
            // A value fetched by hasNext() is still waiting: hand it out first, as next() would.
            if (value != null) throw new IllegalStateException("a yielded value is waiting; call next() first");
            return next();
        }
        if (finished) throw new NoSuchElementException("generator exhausted");
        resume(value);
        return next();
    }

    @Override
    public Iterator<T> iterator() {
        if (iterated) throw new IllegalStateException("a generator can be iterated only once");
        iterated = true;
        return this;
    }

    /** Finishes the producer by raising {@link GreenletExit} at its pending {@code yield}. Idempotent. */
    @Override
    public void close() {
        if (!finished && started && !producer.dead()) {
            consumer = RawGreenlet.current();
            producer.setParent(consumer);
            producer.throwInto(new GreenletExit());
        }
        finished = true;
        hasItem = false;
    }
}
