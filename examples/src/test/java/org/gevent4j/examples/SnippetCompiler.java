package org.gevent4j.examples;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Turns a {@link DocSnippet} into a loaded class with a {@code main}, compiled in memory against the
 * test's own class path. Compile errors come back with the document's line numbers.
 */
final class SnippetCompiler {
    private static final JavaCompiler JAVAC = ToolProvider.getSystemJavaCompiler();
    private static final Pattern PUBLIC_TYPE = Pattern.compile(
            "(?m)^public\\s+(?:(?:final|abstract|sealed|non-sealed|strictfp)\\s+)*(?:class|record|interface|enum)\\s+(\\w+)");
    static final String STATEMENTS_CLASS = "Snippet";

    private SnippetCompiler() {}

    /**
     * What the compiler was given, and how its lines map back to the document.
     *
     * @param headerLine the source line of the generated class header (absent from the document), 0 if none
     */
    record Source(String text, int firstDocLine, int headerLine) {
        long docLine(long sourceLine) {
            return firstDocLine + sourceLine - (headerLine > 0 && sourceLine > headerLine ? 2 : 1);
        }
    }

    /** The Java source for {@code s}: the block itself, or its statements wrapped in {@code Snippet.main}. */
    static Source source(DocSnippet s) {
        int firstDocLine = s.line() + 1;
        if (s.isCompilationUnit()) return new Source(s.code(), firstDocLine, 0);
        List<String> lines = s.code().lines().toList();
        StringBuilder head = new StringBuilder();
        int i = 0;
        for (; i < lines.size(); i++) {
            String t = lines.get(i).strip();
            if (!(t.isEmpty() || t.startsWith("import ") || t.startsWith("//"))) break;
            head.append(lines.get(i)).append('\n');
        }
        // The imports keep their lines; the class header takes one line; the body follows at its own lines.
        StringBuilder text = new StringBuilder(head);
        text.append("public class " + STATEMENTS_CLASS + " { public static void main(String[] args) throws Exception {\n");
        for (int j = i; j < lines.size(); j++) text.append(lines.get(j)).append('\n');
        text.append("}}\n");
        return new Source(text.toString(), firstDocLine, i + 1);
    }

    /**
     * Compiles {@code s} and loads its top-level classes in a class loader of their own; throws an
     * {@link AssertionError} with javac's errors at the document's lines.
     */
    static List<Class<?>> compile(DocSnippet s) throws ClassNotFoundException {
        Source src = source(s);
        Matcher pub = PUBLIC_TYPE.matcher(src.text());
        String fileName = (pub.find() ? pub.group(1) : STATEMENTS_CLASS) + ".java";
        JavaFileObject unit = new SimpleJavaFileObject(URI.create("string:///" + fileName), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return src.text();
            }
        };
        Map<String, ByteArrayOutputStream> classes = new HashMap<>();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        StandardJavaFileManager standard = JAVAC.getStandardFileManager(diagnostics, Locale.ROOT, UTF_8);
        JavaFileManager inMemory = new ForwardingJavaFileManager<>(standard) {
            @Override
            public JavaFileObject getJavaFileForOutput(
                    Location location, String className, JavaFileObject.Kind kind, FileObject sibling) {
                return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/') + ".class"), kind) {
                    @Override
                    public OutputStream openOutputStream() {
                        return classes.computeIfAbsent(className, k -> new ByteArrayOutputStream());
                    }
                };
            }
        };
        List<String> options = new ArrayList<>(List.of(
                "-classpath", System.getProperty("java.class.path"), "-proc:none", "-encoding", "UTF-8", "-Xlint:-options"));
        boolean ok = JAVAC.getTask(null, inMemory, diagnostics, options, null, List.of(unit)).call();
        if (!ok) {
            StringBuilder msg = new StringBuilder(s.where() + ": does not compile:\n");
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                if (d.getKind() != Diagnostic.Kind.ERROR) continue;
                msg.append("  ")
                        .append(s.file())
                        .append(':')
                        .append(src.docLine(d.getLineNumber()))
                        .append(": ")
                        .append(d.getMessage(Locale.ROOT))
                        .append('\n');
            }
            throw new AssertionError(msg.append("--- as compiled:\n").append(src.text()).toString());
        }
        ClassLoader loader = new ClassLoader("snippet " + s.where(), SnippetCompiler.class.getClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                ByteArrayOutputStream bytes = classes.get(name);
                if (bytes == null) throw new ClassNotFoundException(name);
                byte[] b = bytes.toByteArray();
                return defineClass(name, b, 0, b.length);
            }
        };
        List<Class<?>> topLevel = new ArrayList<>();
        for (String name : classes.keySet().stream().sorted().toList()) {
            if (!name.contains("$")) topLevel.add(loader.loadClass(name));
        }
        return topLevel;
    }
}
