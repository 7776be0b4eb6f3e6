package org.gevent4j.examples;

import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;
import org.gevent4j.pool.Group;

/**
 * A {@link Group} tracks running greenlets so they can be joined (or killed) together; a greenlet
 * can join the group after the group was joined once.
 *
 * <p>From tutorial 003 ("浅谈coroutine和gevent"), section "组和池" (groups and pools), first
 * program (Python 2: {@code xrange} is {@code range}):
 * {@snippet lang=python :
 * import gevent
 * from gevent.pool import Group
 *
 *
 * def talk(msg):
 *     for i in xrange(3):
 *         print(msg)
 *
 *
 * g1 = gevent.spawn(talk, 'bar')
 * g2 = gevent.spawn(talk, 'foo')
 * g3 = gevent.spawn(talk, 'fizz')
 *
 * group = Group()
 * group.add(g1)
 * group.add(g2)
 * group.join()
 *
 * group.add(g3)
 * group.join()
 * }
 * Output (the tutorial shows none; gevent 22.10 prints the same):
 * <pre>
 * bar
 * bar
 * bar
 * foo
 * foo
 * foo
 * fizz
 * fizz
 * fizz
 * </pre>
 * {@code talk} never blocks, so each greenlet prints its three lines in one go. g3 was spawned, so
 * it runs (during the first {@code join}) although it joins the group only afterwards; by then it
 * is dead, and adding a dead greenlet leaves the group empty.
 *
 * <p>Run: {@code ./gevent4j run GroupTalk}
 */
public final class GroupTalk {
    private GroupTalk() {}

    static void talk(String msg) {
        for (int i = 0; i < 3; i++) {
            System.out.println(msg);
        }
    }

    public static void main(String[] args) {
        Greenlet<Void> g1 = Gevent.spawn(() -> talk("bar"));
        Greenlet<Void> g2 = Gevent.spawn(() -> talk("foo"));
        Greenlet<Void> g3 = Gevent.spawn(() -> talk("fizz"));

        Group group = new Group();
        group.add(g1);
        group.add(g2);
        group.join();

        group.add(g3);
        group.join();
    }
}
