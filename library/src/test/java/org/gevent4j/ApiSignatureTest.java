package org.gevent4j;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Guards the public API: every public or protected type and member of the packages that
 * module-info exports, one sorted line each (with its generic signature, deprecation, sealing),
 * compared with the committed dump {@value #DUMP}. A change to the API, deliberate or not, fails
 * here until the dump is regenerated and the diff reviewed:
 *
 * <pre>./gevent4j test -pl library -Dtest=ApiSignatureTest -Dgevent4j.api.update=true</pre>
 *
 * <p>Members a public type inherits from a non-public class (Event's {@code ready()} from
 * Linkable) are listed under the public type, since that is where users see them.
 */
class ApiSignatureTest {
    static final String DUMP = "src/test/api/gevent4j-api.txt";
    private static final String REGENERATE =
            "./gevent4j test -pl library -Dtest=ApiSignatureTest -Dgevent4j.api.update=true";

    @Test
    void thePublicApiMatchesTheCommittedDump() throws IOException {
        List<String> actual = dump();
        Path file = Path.of(DUMP);
        if (Boolean.getBoolean("gevent4j.api.update")) {
            Files.createDirectories(file.getParent());
            Files.write(file, actual);
            return;
        }
        List<String> expected = Files.exists(file) ? Files.readAllLines(file) : List.of();
        if (expected.equals(actual)) return;
        Set<String> removed = new LinkedHashSet<>(expected);
        actual.forEach(removed::remove);
        Set<String> added = new LinkedHashSet<>(actual);
        expected.forEach(added::remove);
        StringBuilder msg = new StringBuilder("The public API differs from ").append(DUMP).append(":\n");
        removed.forEach(l -> msg.append("- ").append(l).append('\n'));
        added.forEach(l -> msg.append("+ ").append(l).append('\n'));
        msg.append("If the change is meant (a removal or a changed signature breaks users' code: add the new"
                + " one and @Deprecate the old instead), regenerate the dump and commit it with the change:\n  ")
                .append(REGENERATE).append('\n');
        fail(msg.toString());
    }

    /** The dump, sorted: a line per exported type ("pkg.Type kind ..."), then per member ("pkg.Type: member"). */
    static List<String> dump() throws IOException {
        Path classes = classesRoot();
        ModuleDescriptor module;
        try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
            module = ModuleDescriptor.read(in);
        }
        Set<String> exported = module.exports().stream().filter(e -> !e.isQualified())
                .map(ModuleDescriptor.Exports::source).collect(Collectors.toSet());
        TreeSet<String> lines = new TreeSet<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String rel = classes.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
                String name = rel.substring(0, rel.length() - ".class".length()).replace('/', '.');
                int dot = name.lastIndexOf('.');
                if (dot < 0 || !exported.contains(name.substring(0, dot)) || name.endsWith("package-info")) continue;
                Class<?> c;
                try {
                    c = Class.forName(name, false, ApiSignatureTest.class.getClassLoader());
                } catch (ClassNotFoundException e) {
                    throw new IllegalStateException(e);
                }
                if (visible(c)) describe(c, lines);
            }
        }
        return new ArrayList<>(lines);
    }

    static Path classesRoot() {
        try {
            return Path.of(Gevent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reachable by users: public or protected, and so is every class around it. */
    private static boolean visible(Class<?> c) {
        if (c.isSynthetic() || c.isAnonymousClass() || c.isLocalClass()) return false;
        for (Class<?> k = c; k != null; k = k.getDeclaringClass()) {
            int m = k.getModifiers();
            if (!Modifier.isPublic(m) && !Modifier.isProtected(m)) return false;
        }
        return true;
    }

    private static void describe(Class<?> c, Set<String> out) {
        String name = c.getName();
        // "pkg.Type kind ...": sorts just before the type's own "pkg.Type: member" lines
        StringBuilder t = new StringBuilder(name).append(' ').append(deprecation(c)).append(kind(c)).append(' ')
                .append(c.getSimpleName());
        var params = c.getTypeParameters();
        if (params.length > 0) {
            t.append(Arrays.stream(params).map(ApiSignatureTest::typeParameter).collect(Collectors.joining(",", "<", ">")));
        }
        // The nearest superclass users can name (Event's Linkable is not one of them).
        Type sup = c.getGenericSuperclass();
        for (Class<?> k = c.getSuperclass(); k != null && !visible(k); k = k.getSuperclass()) {
            sup = k.getGenericSuperclass();
        }
        if (!c.isInterface() && sup != null && sup != Object.class && !c.isEnum() && !c.isRecord()) {
            t.append(" extends ").append(typeName(sup));
        }
        List<String> ifaces = Arrays.stream(c.getGenericInterfaces())
                .filter(i -> visible(i instanceof Class<?> k ? k : (Class<?>) ((ParameterizedType) i).getRawType()))
                .map(ApiSignatureTest::typeName).sorted().toList();
        if (!ifaces.isEmpty()) t.append(c.isInterface() ? " extends " : " implements ").append(String.join(", ", ifaces));
        if (c.isSealed()) {
            t.append(" permits ").append(Arrays.stream(c.getPermittedSubclasses()).map(Class::getName).sorted()
                    .collect(Collectors.joining(", ")));
        }
        out.add(t.toString());
        List<Member> members = new ArrayList<>();
        // Inherited from non-public classes: part of this type's API, declared nowhere users see.
        for (Class<?> k = c; k != null && (k == c || !visible(k)); k = k.getSuperclass()) {
            members.addAll(Arrays.asList(k.getDeclaredFields()));
            members.addAll(Arrays.asList(k.getDeclaredMethods()));
            if (k == c) members.addAll(Arrays.asList(k.getDeclaredConstructors()));
        }
        boolean enumType = c.isEnum();
        for (Member m : members) {
            int mod = m.getModifiers();
            if (m.isSynthetic() || (!Modifier.isPublic(mod) && !Modifier.isProtected(mod))) continue;
            if (m instanceof Method meth && meth.isBridge()) continue;
            if (enumType && m instanceof Method meth && isEnumBoilerplate(meth)) continue;
            String sig = switch (m) {
                case Field f -> f.toGenericString();
                case Method meth -> meth.toGenericString();
                case Constructor<?> k -> k.toGenericString();
                default -> throw new IllegalStateException(m.toString());
            };
            // "pkg.Type.member(...)" -> "member(...)": the line already says the type; and
            // modifiers that do not change how callers compile go
            sig = sig.replace(m.getDeclaringClass().getTypeName() + ".", "")
                    .replaceAll("\\b(?:synchronized|native|volatile|transient) ", ""); // keywords: no name has them
            if (m instanceof Constructor<?>) sig = sig.replace(m.getDeclaringClass().getTypeName(), "<init>");
            out.add(name + ": " + deprecation((AnnotatedElement) m) + sig);
        }
    }

    private static boolean isEnumBoilerplate(Method m) {
        return (m.getName().equals("values") && m.getParameterCount() == 0)
                || (m.getName().equals("valueOf") && m.getParameterCount() == 1
                        && m.getParameterTypes()[0] == String.class);
    }

    private static String kind(Class<?> c) {
        String mods = Modifier.toString(c.getModifiers() & ~Modifier.INTERFACE & ~Modifier.STATIC
                & (c.isInterface() ? ~Modifier.ABSTRACT : ~0) & (c.isEnum() || c.isRecord() ? ~Modifier.FINAL : ~0));
        String kind = c.isAnnotation() ? "@interface" : c.isInterface() ? "interface" : c.isEnum() ? "enum"
                : c.isRecord() ? "record" : "class";
        if (c.isSealed()) mods = (mods.isEmpty() ? "" : mods + " ") + "sealed";
        return mods.isEmpty() ? kind : mods + " " + kind;
    }

    private static String typeParameter(java.lang.reflect.TypeVariable<?> v) {
        Type[] bounds = v.getBounds();
        if (bounds.length == 1 && bounds[0] == Object.class) return v.getName();
        return v.getName() + " extends " + Arrays.stream(bounds).map(ApiSignatureTest::typeName)
                .collect(Collectors.joining(" & "));
    }

    private static String typeName(Type t) {
        return t.getTypeName();
    }

    private static String deprecation(AnnotatedElement e) {
        Deprecated d = e.getAnnotation(Deprecated.class);
        if (d == null) return "";
        return d.forRemoval() ? "@Deprecated(forRemoval) " : "@Deprecated ";
    }
}
