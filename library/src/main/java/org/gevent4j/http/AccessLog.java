package org.gevent4j.http;

import java.net.InetSocketAddress;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The access log: NCSA combined format plus the duration in microseconds, each line formatted
 * on the hub (cheap) and written by a daemon platform thread (the sink may block on a disk or a
 * terminal; the hub must not). The queue is bounded: when it is full a line is dropped and
 * counted, never waited for.
 *
 * <p>Format: {@code host - user [time] "request line" status bytes "referer" "user-agent" micros}.
 * Bytes outside printable ASCII, {@code "} and {@code \} are escaped as {@code \xHH} (pywsgi #1708:
 * a hostile request line must not forge log lines or terminal escapes).
 */
final class AccessLog {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.US);

    /** Put after the last line when the server has stopped: the writer ends once it is reached. */
    private static final String END = new String("end of log");

    private final BlockingQueue<String> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final Thread writer;

    AccessLog(Consumer<String> sink, int capacity) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        writer = Thread.ofPlatform().daemon().name("gevent4j-http-access-log").start(() -> {
            while (true) {
                try {
                    String line = queue.take();
                    if (line == END) return;
                    sink.accept(line);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    dropped.incrementAndGet(); // a failing sink loses its line, not the log
                }
            }
        });
    }

    /** Lets the writer finish the queued lines and end. Never blocks: a full queue just loses the writer at once. */
    void close() {
        if (!queue.offer(END)) writer.interrupt();
    }

    long dropped() {
        return dropped.get();
    }

    void log(InetSocketAddress remote, String user, String line, int status, long bytes, String referer, String agent, long micros) {
        StringBuilder b = new StringBuilder(160);
        b.append(remote == null ? "-" : remote.getAddress().getHostAddress()).append(" - ");
        escape(b, user == null ? "-" : user);
        b.append(" [").append(TIME.format(ZonedDateTime.now())).append("] \"");
        escape(b, line == null ? "-" : line);
        b.append("\" ").append(status).append(' ').append(bytes <= 0 ? "-" : Long.toString(bytes)).append(" \"");
        escape(b, referer == null ? "-" : referer);
        b.append("\" \"");
        escape(b, agent == null ? "-" : agent);
        b.append("\" ").append(micros);
        if (!queue.offer(b.toString())) dropped.incrementAndGet();
    }

    static void escape(StringBuilder b, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
                b.append("\\x").append(Character.forDigit(c >> 4 & 0xf, 16)).append(Character.forDigit(c & 0xf, 16));
            } else {
                b.append(c);
            }
        }
    }
}
