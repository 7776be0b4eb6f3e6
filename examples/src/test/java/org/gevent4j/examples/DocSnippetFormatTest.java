package org.gevent4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The snippet format of docs/testing.md, as {@link DocSnippet} and {@link SnippetCompiler} read it. */
class DocSnippetFormatTest {
    @TempDir
    Path root;

    private List<DocSnippet> parse(String markdown) throws IOException {
        Path doc = root.resolve("doc.md");
        Files.writeString(doc, markdown);
        return DocSnippet.parse(root, doc);
    }

    @Test
    void anOutputBlockAfterBlankLinesBelongsToTheJavaBlockBefore() throws IOException {
        List<DocSnippet> s = parse("""
                # Title

                ```java
                System.out.println("hi");
                ```


                ```output
                hi
                ```

                ```sh
                echo not java
                ```
                """);
        assertThat(s).hasSize(1);
        assertThat(s.getFirst().where()).isEqualTo("doc.md:3");
        assertThat(s.getFirst().code()).isEqualTo("System.out.println(\"hi\");\n");
        assertThat(s.getFirst().expectedOutput()).isEqualTo("hi\n");
        assertThat(s.getFirst().compileOnly()).isFalse();
    }

    @Test
    void optionsFollowTheWordJava() throws IOException {
        List<DocSnippet> s = parse("""
                ```java compile-only
                new java.net.ServerSocket(8080).accept();
                ```
                ```java virtual-clock
                org.gevent4j.Gevent.sleep(60);
                ```
                """);
        assertThat(s).extracting(DocSnippet::compileOnly).containsExactly(true, false);
        assertThat(s).extracting(DocSnippet::virtualClock).containsExactly(false, true);
        assertThat(s).extracting(DocSnippet::expectedOutput).containsOnlyNulls();
    }

    @Test
    void misusesOfTheFormatAreErrorsNamingTheLine() {
        assertThatThrownBy(() -> parse("```java compile-onyl\nint x;\n```\n"))
                .hasMessageContaining("doc.md:1")
                .hasMessageContaining("unknown snippet option 'compile-onyl'");
        assertThatThrownBy(() -> parse("```java\nint x;\n```\nSome prose.\n\n```output\nx\n```\n"))
                .hasMessageContaining("doc.md:6")
                .hasMessageContaining("must follow a java block directly");
        assertThatThrownBy(() -> parse("```java compile-only\nint x;\n```\n```output\nx\n```\n"))
                .hasMessageContaining("compile-only snippet cannot have an output block");
        assertThatThrownBy(() -> parse("text\n```java\nint x;\n")).hasMessageContaining("doc.md:2: unclosed fence");
    }

    @Test
    void aFenceIndentedInAListLosesItsIndentation() throws IOException {
        List<DocSnippet> s = parse("""
                - item

                  ```java
                  int x = 1;
                    int y = 2;
                  ```
                """);
        assertThat(s.getFirst().code()).isEqualTo("int x = 1;\n  int y = 2;\n");
    }

    @Test
    void aBlockDeclaringATypeAfterItsImportsIsACompilationUnit() throws IOException {
        List<DocSnippet> s = parse("""
                ```java
                import java.util.List;

                public final class A { public static void main(String[] args) {} }
                ```
                ```java
                import java.util.List;
                // a comment
                List<Integer> xs = List.of(1);
                ```
                """);
        assertThat(s).extracting(DocSnippet::isCompilationUnit).containsExactly(true, false);
    }

    @Test
    void compileErrorsNameTheDocumentsLines() throws IOException {
        List<DocSnippet> s = parse("""
                Text.

                ```java
                import java.util.List;

                List<Integer> xs = List.of(1);
                int y = xs.nosuch();
                ```
                """);
        assertThatThrownBy(() -> SnippetCompiler.compile(s.getFirst()))
                .hasMessageContaining("doc.md:3: does not compile")
                .hasMessageContaining("doc.md:7: cannot find symbol");
    }

    @Test
    void statementsBecomeTheBodyOfAMainThatCompiles() throws Exception {
        List<DocSnippet> s = parse("""
                ```java
                import java.util.List;
                System.out.println(List.of(1, 2));
                ```
                """);
        List<Class<?>> classes = SnippetCompiler.compile(s.getFirst());
        assertThat(classes).hasSize(1);
        assertThat(classes.getFirst().getMethod("main", String[].class)).isNotNull();
    }
}
