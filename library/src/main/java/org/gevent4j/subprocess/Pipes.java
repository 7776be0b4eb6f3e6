package org.gevent4j.subprocess;

import java.time.Duration;
import java.util.List;
import org.gevent4j.event.AsyncResult;

/**
 * The PIPE streams of one child: the pipe threads (a {@link Feeder} for stdin, a {@link Pump} for
 * stdout and for stderr, each only for a stream that is a PIPE) and the streams greenlets use on
 * them. See {@link PipeThread} for why each pipe has a thread of its own.
 */
final class Pipes {
    final Feeder feeder;
    final Pump outPump;
    final Pump errPump;
    final PipeOutput stdin;
    final PipeInput stdout;
    final PipeInput stderr;

    Pipes(Process process, Redirect in, Redirect out, Redirect err) {
        String name = "gevent4j-subprocess-" + process.pid() + "-";
        feeder = in == Redirect.PIPE ? new Feeder(process.getOutputStream(), name + "stdin") : null;
        outPump = out == Redirect.PIPE ? new Pump(process.getInputStream(), name + "stdout") : null;
        errPump = err == Redirect.PIPE ? new Pump(process.getErrorStream(), name + "stderr") : null;
        stdin = feeder == null ? null : new PipeOutput(feeder);
        stdout = outPump == null ? null : new PipeInput(outPump, "stdout");
        stderr = errPump == null ? null : new PipeInput(errPump, "stderr");
    }

    /** A writer nobody closes must not outlive the child: its thread would wait forever. */
    void closeStdinAtExit(AsyncResult<Process> exit) {
        if (feeder != null) exit.rawlink(ignored -> feeder.requestClose(null));
    }

    /**
     * communicate's pipe work: sends {@code input} and end of file to stdin ({@code first}
     * communicate only), collects stdout and stderr, and waits until both end or {@code deadline}
     * passes; whether they ended.
     */
    boolean communicate(byte[] input, boolean first, long deadline) {
        if (first && feeder != null) feeder.requestClose(input);
        if (outPump != null) outPump.collect();
        if (errPump != null) errPump.collect();
        return (outPump == null || outPump.awaitEof(deadline)) && (errPump == null || errPump.awaitEof(deadline));
    }

    /** What was collected, taken out ({@code null} for a stream that is not a PIPE). */
    Popen.Output takeAll() {
        return new Popen.Output(outPump == null ? null : outPump.takeAll(), errPump == null ? null : errPump.takeAll());
    }

    /** A {@link TimeoutExpired} carrying the output collected so far. */
    TimeoutExpired timeoutExpired(List<String> args, Duration timeout) {
        return new TimeoutExpired(args, timeout,
                outPump == null ? null : outPump.snapshot(), errPump == null ? null : errPump.snapshot());
    }

    /** Stops reading stdout and stderr, and sends end of file to stdin after what was written. */
    void close() {
        if (stdout != null) stdout.close();
        if (stderr != null) stderr.close();
        if (feeder != null) feeder.requestClose(null);
    }
}
