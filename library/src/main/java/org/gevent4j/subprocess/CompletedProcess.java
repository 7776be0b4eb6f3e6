package org.gevent4j.subprocess;

import java.nio.charset.Charset;
import java.util.List;

/**
 * A finished child, as {@link Subprocess#run} returns it (Python's
 * {@code subprocess.CompletedProcess}). The byte arrays are the ones collected, not copies.
 *
 * @param args the command as given
 * @param returncode the exit status, or minus the signal number (see {@link Popen})
 * @param stdout what the child wrote to stdout, or {@code null} if it was not captured
 * @param stderr what the child wrote to stderr, or {@code null} if it was not captured
 */
public record CompletedProcess(List<String> args, int returncode, byte[] stdout, byte[] stderr) {
    /** A CompletedProcess; {@code args} is copied. */
    public CompletedProcess {
        args = List.copyOf(args);
    }

    /**
     * {@link #stdout()} decoded with the default charset (UTF-8); {@code null} if not captured.
     *
     * @return the captured stdout as text, or {@code null}
     */
    public String stdoutText() {
        return stdout == null ? null : new String(stdout, Charset.defaultCharset());
    }

    /**
     * {@link #stderr()} decoded with the default charset (UTF-8); {@code null} if not captured.
     *
     * @return the captured stderr as text, or {@code null}
     */
    public String stderrText() {
        return stderr == null ? null : new String(stderr, Charset.defaultCharset());
    }

    /**
     * Returns this if the return code is zero (Python's {@code check_returncode}).
     *
     * @return this, when {@link #returncode()} is 0
     * @throws CalledProcessError otherwise, with the captured output
     */
    public CompletedProcess checkReturncode() throws CalledProcessError {
        if (returncode != 0) throw new CalledProcessError(returncode, args, stdout, stderr);
        return this;
    }

    @Override
    public String toString() {
        return "CompletedProcess[args=" + args + ", returncode=" + returncode + ", stdout=" + Subprocess.show(stdout)
                + ", stderr=" + Subprocess.show(stderr) + "]";
    }
}
