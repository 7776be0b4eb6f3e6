package org.gevent4j.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gevent4j.TestHubs.elapsedSince;
import static org.gevent4j.TestHubs.now;
import static org.gevent4j.TestHubs.virtualHub;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;
import org.junit.jupiter.api.Test;

/**
 * The queue behaviours the seed programs rely on, line for line. The expected outputs are what
 * gevent 22.10.2 prints for the same Python programs (run with /usr/bin/python3 when this was
 * written), so the orderings are gevent's.
 */
@org.junit.jupiter.api.Timeout(20)
class SeedQueueProgramsTest {

    @Test
    void bossFillsTheQueueThenWorkersTakeTurnsUntilItIsEmpty() {
        List<String> out = new ArrayList<>();
        virtualHub(() -> {
            Queue<Integer> tasks = new Queue<>();
            Gevent.spawn(() -> {
                for (int i = 1; i < 25; i++) tasks.putNowait(i);
            }).join();
            List<Greenlet<Void>> workers = new ArrayList<>();
            for (String n : List.of("steve", "john", "nancy")) {
                workers.add(Gevent.spawn(() -> {
                    while (!tasks.empty()) {
                        int task = tasks.get();
                        out.add("Worker " + n + " got task " + task);
                        Gevent.sleep(0);
                    }
                    out.add("Quitting time!");
                }));
            }
            Gevent.joinAll(workers);
        });
        List<String> expected = new ArrayList<>();
        String[] names = {"steve", "john", "nancy"};
        for (int i = 1; i < 25; i++) expected.add("Worker " + names[(i - 1) % 3] + " got task " + i);
        for (int i = 0; i < 3; i++) expected.add("Quitting time!");
        assertThat(out).containsExactlyElementsOf(expected);
    }

    @Test
    void aBoundedQueueMakesTheBossWaitAndWorkersQuitAfterOneSecondWithoutWork() {
        List<String> out = new ArrayList<>();
        Duration elapsed = virtualHub(() -> {
            long start = now();
            Queue<Integer> tasks = new Queue<>(3);
            Greenlet<Void> boss = Gevent.spawn(() -> {
                for (int i = 1; i < 10; i++) tasks.put(i);
                out.add("Assigned all work in iteration 1");
                for (int i = 10; i < 20; i++) tasks.put(i);
                out.add("Assigned all work in iteration 2");
            });
            List<Greenlet<?>> all = new ArrayList<>(List.of(boss));
            for (String n : List.of("steve", "john", "bob")) {
                all.add(Gevent.spawn(() -> {
                    try {
                        while (true) {
                            int task = tasks.get(Duration.ofSeconds(1));
                            out.add("Worker " + n + " got task " + task);
                            Gevent.sleep(0);
                        }
                    } catch (Empty e) {
                        out.add("Quitting time!");
                    }
                }));
            }
            Gevent.joinAll(all);
            return elapsedSince(start);
        });
        assertThat(out).containsExactly(
                "Worker steve got task 1", "Worker john got task 2", "Worker bob got task 3",
                "Worker steve got task 4", "Worker john got task 5", "Worker bob got task 6",
                "Assigned all work in iteration 1",
                "Worker steve got task 7", "Worker john got task 8", "Worker bob got task 9",
                "Worker steve got task 10", "Worker john got task 11", "Worker bob got task 12",
                "Worker steve got task 13", "Worker john got task 14", "Worker bob got task 15",
                "Worker steve got task 16", "Worker john got task 17", "Worker bob got task 18",
                "Assigned all work in iteration 2",
                "Worker steve got task 19",
                "Quitting time!", "Quitting time!", "Quitting time!");
        assertThat(elapsed).isEqualTo(Duration.ofSeconds(1)); // the workers' last get(timeout=1)
    }

    /** The seed's Actor: a greenlet that handles the messages of its inbox one by one. */
    abstract static class Actor extends Greenlet<Void> {
        final Queue<String> inbox = new Queue<>();
        boolean running;

        abstract void receive(String message);

        @Override
        protected Void run() {
            running = true;
            while (running) receive(inbox.get());
            return null;
        }
    }

    @Test
    void pingerAndPongerActorsExchangeMessagesThroughTheirInboxes() {
        // The seed's actors, bounded: after three rounds the pinger tells the ponger to stop.
        List<String> out = new ArrayList<>();
        virtualHub(() -> {
            Actor[] actors = new Actor[2];
            Actor ping = new Actor() {
                int rounds;

                @Override
                void receive(String message) {
                    out.add(message);
                    if (++rounds > 3) {
                        actors[1].inbox.put("stop");
                        running = false;
                        return;
                    }
                    actors[1].inbox.put("ping");
                    Gevent.sleep(0);
                }
            };
            Actor pong = new Actor() {
                @Override
                void receive(String message) {
                    out.add(message);
                    if (message.equals("stop")) {
                        running = false;
                        return;
                    }
                    actors[0].inbox.put("pong");
                    Gevent.sleep(0);
                }
            };
            actors[0] = ping;
            actors[1] = pong;
            ping.start();
            pong.start();
            ping.inbox.put("start");
            Gevent.joinAll(ping, pong);
        });
        assertThat(out).containsExactly("start", "ping", "pong", "ping", "pong", "ping", "pong", "stop");
    }
}
