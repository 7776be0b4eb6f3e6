package org.gevent4j.backdoor;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Where a console session's {@code System.out} and {@code System.err} go: gevent's backdoor swaps
 * {@code sys.stdout} while a client's greenlet runs; here {@code System.out} is replaced once by a
 * stream that sends each thread's bytes to the session it works for (an inheritable thread-local,
 * so threads a snippet starts print to its client too) and everything else to the stream it
 * replaced.
 */
final class Output {
    private Output() {}

    /** What one evaluation printed; bounded, so a snippet printing in a loop cannot exhaust the heap. */
    static final class Sink {
        private final int limit;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private boolean truncated;

        Sink(int limit) {
            this.limit = limit;
        }

        synchronized void write(byte[] b, int off, int len) {
            int room = limit - bytes.size();
            if (len > room) truncated = true;
            bytes.write(b, off, Math.max(0, Math.min(len, room)));
        }

        /** The text printed since the last call, and a note if some was dropped. */
        synchronized String take() {
            String s = bytes.toString(StandardCharsets.UTF_8);
            if (truncated) s += "\n[output truncated at " + limit + " bytes]\n";
            bytes.reset();
            truncated = false;
            return s;
        }
    }

    private static final InheritableThreadLocal<Sink> ROUTE = new InheritableThreadLocal<>();

    /** Sends this thread's (and its future children's) {@code System.out}/{@code err} to {@code sink}; null: back to the process. */
    static void route(Sink sink) {
        install();
        if (sink == null) ROUTE.remove();
        else ROUTE.set(sink);
    }

    static Sink current() {
        return ROUTE.get();
    }

    /**
     * Puts a routing stream in front of {@code System.out} and {@code System.err} unless one is
     * there already; a program that replaced them since gets a new router in front of its stream.
     */
    private static synchronized void install() {
        if (!(System.out instanceof Router)) System.setOut(new Router(System.out));
        if (!(System.err instanceof Router)) System.setErr(new Router(System.err));
    }

    private static final class Router extends PrintStream {
        Router(PrintStream replaced) {
            super(new Switch(replaced), true, replaced.charset());
        }
    }

    private static final class Switch extends OutputStream {
        private final PrintStream replaced;

        Switch(PrintStream replaced) {
            this.replaced = replaced;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            Sink s = ROUTE.get();
            if (s != null) s.write(b, off, len);
            else replaced.write(b, off, len);
        }

        @Override
        public void flush() {
            if (ROUTE.get() == null) replaced.flush();
        }
    }
}
