package org.gevent4j.subprocess;

import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import org.gevent4j.Hub;
import org.gevent4j.event.AsyncResult;
import org.gevent4j.internal.Strand;

/*
 * ProcessBuilder.start() is one native call (posix_spawn of jspawnhelper, which then execs the
 * program) that the JDK does not park: on a greenlet it holds the hub's thread for the whole
 * fork/exec, 5-17 ms, so twenty starts in a row stall every other greenlet for a few hundred ms.
 * It runs on the hub's thread pool instead, as FileObject's system calls do. A start is short and
 * never waits for the child, so unlike the pipe threads it cannot hold the pool hostage.
 *
 * A waiter that gives up (kill, Timeout) leaves a start that may still fork a child nobody will
 * ever see: a start that has not begun is skipped, and one that completes anyway has its child
 * killed and its pipes closed as soon as it is known (a rawlink on the pool's result).
 */
final class Starter implements Callable<Process> {
    private final ProcessBuilder pb;
    private boolean abandoned; // guarded by this

    private Starter(ProcessBuilder pb) {
        this.pb = pb;
    }

    /**
     * Starts {@code pb} on the current hub's thread pool, waiting cooperatively. A virtual thread
     * of the JDK's own scheduler has no hub to stall, so it starts the child itself.
     *
     * @throws IOException as {@link ProcessBuilder#start()} raises it
     */
    static Process start(ProcessBuilder pb) throws IOException {
        if (Strand.currentOrNull() == null) return pb.start();
        Starter starter = new Starter(pb);
        AsyncResult<Process> started = Hub.current().threadpool().spawn(starter);
        try {
            return started.get();
        } catch (CompletionException e) {
            if (e.getCause() instanceof IOException io) throw io;
            throw e;
        } catch (Throwable t) {
            starter.abandon(started);
            throw t;
        }
    }

    @Override
    public Process call() throws IOException {
        synchronized (this) {
            if (abandoned) return null;
        }
        return pb.start();
    }

    /** The waiter is gone: no child may outlive this start unseen. Never blocks. */
    private void abandon(AsyncResult<Process> started) {
        synchronized (this) {
            abandoned = true;
        }
        // At once if the start is done already, else on the pool thread when it is.
        started.rawlink(ignored -> {
            Process orphan = started.value();
            // Process.destroyForcibly also closes the JDK's ends of the pipes; nobody writes to
            // them, so that cannot block.
            if (orphan != null) orphan.destroyForcibly();
        });
    }
}
