package org.gevent4j.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One fenced {@code java} block of the documentation, as {@link DocSnippetsTest} reads it. The
 * format is described for authors in docs/testing.md ("About the snippets in these docs"):
 *
 * <ul>
 *   <li>the info string is {@code java}, optionally followed by options: {@code compile-only} (compiled,
 *       never run) or {@code virtual-clock} (run on a hub whose clock is virtual);
 *   <li>a block whose first line after its imports declares a type is a compilation unit, run through its
 *       {@code main}; any other block is statements: its leading {@code import} lines are hoisted and the
 *       rest becomes the body of {@code main};
 *   <li>a fenced block with info string {@code output} right after it (blank lines between are allowed) is
 *       what the program must print on stdout.
 * </ul>
 *
 * @param file the document, relative to the repository root
 * @param line the line of the opening fence (1-based)
 * @param options the words of the info string after {@code java}
 * @param code the block's text, its fence's indentation removed
 * @param expectedOutput the {@code output} block that follows, or {@code null}
 */
record DocSnippet(String file, int line, Set<String> options, String code, String expectedOutput) {

    static final String COMPILE_ONLY = "compile-only";
    static final String VIRTUAL_CLOCK = "virtual-clock";
    private static final Set<String> KNOWN_OPTIONS = Set.of(COMPILE_ONLY, VIRTUAL_CLOCK);

    private static final Pattern FENCE = Pattern.compile("^( *)(`{3,}|~{3,})\\s*(.*?)\\s*$");
    private static final Pattern TYPE_DECLARATION = Pattern.compile(
            "^(?:@\\w+(?:\\([^)]*\\))?\\s+)*"
                    + "(?:(?:public|protected|private|final|abstract|sealed|non-sealed|static|strictfp)\\s+)*"
                    + "(?:class|record|interface|enum|@interface)\\s+\\w+.*",
            Pattern.DOTALL);

    /** "README.md:11": how a test and its failures name this snippet. */
    String where() {
        return file + ":" + line;
    }

    boolean compileOnly() {
        return options.contains(COMPILE_ONLY);
    }

    boolean virtualClock() {
        return options.contains(VIRTUAL_CLOCK);
    }

    /** True for a whole compilation unit: the first line after the imports declares a type (or a package). */
    boolean isCompilationUnit() {
        for (String l : code.lines().toList()) {
            String t = l.strip();
            if (t.isEmpty() || t.startsWith("//") || t.startsWith("import ")) continue;
            return t.startsWith("package ") || TYPE_DECLARATION.matcher(t).matches();
        }
        return false;
    }

    /** Every Markdown file the snippet test reads: README.md and docs/**&#47;*.md, in path order. */
    static List<Path> documents(Path root) {
        List<Path> docs = new ArrayList<>();
        docs.add(root.resolve("README.md"));
        try (Stream<Path> s = Files.walk(root.resolve("docs"))) {
            s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return docs;
    }

    /** The repository root: the nearest directory above the working directory holding README.md and docs/. */
    static Path repositoryRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("README.md")) && Files.isDirectory(p.resolve("docs"))) return p;
        }
        throw new IllegalStateException("no README.md with docs/ above " + Path.of("").toAbsolutePath());
    }

    /** One fenced block of any language. */
    private record Block(int line, String info, String text) {}

    /**
     * Every {@code java} block of {@code doc}, with its output block. Malformed uses of the format (an
     * unknown option, an {@code output} block after no runnable {@code java} block, an unclosed fence)
     * throw: nothing is skipped silently.
     */
    static List<DocSnippet> parse(Path root, Path doc) {
        String name = root.relativize(doc).toString().replace('\\', '/');
        List<String> lines;
        try {
            lines = Files.readAllLines(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Block> blocks = new ArrayList<>();
        List<Integer> blankRunBefore = new ArrayList<>(); // did only blank lines separate it from the previous block?
        boolean onlyBlankSinceLastBlock = false;
        for (int i = 0; i < lines.size(); i++) {
            Matcher open = FENCE.matcher(lines.get(i));
            if (!open.matches()) {
                if (!lines.get(i).isBlank()) onlyBlankSinceLastBlock = false;
                continue;
            }
            int indent = open.group(1).length();
            String fence = open.group(2);
            StringBuilder text = new StringBuilder();
            int j = i + 1;
            for (; j < lines.size(); j++) {
                String l = lines.get(j);
                String t = l.strip();
                if (t.startsWith(fence) && t.chars().allMatch(c -> c == fence.charAt(0))) break;
                text.append(l.length() >= indent && l.substring(0, indent).isBlank() ? l.substring(indent) : l.strip())
                        .append('\n');
            }
            if (j == lines.size()) throw new IllegalStateException(name + ":" + (i + 1) + ": unclosed fence");
            blocks.add(new Block(i + 1, open.group(3), text.toString()));
            blankRunBefore.add(onlyBlankSinceLastBlock ? 1 : 0);
            onlyBlankSinceLastBlock = true;
            i = j;
        }
        List<DocSnippet> snippets = new ArrayList<>();
        for (int b = 0; b < blocks.size(); b++) {
            Block block = blocks.get(b);
            String[] words = block.info().split("\\s+");
            if (words[0].equals("output")) {
                boolean ownedByPrevious = b > 0 && blankRunBefore.get(b) == 1 && isJava(blocks.get(b - 1).info());
                if (!ownedByPrevious) {
                    throw new IllegalStateException(name + ":" + block.line()
                            + ": an output block must follow a java block directly (blank lines only between)");
                }
                continue;
            }
            if (!isJava(block.info())) continue;
            Set<String> options = Set.of(java.util.Arrays.copyOfRange(words, 1, words.length));
            for (String o : options) {
                if (!KNOWN_OPTIONS.contains(o)) {
                    throw new IllegalStateException(name + ":" + block.line() + ": unknown snippet option '" + o
                            + "' (known: " + KNOWN_OPTIONS + ")");
                }
            }
            String output = null;
            if (b + 1 < blocks.size()
                    && blankRunBefore.get(b + 1) == 1
                    && blocks.get(b + 1).info().split("\\s+")[0].equals("output")) {
                output = blocks.get(b + 1).text();
                if (options.contains(COMPILE_ONLY)) {
                    throw new IllegalStateException(name + ":" + block.line()
                            + ": a compile-only snippet cannot have an output block");
                }
            }
            snippets.add(new DocSnippet(name, block.line(), options, block.text(), output));
        }
        return snippets;
    }

    private static boolean isJava(String info) {
        return info.split("\\s+")[0].equals("java");
    }
}
