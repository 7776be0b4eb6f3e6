package org.gevent4j.subprocess;

import java.io.IOException;
import java.nio.charset.Charset;
import java.util.List;

/**
 * The module-level functions of gevent's {@code gevent.subprocess} (Python's {@code subprocess}):
 * run a command and wait for it, cooperatively. For options (pipes, input, timeout, shell, cwd,
 * environment) use {@link Popen#builder(String...)}, which has the same methods:
 * {@code Popen.builder("ls", "-l").cwd(dir).timeout(d).checkOutput()}.
 *
 * <p>Every function parks the calling greenlet until the child is done (the hub runs the others),
 * and works from plain threads too. If a kill or a {@link org.gevent4j.Timeout} interrupts it, the
 * child is killed and awaited before the exception propagates (Python's {@code run} does the
 * same); {@link Popen#communicate} and {@link Popen#await} instead leave the child running.
 */
public final class Subprocess {
    private Subprocess() {}

    /** A pipe to this process (Python's {@code subprocess.PIPE}). */
    public static final Redirect PIPE = Redirect.PIPE;
    /** {@code /dev/null} (Python's {@code subprocess.DEVNULL}). */
    public static final Redirect DEVNULL = Redirect.DEVNULL;
    /** For stderr: where stdout goes (Python's {@code subprocess.STDOUT}). */
    public static final Redirect STDOUT = Redirect.STDOUT;
    /** The JVM's own stream (Python's {@code None}, the default). */
    public static final Redirect INHERIT = Redirect.INHERIT;

    /**
     * Runs {@code args} and waits for it, streams inherited: Python's {@code run(args)}.
     *
     * @param args the program and its arguments; not empty, no null elements
     * @return the finished child: its return code, and {@code null} stdout and stderr (inherited)
     * @throws java.io.FileNotFoundException if the program does not exist
     */
    public static CompletedProcess run(String... args) throws IOException {
        return Popen.builder(args).run();
    }

    /**
     * {@link #run(String...)} with a list.
     *
     * @param args the program and its arguments; not empty, no null elements
     * @return the finished child: its return code, and {@code null} stdout and stderr (inherited)
     * @throws IOException if the child cannot be started ({@link java.io.FileNotFoundException} if
     *     the program or the working directory does not exist)
     */
    public static CompletedProcess run(List<String> args) throws IOException {
        return Popen.builder(args).run();
    }

    /**
     * Runs {@code args}, waits and returns its return code: Python's {@code call}.
     *
     * @param args the program and its arguments; not empty, no null elements
     * @return the child's return code (see {@link Popen#returncode()})
     * @throws IOException if the child cannot be started ({@link java.io.FileNotFoundException} if
     *     the program or the working directory does not exist)
     */
    public static int call(String... args) throws IOException {
        return Popen.builder(args).call();
    }

    /**
     * {@link #call(String...)} with a list.
     *
     * @param args the program and its arguments; not empty, no null elements
     * @return the child's return code (see {@link Popen#returncode()})
     * @throws IOException if the child cannot be started ({@link java.io.FileNotFoundException} if
     *     the program or the working directory does not exist)
     */
    public static int call(List<String> args) throws IOException {
        return Popen.builder(args).call();
    }

    /**
     * Runs {@code args} and waits: Python's {@code check_call}.
     *
     * @param args the program and its arguments; not empty, no null elements
     * @throws CalledProcessError unless the return code is zero
     */
    public static void checkCall(String... args) throws IOException {
        Popen.builder(args).checkCall();
    }

    /**
     * {@link #checkCall(String...)} with a list.
     *
     * @param args the program and its arguments; not empty, no null elements
     * @throws CalledProcessError unless the return code is zero
     * @throws IOException if the child cannot be started ({@link java.io.FileNotFoundException} if
     *     the program or the working directory does not exist)
     */
    public static void checkCall(List<String> args) throws IOException {
        Popen.builder(args).checkCall();
    }

    /**
     * Runs {@code args} and returns its stdout: Python's {@code check_output}.
     *
     * @param args the program and its arguments; not empty, no null elements
     * @return everything the child wrote to stdout
     * @throws CalledProcessError unless the return code is zero (with the output)
     */
    public static byte[] checkOutput(String... args) throws IOException {
        return Popen.builder(args).checkOutput();
    }

    /**
     * {@link #checkOutput(String...)} with a list.
     *
     * @param args the program and its arguments; not empty, no null elements
     * @return everything the child wrote to stdout
     * @throws CalledProcessError unless the return code is zero (with the output)
     * @throws IOException if the child cannot be started ({@link java.io.FileNotFoundException} if
     *     the program or the working directory does not exist)
     */
    public static byte[] checkOutput(List<String> args) throws IOException {
        return Popen.builder(args).checkOutput();
    }

    /** Short printable form of captured bytes, for toString. */
    static String show(byte[] b) {
        if (b == null) return "null";
        String s = new String(b, 0, Math.min(b.length, 80), Charset.defaultCharset());
        return '"' + s.replace("\n", "\\n") + (b.length > 80 ? "...\" (" + b.length + " bytes)" : "\"");
    }
}
