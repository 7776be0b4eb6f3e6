package org.gevent4j.subprocess;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.gevent4j.Waitable;
import org.gevent4j.event.AsyncResult;
import org.gevent4j.internal.Loop;
import org.gevent4j.internal.Sneaky;

/**
 * A child process whose pipes and exit are awaited cooperatively: gevent's
 * {@code gevent.subprocess.Popen} (Python's {@code subprocess.Popen}). While a greenlet waits in
 * {@link #communicate}, {@link #await}, or reads {@link #stdout()}, the hub runs the others.
 *
 * {@snippet lang=java :
 * Popen p = Popen.builder("sleep 1; uname").shell(true).stdout(Subprocess.PIPE).start();
 * Popen.Output out = p.communicate();      // other greenlets run meanwhile
 * System.out.println(out.stdoutText().strip());
 * }
 *
 * <h2>Blocking</h2>
 * {@link #communicate}, {@link #await}, reads from {@link #stdout()}/{@link #stderr()}, writes to
 * {@link #stdin()} and {@link #close()} park the calling greenlet (or run the hub, from a plain
 * thread) until done. A kill or a {@link org.gevent4j.Timeout} ends the wait there with its
 * exception; as in gevent the child keeps running and nothing is lost: a later
 * {@code communicate()} still returns all the output. They may be called from any greenlet of any
 * hub, and from plain threads. {@link Builder#start()} parks the same way while the child is
 * started; a kill or Timeout there leaves no child behind.
 *
 * <h2>Threads</h2>
 * The JDK's pipes can only be read and written by blocking a thread, and on a hub that would stall
 * every greenlet. Each pipe in use therefore gets a dedicated platform daemon thread
 * ({@code gevent4j-subprocess-<pid>-stdout}, ...) that is started on first use and ends at end of
 * stream, when the child exits or when this Popen is closed; the exit itself is awaited through
 * {@link Process#onExit()} (the JDK's own reaper thread). The pipes never use the hub's thread
 * pool, so any number of concurrent {@code communicate} calls cannot starve each other. A pipe held
 * open by a grandchild (say {@code sh -c 'sleep 100 &'}) keeps its thread until the grandchild
 * closes it. Only the start (fork and exec, a few milliseconds) is a task on the hub's
 * {@link org.gevent4j.Hub#threadpool() thread pool}; see {@link Builder#start()}.
 *
 * <h2>Return codes</h2>
 * Like Python: the exit status, or minus the signal number when the child was killed by a signal
 * sent through {@link #terminate()} ({@code -15}) or {@link #kill()} ({@code -9}). The JDK reports
 * a child killed by signal N as exit status 128+N, the same number a shell returns for
 * {@code exit 128+N}, so a signal that came from elsewhere (the child's own {@code kill -9 $$},
 * another process) is reported as 128+N; Python would say -N there. This is where gevent4j differs.
 */
public final class Popen implements Waitable, AutoCloseable {
    private final List<String> args;
    private final Process process;
    private final AsyncResult<Process> exit;
    private final Pipes pipes;
    private final ExitLinks links;
    /** Bit n set: this Popen sent signal n while the child was alive. */
    private volatile int signalled;
    private boolean communicating;
    /** How the JDK words ENOENT when exec fails: "error=2, ..." or "Exec failed, error: 2 (...)". */
    private static final java.util.regex.Pattern ENOENT = java.util.regex.Pattern.compile("error(=|: )2\\b");

    private Popen(Builder b, Process process) {
        this.args = b.args;
        this.process = process;
        pipes = new Pipes(process, b.stdin, b.stdout, b.stderr);
        exit = AsyncResult.from(process.onExit());
        links = new ExitLinks(this, exit);
        pipes.closeStdinAtExit(exit);
    }

    private static Popen start(Builder b) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(b.command());
        if (b.cwd != null) pb.directory(b.cwd.toFile());
        if (b.env != null) {
            pb.environment().clear();
            pb.environment().putAll(b.env);
        }
        pb.redirectInput(b.stdin.toJdk(true));
        pb.redirectOutput(b.stdout.toJdk(false));
        if (b.stderr == Redirect.STDOUT) pb.redirectErrorStream(true); else pb.redirectError(b.stderr.toJdk(false));
        Process process;
        try {
            process = Starter.start(pb);
        } catch (IOException e) {
            throw startFailed(e);
        }
        // No blocking call from here on: a kill or Timeout can only land where the greenlet parks,
        // so the child cannot be lost between its start and its Popen.
        return new Popen(b, process);
    }

    /**
     * A builder for the command {@code args}: the program and its arguments, or one shell command
     * line.
     *
     * @param args the program and its arguments (with {@code shell(true)}: the command line first);
     *     not empty, no null elements
     * @return a builder with Python's defaults: streams inherited, no shell
     * @throws IllegalArgumentException if {@code args} is empty
     */
    public static Builder builder(String... args) {
        Sneaky.checkNotNull("args", args);
        return new Builder(Arrays.asList(args));
    }

    /**
     * A builder for the command {@code args}: the program and its arguments, or one shell command
     * line.
     *
     * @param args the program and its arguments (with {@code shell(true)}: the command line first);
     *     copied; not empty, no null elements
     * @return a builder with Python's defaults: streams inherited, no shell
     * @throws IllegalArgumentException if {@code args} is empty
     */
    public static Builder builder(List<String> args) {
        return new Builder(Sneaky.checkNotNull("args", args));
    }

    /**
     * The command as given to the builder.
     *
     * @return the command, unmodifiable, without the {@code /bin/sh -c} a shell adds
     */
    public List<String> args() {
        return args;
    }

    /**
     * The child's process id.
     *
     * @return the operating system's process id of the child (also after it exited)
     */
    public long pid() {
        return process.pid();
    }

    /**
     * A handle on the child (its pid, info, descendants); its {@code onExit} is not cooperative.
     *
     * @return the JDK's handle on the child
     */
    public ProcessHandle toHandle() {
        return process.toHandle();
    }

    /**
     * The pipe to the child's stdin, when it was created with {@code stdin(PIPE)}. A write parks
     * the greenlet while 64 KiB are in flight (as a full pipe would); {@code flush} waits until the
     * child's pipe took everything; {@code close} sends end of file. Writing after the child exited
     * or closed its stdin throws an {@link IOException} saying so.
     *
     * @return the same stream on every call
     * @throws IllegalStateException if stdin is not a PIPE
     */
    public OutputStream stdin() {
        if (pipes.stdin == null) throw new IllegalStateException("stdin is not a PIPE for " + this);
        return pipes.stdin;
    }

    /**
     * The pipe from the child's stdout, when it was created with {@code stdout(PIPE)}. A read parks
     * the greenlet until the child writes or closes it. Closing it drops what the child writes from
     * then on.
     *
     * @return the same stream on every call
     * @throws IllegalStateException if stdout is not a PIPE
     */
    public InputStream stdout() {
        if (pipes.stdout == null) throw new IllegalStateException("stdout is not a PIPE for " + this);
        return pipes.stdout;
    }

    /**
     * The pipe from the child's stderr, when it was created with {@code stderr(PIPE)}; see
     * {@link #stdout()}.
     *
     * @return the same stream on every call
     * @throws IllegalStateException if stderr is not a PIPE
     */
    public InputStream stderr() {
        if (pipes.stderr == null) throw new IllegalStateException("stderr is not a PIPE for " + this);
        return pipes.stderr;
    }

    /**
     * The return code if the child has exited, else {@code null}. Never blocks (Python's
     * {@code poll}).
     *
     * @return the return code (see the class documentation), or {@code null} while the child runs
     */
    public Integer poll() {
        return process.isAlive() ? null : code();
    }

    /**
     * Python's {@code returncode} attribute: the same as {@link #poll()}.
     *
     * @return the return code, or {@code null} while the child runs
     */
    public Integer returncode() {
        return poll();
    }

    /**
     * Waits for the child to exit and returns its return code (Python's {@code wait()}; Java's
     * {@code Object.wait} takes that name). Parks the greenlet; a kill or {@code Timeout} ends the
     * wait with its exception and the child keeps running.
     *
     * @return the return code: the exit status, or minus the signal sent by {@link #terminate()} or
     *     {@link #kill()}
     */
    public int await() {
        exit.await();
        return code();
    }

    /**
     * Waits at most {@code timeout} for the child to exit; returns its return code.
     *
     * @param timeout the longest wait; {@code null}: no limit
     * @return the return code (see {@link #await()})
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws TimeoutExpired if it is still running then (it keeps running)
     */
    public int await(Duration timeout) throws TimeoutExpired {
        Sneaky.checkTimeout("timeout", timeout);
        exit.await(timeout);
        if (!exit.ready()) throw new TimeoutExpired(args, timeout, null, null);
        return code();
    }

    /**
     * Python's {@code wait(timeout)}, under its own name: the same as {@link #await(Duration)}
     * ({@code null}: no limit). Java keeps the no-argument {@code wait()} for monitors, so waiting
     * without a limit is {@link #await()} or {@code wait(null)}.
     *
     * @param timeout the longest wait; {@code null}: no limit
     * @return the return code (see {@link #await()})
     * @throws TimeoutExpired if the child is still running when {@code timeout} passes
     */
    public int wait(Duration timeout) throws TimeoutExpired {
        return timeout == null ? await() : await(timeout);
    }

    /**
     * {@link #communicate(byte[], Duration)} with no input and no timeout.
     *
     * @return what the child wrote to each PIPE
     * @throws IOException if reading a pipe fails
     */
    public Output communicate() throws IOException {
        return communicate((byte[]) null, null);
    }

    /**
     * {@link #communicate(byte[], Duration)} with no timeout.
     *
     * @param input bytes for stdin, or {@code null}; needs {@code stdin(PIPE)}
     * @return what the child wrote to each PIPE
     * @throws IOException if reading or writing a pipe fails (a child that stops reading its input
     *     is not a failure)
     */
    public Output communicate(byte[] input) throws IOException {
        return communicate(input, null);
    }

    /**
     * {@link #communicate(byte[], Duration)} with {@code input} encoded in the default charset
     * (UTF-8).
     *
     * @param input text for stdin, or {@code null}; needs {@code stdin(PIPE)}
     * @param timeout how long to wait at most; {@code null}: no limit
     * @return what the child wrote to each PIPE
     * @throws TimeoutExpired if the timeout passed (the child keeps running)
     * @throws IOException if reading or writing a pipe fails (a child that stops reading its input
     *     is not a failure)
     */
    public Output communicate(String input, Duration timeout) throws IOException {
        return communicate(input == null ? null : input.getBytes(Charset.defaultCharset()), timeout);
    }

    /**
     * Sends {@code input} to the child's stdin and closes it, reads its stdout and stderr to the
     * end, and waits for it to exit: Python's {@code communicate}. Returns what it wrote to each
     * PIPE ({@code null} for a stream that is not a PIPE). Writing, reading and waiting happen at
     * once, so a child that writes much before reading all its input cannot deadlock. A child that
     * does not read all of its input is fine: the broken pipe is ignored, as in Python.
     *
     * <p>Parks the greenlet until all that is done. When {@code timeout} passes first, throws
     * {@link TimeoutExpired} (with the output so far) and the child keeps running; so does a kill or
     * a {@code Timeout}. Either way the output keeps being collected, and a later
     * {@code communicate()} (without input) returns all of it.
     *
     * @param input bytes for stdin, or {@code null}; needs {@code stdin(PIPE)}
     * @param timeout how long to wait at most; {@code null}: no limit
     * @return what the child wrote to each PIPE; {@code null} for a stream that is not one
     * @throws TimeoutExpired if the timeout passed
     * @throws IllegalStateException if input is given but stdin is not a PIPE, or was given before
     */
    public Output communicate(byte[] input, Duration timeout) throws IOException {
        Sneaky.checkTimeout("timeout", timeout);
        boolean first;
        synchronized (this) {
            if (input != null && input.length > 0) {
                if (pipes.feeder == null) throw new IllegalStateException("communicate(input) needs stdin(PIPE): " + this);
                if (communicating || pipes.stdin.closed()) {
                    throw new IllegalStateException("cannot send input after starting communication or closing stdin: " + this);
                }
            }
            first = !communicating;
            communicating = true;
        }
        Loop loop = Loop.current();
        long deadline = loop.deadlineAfter(timeout);
        boolean done = pipes.communicate(input, first, deadline) && awaitExit(loop, deadline);
        if (!done) throw pipes.timeoutExpired(args, timeout);
        return pipes.takeAll();
    }

    private boolean awaitExit(Loop loop, long deadline) {
        if (deadline == Loop.FOREVER) {
            exit.await();
        } else {
            exit.await(Duration.ofNanos(Math.max(0, deadline - loop.nanoTime())));
        }
        return exit.ready();
    }

    /**
     * Sends SIGTERM (Python's {@code terminate}); no effect once the child exited. Never blocks. The
     * pipes stay open, so what the child wrote before it died can still be read, as in Python.
     */
    public void terminate() {
        signal(15);
        // Process.destroy would also close the JDK's pipe streams, and closing stdin waits for the
        // stream's monitor, which a stdin thread writing into a full pipe holds until the write
        // ends: for ever if a grandchild keeps the pipe open. The handle only sends the signal (and
        // checks the child's start time, so a recycled pid is never signalled).
        process.toHandle().destroy();
    }

    /** Sends SIGKILL (Python's {@code kill}); otherwise as {@link #terminate()}. Never blocks. */
    public void kill() {
        signal(9);
        process.toHandle().destroyForcibly();
    }

    private void signal(int sig) {
        if (process.isAlive()) {
            synchronized (this) {
                signalled |= 1 << sig;
            }
        }
    }

    private int code() {
        int v = process.exitValue();
        int sig = v - 128;
        return sig > 0 && sig < 32 && (signalled & (1 << sig)) != 0 ? -sig : v;
    }

    /** Whether the child has exited (so {@link #await()} would return at once). */
    @Override
    public boolean ready() {
        return exit.ready();
    }

    /**
     * Calls {@code callback} with this Popen when the child exits (at once if it has). It runs in
     * the JDK thread that saw the exit, or in the caller: it must be quick and must not block.
     */
    @Override
    public void rawlink(Consumer<? super Waitable> callback) {
        Sneaky.checkNotNull("callback", callback);
        links.add(callback);
    }

    @Override
    public void unlink(Consumer<?> callback) {
        links.remove(callback);
    }

    /**
     * Closes the pipes and waits for the child to exit (Python's {@code with Popen(...)} exit):
     * stdout and stderr stop being read (the child gets EPIPE if nothing read them yet, else what it
     * writes is dropped), stdin gets end of file after what was written, then the greenlet parks
     * until the child exits. A kill or {@code Timeout} ends the wait there, the child running.
     */
    @Override
    public void close() {
        pipes.close();
        await();
    }

    private static IOException startFailed(IOException e) {
        // Python raises FileNotFoundError for a missing program or directory; the JDK's message
        // ("Cannot run program "x": ... error: 2 ...") names the command, so it is kept. The new
        // exception is made here so that its stack is the caller's, not the pool thread's.
        String m = e.getMessage();
        if (m != null && ENOENT.matcher(m).find()) {
            FileNotFoundException f = new FileNotFoundException(m);
            f.initCause(e);
            return f;
        }
        if (e.getClass() == IOException.class) return new IOException(m, e);
        return e;
    }

    @Override
    public String toString() {
        Integer rc = poll();
        return "<Popen pid=" + process.pid() + " args=" + args + (rc == null ? " running>" : " returncode=" + rc + ">");
    }

    /**
     * What {@link #communicate} collected: the bytes the child wrote to each PIPE, {@code null}
     * for a stream that was not a PIPE.
     *
     * @param stdout the child's stdout, or {@code null}
     * @param stderr the child's stderr, or {@code null}
     */
    public record Output(byte[] stdout, byte[] stderr) {
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

        @Override
        public String toString() {
            return "Output[stdout=" + Subprocess.show(stdout) + ", stderr=" + Subprocess.show(stderr) + "]";
        }
    }

    /**
     * How to start a child: Python's {@code Popen(...)}/{@code run(...)} keyword arguments, as a
     * builder. {@link #start()} starts it; {@link #run()}, {@link #call()}, {@link #checkCall()} and
     * {@link #checkOutput()} also wait for it (the {@link Subprocess} functions). Defaults are
     * Python's: streams inherited, no shell, the JVM's working directory and environment.
     */
    public static final class Builder {
        private final List<String> args;
        private boolean shell;
        private Redirect stdin = Redirect.INHERIT;
        private Redirect stdout = Redirect.INHERIT;
        private Redirect stderr = Redirect.INHERIT;
        private Path cwd;
        private Map<String, String> env;
        private byte[] input;
        private Duration timeout;
        private boolean check;

        Builder(List<String> args) {
            List<String> copy = List.copyOf(args); // rejects null elements
            if (copy.isEmpty()) throw new IllegalArgumentException("args must name a program");
            this.args = copy;
        }

        /**
         * Runs the command through {@code /bin/sh -c}: the first argument is the command line, any
         * others become the shell's {@code $0}, {@code $1}, ... (as in Python).
         *
         * @param shell whether to run the command through {@code /bin/sh -c}; false by default
         * @return this builder
         */
        public Builder shell(boolean shell) {
            this.shell = shell;
            return this;
        }

        /**
         * The child's stdin: {@link Redirect#PIPE}, {@link Redirect#DEVNULL},
         * {@link Redirect#INHERIT} or a file.
         *
         * @param r where stdin comes from; {@link Redirect#INHERIT} by default
         * @return this builder
         * @throws IllegalArgumentException if {@code r} is an output redirect (a file to write,
         *     {@link Redirect#STDOUT})
         */
        public Builder stdin(Redirect r) {
            this.stdin = Sneaky.checkNotNull("stdin", r).checkFor("stdin");
            return this;
        }

        /**
         * The child's stdout: PIPE, DEVNULL, INHERIT or a file.
         *
         * @param r where stdout goes; {@link Redirect#INHERIT} by default
         * @return this builder
         * @throws IllegalArgumentException if {@code r} is an input redirect or
         *     {@link Redirect#STDOUT}
         */
        public Builder stdout(Redirect r) {
            this.stdout = Sneaky.checkNotNull("stdout", r).checkFor("stdout");
            return this;
        }

        /**
         * The child's stderr: PIPE, DEVNULL, INHERIT, {@link Redirect#STDOUT} or a file.
         *
         * @param r where stderr goes; {@link Redirect#INHERIT} by default
         * @return this builder
         * @throws IllegalArgumentException if {@code r} is an input redirect
         */
        public Builder stderr(Redirect r) {
            this.stderr = Sneaky.checkNotNull("stderr", r).checkFor("stderr");
            return this;
        }

        /**
         * stdout and stderr both PIPE (Python's {@code capture_output=True}).
         *
         * @return this builder
         */
        public Builder captureOutput() {
            return stdout(Redirect.PIPE).stderr(Redirect.PIPE);
        }

        /**
         * The child's working directory.
         *
         * @param dir the directory; not {@code null}; checked only when the child starts
         * @return this builder
         */
        public Builder cwd(Path dir) {
            this.cwd = Sneaky.checkNotNull("cwd", dir);
            return this;
        }

        /**
         * The child's whole environment (Python's {@code env}: it replaces the JVM's).
         *
         * @param env the variables, copied; empty gives the child no environment
         * @return this builder
         */
        public Builder env(Map<String, String> env) {
            this.env = new LinkedHashMap<>(Sneaky.checkNotNull("env", env));
            return this;
        }

        /**
         * For {@link #run()} and {@link #checkOutput()}: bytes sent to stdin (which becomes a
         * PIPE).
         *
         * @param input the bytes, copied; not {@code null}
         * @return this builder
         */
        public Builder input(byte[] input) {
            this.input = Sneaky.checkNotNull("input", input).clone();
            return this;
        }

        /**
         * {@link #input(byte[])} encoded with the default charset (UTF-8).
         *
         * @param input the text; not {@code null}
         * @return this builder
         */
        public Builder input(String input) {
            return input(Sneaky.checkNotNull("input", input).getBytes(Charset.defaultCharset()));
        }

        /**
         * For {@link #run()}, {@link #call()}, {@link #checkCall()}, {@link #checkOutput()}: kill the
         * child and throw {@link TimeoutExpired} if it runs longer ({@code null}: no limit).
         *
         * @param timeout the longest run; {@code null}: no limit
         * @return this builder
         * @throws IllegalArgumentException if {@code timeout} is negative
         */
        public Builder timeout(Duration timeout) {
            this.timeout = Sneaky.checkTimeout("timeout", timeout);
            return this;
        }

        /**
         * For {@link #run()}: throw {@link CalledProcessError} on a non-zero return code.
         *
         * @param check whether a non-zero return code is an error; false by default
         * @return this builder
         */
        public Builder check(boolean check) {
            this.check = check;
            return this;
        }

        List<String> command() {
            if (!shell) return args;
            List<String> c = new ArrayList<>(args.size() + 2);
            c.add("/bin/sh");
            c.add("-c");
            c.addAll(args);
            return c;
        }

        /**
         * Starts the child. The fork and exec (milliseconds of system calls the JDK does not park)
         * run on the current hub's {@link org.gevent4j.Hub#threadpool() thread pool}, and the
         * calling greenlet parks until they are done (a plain platform thread runs its hub
         * meanwhile), so the hub keeps running its other greenlets. It also waits, like any task
         * of that pool, while the pool is full. It does not wait for the child to run or exit.
         *
         * <p>A kill or {@link org.gevent4j.Timeout} during the start raises its exception here,
         * and no child is left behind: a start still queued in the pool never runs the program (nor
         * creates a redirect file), and a child that a start already under way still creates is
         * sent SIGKILL as soon as it exists, its pipes closed (it may have run for that instant).
         * From a virtual thread of the JDK's own scheduler, which has no hub to stall, the start
         * runs on the calling thread.
         *
         * @return the started child
         * @throws FileNotFoundException if the program or the working directory does not exist
         * @throws IOException if the child cannot be started otherwise (permissions, a redirect file)
         */
        public Popen start() throws IOException {
            return Popen.start(this);
        }

        /**
         * Starts the child, sends {@link #input}, collects its PIPE outputs and waits for it:
         * Python's {@code subprocess.run}. If the timeout passes, or the greenlet is killed, the
         * child is killed (and awaited) before the exception propagates.
         *
         * @return the return code and what the child wrote to each PIPE
         * @throws IOException if the child cannot be started ({@link java.io.FileNotFoundException}
         *     if the program or the working directory does not exist)
         * @throws TimeoutExpired if the timeout passed (carrying the output so far)
         * @throws CalledProcessError if {@link #check} is set and the return code is not zero
         */
        public CompletedProcess run() throws IOException {
            Builder b = this;
            if (input != null && stdin != Redirect.PIPE) {
                if (stdin != Redirect.INHERIT) throw new IllegalStateException("input and stdin(" + stdin + ") both given");
                b = copy().stdin(Redirect.PIPE);
            }
            Popen p = b.start();
            try {
                Output out;
                try {
                    out = p.communicate(input, timeout);
                } catch (TimeoutExpired e) {
                    p.kill();
                    p.await();
                    throw p.pipes.timeoutExpired(args, timeout);
                }
                CompletedProcess done = new CompletedProcess(args, p.await(), out.stdout(), out.stderr());
                if (check) done.checkReturncode();
                return done;
            } catch (Throwable t) {
                p.kill();
                throw t;
            } finally {
                p.close();
            }
        }

        /**
         * Starts the child and waits for its return code: Python's {@code subprocess.call}. If the
         * timeout passes or the greenlet is killed, the child is killed first.
         *
         * @return the child's return code (see {@link Popen#await()})
         * @throws IOException if the child cannot be started ({@link java.io.FileNotFoundException}
         *     if the program or the working directory does not exist)
         * @throws TimeoutExpired if the timeout passed
         */
        public int call() throws IOException {
            Popen p = start();
            try {
                return timeout == null ? p.await() : p.await(timeout);
            } catch (Throwable t) {
                p.kill();
                throw t;
            } finally {
                p.close();
            }
        }

        /**
         * {@link #call()}, throwing {@link CalledProcessError} unless the return code is zero
         * (Python's {@code check_call}).
         *
         * @throws CalledProcessError unless the return code is zero
         * @throws TimeoutExpired if the timeout passed (the child is killed)
         * @throws IOException if the child cannot be started ({@link java.io.FileNotFoundException}
         *     if the program or the working directory does not exist)
         */
        public void checkCall() throws IOException {
            int rc = call();
            if (rc != 0) throw new CalledProcessError(rc, args, null, null);
        }

        /**
         * Runs the child with stdout captured and returns it, throwing {@link CalledProcessError}
         * (with the output) unless the return code is zero: Python's {@code check_output}.
         *
         * @return everything the child wrote to stdout
         * @throws CalledProcessError unless the return code is zero (with the output)
         * @throws TimeoutExpired if the timeout passed (the child is killed)
         * @throws IOException if the child cannot be started ({@link java.io.FileNotFoundException}
         *     if the program or the working directory does not exist)
         */
        public byte[] checkOutput() throws IOException {
            return copy().stdout(Redirect.PIPE).check(true).run().stdout();
        }

        private Builder copy() {
            Builder b = new Builder(args);
            b.shell = shell;
            b.stdin = stdin;
            b.stdout = stdout;
            b.stderr = stderr;
            b.cwd = cwd;
            b.env = env;
            b.input = input;
            b.timeout = timeout;
            b.check = check;
            return b;
        }

        @Override
        public String toString() {
            return "Popen.Builder" + args + (shell ? " shell" : "");
        }
    }
}
