package org.gevent4j.subprocess;

import java.io.File;
import java.nio.file.Path;
import org.gevent4j.internal.Sneaky;

/**
 * Where a child's stdin, stdout or stderr goes: Python's {@code PIPE}, {@code DEVNULL},
 * {@code STDOUT}, {@code None} (inherit) or a file. The constants are also on {@link Subprocess}
 * ({@code Subprocess.PIPE}), where a ported program looks for them.
 */
public final class Redirect {
    enum Kind { PIPE, DEVNULL, STDOUT, INHERIT, READ, WRITE, APPEND, JDK }

    /** A pipe to this process: {@link Popen#stdin()}, {@link Popen#stdout()}, {@link Popen#stderr()}, communicate. */
    public static final Redirect PIPE = new Redirect(Kind.PIPE, null);
    /** Nothing to read (stdin) or discarded (stdout, stderr): {@code /dev/null}. */
    public static final Redirect DEVNULL = new Redirect(Kind.DEVNULL, null);
    /** For stderr only: to wherever stdout goes (Python's {@code stderr=STDOUT}). */
    public static final Redirect STDOUT = new Redirect(Kind.STDOUT, null);
    /** The JVM's own file descriptor 0, 1 or 2 (Python's default, {@code None}). */
    public static final Redirect INHERIT = new Redirect(Kind.INHERIT, null);

    final Kind kind;
    private final Object target;

    private Redirect(Kind kind, Object target) {
        this.kind = kind;
        this.target = target;
    }

    /**
     * For stdin: read from {@code file}.
     *
     * @param file the file the child reads as its stdin; opened when the child starts
     * @return a redirect for {@link Popen.Builder#stdin(Redirect)} only
     */
    public static Redirect from(Path file) {
        return new Redirect(Kind.READ, Sneaky.checkNotNull("file", file));
    }

    /**
     * For stdout or stderr: write to {@code file}, truncating it (created if absent).
     *
     * @param file the file the child writes; truncated or created when the child starts
     * @return a redirect for stdout or stderr
     */
    public static Redirect to(Path file) {
        return new Redirect(Kind.WRITE, Sneaky.checkNotNull("file", file));
    }

    /**
     * For stdout or stderr: append to {@code file} (created if absent).
     *
     * @param file the file the child appends to; created when the child starts if absent
     * @return a redirect for stdout or stderr
     */
    public static Redirect appendTo(Path file) {
        return new Redirect(Kind.APPEND, Sneaky.checkNotNull("file", file));
    }

    /**
     * Any of the JDK's redirects, as is ({@code ProcessBuilder.Redirect.PIPE} counts as
     * {@link #PIPE}).
     *
     * @param redirect the JDK redirect; not {@code null}
     * @return the equivalent redirect: one of the constants for PIPE, INHERIT and DISCARD, else a
     *     wrapper usable where the JDK redirect's type (read or write) fits
     */
    public static Redirect of(ProcessBuilder.Redirect redirect) {
        Sneaky.checkNotNull("redirect", redirect);
        if (redirect == ProcessBuilder.Redirect.PIPE) return PIPE;
        if (redirect == ProcessBuilder.Redirect.INHERIT) return INHERIT;
        if (redirect == ProcessBuilder.Redirect.DISCARD) return DEVNULL;
        return new Redirect(Kind.JDK, redirect);
    }

    /** Checks that this redirect makes sense for {@code stream} ("stdin", "stdout", "stderr"). */
    Redirect checkFor(String stream) {
        boolean in = stream.equals("stdin");
        boolean ok = switch (kind) {
            case PIPE, DEVNULL, INHERIT -> true;
            case STDOUT -> stream.equals("stderr");
            case READ -> in;
            case WRITE, APPEND -> !in;
            case JDK -> in == (((ProcessBuilder.Redirect) target).type() == ProcessBuilder.Redirect.Type.READ);
        };
        if (!ok) throw new IllegalArgumentException(this + " cannot be used for " + stream);
        return this;
    }

    /** The JDK redirect for this one as {@code stream}; STDOUT is handled by the caller. */
    ProcessBuilder.Redirect toJdk(boolean input) {
        return switch (kind) {
            case PIPE -> ProcessBuilder.Redirect.PIPE;
            case DEVNULL -> input ? ProcessBuilder.Redirect.from(new File("/dev/null")) : ProcessBuilder.Redirect.DISCARD;
            case INHERIT -> ProcessBuilder.Redirect.INHERIT;
            case READ -> ProcessBuilder.Redirect.from(((Path) target).toFile());
            case WRITE -> ProcessBuilder.Redirect.to(((Path) target).toFile());
            case APPEND -> ProcessBuilder.Redirect.appendTo(((Path) target).toFile());
            case JDK -> (ProcessBuilder.Redirect) target;
            case STDOUT -> throw new AssertionError("STDOUT is merged by the caller");
        };
    }

    @Override
    public String toString() {
        return switch (kind) {
            case PIPE, DEVNULL, STDOUT, INHERIT -> kind.name();
            case READ -> "from " + target;
            case WRITE -> "to " + target;
            case APPEND -> "appendTo " + target;
            case JDK -> target.toString();
        };
    }
}
