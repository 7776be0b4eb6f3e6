package org.gevent4j.resolver;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Chooses the resolver class from configuration, as gevent's {@code GEVENT_RESOLVER} does. The
 * system property {@value #PROPERTY} wins over the environment variable {@value #ENVIRONMENT}:
 *
 * <table>
 * <caption>Values</caption>
 * <tr><th>value</th><th>resolver</th></tr>
 * <tr><td>{@code thread} (default)</td><td>{@link ThreadPoolResolver}</td></tr>
 * <tr><td>{@code dnsjava}, and gevent's {@code ares} and {@code dnspython}</td><td>{@link DnsResolver}
 *     (the asynchronous DNS client; needs dnsjava on the class path)</td></tr>
 * <tr><td>{@code block}</td><td>{@link BlockingResolver} (blocks the hub; for debugging)</td></tr>
 * <tr><td>a fully qualified class name</td><td>that {@link Resolver}, by its public no-argument
 *     constructor</td></tr>
 * </table>
 *
 * <p>A comma-separated list names candidates in order of preference; the first available one is
 * used (gevent's {@code GEVENT_RESOLVER=ares,thread}). Names are case-insensitive.
 */
public final class Resolvers {
    /** The system property naming the resolver: {@value}. */
    public static final String PROPERTY = "gevent4j.resolver";
    /** The environment variable naming the resolver, gevent's: {@value}. */
    public static final String ENVIRONMENT = "GEVENT_RESOLVER";
    /** The choice when neither is set: {@value}. */
    public static final String DEFAULT = "thread";

    private Resolvers() {}

    /**
     * The configured choice: the property {@value #PROPERTY}, else the environment variable
     * {@value #ENVIRONMENT}, else {@value #DEFAULT}.
     *
     * @return the configured resolver name, trimmed, never blank
     */
    public static String configured() {
        String v = System.getProperty(PROPERTY);
        if (v == null || v.isBlank()) v = System.getenv(ENVIRONMENT);
        return v == null || v.isBlank() ? DEFAULT : v.trim();
    }

    /**
     * A new resolver of the {@link #configured()} kind.
     *
     * @return a new resolver; the caller closes it
     * @throws IllegalArgumentException if the value names no known resolver, or none of its
     *     candidates is available
     */
    public static Resolver fromConfig() {
        return create(configured());
    }

    /**
     * A new resolver of the kind {@code spec} names (see the class description).
     *
     * @param spec a resolver name or class name (case-insensitive), or a comma-separated list of them in
     *     order of preference
     * @return a new resolver; the caller closes it
     * @throws IllegalArgumentException if {@code spec} names no known resolver, or none of its
     *     candidates is available (the message lists why each was rejected)
     */
    public static Resolver create(String spec) {
        if (spec == null || spec.isBlank()) throw new IllegalArgumentException("empty resolver name");
        List<String> rejected = new ArrayList<>();
        IllegalArgumentException first = null;
        for (String raw : spec.split(",")) {
            String name = raw.trim();
            try {
                return createOne(name);
            } catch (IllegalArgumentException e) {
                if (first == null) first = e;
                rejected.add(e.getMessage());
            }
        }
        IllegalArgumentException e = new IllegalArgumentException(
                "no usable resolver in \"" + spec + "\" (" + PROPERTY + " / " + ENVIRONMENT + "): "
                        + String.join("; ", rejected) + ". Known: thread, dnsjava (aliases ares, dnspython), block,"
                        + " or a Resolver class name",
                first.getCause());
        throw e;
    }

    private static Resolver createOne(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "thread":
                return new ThreadPoolResolver();
            case "block":
                return new BlockingResolver();
            case "dnsjava", "ares", "dnspython":
                if (!dnsjavaPresent()) {
                    throw new IllegalArgumentException("\"" + name + "\" needs dnsjava (dnsjava:dnsjava) on the class path");
                }
                return new DnsResolver();
            default:
                if (name.indexOf('.') > 0) return byClassName(name);
                throw new IllegalArgumentException("unknown resolver \"" + name + "\"");
        }
    }

    private static boolean dnsjavaPresent() {
        try {
            Class.forName("org.xbill.DNS.lookup.LookupSession", false, Resolvers.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static Resolver byClassName(String name) {
        Class<?> c;
        try {
            c = Class.forName(name, true, contextLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException("resolver class " + name + " not found", e);
        }
        if (!Resolver.class.isAssignableFrom(c)) {
            throw new IllegalArgumentException("class " + name + " does not implement " + Resolver.class.getName());
        }
        try {
            return (Resolver) c.getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("cannot create resolver " + name + ": " + e, e);
        }
    }

    private static ClassLoader contextLoader() {
        ClassLoader l = Thread.currentThread().getContextClassLoader();
        return l != null ? l : Resolvers.class.getClassLoader();
    }
}
