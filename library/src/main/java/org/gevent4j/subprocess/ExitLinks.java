package org.gevent4j.subprocess;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.gevent4j.Waitable;
import org.gevent4j.event.AsyncResult;

/**
 * The rawlink callbacks of a {@link Popen}: each is called with the Popen, not with the exit result
 * it is linked to, and must stay findable by its own identity for {@code unlink}.
 */
final class ExitLinks {
    private final Waitable owner;
    private final AsyncResult<Process> exit;
    private final List<Link> links = new ArrayList<>(1);

    ExitLinks(Waitable owner, AsyncResult<Process> exit) {
        this.owner = owner;
        this.exit = exit;
    }

    void add(Consumer<? super Waitable> callback) {
        Link link = new Link(callback);
        synchronized (links) {
            links.add(link);
        }
        exit.rawlink(link);
    }

    void remove(Consumer<?> callback) {
        Link found = null;
        synchronized (links) {
            for (int i = 0; i < links.size(); i++) {
                if (links.get(i).callback == callback) {
                    found = links.remove(i);
                    break;
                }
            }
        }
        if (found != null) exit.unlink(found);
    }

    /** Adapts a rawlink callback (called with the Popen) to the exit result; forgets itself once called. */
    private final class Link implements Consumer<Object> {
        final Consumer<? super Waitable> callback;

        Link(Consumer<? super Waitable> callback) {
            this.callback = callback;
        }

        @Override
        public void accept(Object ignored) {
            synchronized (links) {
                links.remove(this);
            }
            callback.accept(owner);
        }
    }
}
