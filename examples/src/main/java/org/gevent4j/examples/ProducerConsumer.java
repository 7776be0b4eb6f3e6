package org.gevent4j.examples;

import java.time.Duration;
import org.gevent4j.greenlet.Generator;

/**
 * Producer/consumer with a coroutine instead of a queue and locks: the producer hands each task
 * straight to the consumer with {@link Generator#send}, which runs the consumer until its next
 * {@code yield} and then returns to the producer.
 *
 * <p>From tutorial 004 ("share: 进程 线程 协程 异步"), section "聊聊协程" (about coroutines). The
 * tutorial's code has bugs (its format string has no {@code %s}, {@code "Got %s",n} prints a tuple,
 * {@code task_id} never grows); this is the program that prints the output the tutorial shows:
 * {@snippet lang=python :
 * def coroutine(func):
 *     def ret():
 *         f = func()
 *         f.next()
 *         return f
 *     return ret
 *
 * @coroutine
 * def consumer():
 *     print "Wait to getting a task"
 *     while True:
 *         n = (yield)
 *         print "Got %s" % n
 *
 * import time
 * def producer():
 *     c = consumer()
 *     task_id = 0
 *     while True:
 *         time.sleep(1)
 *         print "Send a task %s to consumer" % task_id
 *         c.send("task %s" % task_id)
 *         task_id += 1
 *
 * if __name__ == "__main__":
 *     producer()
 * }
 * Output:
 * <pre>
 * Wait to getting a task
 * Send a task 0 to consumer
 * Got task 0
 * Send a task 1 to consumer
 * Got task 1
 * Send a task 2 to consumer
 * Got task 2
 * </pre>
 * The tutorial loops forever; here the producer stops after a number of tasks (default 3) and then
 * closes the consumer. {@code time.sleep(1)} is {@code Thread.sleep} of a delay (default 1 s).
 *
 * <p>Run: {@code ./gevent4j run ProducerConsumer [tasks [delaySeconds]]} (default 3 and 1).
 */
public final class ProducerConsumer {
    private ProducerConsumer() {}

    /** The tutorial's decorator: creates the generator and runs it to its first {@code yield}. */
    static <T> Generator<T> coroutine(Generator.Body<T> func) {
        Generator<T> f = Generator.of(func);
        f.next();
        return f;
    }

    static Generator<Void> consumer() {
        return coroutine(y -> {
            System.out.println("Wait to getting a task");
            while (true) {
                Object n = y.yield(null);
                System.out.println("Got " + n);
            }
        });
    }

    static void producer(long tasks, Duration delay) throws InterruptedException {
        Generator<Void> c = consumer();
        for (long taskId = 0; taskId < tasks; taskId++) { // the tutorial: while True
            Thread.sleep(delay); // time.sleep(1)
            System.out.println("Send a task " + taskId + " to consumer");
            c.send("task " + taskId);
        }
        c.close();
    }

    public static void main(String[] args) throws InterruptedException {
        long tasks = Args.integer(args, 0, 3);
        Duration delay = Args.duration(Args.seconds(args, 1, 1));
        producer(tasks, delay);
    }
}
