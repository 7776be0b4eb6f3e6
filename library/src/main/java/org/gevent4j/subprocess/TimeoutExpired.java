package org.gevent4j.subprocess;

import java.io.Serial;
import java.time.Duration;
import java.util.List;

/**
 * The timeout of {@link Popen#await(Duration)}, {@link Popen#communicate(byte[], Duration)} or a
 * {@link Subprocess} helper passed before the child finished (Python's
 * {@code subprocess.TimeoutExpired}).
 *
 * <p>From {@code Popen.await} and {@code Popen.communicate} the child keeps running and nothing is
 * lost: a later {@code communicate()} returns all the output, including what {@link #output()}
 * shows here. The {@code Subprocess} helpers ({@code run}, {@code call}, ...) kill the child
 * first, as Python's do, and report the output it wrote until then.
 *
 * <p>It is not a gevent4j {@link org.gevent4j.Timeout}: that one is an {@code Error} raised by a
 * {@code Timeout} the caller armed; this one is an ordinary {@link java.io.IOException} reporting
 * the operation's own timeout argument.
 */
public final class TimeoutExpired extends SubprocessError {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The timeout that passed. */
    private final Duration timeout;

    /**
     * A TimeoutExpired for {@code cmd}, with the output captured so far ({@code null}: not
     * captured).
     *
     * @param cmd the command as given; copied
     * @param timeout the timeout that passed; not {@code null}
     * @param output what the child wrote to stdout so far, or {@code null} if it was not captured
     * @param stderr what the child wrote to stderr so far, or {@code null} if it was not captured
     */
    public TimeoutExpired(List<String> cmd, Duration timeout, byte[] output, byte[] stderr) {
        super("Command " + quote(cmd) + " timed out after " + seconds(timeout) + " seconds", cmd, output, stderr);
        this.timeout = timeout;
    }

    /**
     * The timeout that passed.
     *
     * @return the timeout argument of the call that gave up
     */
    public Duration timeout() {
        return timeout;
    }

    private static String seconds(Duration d) {
        return java.math.BigDecimal.valueOf(d.toNanos(), 9).stripTrailingZeros().toPlainString();
    }
}
