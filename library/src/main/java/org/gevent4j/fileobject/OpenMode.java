package org.gevent4j.fileobject;

import java.nio.file.OpenOption;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;

/**
 * A Python {@code open} mode ({@code "r"}, {@code "w+"}, {@code "ab"}...) as the JDK's open options
 * and what the file may be used for.
 *
 * @param appendByHand {@code "a+"}: the JDK cannot combine READ and APPEND, so each write seeks to
 *     the end itself
 */
record OpenMode(Set<OpenOption> options, boolean readable, boolean writable, boolean appendByHand) {

    /** @throws IllegalArgumentException for a mode that is not r, w, a or x, optionally with + and b or t */
    static OpenMode parse(String mode) {
        char kind = 0;
        boolean plus = false, bt = false;
        for (char c : mode.toCharArray()) {
            switch (c) {
                case 'r', 'w', 'a', 'x' -> {
                    if (kind != 0) throw badMode(mode);
                    kind = c;
                }
                case '+' -> {
                    if (plus) throw badMode(mode);
                    plus = true;
                }
                case 'b', 't' -> {
                    if (bt) throw badMode(mode);
                    bt = true;
                }
                default -> throw badMode(mode);
            }
        }
        if (kind == 0) throw badMode(mode);
        Set<OpenOption> options = new HashSet<>();
        switch (kind) {
            case 'r' -> options.add(StandardOpenOption.READ);
            case 'w' -> options.addAll(EnumSet.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING));
            case 'a' -> options.addAll(plus ? EnumSet.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE)
                    : EnumSet.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE, StandardOpenOption.APPEND));
            default -> options.addAll(EnumSet.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW));
        }
        if (plus) options.addAll(EnumSet.of(StandardOpenOption.READ, StandardOpenOption.WRITE));
        return new OpenMode(options, kind == 'r' || plus, kind != 'r' || plus, kind == 'a' && plus);
    }

    private static IllegalArgumentException badMode(String mode) {
        return new IllegalArgumentException("invalid mode: '" + mode + "' (expected r, w, a or x, optionally with + and b or t)");
    }
}
