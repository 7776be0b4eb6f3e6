package org.gevent4j.subprocess;

import java.io.Serial;
import java.util.List;

/**
 * A child run by {@link Subprocess#checkCall}, {@link Subprocess#checkOutput} or a checked
 * {@link Popen.Builder#run()} exited with a non-zero return code (Python's
 * {@code subprocess.CalledProcessError}). It carries the captured output, so the caller can show
 * what went wrong.
 */
public final class CalledProcessError extends SubprocessError {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The child's exit status. */
    private final int returncode;

    /**
     * A CalledProcessError for {@code cmd}, with its output ({@code null}: not captured).
     *
     * @param returncode the child's return code: its exit status, or minus the signal that killed
     *     it
     * @param cmd the command as given; copied
     * @param output what the child wrote to stdout, or {@code null} if it was not captured; not
     *     copied
     * @param stderr what the child wrote to stderr, or {@code null} if it was not captured; not
     *     copied
     */
    public CalledProcessError(int returncode, List<String> cmd, byte[] output, byte[] stderr) {
        super(message(returncode, cmd), cmd, output, stderr);
        this.returncode = returncode;
    }

    /**
     * The child's return code: its exit status, or minus the signal that killed it (see
     * {@link Popen#returncode()}).
     *
     * @return the return code it was created with (never 0 when this package throws it)
     */
    public int returncode() {
        return returncode;
    }

    private static String message(int returncode, List<String> cmd) {
        return returncode < 0
                ? "Command " + quote(cmd) + " died with signal " + -returncode + "."
                : "Command " + quote(cmd) + " returned non-zero exit status " + returncode + ".";
    }
}
