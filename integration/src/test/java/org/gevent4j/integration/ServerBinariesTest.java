package org.gevent4j.integration;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A server program that is not installed fails its tests, saying how to install it: never a silent skip. */
class ServerBinariesTest {
    @Test
    void aMissingServerProgramIsAFailureThatNamesTheInstallScript() {
        assertThatThrownBy(() -> ServerBinaries.require("gevent4j-no-such-server", "/nonexistent/gevent4j-no-such-server"))
                .isInstanceOf(AssertionError.class)
                .hasMessage("gevent4j-no-such-server is not installed: run .ci/services.sh as root (it installs "
                        + "redis-server and postgresql with apt-get; ./gevent4j test and .ci/run call it)");
    }
}
