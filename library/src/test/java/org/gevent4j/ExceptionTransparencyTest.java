package org.gevent4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gevent4j.TestHubs.virtualHub;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.concurrent.CompletionException;
import org.gevent4j.event.AsyncResult;
import org.gevent4j.pool.Group;
import org.gevent4j.pool.Pool;
import org.gevent4j.threadpool.ThreadPool;
import org.junit.jupiter.api.Test;

/**
 * The calls that run user code let a checked exception through as itself wherever the type
 * system can say which one: the lambda's own {@code throws} (withTimeout, run, apply) or a class
 * the caller names (get). The catch clauses below compile only because of that.
 */
class ExceptionTransparencyTest {
    private static final FileNotFoundException MISSING = new FileNotFoundException("missing.txt");

    private static String readConfig() throws FileNotFoundException {
        throw MISSING;
    }

    @Test
    void groupAndPoolApplyLetTheLambdasCheckedExceptionThrough() {
        virtualHub(() -> {
            for (Group group : new Group[] {new Group(), new Pool(2)}) {
                FileNotFoundException caught = null;
                try {
                    group.apply(ExceptionTransparencyTest::readConfig);
                } catch (FileNotFoundException e) {
                    caught = e;
                }
                assertThat(caught).isSameAs(MISSING);
                assertThat(group.apply(() -> "ok")).isEqualTo("ok");
            }
        });
    }

    @Test
    void threadPoolApplyLetsTheLambdasCheckedExceptionThrough() {
        virtualHub(() -> {
            try (ThreadPool pool = new ThreadPool(2)) {
                IOException caught = null;
                try {
                    pool.apply(ExceptionTransparencyTest::readConfig);
                } catch (IOException e) {
                    caught = e;
                }
                assertThat(caught).isSameAs(MISSING);
                assertThat(pool.apply(() -> 6 * 7)).isEqualTo(42);
            }
        });
    }

    @Test
    void greenletGetWithAClassRethrowsThatCheckedExceptionAsItself() {
        virtualHub(() -> {
            Hub.current().setErrorHandler((context, t) -> {});
            Greenlet<String> g = Gevent.spawn(ExceptionTransparencyTest::readConfig);
            FileNotFoundException caught = null;
            try {
                g.get(FileNotFoundException.class);
            } catch (FileNotFoundException e) {
                caught = e;
            }
            assertThat(caught).isSameAs(MISSING);
            assertThatThrownBy(() -> g.get(InterruptedException.class))
                    .as("a checked exception of another type is wrapped as get() wraps it")
                    .isInstanceOf(CompletionException.class).cause().isSameAs(MISSING);
            assertThat(Gevent.spawn(() -> "v").get(IOException.class)).isEqualTo("v");
        });
    }

    @Test
    void asyncResultGetWithAClassRethrowsThatCheckedExceptionAsItself() {
        virtualHub(() -> {
            AsyncResult<String> r = new AsyncResult<>();
            Gevent.spawn(() -> r.setException(MISSING));
            IOException caught = null;
            try {
                r.get(IOException.class);
            } catch (IOException e) {
                caught = e;
            }
            assertThat(caught).isSameAs(MISSING);
        });
    }

    @Test
    void gevenRunLetsTheCheckedExceptionThrough() {
        virtualHub(() -> {
            FileNotFoundException caught = null;
            try {
                Gevent.run(ExceptionTransparencyTest::readConfig);
            } catch (FileNotFoundException e) {
                caught = e;
            }
            assertThat(caught).isSameAs(MISSING);
        });
    }
}
