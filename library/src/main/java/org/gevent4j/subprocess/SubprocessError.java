package org.gevent4j.subprocess;

import java.io.IOException;
import java.io.Serial;
import java.util.List;

/**
 * Base of the errors this package raises about a child process that did start (Python's
 * {@code subprocess.SubprocessError}). It is an {@link IOException}, as every gevent4j I/O
 * package's errors are, so one {@code catch (IOException e)} covers a command that cannot start
 * and one that failed; Python's is not an {@code OSError}.
 */
public abstract sealed class SubprocessError extends IOException permits TimeoutExpired, CalledProcessError {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The command, unmodifiable. */
    @SuppressWarnings("serial") // List.copyOf's lists are serializable
    private final List<String> cmd;
    /** The captured stdout, or null. */
    private final byte[] output;
    /** The captured stderr, or null. */
    private final byte[] stderr;

    SubprocessError(String message, List<String> cmd, byte[] output, byte[] stderr) {
        super(message);
        this.cmd = List.copyOf(cmd);
        this.output = output;
        this.stderr = stderr;
    }

    /**
     * The command as given to {@link Popen#builder(java.util.List)}.
     *
     * @return the command, unmodifiable
     */
    public List<String> cmd() {
        return cmd;
    }

    /**
     * What the child wrote to a captured stdout (so far), or {@code null} if it was not captured.
     *
     * @return the captured stdout bytes (not a copy), or {@code null}
     */
    public byte[] output() {
        return output;
    }

    /**
     * Python's alias of {@link #output()}.
     *
     * @return the captured stdout bytes (not a copy), or {@code null}
     */
    public byte[] stdout() {
        return output;
    }

    /**
     * What the child wrote to a captured stderr (so far), or {@code null} if it was not captured.
     *
     * @return the captured stderr bytes (not a copy), or {@code null}
     */
    public byte[] stderr() {
        return stderr;
    }

    static String quote(List<String> cmd) {
        return cmd.size() == 1 ? "'" + cmd.get(0) + "'" : cmd.toString();
    }
}
