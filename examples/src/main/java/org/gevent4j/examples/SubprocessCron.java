package org.gevent4j.examples;

import java.io.IOException;
import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;
import org.gevent4j.subprocess.Popen;
import org.gevent4j.subprocess.Subprocess;

/**
 * A {@code cron} greenlet keeps printing while main waits for a child process: waiting on a
 * subprocess is cooperative.
 *
 * <p>From tutorial 003 ("浅谈coroutine和gevent"), section "子进程" (subprocesses):
 * {@snippet lang=python :
 * import gevent
 * from gevent.subprocess import Popen, PIPE
 *
 * def cron():
 *     while True:
 *         print("cron")
 *         gevent.sleep(0.2)
 *
 * g = gevent.spawn(cron)
 * sub = Popen(['sleep 1; uname'], stdout=PIPE, shell=True)
 * out, err = sub.communicate()
 * g.kill()
 * print(out.rstrip())
 * }
 * Output: {@code cron} about five times (once at 0, 0.2, ..., 0.8 s, maybe a sixth at 1.0 s),
 * then the kernel name, {@code Linux}. {@code communicate()} parks main for the second the shell
 * takes; the hub runs {@code cron} meanwhile.
 *
 * <p>Run: {@code ./gevent4j run SubprocessCron}
 */
public final class SubprocessCron {
    private SubprocessCron() {}

    static void cron() {
        while (true) {
            System.out.println("cron");
            Gevent.sleep(0.2);
        }
    }

    public static void main(String[] args) throws IOException {
        Greenlet<Void> g = Gevent.spawn(SubprocessCron::cron);
        Popen sub = Popen.builder("sleep 1; uname").stdout(Subprocess.PIPE).shell(true).start();
        Popen.Output out = sub.communicate();
        g.kill();
        System.out.println(out.stdoutText().stripTrailing());
    }
}
