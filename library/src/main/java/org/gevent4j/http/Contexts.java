package org.gevent4j.http;

import java.util.concurrent.CopyOnWriteArrayList;

/** A server's contexts; the longest path prefix wins (the JDK's rule). Changes are rare, lookups per request. */
final class Contexts {
    private final CopyOnWriteArrayList<Context> list = new CopyOnWriteArrayList<>();

    synchronized void add(Context c) {
        for (Context e : list) {
            if (e.getPath().equals(c.getPath())) throw new IllegalArgumentException("cannot add context to list: " + c.getPath() + " exists");
        }
        list.add(c);
    }

    Context remove(String path) {
        for (Context e : list) {
            if (e.getPath().equals(path) && list.remove(e)) return e;
        }
        throw new IllegalArgumentException("cannot remove element from list: no context " + path);
    }

    boolean remove(Context c) {
        return list.remove(c);
    }

    Context find(String path) {
        Context best = null;
        for (Context c : list) {
            if (c.matches(path) && (best == null || c.getPath().length() > best.getPath().length())) best = c;
        }
        return best;
    }
}
