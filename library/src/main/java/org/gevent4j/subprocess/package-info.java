/**
 * Child processes whose pipes and exit are awaited cooperatively: gevent's
 * {@code gevent.subprocess}, Python's {@code subprocess} API.
 *
 * <p>{@link org.gevent4j.subprocess.Popen} starts a child ({@code Popen.builder(args)...start()})
 * with each of stdin, stdout and stderr a PIPE, {@code /dev/null}, inherited or a file, and offers
 * {@code communicate}, {@code await} (Python's {@code wait}), {@code poll}, {@code terminate},
 * {@code kill}; it is a {@link org.gevent4j.Waitable}, so {@code Gevent.wait} works on processes.
 * {@link org.gevent4j.subprocess.Subprocess} has {@code run}, {@code call}, {@code checkCall} and
 * {@code checkOutput}. Errors are {@link java.io.IOException}s: a program that does not exist is a
 * {@link java.io.FileNotFoundException}, a timeout a {@link org.gevent4j.subprocess.TimeoutExpired},
 * a failed check a {@link org.gevent4j.subprocess.CalledProcessError}.
 *
 * <p>Nothing here blocks the hub: a child is started (fork and exec) on the hub's thread pool,
 * pipes are served by dedicated platform threads and the exit is awaited through the JDK's process
 * reaper, while the greenlet parks.
 */
package org.gevent4j.subprocess;
