package org.gevent4j.subprocess;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gevent4j.TestHubs.realHub;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.FileNotFoundException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.gevent4j.Gevent;
import org.gevent4j.Greenlet;
import org.gevent4j.GreenletExit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Subprocess.run/call/checkCall/checkOutput and their builder forms, with real children. */
@org.junit.jupiter.api.Timeout(30)
class SubprocessTest {

    @Test
    void runWaitsAndReturnsTheCompletedProcess() {
        realHub(() -> {
            CompletedProcess done = Subprocess.run("true");
            assertThat(done.args()).containsExactly("true");
            assertThat(done.returncode()).isZero();
            assertThat(done.stdout()).as("not captured").isNull();

            CompletedProcess captured = Popen.builder("sh", "-c", "echo out; echo err >&2; exit 2").captureOutput().run();
            assertThat(captured.returncode()).isEqualTo(2);
            assertThat(captured.stdoutText()).isEqualTo("out\n");
            assertThat(captured.stderrText()).isEqualTo("err\n");
            assertThatThrownBy(captured::checkReturncode).isInstanceOf(CalledProcessError.class);
        });
    }

    @Test
    void runSendsInputThroughAPipe() {
        realHub(() -> {
            CompletedProcess done = Popen.builder("tr", "a-z", "A-Z").input("shout\n").stdout(Subprocess.PIPE).run();
            assertThat(done.stdoutText()).isEqualTo("SHOUT\n");
            assertThatThrownBy(() -> Popen.builder("cat").stdin(Subprocess.DEVNULL).input("x").run())
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("both given");
        });
    }

    @Test
    void checkedRunThrowsCalledProcessErrorCarryingTheOutput() {
        realHub(() -> {
            CalledProcessError e = assertThrows(CalledProcessError.class,
                    () -> Popen.builder("sh", "-c", "echo partial; echo why >&2; exit 3").captureOutput().check(true).run());
            assertThat(e.returncode()).isEqualTo(3);
            assertThat(e.cmd()).containsExactly("sh", "-c", "echo partial; echo why >&2; exit 3");
            assertThat(new String(e.output(), UTF_8)).isEqualTo("partial\n");
            assertThat(new String(e.stderr(), UTF_8)).isEqualTo("why\n");
            assertThat(e).hasMessageContaining("returned non-zero exit status 3.");
        });
    }

    @Test
    void callReturnsTheCodeAndCheckCallThrowsOnFailure() {
        realHub(() -> {
            assertThat(Subprocess.call("false")).isEqualTo(1);
            assertThat(Subprocess.call(List.of("sh", "-c", "exit 5"))).isEqualTo(5);
            Subprocess.checkCall("true");
            CalledProcessError e = assertThrows(CalledProcessError.class, () -> Subprocess.checkCall("false"));
            assertThat(e.returncode()).isEqualTo(1);
            assertThat(e.output()).isNull();
        });
    }

    @Test
    void checkOutputReturnsStdout() {
        realHub(() -> {
            assertThat(new String(Subprocess.checkOutput("echo", "hello"), UTF_8)).isEqualTo("hello\n");
            CalledProcessError e = assertThrows(CalledProcessError.class,
                    () -> Popen.builder("echo half; exit 1").shell(true).checkOutput());
            assertThat(new String(e.output(), UTF_8)).isEqualTo("half\n");
        });
    }

    @Test
    void aTimeoutKillsTheChildAndReportsTheOutputSoFar() {
        realHub(() -> {
            AtomicLong pid = new AtomicLong();
            TimeoutExpired e = assertThrows(TimeoutExpired.class,
                    () -> Popen.builder("echo started; exec sleep 10").shell(true).stdout(Subprocess.PIPE)
                            .timeout(Duration.ofMillis(300)).run());
            assertThat(new String(e.output(), UTF_8)).isEqualTo("started\n");
            assertThat(e.timeout()).isEqualTo(Duration.ofMillis(300));

            assertThrows(TimeoutExpired.class, () -> Popen.builder("sleep", "10").timeout(Duration.ofMillis(100)).call());
            Popen.builder("sh", "-c", "echo $$").stdout(Subprocess.PIPE).run(); // warm
            pid.set(Long.parseLong(new String(Subprocess.checkOutput("sh", "-c", "echo $$"), UTF_8).strip()));
            assertThat(ProcessHandle.of(pid.get()).filter(ProcessHandle::isAlive)).isEmpty();
        });
    }

    @Test
    void killingAGreenletInRunKillsItsChild() {
        realHub(() -> {
            String unique = "9.8765"; // tells this test's child from any other
            Greenlet<CompletedProcess> g = Gevent.spawn(() -> Popen.builder("sleep", unique).run());
            Gevent.sleep(0.1);
            List<ProcessHandle> before = ProcessHandle.current().children().filter(p -> p.info().arguments()
                    .map(a -> List.of(a).contains(unique)).orElse(false)).toList();
            assertThat(before).hasSize(1);
            g.kill(new GreenletExit(), true, Duration.ofSeconds(5));
            assertThat(g.dead()).isTrue();
            assertThat(before.get(0).isAlive()).as("run killed and reaped its child").isFalse();
        });
    }

    @Test
    void shellArgumentsCwdAndEnvironment(@TempDir Path dir) {
        realHub(() -> {
            assertThat(new String(Popen.builder("echo $0-$1", "zero", "one").shell(true).checkOutput(), UTF_8))
                    .isEqualTo("zero-one\n");
            assertThat(new String(Popen.builder("pwd").cwd(dir).checkOutput(), UTF_8).strip())
                    .isEqualTo(dir.toRealPath().toString());
            assertThat(new String(Popen.builder("/bin/sh", "-c", "echo $ONLY; echo ${HOME:-unset}")
                    .env(Map.of("ONLY", "this")).checkOutput(), UTF_8)).isEqualTo("this\nunset\n");
        });
    }

    @Test
    void aMissingProgramIsFileNotFoundAndAMissingShellCommandIs127() {
        realHub(() -> {
            assertThatThrownBy(() -> Subprocess.run("no-such-program-gevent4j"))
                    .isInstanceOf(FileNotFoundException.class).hasMessageContaining("no-such-program-gevent4j");
            CompletedProcess viaShell = Popen.builder("no-such-program-gevent4j").shell(true).stderr(Subprocess.PIPE).run();
            assertThat(viaShell.returncode()).isEqualTo(127);
            assertThat(viaShell.stderrText()).contains("no-such-program-gevent4j");
        });
    }

    @Test
    void manyConcurrentRunsDoNotStarveEachOther() throws InterruptedException {
        realHub(() -> Subprocess.run("true"));
        Leaks before = Leaks.baseline();
        realHub(() -> {
            // 20 communicates at once need 60 pipe threads: no fixed-size pool may stand in the way.
            List<Greenlet<String>> gs = new java.util.ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String n = Integer.toString(i);
                gs.add(Gevent.spawn(() -> Popen.builder("sh", "-c", "cat; sleep 0.2; echo err >&2").input(n)
                        .captureOutput().run().stdoutText()));
            }
            Gevent.joinAll(gs, Duration.ofSeconds(10), true);
            for (int i = 0; i < 20; i++) assertThat(gs.get(i).value()).isEqualTo(Integer.toString(i));
        });
        before.assertBackToBaseline();
    }
}
