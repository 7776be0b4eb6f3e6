/**
 * gevent4j: gevent's coroutine model on Java 25 virtual threads. Greenlets are virtual threads
 * scheduled by a per-thread hub, so plain blocking code yields to the hub.
 *
 * <p>{@code org.gevent4j.internal} is not exported: it is the machinery (the hub's loop, the
 * strand every greenlet runs on, the JDK hook) that the public packages share.
 */
module org.gevent4j {
    requires jdk.unsupported; // sun.misc.Signal, for Gevent.signal
    requires jdk.jfr; // the monitor's pinning reports and gevent4j's own JFR events
    requires transitive jdk.httpserver; // HttpServer serves the JDK's HttpHandler API

    exports org.gevent4j;
    exports org.gevent4j.greenlet;
    exports org.gevent4j.event;
    exports org.gevent4j.pool;
    exports org.gevent4j.lock;
    exports org.gevent4j.queue;
    exports org.gevent4j.monitor;
    exports org.gevent4j.monkey;
    exports org.gevent4j.testing;
    exports org.gevent4j.subprocess;
    exports org.gevent4j.threadpool;
    exports org.gevent4j.fileobject;
    exports org.gevent4j.socket;
    exports org.gevent4j.server;
    exports org.gevent4j.ssl;
    exports org.gevent4j.resolver;
    exports org.gevent4j.http;
    exports org.gevent4j.http.spi;
    exports org.gevent4j.websocket;
    exports org.gevent4j.util;
    exports org.gevent4j.backdoor;

    provides com.sun.net.httpserver.spi.HttpServerProvider with org.gevent4j.http.spi.GeventHttpServerProvider;

    // Optional: only DnsResolver needs it (add dnsjava:dnsjava, and on the module path
    // --add-modules org.dnsjava, to use it).
    requires static org.dnsjava;
    // Optional: only the backdoor console needs it (every JDK has it; on the module path add
    // --add-modules jdk.jshell).
    requires static jdk.jshell;
}
