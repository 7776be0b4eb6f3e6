package org.gevent4j.examples;

import java.util.List;
import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;
import org.gevent4j.queue.Queue;

/**
 * The actor model on greenlets: an {@link Actor} is a {@link Greenlet} subclass whose loop takes
 * messages from its inbox (a {@link Queue}) and handles them; a {@link Pinger} and a {@link Ponger}
 * send each other messages for ever.
 *
 * <p>From tutorial 003 ("浅谈coroutine和gevent"), section "actor模型" (the actor model), two
 * programs: the actor
 * {@snippet lang=python :
 * import gevent
 * from gevent.queue import Queue
 *
 *
 * class Actor(gevent.Greenlet):
 *
 *     def __init__(self):
 *         self.inbox = Queue()
 *         Greenlet.__init__(self)
 *
 *     def receive(self, message):
 *         """
 *         Define in your subclass.
 *         """
 *         raise NotImplemented()
 *
 *     def _run(self):
 *         self.running = True
 *
 *         while self.running:
 *             message = self.inbox.get()
 *             self.receive(message)
 * }
 * and its use:
 * {@snippet lang=python :
 * import gevent
 * from gevent.queue import Queue
 * from gevent import Greenlet
 *
 *
 * class Pinger(Actor):
 *     def receive(self, message):
 *         print(message)
 *         pong.inbox.put('ping')
 *         gevent.sleep(0)
 *
 *
 * class Ponger(Actor):
 *     def receive(self, message):
 *         print(message)
 *         ping.inbox.put('pong')
 *         gevent.sleep(0)
 *
 *
 * ping = Pinger()
 * pong = Ponger()
 *
 * ping.start()
 * pong.start()
 *
 * ping.inbox.put('start')
 * gevent.joinall([ping, pong])
 * }
 * The tutorial's actors never stop, so it prints {@code start}, then {@code ping} and {@code pong} in
 * turn, for ever. Here the two actors stop after a number of messages (an argument, default 10),
 * and the program ends; with the default it prints:
 * <pre>
 * start
 * ping
 * pong
 * ping
 * pong
 * ping
 * pong
 * ping
 * pong
 * ping
 * </pre>
 * The bound lives in {@code Actor.run}, so {@code Pinger} and {@code Ponger} are the tutorial's: the
 * actor that takes the message after the last one from its inbox {@linkplain Actor#stop() stops}
 * both actors instead of handling it. A stopped actor leaves its loop at the next check of
 * {@code running}, or, if it is waiting in {@code inbox.get()}, when it takes the {@code STOP}
 * message that {@code stop()} puts there.
 *
 * <p>Run: {@code ./gevent4j run ActorPingPong [messages]} (default 10).
 */
public final class ActorPingPong {
    private ActorPingPong() {}

    /** Put into an inbox by {@link Actor#stop()}: wakes an actor waiting for a message. */
    private static final Object STOP = new Object();

    // The tutorial's module-level ping and pong; the message budget is this program's addition.
    private static Actor ping;
    private static Actor pong;
    private static long messagesLeft;

    /** The tutorial's {@code Actor}: a greenlet with an inbox, handling one message at a time. */
    abstract static class Actor extends Greenlet<Void> {
        final Queue<Object> inbox;
        volatile boolean running;

        Actor() {
            super();
            this.inbox = new Queue<>();
        }

        /** Define in your subclass. */
        abstract void receive(Object message);

        @Override
        protected Void run() {
            running = true;

            while (running) {
                Object message = inbox.get();
                if (message == STOP) break; // added: see stop()
                if (messagesLeft-- == 0) { // added: the tutorial's actors run for ever
                    ping.stop();
                    pong.stop();
                    break;
                }
                receive(message);
            }
            return null;
        }

        /** Added: makes the loop end, even if it is waiting for a message. */
        void stop() {
            running = false;
            inbox.put(STOP);
        }
    }

    static final class Pinger extends Actor {
        @Override
        void receive(Object message) {
            System.out.println(message);
            pong.inbox.put("ping");
            Gevent.sleep(0);
        }
    }

    static final class Ponger extends Actor {
        @Override
        void receive(Object message) {
            System.out.println(message);
            ping.inbox.put("pong");
            Gevent.sleep(0);
        }
    }

    public static void main(String[] args) {
        messagesLeft = Args.integer(args, 0, 10);

        ping = new Pinger();
        pong = new Ponger();

        ping.start();
        pong.start();

        ping.inbox.put("start");
        Gevent.joinAll(List.of(ping, pong));
    }
}
