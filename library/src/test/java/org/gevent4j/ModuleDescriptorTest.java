package org.gevent4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gevent4j.TestHubs.virtualHub;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.gevent4j.pool.Group;
import org.junit.jupiter.api.Test;

/**
 * What module-info promises, checked on the class path (against the compiled descriptor) and on
 * the module path, where the library test suite also runs a representative subset (the
 * {@code module-path} execution of library/pom.xml): there this test runs inside the named module
 * {@code org.gevent4j}, so a package missing from its exports or a missing {@code requires}
 * fails here and in the other tests of that run (http/SpiTest: the {@code provides} of the HTTP
 * server provider).
 */
class ModuleDescriptorTest {
    private static final Set<String> INTERNAL = Set.of("org.gevent4j.internal", "org.gevent4j.internal.jfr");

    private static ModuleDescriptor descriptor() throws IOException {
        Path classes = ApiSignatureTest.classesRoot();
        try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
            return ModuleDescriptor.read(in);
        }
    }

    @Test
    void everyPackageButTheInternalOnesIsExportedToAll() throws IOException {
        ModuleDescriptor d = descriptor();
        Set<String> packages = new TreeSet<>();
        Path classes = ApiSignatureTest.classesRoot();
        try (Stream<Path> files = Files.walk(classes)) {
            files.filter(f -> f.toString().endsWith(".class") && !f.getFileName().toString().equals("module-info.class"))
                    .forEach(f -> packages.add(classes.relativize(f.getParent()).toString()
                            .replace(f.getFileSystem().getSeparator(), ".")));
        }
        Set<String> exported = d.exports().stream().filter(e -> !e.isQualified())
                .map(ModuleDescriptor.Exports::source).collect(Collectors.toCollection(TreeSet::new));
        Set<String> expected = new TreeSet<>(packages);
        expected.removeAll(INTERNAL);
        assertThat(exported).containsExactlyElementsOf(expected);
        assertThat(d.name()).isEqualTo("org.gevent4j");
    }

    @Test
    void onTheModulePathTheLibraryIsTheNamedModuleItsDescriptorDescribes() throws IOException {
        Module m = Gevent.class.getModule();
        // Set by the module-path execution only: then the library must be the named module.
        assertThat(m.isNamed()).isEqualTo(Boolean.getBoolean("gevent4j.test.modulePath"));
        if (!m.isNamed()) return; // the class-path runs: the test above covers the descriptor
        assertThat(m.getName()).isEqualTo("org.gevent4j");
        assertThat(m.getDescriptor().exports()).isEqualTo(descriptor().exports());
        for (String p : INTERNAL) assertThat(m.isExported(p)).as(p).isFalse();
        // The hook's --add-opens names the module, and greenlets run: the whole of Loom works.
        assertThat(Object.class.getModule().isOpen("java.lang", m)).isTrue();
        assertThat(virtualHub(() -> new Group().map(x -> x * 2, java.util.List.of(1, 2, 3))))
                .containsExactly(2, 4, 6);
    }
}
