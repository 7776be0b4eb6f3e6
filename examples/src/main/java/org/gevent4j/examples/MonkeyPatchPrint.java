package org.gevent4j.examples;

import java.util.concurrent.atomic.AtomicInteger;
import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;

/**
 * Shows, before and "after the monkey patch", what a blocking JDK call runs on: the Java
 * counterpart of the tutorials' program that prints {@code socket.socket} and {@code select.select}
 * before and after {@code monkey.patch_socket()} / {@code monkey.patch_select()}.
 *
 * <p>The same program appears in two tutorials (one class serves both):
 * <ul>
 * <li>tutorial 002 ("python之Gevent"), section "猴子补丁(Monkey patching)";</li>
 * <li>tutorial 003 ("浅谈coroutine和gevent"), section "猴子补丁" (its Python 2 {@code print}
 *     lines are split in two, but it is the same program).</li>
 * </ul>
 * {@snippet lang=python :
 * import socket
 * print(socket.socket)
 *
 * print("After monkey patch")
 * from gevent import monkey
 * monkey.patch_socket()
 * print(socket.socket)
 *
 * import select
 * print(select.select)
 * monkey.patch_select()
 * print("After monkey patch")
 * print(select.select)
 * }
 * Python shows the standard function, then gevent's cooperative replacement. gevent4j patches
 * nothing: the same JDK call cooperates or not depending on where it runs. Called by a plain
 * Java main (a platform thread; the example starts one to show it), {@code Thread.sleep} blocks the thread, and with it the hub, so a greenlet
 * that is ready to run does not run meanwhile. Called by a greenlet (a virtual thread whose
 * scheduler is the hub of the thread that spawned it), it parks only that greenlet, and the ready
 * one runs during the sleep. Output (deterministic):
 * <pre>
 * Thread.sleep called by main runs on a platform thread; greenlets that ran during the sleep: 0
 * After monkey patch (nothing to patch in gevent4j: greenlets are virtual threads scheduled by the hub)
 * Thread.sleep called by a greenlet runs on a virtual thread scheduled by main's hub; greenlets that ran during the sleep: 1
 * </pre>
 *
 * <p>Run: {@code ./gevent4j run MonkeyPatchPrint}
 */
public final class MonkeyPatchPrint {
    private MonkeyPatchPrint() {}

    /**
     * Calls {@code Thread.sleep(10)} with another greenlet ready to run, and describes the thread
     * the call ran on and whether the other greenlet ran during it.
     */
    static String sleepWithAGreenletReady(String caller, Thread mainThread) throws InterruptedException {
        AtomicInteger ran = new AtomicInteger();
        Greenlet<?> ready = Gevent.spawn(ran::incrementAndGet);
        Thread.sleep(10); // time.sleep(0.01)
        int ranDuringSleep = ran.get();
        ready.join(); // let it finish in any case before going on

        Thread me = Thread.currentThread();
        String runsOn = !me.isVirtual() ? "a platform thread"
                : Gevent.getHub().thread() == mainThread ? "a virtual thread scheduled by main's hub"
                : "a virtual thread scheduled by another hub";
        return "Thread.sleep called by " + caller + " runs on " + runsOn + "; greenlets that ran during the sleep: "
                + ranDuringSleep;
    }

    public static void main(String[] args) throws InterruptedException {
        // "Before the patch": a platform thread's own code, as a plain Java main is. Its hub is its
        // own, so the greenlet it spawns is ready only on that thread's hub.
        String[] before = new String[1];
        Thread plain = Thread.ofPlatform().name("main").start(() -> {
            try {
                before[0] = sleepWithAGreenletReady("main", Thread.currentThread());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        plain.join();
        System.out.println(before[0]);

        // "After": ./gevent4j run makes main a greenlet (Gevent.run); spawned greenlets are too.
        Thread mainThread = Gevent.getHub().thread();

        System.out.println("After monkey patch (nothing to patch in gevent4j: greenlets are virtual threads "
                + "scheduled by the hub)");
        Greenlet<String> inGreenlet = Gevent.spawn(() -> sleepWithAGreenletReady("a greenlet", mainThread));
        System.out.println(inGreenlet.get());
    }
}
