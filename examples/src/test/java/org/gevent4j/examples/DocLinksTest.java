package org.gevent4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README and docs stand on their own in a fresh clone: every relative link of README.md and
 * docs/**&#47;*.md names a file or directory of the repository, and none reaches outside it; a link
 * to a heading of a Markdown file ({@code guide.md#servers}) names one that exists.
 */
class DocLinksTest {
    /** {@code [text](target)} and {@code ![alt](target "title")}; the target ends at a space or ')'. */
    private static final Pattern INLINE = Pattern.compile("!?\\[[^\\]]*]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    /** {@code [label]: target} on a line of its own. */
    private static final Pattern REFERENCE = Pattern.compile("^\\s{0,3}\\[[^\\]]+]:\\s*<?(\\S+?)>?(?:\\s.*)?$");
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");

    private record Link(String where, Path doc, String target) {}

    @Test
    void everyRelativeLinkNamesAFileOfTheRepository() throws IOException {
        Path root = DocSnippet.repositoryRoot().toRealPath();
        List<Link> links = links(root);
        List<String> broken = new ArrayList<>();
        for (Link l : links) {
            String target = l.target();
            if (SCHEME.matcher(target).find() || target.startsWith("#")) continue;
            String file = target.replaceFirst("[#?].*$", "");
            Path resolved = l.doc().getParent().resolve(file).normalize();
            if (!resolved.startsWith(root)) {
                broken.add(l.where() + ": " + target + " is outside the repository");
            } else if (!Files.exists(resolved)) {
                broken.add(l.where() + ": " + target + " does not exist");
            }
        }
        for (Link l : links) {
            int hash = l.target().indexOf('#');
            if (hash < 0 || SCHEME.matcher(l.target()).find()) continue;
            String file = l.target().substring(0, hash);
            Path doc = file.isEmpty() ? l.doc() : l.doc().getParent().resolve(file).normalize();
            if (!doc.toString().endsWith(".md") || !Files.isRegularFile(doc)) continue;
            if (!anchors(doc).contains(l.target().substring(hash + 1))) {
                broken.add(l.where() + ": " + l.target() + " names no heading of " + root.relativize(doc));
            }
        }
        assertThat(broken).as("broken links").isEmpty();
        assertThat(links).as("links found (the parser works)").isNotEmpty();
    }

    @Test
    void noDocumentPointsAtTheTeamsSharedNotes() throws IOException {
        Path root = DocSnippet.repositoryRoot();
        List<String> hits = new ArrayList<>();
        for (Path doc : DocSnippet.documents(root)) {
            List<String> lines = Files.readAllLines(doc);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains("../shared")) hits.add(root.relativize(doc) + ":" + (i + 1) + ": " + lines.get(i).strip());
            }
        }
        assertThat(hits).as("references to ../shared, which a clone does not have").isEmpty();
    }

    @Test
    void headingAnchorsFollowGitHubsRule(@TempDir Path dir) throws IOException {
        Path doc = dir.resolve("a.md");
        Files.writeString(doc, """
                # The API's conventions
                ## Running programs: the launcher and `monkey.Main`
                ## Testing
                ### Testing
                ```
                # not a heading: code
                ```
                """);
        assertThat(anchors(doc)).containsExactlyInAnyOrder(
                "the-apis-conventions", "running-programs-the-launcher-and-monkeymain", "testing", "testing-1");
    }

    /** GitHub's anchors of a document's headings: lower case, punctuation dropped, spaces to hyphens. */
    static Set<String> anchors(Path doc) throws IOException {
        Set<String> anchors = new HashSet<>();
        boolean inFence = false;
        for (String line : Files.readAllLines(doc)) {
            String t = line.strip();
            if (t.startsWith("```") || t.startsWith("~~~")) inFence = !inFence;
            if (inFence || !line.startsWith("#")) continue;
            String slug = line.replaceFirst("^#+\\s*", "")
                    .toLowerCase(Locale.ROOT)
                    .replaceAll("[^\\p{L}\\p{N}\\s_-]", "")
                    .replace(' ', '-');
            String unique = slug;
            for (int n = 1; !anchors.add(unique); n++) unique = slug + "-" + n;
        }
        return anchors;
    }

    /** Every link outside fenced blocks and inline code, with its file:line. */
    private static List<Link> links(Path root) throws IOException {
        List<Link> links = new ArrayList<>();
        for (Path doc : DocSnippet.documents(root)) {
            Path real = doc.toRealPath();
            List<String> lines = Files.readAllLines(doc);
            boolean inFence = false;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                String t = line.strip();
                if (t.startsWith("```") || t.startsWith("~~~")) {
                    inFence = !inFence;
                    continue;
                }
                if (inFence) continue;
                String text = line.replaceAll("`[^`]*`", "``");
                String where = root.relativize(real) + ":" + (i + 1);
                Matcher m = INLINE.matcher(text);
                while (m.find()) links.add(new Link(where, real, m.group(1)));
                Matcher r = REFERENCE.matcher(text);
                if (r.matches()) links.add(new Link(where, real, r.group(1)));
            }
        }
        return links;
    }
}
