package org.gevent4j;

import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import org.gevent4j.internal.Loop;
import org.gevent4j.internal.Sneaky;
import org.gevent4j.internal.Strand;
import org.gevent4j.resolver.Resolver;
import org.gevent4j.resolver.Resolvers;
import org.gevent4j.threadpool.ThreadPool;

/**
 * The scheduler of one platform thread's greenlets: gevent's hub. It owns a FIFO run queue, a
 * timer queue on its {@link #clock()}, and the wake-up path other threads use. Each platform thread
 * gets its own hub on first use; every greenlet belongs to the hub of the thread that created it.
 *
 * <p>The hub's loop runs on its platform thread, and only while that thread's own code (the
 * <em>main greenlet</em>) is blocked in a gevent4j call: the main greenlet "switches to the hub".
 * Greenlets spawned by a main that returns without ever blocking never run, as in gevent.
 *
 * <p>A hub uses one core. To use several, a {@link HubGroup} runs hubs on platform threads of its
 * own, whose loops run for the group's whole life; see {@link #group()}.
 */
public final class Hub {
    final Loop loop;
    /** The group this hub belongs to, whose thread pool and resolver it uses; null for a lone hub. */
    private final HubGroup group;
    private volatile ThreadPool threadpool;
    private volatile Resolver resolver;

    private Hub(Loop loop, HubGroup group) {
        this.loop = loop;
        this.group = group;
    }

    /** The hub of a group's thread, made before that thread starts (so nobody can have made another). */
    static Hub member(Loop loop, HubGroup group) {
        Hub h = new Hub(loop, group);
        loop.setFacade(h);
        return h;
    }

    static Hub of(Loop loop) {
        Object f = loop.facade();
        if (f == null) {
            synchronized (loop) {
                f = loop.facade();
                if (f == null) loop.setFacade(f = new Hub(loop, null));
            }
        }
        return (Hub) f;
    }

    /**
     * The current thread's hub (a greenlet's hub, or the platform thread's own), created on first
     * use.
     *
     * @return the hub of the calling greenlet or platform thread; never {@code null}
     */
    public static Hub current() {
        return of(Strand.current().loop);
    }

    /**
     * Reports an error that escaped a greenlet or a hub callback. By default prints as gevent does:
     * the stack trace, then {@code <time> <context> failed with <ExceptionClass>}, to
     * {@code System.err}. Never throws.
     *
     * @param context where the error happened: the greenlet or callback, for the message; may be
     *     {@code null}
     * @param t the error that escaped
     */
    public void handleError(Object context, Throwable t) {
        loop.handleError(context, t);
    }

    /**
     * Replaces how this hub reports errors ({@code null} restores the default printout). The handler
     * runs in the failing greenlet or in the hub; it must not block.
     *
     * @param handler called with the context and the error, or {@code null} for the default
     *     printout
     */
    public void setErrorHandler(BiConsumer<Object, Throwable> handler) {
        loop.setErrorHandler(handler);
    }

    /**
     * This hub's clock: real time, or virtual time for a hub made by {@link #runWithVirtualClock}.
     *
     * @return the clock every timer of this hub reads
     */
    public Clock clock() {
        return loop.clock();
    }

    /**
     * The {@link HubGroup} this hub belongs to, or {@code null} for a lone hub (a platform
     * thread's own).
     *
     * @return the hub's group, or {@code null}
     */
    public HubGroup group() {
        return group;
    }

    /**
     * This hub's thread pool, made on first use: gevent's {@code hub.threadpool}, with gevent's
     * maxsize of 10. gevent4j uses it for work that would stall the hub (file I/O). A hub of a
     * {@link HubGroup} returns the group's one pool ({@link HubGroup#threadpool()}), shared by all
     * its hubs. Never blocks.
     *
     * @return this hub's (or its group's) thread pool; the same object on every call
     */
    public ThreadPool threadpool() {
        if (group != null) return group.threadpool();
        ThreadPool p = threadpool;
        if (p == null) {
            synchronized (this) {
                p = threadpool;
                if (p == null) threadpool = p = new ThreadPool(10);
            }
        }
        return p;
    }

    /**
     * This hub's resolver, made on first use from configuration: gevent's {@code hub.resolver}.
     * {@code -Dgevent4j.resolver} or the environment variable {@code GEVENT_RESOLVER} choose it
     * (see {@link Resolvers}); the default is the thread-pool resolver. Never blocks.
     *
     * <p>A hub of a {@link HubGroup} returns the group's one resolver ({@link HubGroup#resolver()}).
     *
     * @return this hub's (or its group's) resolver; the same object on every call
     * @throws IllegalArgumentException if the configuration names no usable resolver
     */
    public Resolver resolver() {
        if (group != null) return group.resolver();
        Resolver r = resolver;
        if (r == null) {
            synchronized (this) {
                r = resolver;
                if (r == null) resolver = r = Resolvers.fromConfig();
            }
        }
        return r;
    }

    /**
     * gevent's {@code hub.destroy()}: releases what this hub holds outside the heap and detaches it
     * from its thread, whose next gevent4j call gets a fresh hub. Closes the hub's selector (an
     * epoll descriptor; sockets registered with it can no longer wait), closes its resolver, and
     * kills its thread pool (queued tasks are cancelled; running ones finish on their threads,
     * which then end), as gevent does. Greenlets
     * still parked on this hub never resume. A hub that is merely dropped releases the same things
     * when it is garbage collected; destroy it to release them now, e.g. on a platform thread of a
     * pool that will outlive its use of gevent4j. Does not block otherwise.
     *
     * @throws IllegalStateException if called from another thread or from one of its greenlets, or
     *     if this hub belongs to a {@link HubGroup} (closing the group stops its hubs)
     */
    public void destroy() {
        if (group != null) throw new IllegalStateException(this + " belongs to " + group + ": close the group instead");
        if (Thread.currentThread() != loop.carrier()) {
            throw new IllegalStateException("a hub is destroyed from its own thread (" + loop.carrier() + "), not from "
                    + Thread.currentThread());
        }
        Resolver r = resolver;
        if (r != null) r.close();
        ThreadPool p = threadpool;
        if (p != null) p.kill();
        loop.destroy();
    }

    /**
     * The platform thread this hub runs on.
     *
     * @return the hub's platform thread; its greenlets are virtual threads scheduled on it
     */
    public Thread thread() {
        return loop.carrier();
    }

    /**
     * Runs {@code main} as the main greenlet of a new hub, on a new platform thread, whose clock is
     * virtual: when nothing can run and only timers are pending, time jumps to the next deadline
     * at once, so a test of {@code sleep(3)} takes microseconds. While a greenlet is blocked
     * outside gevent4j (in {@code Thread.sleep}, a thread pool, real I/O) the clock waits in real
     * time instead. Blocks the calling thread (not cooperatively) until {@code main} returns.
     *
     * @param <T> the type of {@code main}'s value
     * @param main the body of the main greenlet; it may spawn others and block on them
     * @return {@code main}'s value
     * @throws RuntimeException {@code main}'s exception, rethrown as is (checked ones unchanged too)
     */
    public static <T> T runWithVirtualClock(Callable<T> main) {
        Sneaky.checkNotNull("main", main);
        AtomicReference<T> value = new AtomicReference<>();
        AtomicReference<Throwable> error = new AtomicReference<>();
        Thread t = Thread.ofPlatform().name("gevent4j-virtual-hub").unstarted(() -> {
            try {
                Loop.installVirtual();
                try {
                    value.set(main.call());
                } finally {
                    current().destroy();
                }
            } catch (Throwable e) {
                error.set(e);
            }
        });
        t.start();
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
                t.interrupt();
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
        if (error.get() != null) throw Sneaky.rethrow(error.get());
        return value.get();
    }

    @Override
    public String toString() {
        return loop.toString();
    }
}
