package org.gevent4j.util;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** Run-info as text: gevent's layout of {@code format_run_info}, trees drawn with its {@code +---}. */
final class TextFormat {
    private TextFormat() {}

    static void hub(StringBuilder sb, RunInfo.HubInfo h, int frames) {
        sb.append("Hub ").append(h.thread()).append(h.virtualClock() ? " (virtual clock)" : "").append(": ");
        if (h.sleeping()) {
            sb.append("idle (waiting for I/O, a timer or another thread)");
        } else {
            sb.append("busy, this iteration began ").append(millis(h.iterationNanos())).append(" ago");
        }
        sb.append('\n');
        sb.append("  run queue ").append(h.queued()).append(", timers ").append(h.timers())
                .append(", selector keys ").append(h.selectorKeys()).append(", I/O waiters ").append(h.ioWaiters())
                .append(", lag ").append(millis(h.lagNanos())).append('\n');
        sb.append("  greenlets ").append(h.greenlets()).append(" (").append(h.parked()).append(" parked)")
                .append(", iterations ").append(h.iterations()).append(", tasks run ").append(h.tasksRun())
                .append(", timers fired ").append(h.timersFired()).append(", keys selected ").append(h.keysSelected())
                .append('\n');
        if (h.runner() != null && h.runner() != h.threadObject()) {
            sb.append("  loop run by ").append(h.runner().getName()).append(" while main waits\n");
        }
        tree(sb, h.tree(), frames);
    }

    static void tree(StringBuilder sb, GreenletTree t, int frames) {
        node(sb, t, "", "", frames);
    }

    private static void node(StringBuilder sb, GreenletTree t, String first, String rest, int frames) {
        sb.append(first).append(t.name());
        if (t.kind().equals("main")) sb.append(" (thread ").append(t.thread().getName()).append(')');
        sb.append(" [").append(t.state());
        if (t.age() != null) sb.append(", age ").append(seconds(t.age()));
        if (t.group() != null) sb.append(", in ").append(t.group());
        if (t.isCurrent()) sb.append(", current");
        sb.append("]\n");
        String body = rest + (t.children().isEmpty() ? "     " : " :   ");
        if (t.spawnedBy() != null) sb.append(body).append("Spawned by (dead): ").append(t.spawnedBy()).append('\n');
        List<StackTraceElement> stack = t.stack();
        int n = Math.min(frames, stack.size());
        for (int i = 0; i < n; i++) sb.append(body).append("  at ").append(stack.get(i)).append('\n');
        if (stack.size() > n && n > 0) sb.append(body).append("  ... ").append(stack.size() - n).append(" more\n");
        List<GreenletTree> kids = t.children();
        for (int i = 0; i < kids.size(); i++) {
            boolean last = i == kids.size() - 1;
            node(sb, kids.get(i), rest + " +--- ", rest + (last ? "      " : " :    "), frames);
        }
    }

    static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }

    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.3f s", d.toNanos() / 1e9);
    }
}
