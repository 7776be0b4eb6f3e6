package org.gevent4j.backdoor;

import java.io.File;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.UnresolvedReferenceException;
import org.gevent4j.threadpool.ThreadPool;

/**
 * One client's console: a JShell of its own, confined to a one-thread pool, so that compiling and
 * running snippets never happens on the hub; the client's greenlet only moves lines between the
 * socket and {@link #feed}. Every method but {@link #close} runs on that pool's thread.
 */
final class Session {
    /** The most a single evaluation's printing may add to a reply. */
    static final int MAX_OUTPUT = 1 << 20;
    /** The most source a multi-line snippet may pile up before it is dropped. */
    static final int MAX_PENDING = 1 << 20;

    /** What to send back after a line: printed text, and whether the snippet needs more lines or the client asked to quit. */
    record Reply(String text, boolean more, boolean quit) {}

    private static final List<String> IMPORTS = List.of("java.io.*", "java.math.*", "java.net.*", "java.nio.file.*",
            "java.util.*", "java.util.concurrent.*", "java.util.function.*", "java.util.regex.*", "java.util.stream.*",
            "java.time.Duration", "org.gevent4j.*");

    /** Never idles out: JShell's class loader is this thread's context loader, which snippets' threads inherit. */
    private final ThreadPool thread = new ThreadPool(1, null);
    private final Output.Sink sink = new Output.Sink(MAX_OUTPUT);
    private final Map<String, Object> bindings;
    private final Function<Callable<?>, Object> onHub;
    private final Runnable runInfo;
    private final ClassLoader loader;
    private volatile JShell shell;
    private Engine engine;
    private SourceCodeAnalysis analysis;
    private final StringBuilder pending = new StringBuilder();

    Session(Map<String, Object> bindings, Function<Callable<?>, Object> onHub, Runnable runInfo, ClassLoader loader) {
        this.bindings = bindings;
        this.onHub = onHub;
        this.runInfo = runInfo;
        this.loader = loader;
    }

    /** The session's own thread, on which the client's greenlet {@code apply}s every other method. */
    ThreadPool thread() {
        return thread;
    }

    /** Makes the JShell and binds the caller's objects and the console's helpers; returns any complaint to show. */
    String open() {
        Engine[] made = new Engine[1];
        PrintStream toClient = new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                sink.write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                sink.write(b, off, len);
            }
        }, true, StandardCharsets.UTF_8);
        JShell js = JShell.builder()
                .executionEngine(Engine.provider(loader, made), Map.of())
                .out(toClient)
                .err(toClient)
                .compilerOptions("--class-path", classPath())
                .build();
        shell = js;
        engine = made[0];
        analysis = js.sourceCodeAnalysis();
        StringBuilder complaints = new StringBuilder();
        for (String i : IMPORTS) quietly("import " + i + ";", complaints);
        bind("backdoor$onHub", onHub, "java.util.function.Function<java.util.concurrent.Callable<?>, Object>", complaints);
        bind("backdoor$runInfo", runInfo, "Runnable", complaints);
        quietly("@SuppressWarnings(\"unchecked\") <T> T onHub(java.util.concurrent.Callable<T> fn) { return (T) backdoor$onHub.apply(fn); }",
                complaints);
        quietly("void runInfo() { backdoor$runInfo.run(); }", complaints);
        for (Map.Entry<String, Object> b : bindings.entrySet()) {
            Object v = b.getValue();
            boolean bound = false;
            for (String type : typesOf(v)) {
                if (bind(b.getKey(), v, type, null)) {
                    bound = true;
                    break;
                }
            }
            if (!bound) complaints.append("could not bind ").append(b.getKey()).append('\n');
        }
        return complaints.toString();
    }

    /**
     * Takes one line (without its line terminator): evaluates every snippet it completes, and
     * keeps an incomplete one for the next line. An empty line ends a snippet JShell considers
     * incomplete but could end there (as an empty line ends a block in Python's console).
     */
    Reply feed(String line) {
        if (pending.isEmpty() && line.isBlank()) return new Reply("", false, false);
        if (pending.length() + line.length() > MAX_PENDING) {
            pending.setLength(0);
            return new Reply("error: snippet longer than " + MAX_PENDING + " characters; dropped\n", false, false);
        }
        pending.append(line).append('\n');
        String src = pending.toString();
        pending.setLength(0);
        StringBuilder text = new StringBuilder();
        while (!src.isBlank()) {
            SourceCodeAnalysis.CompletionInfo ci = analysis.analyzeCompletion(src);
            String one;
            switch (ci.completeness()) {
                case DEFINITELY_INCOMPLETE -> {
                    pending.append(src);
                    return new Reply(text.toString(), true, false);
                }
                case CONSIDERED_INCOMPLETE -> {
                    if (!line.isBlank()) {
                        pending.append(src);
                        return new Reply(text.toString(), true, false);
                    }
                    one = src;
                    src = "";
                }
                case EMPTY -> {
                    return new Reply(text.toString(), false, false);
                }
                case UNKNOWN -> {
                    one = src; // JShell says why when it tries
                    src = "";
                }
                default -> {
                    one = ci.source();
                    src = ci.remaining();
                }
            }
            if (isQuit(one)) return new Reply(text.toString(), false, true);
            evaluate(one, text);
        }
        return new Reply(text.toString(), false, false);
    }

    /**
     * Ends the session from the client's greenlet without waiting: a running snippet is asked to
     * stop (JShell stops loops at their back-edges; a snippet blocked in a call finishes it first),
     * and the JShell is closed on the session's thread, which then ends.
     */
    void close() {
        JShell js = shell;
        if (js != null) {
            try {
                js.stop();
            } catch (RuntimeException ignored) {
                // closed already
            }
        }
        try {
            thread.spawn(() -> {
                try {
                    JShell s = shell;
                    if (s != null) s.close();
                } finally {
                    thread.kill(); // from its own thread: it ends after this task
                }
            });
        } catch (IllegalStateException ignored) {
            // the pool is closed: nothing left to close
        }
    }

    private static boolean isQuit(String snippet) {
        String s = snippet.strip();
        if (s.endsWith(";")) s = s.substring(0, s.length() - 1).strip();
        return s.equals("quit()") || s.equals("exit()") || s.equals("/exit");
    }

    private void evaluate(String source, StringBuilder text) {
        List<SnippetEvent> events;
        Output.route(sink);
        try {
            events = shell.eval(source);
        } finally {
            Output.route(null);
        }
        text.append(sink.take());
        for (SnippetEvent e : events) {
            if (e.causeSnippet() != null) continue; // a dependent snippet updated: the console stays quiet
            Snippet s = e.snippet();
            if (e.status() == Snippet.Status.REJECTED) {
                diagnostics(s, text);
            } else if (e.exception() != null) {
                exception(e.exception(), text);
            } else if (e.status() == Snippet.Status.RECOVERABLE_DEFINED
                    || e.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED) {
                String missing = shell.unresolvedDependencies((DeclarationSnippet) s).collect(Collectors.joining(", "));
                text.append("note: usable once ").append(missing).append(" is declared\n");
            } else if (shows(s) && e.value() != null) {
                text.append(e.value()).append('\n');
            }
        }
    }

    /** Python's console prints an expression's value and nothing for declarations or assignments. */
    private static boolean shows(Snippet s) {
        return switch (s.subKind()) {
            case TEMP_VAR_EXPRESSION_SUBKIND, VAR_VALUE_SUBKIND, OTHER_EXPRESSION_SUBKIND -> true;
            default -> false;
        };
    }

    private void diagnostics(Snippet s, StringBuilder text) {
        String src = s.source();
        for (Diag d : shell.diagnostics(s).toList()) {
            if (!d.isError()) continue;
            // javac names the snippet's wrapper class, which JShell leaves nameless: drop that line.
            String message = d.getMessage(null).lines().filter(l -> !l.strip().equals("location: class"))
                    .collect(Collectors.joining("\n"));
            text.append("error: ").append(message).append('\n');
            long pos = d.getStartPosition();
            if (pos < 0 || pos > src.length()) continue;
            int start = src.lastIndexOf('\n', (int) pos - 1) + 1;
            int end = src.indexOf('\n', (int) pos);
            if (end < 0) end = src.length();
            text.append("    ").append(src, start, end).append('\n');
            long last = Math.max(pos, Math.min(d.getEndPosition(), end) - 1);
            text.append("    ").append(" ".repeat((int) pos - start)).append('^');
            if (last > pos) text.append("-".repeat((int) (last - pos - 1))).append('^');
            text.append('\n');
        }
    }

    private static void exception(JShellException x, StringBuilder text) {
        if (x instanceof UnresolvedReferenceException u) {
            String missing = u.getSnippet() instanceof DeclarationSnippet d ? d.name() : u.getSnippet().source();
            text.append("error: ").append(missing).append(" cannot run until what it uses is declared\n");
            return;
        }
        Throwable t = x;
        String prefix = "Exception ";
        while (t != null) {
            String name = t instanceof EvalException ev ? ev.getExceptionClassName() : t.getClass().getName();
            text.append(prefix).append(name);
            if (t.getMessage() != null) text.append(": ").append(t.getMessage());
            text.append('\n');
            for (StackTraceElement st : t.getStackTrace()) {
                String c = st.getClassName();
                if (c.startsWith("jdk.internal.reflect.") || c.startsWith("java.lang.reflect.")) break; // the engine
                if (st.getFileName() != null && st.getFileName().startsWith("#")) {
                    String m = st.getMethodName().equals("do_it$") ? "" : st.getMethodName();
                    text.append("\tat ").append(m).append('(').append(st.getFileName()).append(':')
                            .append(st.getLineNumber()).append(")\n");
                } else {
                    text.append("\tat ").append(st).append('\n');
                }
            }
            t = t.getCause();
            prefix = "Caused by: ";
        }
    }

    /** Evaluates a snippet of the console's own; problems go to {@code complaints}. */
    private void quietly(String source, StringBuilder complaints) {
        for (SnippetEvent e : shell.eval(source)) {
            if (e.causeSnippet() == null && e.status() == Snippet.Status.REJECTED) {
                StringBuilder why = new StringBuilder();
                diagnostics(e.snippet(), why);
                complaints.append(why);
            }
        }
        sink.take();
    }

    /** Declares {@code type name} holding {@code value}; false if JShell rejects the type. */
    private boolean bind(String name, Object value, String type, StringBuilder complaints) {
        engine.handOver(name, value);
        boolean ok = true;
        for (SnippetEvent e : shell.eval(type + " " + name + " = null;")) {
            if (e.causeSnippet() == null && (e.status() == Snippet.Status.REJECTED || e.exception() != null)) ok = false;
        }
        engine.handOver(null, null);
        sink.take();
        if (!ok && complaints != null) complaints.append("could not bind ").append(name).append('\n');
        return ok;
    }

    /**
     * The types to try declaring a bound object as: its class if a snippet can name it (public,
     * exported, not hidden or anonymous); else its nameable superclasses and interfaces, those
     * with the most public methods first (so {@code List.of(...)} is a {@code List}, not the
     * {@code AbstractCollection} its hidden class extends); {@code Object} last.
     */
    static List<String> typesOf(Object v) {
        Set<String> out = new LinkedHashSet<>();
        if (v != null) {
            Class<?> own = v.getClass();
            if (nameable(own)) out.add(own.getCanonicalName());
            Set<Class<?>> supers = new LinkedHashSet<>();
            List<Class<?>> todo = new ArrayList<>(List.of(own));
            for (int i = 0; i < todo.size(); i++) {
                Class<?> c = todo.get(i);
                if (c != own && c != Object.class && nameable(c)) supers.add(c);
                if (c.getSuperclass() != null) todo.add(c.getSuperclass());
                todo.addAll(List.of(c.getInterfaces()));
            }
            supers.stream().sorted(Comparator.comparingInt((Class<?> c) -> -c.getMethods().length))
                    .forEach(c -> out.add(c.getCanonicalName()));
        }
        out.add("Object");
        return List.copyOf(out);
    }

    private static boolean nameable(Class<?> c) {
        if (c.isHidden() || c.isAnonymousClass() || c.isLocalClass() || c.getCanonicalName() == null) return false;
        for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
            if (!Modifier.isPublic(k.getModifiers())) return false;
        }
        return c.getModule().isExported(c.getPackageName());
    }

    /** What snippets compile against: the JVM's class path, plus where gevent4j and each bound object's class come from. */
    private String classPath() {
        Set<String> entries = new LinkedHashSet<>();
        String cp = System.getProperty("java.class.path", "");
        for (String e : cp.split(File.pathSeparator)) if (!e.isEmpty()) entries.add(e);
        List<Class<?>> classes = new ArrayList<>();
        classes.add(Session.class);
        for (Object v : bindings.values()) if (v != null) classes.add(v.getClass());
        for (Class<?> c : classes) {
            CodeSource src = c.getProtectionDomain().getCodeSource();
            if (src == null || src.getLocation() == null) continue;
            try {
                entries.add(Path.of(src.getLocation().toURI()).toString());
            } catch (URISyntaxException | IllegalArgumentException ignored) {
                // not a file: the compiler cannot read it anyway
            }
        }
        return String.join(File.pathSeparator, entries);
    }
}
