package org.gevent4j.examples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.gevent4j.Hub;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Compiles every {@code java} block of README.md and docs/**&#47;*.md against the examples' class path
 * and runs it as {@code ./gevent4j run} runs a program (its {@code main} as the main greenlet, through
 * {@code org.gevent4j.monkey.Main}), comparing what it prints with the {@code output} block after it.
 * One dynamic test per block, named by file and line. The format: {@link DocSnippet}, and for authors
 * docs/testing.md.
 *
 * <p>Snippets run in this JVM, one at a time, each on a fresh platform thread (so on a hub of its own),
 * with {@code System.out} captured; each must finish within {@link #BOUND_SECONDS}.
 */
class DocSnippetsTest {
    private static final long BOUND_SECONDS = 60;

    @TestFactory
    List<DynamicTest> everyJavaBlockOfTheDocsCompilesAndRuns() {
        Path root = DocSnippet.repositoryRoot();
        List<DynamicTest> tests = new ArrayList<>();
        for (Path doc : DocSnippet.documents(root)) {
            List<DocSnippet> snippets;
            try {
                snippets = DocSnippet.parse(root, doc);
            } catch (IllegalStateException e) {
                tests.add(DynamicTest.dynamicTest(root.relativize(doc) + " (format)", () -> {
                    throw new AssertionError(e.getMessage(), e);
                }));
                continue;
            }
            for (DocSnippet s : snippets) {
                String name = s.where() + (s.compileOnly() ? " compile-only" : s.expectedOutput() != null ? " output" : " runs");
                tests.add(DynamicTest.dynamicTest(name, () -> check(s)));
            }
        }
        return tests;
    }

    @Test
    void theDocsHaveSnippetsAndTheParserFindsThem() {
        Path root = DocSnippet.repositoryRoot();
        List<DocSnippet> all = new ArrayList<>();
        for (Path doc : DocSnippet.documents(root)) all.addAll(DocSnippet.parse(root, doc));
        assertThat(all).extracting(DocSnippet::file).contains("README.md", "docs/guide.md");
        assertThat(all).filteredOn(s -> s.expectedOutput() != null).isNotEmpty();
    }

    private static void check(DocSnippet s) throws Exception {
        List<Class<?>> classes = SnippetCompiler.compile(s);
        if (s.compileOnly()) return;
        Class<?> main = mainClass(s, classes);
        Run run = run(s, main);
        if (run.error != null) {
            throw new AssertionError(s.where() + ": threw " + run.error + run.printed(), run.error);
        }
        if (s.expectedOutput() != null) {
            assertThat(normalise(run.out))
                    .as("%s: what it printed on stdout%s", s.where(), run.err.isEmpty() ? "" : "\n(stderr:\n" + run.err + ")")
                    .isEqualTo(normalise(s.expectedOutput()));
        }
    }

    private static String normalise(String text) {
        return text.replace("\r\n", "\n").stripTrailing() + "\n";
    }

    /** The top-level class declaring {@code main} (monkey.Main's search: with or without arguments, static or not). */
    private static Class<?> mainClass(DocSnippet s, List<Class<?>> classes) {
        List<Class<?>> withMain = new ArrayList<>();
        for (Class<?> c : classes) {
            for (Method m : c.getDeclaredMethods()) {
                if (m.getName().equals("main") && !Modifier.isPrivate(m.getModifiers()) && m.getReturnType() == void.class) {
                    withMain.add(c);
                    break;
                }
            }
        }
        if (withMain.size() == 1) return withMain.getFirst();
        List<Class<?>> publicOnes = withMain.stream().filter(c -> Modifier.isPublic(c.getModifiers())).toList();
        if (publicOnes.size() == 1) return publicOnes.getFirst();
        throw new AssertionError(s.where() + ": " + (withMain.isEmpty() ? "no" : "more than one") + " top-level class with a main"
                + " (a block that is not meant to run is marked `java compile-only`)");
    }

    private record Run(String out, String err, Throwable error) {
        String printed() {
            return "\n--- stdout:\n" + out + "--- stderr:\n" + err;
        }
    }

    private static Run run(DocSnippet s, Class<?> main) throws InterruptedException {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        AtomicReference<Throwable> error = new AtomicReference<>();
        Thread t;
        try (PrintStream o = new PrintStream(out, true, UTF_8); PrintStream e = new PrintStream(err, true, UTF_8)) {
            System.setOut(o);
            System.setErr(e);
            String[] args = {main.getName()};
            t = Thread.ofPlatform().name("snippet " + s.where()).unstarted(() -> {
                try {
                    if (s.virtualClock()) {
                        Hub.runWithVirtualClock(() -> {
                            try {
                                org.gevent4j.monkey.Main.main(args);
                            } catch (Exception | Error x) {
                                throw x;
                            } catch (Throwable x) {
                                throw new AssertionError(x);
                            }
                            return null;
                        });
                    } else {
                        org.gevent4j.monkey.Main.main(args);
                    }
                } catch (Throwable x) {
                    error.set(x);
                }
            });
            t.setContextClassLoader(main.getClassLoader()); // monkey.Main finds the class through it
            t.setDaemon(true);
            t.start();
            t.join(TimeUnit.SECONDS.toMillis(BOUND_SECONDS));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        if (t.isAlive()) {
            t.interrupt();
            throw new AssertionError(s.where() + ": still running after " + BOUND_SECONDS + " s (a server that runs forever"
                    + " is marked `java compile-only`)" + new Run(out.toString(UTF_8), err.toString(UTF_8), null).printed());
        }
        return new Run(out.toString(UTF_8), err.toString(UTF_8), error.get());
    }
}
