package org.gevent4j;

import java.io.Serial;
import java.math.BigDecimal;
import java.time.Duration;
import org.gevent4j.internal.Loop;
import org.gevent4j.internal.Sneaky;
import org.gevent4j.internal.Strand;
import org.gevent4j.internal.Timer;

/**
 * Raises an exception in the greenlet that started it, at that greenlet's next blocking point,
 * once a duration has passed: gevent's {@code Timeout}.
 *
 * {@snippet lang=java :
 * try (Timeout t = Timeout.start(Duration.ofSeconds(5))) {
 *     fetchEverything();          // raises t itself if it takes longer than 5 s
 * } catch (Timeout e) {
 *     if (e != t) throw e;        // somebody else's timeout: not ours to handle
 *     giveUp();
 * }
 * }
 *
 * <h2>Why one mechanism</h2>
 * A timeout is a kill with a clock: when it fires, the hub delivers it exactly as
 * {@link Greenlet#kill(Throwable, boolean, Duration)} delivers an exception, so every blocking call
 * that can be killed can time out, and leaves the same state behind (a gevent4j socket stays open;
 * the table in {@link Greenlet} says what JDK calls do). Nested timeouts each raise only their
 * own exception, so the code that started one can tell it apart with {@code e == t}.
 *
 * <h2>When a JDK call or a library answers it</h2>
 * In a JDK blocking call (a {@code java.net} socket, {@code Thread.sleep}, a {@code j.u.c} lock)
 * the timeout arrives as an interrupt, and the JDK answers with its own exception: a
 * {@code java.net} socket is closed ({@code SocketException: Closed by interrupt}), a sleep throws
 * {@code InterruptedException}; a client library then wraps that ({@code JedisConnectionException},
 * {@code PSQLException}). The code that set the timeout still learns that its timeout fired:
 * <ul>
 *   <li>{@link Gevent#withTimeout(Duration, ThrowingCallable)} throws the timeout itself (or its
 *       custom exception), with the library's exception as its {@linkplain #getCause() cause};</li>
 *   <li>in the try-with-resources form the library's exception propagates (Java closes resources
 *       before {@code catch} runs) and {@link #close()} adds the timeout to it as a suppressed
 *       exception, so {@link #causeOf(Throwable)} finds it:
 * {@snippet lang=java :
 * try (Timeout t = Timeout.start(Duration.ofMillis(200))) {
 *     return jedis.blpop(5, "jobs");
 * } catch (JedisConnectionException e) {
 *     if (Timeout.causeOf(e) == null) throw e;   // a real connection failure
 *     return null;                                // our 200 ms passed
 * }
 * }</li>
 * </ul>
 * A greenlet killed in such a call likewise ends killed, with the library's exception as the
 * kill exception's cause. What the interrupted call leaves behind is the JDK's rule: a
 * {@code java.net} socket is closed (a connection pool discards it and serves the next caller with
 * another), whereas a gevent4j {@link org.gevent4j.socket.Socket} stays open and usable.
 *
 * <p>It fires only at a blocking point: a greenlet computing without blocking is not interrupted,
 * as in gevent. {@link #close()} (or {@link #cancel()}) disarms it, including when it fired but its
 * greenlet has not reached a blocking point yet. It extends {@link Error} because gevent makes it a
 * {@code BaseException}: {@code catch (Exception e)} must not swallow it.
 *
 * <p>A Timeout is confined to the greenlet that started it; start and cancel it there.
 */
public final class Timeout extends Error implements AutoCloseable {
    @Serial
    private static final long serialVersionUID = 1L;

    private final transient Duration seconds;
    /** What firing raises: the constructor's exception; {@code null} raises this timeout. */
    private final Throwable exception;
    private transient Strand target;
    private transient Timer timer;
    /** What a JDK call or library threw in answer to this timeout's interrupt, for this firing. */
    private transient volatile Throwable answeredWith;

    /**
     * An unstarted timeout of {@code seconds} ({@code null}: never fires) that raises itself.
     *
     * @param seconds how long after {@link #start()} it fires, on the hub's clock; {@code null}:
     *     never
     */
    public Timeout(Duration seconds) {
        this(seconds, null);
    }

    /**
     * An unstarted timeout that raises {@code exception} instead of itself ({@code null}: itself).
     * A checked exception is raised as is, undeclared, as gevent raises whatever it is given.
     *
     * @param seconds how long after {@link #start()} it fires, on the hub's clock; {@code null}:
     *     never
     * @param exception what to raise in the greenlet when it fires; {@code null}: this timeout
     */
    public Timeout(Duration seconds, Throwable exception) {
        super();
        this.seconds = Sneaky.checkTimeout("timeout", seconds);
        this.exception = exception;
        this.constructed = true;
    }

    /*
     * Starting and cancelling a timeout is on hot paths (every timed operation), so construction
     * captures no stack trace and formats no message: the trace is filled in where the timeout is
     * raised in its greenlet (which is the trace gevent shows), the message on demand.
     */
    private final transient boolean constructed;

    @Override
    public synchronized Throwable fillInStackTrace() {
        return constructed ? super.fillInStackTrace() : this;
    }

    @Override
    public String getMessage() {
        return describe(seconds, exception);
    }

    /**
     * Starts a timeout that raises itself in the current greenlet after {@code seconds}.
     *
     * @param seconds how long until it fires, on the hub's clock; {@code null}: never
     * @return the started timeout; {@link #close()} or {@link #cancel()} it when the guarded code
     *     is done
     */
    public static Timeout start(Duration seconds) {
        return new Timeout(seconds).start();
    }

    /**
     * Starts a timeout that raises {@code exception} in the current greenlet after {@code seconds}.
     *
     * @param seconds how long until it fires, on the hub's clock; {@code null}: never
     * @param exception what to raise in the greenlet when it fires; {@code null}: the timeout
     *     itself
     * @return the started timeout; {@link #close()} or {@link #cancel()} it when the guarded code
     *     is done
     */
    public static Timeout start(Duration seconds, Throwable exception) {
        return new Timeout(seconds, exception).start();
    }

    /**
     * Arms this timeout for the current greenlet; returns this.
     *
     * @return this timeout, armed
     * @throws IllegalStateException if it is already pending
     */
    public Timeout start() {
        if (pending()) throw new IllegalStateException("timeout is already pending: " + this);
        Strand me = Strand.current();
        target = me;
        answeredWith = null;
        if (seconds == null) return this;
        Loop loop = me.loop;
        Timer t = timer;
        if (t == null) {
            timer = t = new Timer() {
                @Override
                protected void fire() {
                    Strand s = target;
                    if (s != null) s.deliver(raised());
                }
            };
        }
        loop.schedule(t, loop.deadlineAfter(seconds));
        return this;
    }

    private Throwable raised() {
        return exception != null ? exception : this;
    }

    /**
     * Whether it is armed and has not fired.
     *
     * @return true between {@link #start()} and its firing or cancellation
     */
    public boolean pending() {
        Timer t = timer;
        return t != null && t.scheduled();
    }

    /**
     * The duration given at construction ({@code null}: never fires).
     *
     * @return the timeout's duration, or {@code null} for one that never fires
     */
    public Duration seconds() {
        return seconds;
    }

    /**
     * What it raises: the custom exception, or this.
     *
     * @return the exception raised when it fires; never {@code null}
     */
    public Throwable exception() {
        return raised();
    }

    /**
     * Disarms it. If it already fired but its greenlet has not yet reached a blocking point, the
     * exception is withdrawn. Idempotent.
     */
    public void cancel() {
        Strand s = target;
        Timer t = timer;
        if (s == null) return;
        if (t != null && t.scheduled()) {
            if (s.loop.inLoop()) {
                s.loop.cancel(t);
            } else {
                s.loop.execute(() -> s.loop.cancel(t));
            }
        }
        s.withdraw(raised());
    }

    /**
     * {@link #cancel()}, for try-with-resources, with one addition: if this timeout fired while
     * its greenlet was in a JDK call, which answered with an exception of its own
     * ({@code InterruptedException}, a {@code java.net} socket closed under a read and a library's
     * wrapper of that) or ignored it (an uninterruptible lock acquired late), close raises it
     * here. If the block is ending with that exception, Java adds the timeout to it as a
     * suppressed one ({@link #causeOf(Throwable)} finds it); otherwise (the code caught the JDK's
     * exception and went on) the block ends with the timeout, as if it had been raised at the call
     * it disturbed. {@link #cancel()} never raises: it withdraws a fired timeout in every case.
     *
     * @throws Timeout this timeout (or its custom exception), in the case above only
     */
    @Override
    public void close() {
        Strand s = target;
        if (s != null && s.thread() == Thread.currentThread() && s.takeDeliveredByInterrupt(raised())) {
            Timer t = timer;
            if (t != null && t.scheduled()) s.loop.cancel(t);
            throw Sneaky.rethrow(raised());
        }
        cancel();
    }

    /**
     * The timeout behind {@code e}: a {@code Timeout} that is {@code e} itself, its cause (at any
     * depth), or a suppressed exception of one of those (where {@link #close()} puts it); else
     * {@code null}. A timeout with a custom exception is found only if that exception is a
     * {@code Timeout}; look for your own exception among {@code e.getSuppressed()}.
     *
     * @param e the exception to inspect; may be {@code null}
     * @return the timeout found, or {@code null} if none
     */
    public static Timeout causeOf(Throwable e) {
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Throwable c = e; c != null && seen.add(c); c = c.getCause()) {
            if (c instanceof Timeout t) return t;
            for (Throwable s : c.getSuppressed()) {
                if (s instanceof Timeout t) return t;
            }
        }
        return null;
    }

    /**
     * Records what a JDK call or library threw when this timeout interrupted it. Unlike
     * {@link Throwable#initCause}, it may be called again: a timeout can be started, and fire,
     * more than once, and each firing has its own cause.
     */
    @Override
    public Throwable initCause(Throwable cause) {
        if (cause == this) throw new IllegalArgumentException("a timeout cannot be its own cause");
        answeredWith = cause;
        return this;
    }

    /**
     * What a JDK call or library threw when this timeout interrupted it (see the class comment),
     * for the latest firing; {@code null} when it was raised at a gevent4j blocking point.
     */
    @Override
    public Throwable getCause() {
        return answeredWith;
    }

    private static String describe(Duration seconds, Throwable exception) {
        if (seconds == null) return "";
        BigDecimal s = BigDecimal.valueOf(seconds.getSeconds()).add(BigDecimal.valueOf(seconds.getNano(), 9))
                .stripTrailingZeros();
        String n = s.scale() < 0 ? s.setScale(0).toPlainString() : s.toPlainString();
        String text = n + (s.compareTo(BigDecimal.ONE) == 0 ? " second" : " seconds");
        return exception == null ? text : text + ": " + exception;
    }

    @Override
    public String toString() {
        return "Timeout(" + getMessage() + ")";
    }
}
