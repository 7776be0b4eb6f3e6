package org.gevent4j.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;
import org.gevent4j.SignalHandler;

/**
 * A signal ends a program whose main waits for ever: its handler calls {@link Gevent#shutdown()},
 * which kills the {@code run_forever} greenlet, so main's {@code join} returns and the program
 * exits cleanly.
 *
 * <p>From tutorial 003 ("浅谈coroutine和gevent"), section "终止程序" (ending the program):
 * {@snippet lang=python :
 * import gevent
 * import signal
 *
 * def run_forever():
 *     gevent.sleep(1000)
 *
 * if __name__ == '__main__':
 *     gevent.signal(signal.SIGQUIT, gevent.shutdown)
 *     thread = gevent.spawn(run_forever)
 *     thread.join()
 * }
 * The tutorial prints nothing; this version says what it waits for and how it ended:
 * <pre>
 * Waiting for SIGTERM: kill -TERM 12345
 * SIGTERM: gevent.shutdown killed run_forever, main's join returned
 * </pre>
 * The JVM keeps SIGQUIT for its thread dumps ({@code Gevent.signal("QUIT", ...)} is refused), so
 * the signal here is SIGTERM, whose default would be to exit at once. With the handler installed,
 * {@code kill -TERM <pid>} ends the program through its own code, with exit status 0.
 *
 * <p>Run: {@code ./gevent4j run SignalShutdown [selfSignalAfterSeconds]}. Without an argument
 * it waits for a SIGTERM from outside; with one, it sends SIGTERM to itself (with
 * {@code kill}, as a user would) after that many seconds, which is how the showcase runs it.
 */
public final class SignalShutdown {
    private SignalShutdown() {}

    static void runForever() {
        Gevent.sleep(1000);
    }

    public static void main(String[] args) {
        SignalHandler handler = Gevent.signal("TERM", Gevent::shutdown);
        try {
            Greenlet<Void> thread = Gevent.spawn(SignalShutdown::runForever);
            long pid = ProcessHandle.current().pid();
            System.out.println("Waiting for SIGTERM: kill -TERM " + pid);
            System.out.flush();
            if (args.length > 0) {
                Gevent.spawnLater(Args.duration(Args.seconds(args, 0, 0)), () -> killTerm(pid));
            }
            thread.join();
            System.out.println("SIGTERM: gevent.shutdown " + (thread.dead() ? "killed" : "did not kill")
                    + " run_forever, main's join returned");
        } finally {
            // Not in the tutorial: a program that goes on (the showcase) gets the JVM's SIGTERM back.
            handler.cancel();
        }
    }

    private static void killTerm(long pid) {
        try {
            new ProcessBuilder("kill", "-TERM", Long.toString(pid)).inheritIO().start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run kill", e);
        }
    }
}
